"""Writes fft_numpy.json: numpy.fft references for FftNumpyTests.

Inputs are generated, not stored, by a rule the tests reimplement:
  signal(n, offset)[k] = sin(0.37 (k + offset)) + i cos(1.3 ((k + offset)^2 mod 97)),  k = 0 .. n-1
(multi-dimensional inputs use the row-major flat index as k with offset 0; real inputs take the real part).
For every length 1..1024 the file holds checksums sum_k X_k w_k with w_k = cos(0.7 k) + i sin(0.3 k) and the
norms of fft, rfft and irfft outputs; full outputs are stored for a subset of lengths and for the n-D cases.
Run: /usr/bin/python3 fft_numpy.py   (numpy only)
"""
import json
import numpy as np


def signal(n, offset=0):
    k = np.arange(n, dtype=np.int64) + offset
    return np.sin(0.37 * k) + 1j * np.cos(1.3 * ((k * k) % 97))


def checksum(x):
    k = np.arange(len(x))
    w = np.cos(0.7 * k) + 1j * np.sin(0.3 * k)
    s = np.sum(x * w)
    return [float(s.real), float(s.imag)]


def flat(z):
    z = np.asarray(z)
    if np.iscomplexobj(z):
        return np.stack([z.real, z.imag], axis=-1).ravel().tolist()
    return z.ravel().tolist()


lengths = []
for n in range(1, 1025):
    x = signal(n)
    X = np.fft.fft(x)
    R = np.fft.rfft(x.real)
    m = n // 2 + 1
    I = np.fft.irfft(signal(m, 5), n)
    lengths.append({
        "n": n,
        "fft": checksum(X), "fftNorm": float(np.linalg.norm(X)),
        "rfft": checksum(R), "rfftNorm": float(np.linalg.norm(R)),
        "irfft": checksum(I), "irfftNorm": float(np.linalg.norm(I)),
    })

full = []
for n in [1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 16, 17, 30, 31, 37, 49, 64, 97, 100, 121, 127, 210, 243, 256, 289, 343]:
    x = signal(n)
    full.append({
        "n": n,
        "fft": flat(np.fft.fft(x)),
        "ifft": flat(np.fft.ifft(x)),
        "rfft": flat(np.fft.rfft(x.real)),
        "irfft": flat(np.fft.irfft(signal(n // 2 + 1, 5), n)),
    })

def md_input(shape):
    size = int(np.prod(shape))
    return signal(size).reshape(shape)

cases = []
def case(kind, shape, s=None, axes=None, norm="backward", irfft_last=None):
    z = md_input(shape)
    f = getattr(np.fft, kind)
    kwargs = dict(norm=norm)
    if s is not None:
        kwargs["s"] = s
    if axes is not None:
        kwargs["axes"] = axes
    if kind in ("rfftn", "rfft2"):
        out = f(z.real, **kwargs)
    else:
        out = f(z, **kwargs)
    cases.append({"kind": kind, "shape": list(shape), "s": s, "axes": axes, "norm": norm, "output": flat(out),
                  "outShape": list(np.asarray(out).shape)})

case("fft2", (6, 10))
case("fft2", (7, 5), norm="ortho")
case("ifft2", (8, 9), norm="forward")
case("fft2", (3, 4, 6), axes=[0, 2])
case("fftn", (4, 3, 5))
case("fftn", (4, 3, 5), s=[6, 4], axes=[0, 2], norm="ortho")
case("ifftn", (3, 4, 5), s=[5, 2])
case("rfftn", (5, 6))
case("rfftn", (4, 3, 7), norm="ortho")
case("rfftn", (4, 6, 3), axes=[1, 0])
case("irfftn", (4, 5))
case("irfftn", (3, 4, 4), s=[3, 4, 7], norm="forward")
case("irfftn", (6, 5), axes=[0, 1], s=[6, 9])

ones = []
for norm in ["backward", "ortho", "forward"]:
    x = signal(12)
    ones.append({"norm": norm, "n": 12, "fft": flat(np.fft.fft(x, norm=norm)), "ifft": flat(np.fft.ifft(x, norm=norm)),
                 "rfft": flat(np.fft.rfft(x.real, norm=norm)), "irfft": flat(np.fft.irfft(x[:7], norm=norm))})
    # numpy's crop and zero-pad through n
    ones.append({"norm": norm, "n": 9, "fft": flat(np.fft.fft(x, n=9, norm=norm)), "ifft": flat(np.fft.ifft(x, n=9, norm=norm)),
                 "rfft": flat(np.fft.rfft(x.real, n=9, norm=norm)), "irfft": flat(np.fft.irfft(x[:7], n=9, norm=norm))})
    ones.append({"norm": norm, "n": 17, "fft": flat(np.fft.fft(x, n=17, norm=norm)), "ifft": flat(np.fft.ifft(x, n=17, norm=norm)),
                 "rfft": flat(np.fft.rfft(x.real, n=17, norm=norm)), "irfft": flat(np.fft.irfft(x[:7], n=17, norm=norm))})

freqs = []
for n in [1, 2, 5, 8, 9]:
    for d in [1.0, 0.1, 10.0]:
        freqs.append({"n": n, "d": d, "fftfreq": np.fft.fftfreq(n, d).tolist(), "rfftfreq": np.fft.rfftfreq(n, d).tolist()})

shifts = []
for shape in [(5,), (6,), (3, 4), (5, 2, 3)]:
    a = np.arange(np.prod(shape), dtype=float).reshape(shape)
    shifts.append({"shape": list(shape), "fftshift": a.ravel().tolist() and np.fft.fftshift(a).ravel().tolist(),
                   "ifftshift": np.fft.ifftshift(a).ravel().tolist(),
                   "fftshiftAxis0": np.fft.fftshift(a, axes=0).ravel().tolist()})

with open("fft_numpy.json", "w") as fh:
    json.dump({"numpy": np.__version__, "lengths": lengths, "full": full, "cases": cases, "norms": ones,
               "frequencies": freqs, "shifts": shifts}, fh, separators=(",", ":"))
