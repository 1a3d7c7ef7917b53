"""Writes distributions_scipy.json: scipy.stats values and fits for DistributionTests (scipy 1.10).

Run: /usr/bin/python3 tests/Adjoint.Tests/Statistics/distributions_scipy.py
"""
import json, os
import numpy as np, scipy, scipy.stats as st

def clean(a):
    return [float(v) if np.isfinite(v) else ("inf" if v > 0 else "-inf") if np.isinf(v) else "nan" for v in np.asarray(a, dtype=float).ravel()]

specs = {
    "norm": (st.norm(1.5, 2.0), np.concatenate([np.linspace(-20, 20, 41), [-70, 60]])),
    "expon": (st.expon(0, 2.5), np.concatenate([np.linspace(0.01, 60, 30), [-1.0]])),
    "gamma": (st.gamma(2.5, 0, 1.5), np.concatenate([np.logspace(-3, 1.8, 30), [-1.0]])),
    "beta": (st.beta(2.5, 3.1), np.concatenate([np.linspace(0.001, 0.999, 30), [-0.5, 1.5]])),
}
q = np.array([1e-12, 1e-6, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 1 - 1e-6])
cases = {}
for name, (d, x) in specs.items():
    m, v, s, k = d.stats(moments="mvsk")
    cases[name] = {"x": clean(x), "logpdf": clean(d.logpdf(x)), "cdf": clean(d.cdf(x)), "sf": clean(d.sf(x)),
                   "q": clean(q), "ppf": clean(d.ppf(q)), "isf": clean(d.isf(q)),
                   "mvsk": clean([m, v, s, k]), "entropy": float(d.entropy())}
rng = np.random.default_rng(20261202)
fits = {}
data = st.norm(1.5, 2.0).rvs(size=400, random_state=rng); fits["norm"] = {"data": clean(data), "fixed": {}, "fit": clean(st.norm.fit(data))}
data = st.expon(0, 2.5).rvs(size=400, random_state=rng); fits["expon"] = {"data": clean(data), "fixed": {"loc": 0.0}, "fit": clean(st.expon.fit(data, floc=0))}
data = st.gamma(2.5, 0, 1.5).rvs(size=400, random_state=rng); fits["gamma"] = {"data": clean(data), "fixed": {"loc": 0.0}, "fit": clean(st.gamma.fit(data, floc=0))}
data = st.beta(2.5, 3.1).rvs(size=400, random_state=rng); fits["beta"] = {"data": clean(data), "fixed": {"loc": 0.0, "scale": 1.0}, "fit": clean(st.beta.fit(data, floc=0, fscale=1))}
cases["fits"] = fits
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "distributions_scipy.json")
with open(out, "w") as f:
    json.dump({"scipy": scipy.__version__, "cases": cases}, f)
print("wrote", out)
