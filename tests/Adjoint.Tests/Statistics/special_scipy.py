"""Writes special_scipy.json: scipy.special reference values for SpecialFunctionTests (scipy 1.10, float64).

Run: /usr/bin/python3 tests/Adjoint.Tests/Statistics/special_scipy.py
"""
import json, os
import numpy as np
import scipy, scipy.special as sp
from decimal import Decimal, getcontext

# High-precision references for x > 0 where scipy itself loses digits (gammaln near 2 is off by 4e-14 relative,
# digamma near its zero): the recurrence up by 60 and Stirling's series, in 50-digit decimal arithmetic.
getcontext().prec = 50
_BERNOULLI = [Decimal(1) / 6, Decimal(-1) / 30, Decimal(1) / 42, Decimal(-1) / 30, Decimal(5) / 66, Decimal(-691) / 2730, Decimal(7) / 6, Decimal(-3617) / 510]
_PI = Decimal("3.14159265358979323846264338327950288419716939937510")

def lgamma_decimal(x):
    x = Decimal(float(x)); head = sum((x + k).ln() for k in range(60)); z = x + 60
    r = (z - Decimal("0.5")) * z.ln() - z + (2 * _PI).ln() / 2
    for i, b in enumerate(_BERNOULLI):
        n = 2 * (i + 1); r += b / (n * (n - 1) * z ** (n - 1))
    return float(r - head)

def digamma_decimal(x):
    x = Decimal(float(x)); head = sum(1 / (x + k) for k in range(60)); z = x + 60
    r = z.ln() - 1 / (2 * z)
    for i, b in enumerate(_BERNOULLI):
        n = 2 * (i + 1); r -= b / (n * z ** n)
    return float(r - head)

def precise(f, fallback):
    return lambda x: np.array([f(v) if 0 < v < 1e15 else fallback(v) for v in x])

def clean(a):
    return [float(v) if np.isfinite(v) else ("inf" if v > 0 else "-inf") if np.isinf(v) else "nan" for v in np.asarray(a, dtype=float)]

cases = {}
def unary(name, x, f):
    x = np.asarray(x, dtype=float)
    cases[name] = {"x": clean(x), "y": clean(f(x))}

x = np.concatenate([np.linspace(-6, 6, 121), -np.logspace(-300, 0, 31), np.logspace(-300, 0, 31)])
unary("erf", x, sp.erf)
unary("erfc", np.concatenate([x, np.linspace(6, 26.5, 42)]), sp.erfc)
unary("erfinv", np.concatenate([np.linspace(-0.999, 0.999, 81), 1 - np.logspace(-15, -1, 15), -(1 - np.logspace(-15, -1, 15)), np.logspace(-300, -1, 20)]), sp.erfinv)
unary("ndtri", np.concatenate([np.logspace(-300, -1, 60), np.linspace(0.05, 0.95, 19), 1 - np.logspace(-15, -1, 15)]), sp.ndtri)
unary("log_ndtr", np.concatenate([-np.logspace(0, 3, 61), np.linspace(-1, 8, 37), [10, 20, 30]]), sp.log_ndtr)
g = np.concatenate([np.logspace(-300, -1, 20), np.linspace(0.05, 4, 80), np.logspace(0.7, 5, 40), [1e10, 1e100, 1e300],
                    1 + np.linspace(-0.19, 0.19, 20), 2 + np.linspace(-0.19, 0.19, 20), -np.linspace(0.05, 9.95, 40) - 0.013])
unary("gammaln", g, precise(lgamma_decimal, sp.gammaln))
unary("digamma", np.concatenate([np.logspace(-8, 8, 65), np.linspace(0.05, 6, 60), 1.4616321449683623 + np.linspace(-0.04, 0.04, 17)]), precise(digamma_decimal, sp.digamma))
unary("digamma_negative", -np.linspace(0.05, 9.95, 40) - 0.013, sp.digamma)
pg = np.concatenate([np.logspace(-3, 5, 41), np.linspace(0.05, 6, 30)])
for n in range(1, 6):
    unary(f"polygamma{n}", pg, lambda t, n=n: sp.polygamma(n, t))
neg = -np.linspace(0.05, 4.95, 20) - 0.013
unary("polygamma1_negative", neg, lambda t: sp.polygamma(1, t))

ga, gx = [], []
for a in [0.05, 0.5, 1, 2.5, 7, 30, 150, 1000]:
    for xx in np.concatenate([np.logspace(-4, 0, 6) * a, np.linspace(0.1, 3, 12) * a, [5 * a + 10]]):
        ga.append(a); gx.append(xx)
ga, gx = np.array(ga), np.array(gx)
cases["gammainc"] = {"a": clean(ga), "x": clean(gx), "p": clean(sp.gammainc(ga, gx)), "q": clean(sp.gammaincc(ga, gx))}
ba, bb, bx = [], [], []
for a in [0.3, 1, 2.5, 10, 80]:
    for b in [0.4, 1, 3.5, 25]:
        for xx in [1e-6, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1 - 1e-6]:
            ba.append(a); bb.append(b); bx.append(xx)
ba, bb, bx = map(np.array, (ba, bb, bx))
cases["betainc"] = {"a": clean(ba), "b": clean(bb), "x": clean(bx), "y": clean(sp.betainc(ba, bb, bx))}
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "special_scipy.json")
with open(out, "w") as f:
    json.dump({"scipy": scipy.__version__, "cases": cases}, f)
print("wrote", out)
