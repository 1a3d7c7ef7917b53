#!/usr/bin/python3
"""Lanczos1 (NIST StRD) is an exact fit: the certified residual sum of squares, 1.4307867721e-25, is the rounding of
the 13-digit y values, so each residual is about 8e-14 while f(x) is about 1-2.5. This script finds the least-squares
optimum in 50-digit arithmetic (Gauss-Newton from the certified values), rounds it to float64 and evaluates the RSS
there twice: exactly, and in float64 as any double-precision fit must. The float64 evaluation of the model carries
rounding errors of about 1e-16 |f| per point, which is 0.1-0.5% of each residual, so the float64 RSS has about 3.2
correct digits (and the standard errors, which scale with its square root, about 3.5) even at the exact optimum.

Run: /usr/bin/python3 bench/peers/lanczos1_precision_floor.py [path/to/nist-strd]   (needs python3-mpmath)
"""
import json, math, pathlib, sys
import mpmath
import numpy as np

mpmath.mp.dps = 50
folder = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parents[3] / "shared" / "data" / "nist-strd"
d = json.loads((folder / "Lanczos1.json").read_text())
xs = [mpmath.mpf(repr(v)) for v in d["x"]]
ys = [mpmath.mpf(repr(v)) for v in d["y"]]
b = [mpmath.mpf(repr(v)) for v in d["certified"]["params"]]
certified = d["certified"]["residual_sum_of_squares"]


def residuals(p):
    return [y - (p[0] * mpmath.exp(-p[1] * x) + p[2] * mpmath.exp(-p[3] * x) + p[4] * mpmath.exp(-p[5] * x)) for x, y in zip(xs, ys)]


def jacobian(p):
    return [[-mpmath.exp(-p[1] * x), p[0] * x * mpmath.exp(-p[1] * x), -mpmath.exp(-p[3] * x), p[2] * x * mpmath.exp(-p[3] * x),
             -mpmath.exp(-p[5] * x), p[4] * x * mpmath.exp(-p[5] * x)] for x in xs]


for _ in range(4):
    J = mpmath.matrix(jacobian(b))
    r = mpmath.matrix(residuals(b))
    step = mpmath.lu_solve(J.T * J, -(J.T * r))
    b = [b[i] + step[i] for i in range(6)]


def lre(value):
    return -math.log10(abs(value - certified) / certified)


optimum = [float(v) for v in b]
exact = float(sum(v * v for v in residuals([mpmath.mpf(v) for v in optimum])))
x = np.array(d["x"])
y = np.array(d["y"])
f = optimum[0] * np.exp(-optimum[1] * x) + optimum[2] * np.exp(-optimum[3] * x) + optimum[4] * np.exp(-optimum[5] * x)
r = y - f
in_double = float(r @ r)
print(f"50-digit optimum: RSS {mpmath.nstr(sum(v * v for v in residuals(b)), 12)} (certified {certified})")
print(f"optimum rounded to float64, RSS evaluated exactly:     {exact:.10e}  LRE {lre(exact):.1f}")
print(f"optimum rounded to float64, RSS evaluated in float64:  {in_double:.10e}  LRE {lre(in_double):.1f}")
print(f"standard errors scale with sqrt(RSS): about {lre(in_double) + math.log10(2):.1f} digits at best in float64")
