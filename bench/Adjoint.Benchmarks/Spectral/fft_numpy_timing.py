"""Times numpy.fft on the workloads of FftPeerTiming; prints one line per workload: name seconds (median)."""
import sys
import time
import numpy as np


def median_time(f, repeats):
    for _ in range(2):
        f()
    samples = []
    for _ in range(repeats):
        t = time.perf_counter()
        f()
        samples.append(time.perf_counter() - t)
    return float(np.median(samples))


repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 7
rng = np.random.default_rng(0)
for name, n, real in [("fft-2^20", 1 << 20, False), ("fft-1048573", 1048573, False), ("rfft-2^20", 1 << 20, True)]:
    x = rng.standard_normal(n) if real else rng.standard_normal(n) + 1j * rng.standard_normal(n)
    f = (lambda: np.fft.rfft(x)) if real else (lambda: np.fft.fft(x))
    print(name, median_time(f, repeats))
z = rng.standard_normal((1024, 1024)) + 1j * rng.standard_normal((1024, 1024))
print("fft2-1024x1024", median_time(lambda: np.fft.fft2(z), repeats))
