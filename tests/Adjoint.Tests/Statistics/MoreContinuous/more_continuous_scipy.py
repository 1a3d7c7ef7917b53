"""Writes more_continuous_scipy.json: scipy.stats values and fits for MoreContinuousTests (scipy 1.10).

Run: /usr/bin/python3 tests/Adjoint.Tests/Statistics/MoreContinuous/more_continuous_scipy.py
"""
import json, os
import numpy as np, scipy, scipy.special, scipy.stats as st

def clean(a):
    return [float(v) if np.isfinite(v) else ("inf" if v > 0 else "-inf") if np.isinf(v) else "nan" for v in np.asarray(a, dtype=float).ravel()]

q_all = np.array([1e-12, 1e-6, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 1 - 1e-6])
# scipy's Cauchy quantile tan(pi q - pi / 2) loses digits near q = 0 and 1; the tails are checked against the exact
# asymptote in the tests instead.
q_mid = np.array([0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99])
specs = {
    "lognorm": (st.lognorm(0.8, 0.5, 2.0), np.concatenate([0.5 + np.logspace(-3, 2.3, 30), [0.5, -1.0]]), q_all),
    "uniform": (st.uniform(-1.0, 3.0), np.concatenate([np.linspace(-0.99, 1.99, 25), [-1.5, 2.5]]), q_all),
    "laplace": (st.laplace(0.5, 1.5), np.concatenate([np.linspace(-40, 40, 41), [0.5]]), q_all),
    "logistic": (st.logistic(-0.5, 1.2), np.concatenate([np.linspace(-40, 40, 41), [-0.5]]), q_all),
    "cauchy": (st.cauchy(0.5, 1.5), np.linspace(-50, 50, 41), q_mid),
    "weibull_min": (st.weibull_min(1.7, 0.0, 2.5), np.concatenate([np.logspace(-3, 1.2, 30), [-1.0]]), q_all),
    "t": (st.t(5.0, 0.5, 1.5), np.concatenate([np.linspace(-40, 40, 40), [300.0, -300.0]]), q_all),
    "chi2": (st.chi2(4.5, 0.0, 1.0), np.concatenate([np.logspace(-3, 1.8, 30), [-1.0]]), q_all),
}
cases = {}
for name, (d, x, q) in specs.items():
    m, v, s, k = d.stats(moments="mvsk")
    cases[name] = {"x": clean(x), "logpdf": clean(d.logpdf(x)), "cdf": clean(d.cdf(x)), "sf": clean(d.sf(x)),
                   "q": clean(q), "ppf": clean(d.ppf(q)), "isf": clean(d.isf(q)),
                   "mvsk": clean([m, v, s, k]), "entropy": float(d.entropy())}
# scipy 1.10 has no weibull_min or lognorm _isf: its isf is ppf(1 - q), which loses the far upper tail (5e-7 and
# 2e-6 relative at q = 1e-12). The references there are the closed forms of scipy's _ppf with q mirrored,
# scale (-log q)^(1/c) and loc + scale exp(-s ndtri(q)), evaluated directly.
cases["weibull_min"]["isf"] = clean(2.5 * (-np.log(q_all)) ** (1 / 1.7))
cases["lognorm"]["isf"] = clean(0.5 + 2.0 * np.exp(-0.8 * scipy.special.ndtri(q_all)))
rng = np.random.default_rng(20261203)
fits = {}
data = st.lognorm(0.8, 0, 2.0).rvs(size=400, random_state=rng)
fits["lognorm"] = {"data": clean(data), "fixed": {"loc": 0.0}, "fit": clean(st.lognorm.fit(data, floc=0))}
data = st.weibull_min(1.7, 0, 2.5).rvs(size=400, random_state=rng)
fit = st.weibull_min.fit(data, floc=0)
fits["weibull_min"] = {"data": clean(data), "fixed": {"loc": 0.0}, "fit": clean(fit),
                       "loglik": float(np.sum(st.weibull_min(*fit).logpdf(data)))}
cases["fits"] = fits
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "more_continuous_scipy.json")
with open(out, "w") as f:
    json.dump({"scipy": scipy.__version__, "cases": cases}, f)
print("wrote", out)
