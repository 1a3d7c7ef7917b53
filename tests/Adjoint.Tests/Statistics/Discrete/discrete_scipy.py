"""Writes discrete_scipy.json: scipy.stats values of the discrete distributions for the Discrete tests (scipy 1.10).

Run: /usr/bin/python3 tests/Adjoint.Tests/Statistics/Discrete/discrete_scipy.py
"""
import json, os
import numpy as np, scipy, scipy.stats as st

def clean(a):
    return [float(v) if np.isfinite(v) else ("inf" if v > 0 else "-inf") if np.isinf(v) else "nan" for v in np.asarray(a, dtype=float).ravel()]

specs = {
    "binom": ({"n": 20.0, "p": 0.3}, st.binom(20, 0.3), np.arange(-1, 22)),
    "bernoulli": ({"p": 0.35}, st.bernoulli(0.35), np.array([-1, 0, 1, 2])),
    "geom": ({"p": 0.25}, st.geom(0.25), np.arange(0, 40)),
    "nbinom": ({"n": 3.5, "p": 0.4}, st.nbinom(3.5, 0.4), np.arange(-1, 40)),
    "hypergeom": ({"M": 30.0, "n": 12.0, "N": 10.0}, st.hypergeom(30, 12, 10), np.arange(-1, 13)),
}
q = np.array([0.001, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 0.999])
cases = {}
for name, (params, d, k) in specs.items():
    m, v, s, g = d.stats(moments="mvsk")
    cases[name] = {"params": params, "k": clean(k), "logpmf": clean(d.logpmf(k)), "pmf": clean(d.pmf(k)),
                   "cdf": clean(d.cdf(k)), "sf": clean(d.sf(k)), "q": clean(q), "ppf": clean(d.ppf(q)),
                   "mvsk": clean([m, v, s, g]), "entropy": float(d.entropy())}
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "discrete_scipy.json")
with open(out, "w") as f:
    json.dump({"scipy": scipy.__version__, "cases": cases}, f)
print("wrote", out)
