#!/usr/bin/python3
"""scipy's BFGS and L-BFGS-B on chained Rosenbrock at large n, with hand-written numpy gradients, for the
large-problem comparisons in docs/optimize.md. Run: /usr/bin/python3 bench/peers/bfgs_large_scipy.py [n_bfgs]
(OPENBLAS_CORETYPE is cleared so numpy uses its AVX-512 kernels, as ../shared/ref/peers.py does)."""
import os, sys
if os.environ.get("BENCH_CONFIGURED") != "1":
    env = dict(os.environ, BENCH_CONFIGURED="1", OPENBLAS_NUM_THREADS="1")
    env.pop("OPENBLAS_CORETYPE", None)
    os.execve(sys.executable, [sys.executable] + sys.argv, env)

import json, time
import numpy as np
from scipy.optimize import minimize


def rosen(x):
    return float(np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2))


def rosen_grad(x):
    g = np.zeros_like(x)
    d = x[1:] - x[:-1] ** 2
    g[:-1] = -400.0 * x[:-1] * d - 2 * (1 - x[:-1])
    g[1:] += 200.0 * d
    return g


def start(n):
    x0 = np.ones(n)
    x0[0::2] = -1.2
    return x0


n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
t = time.perf_counter()
r = minimize(rosen, start(n), jac=rosen_grad, method="BFGS")
print(json.dumps({"method": "BFGS", "n": n, "nit": int(r.nit), "nfev": int(r.nfev), "fun": float(r.fun),
                  "success": bool(r.success), "wall_s": time.perf_counter() - t}), flush=True)
