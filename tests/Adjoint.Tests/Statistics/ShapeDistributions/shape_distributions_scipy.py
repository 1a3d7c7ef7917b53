"""Writes shape_distributions_scipy.json: scipy.stats values and fits of the skew-normal, von Mises and F distributions,
Owen's T and the scaled Bessel functions, for ShapeDistributionTests (scipy 1.10; mpmath where scipy integrates numerically
or loses digits: skew-normal cdf and sf, von Mises moments, F quantiles, skew-normal and F entropies).

Run: /usr/bin/python3 tests/Adjoint.Tests/Statistics/ShapeDistributions/shape_distributions_scipy.py
"""
import json, os
import numpy as np, scipy, scipy.special as sc, scipy.stats as st
import mpmath as mp

mp.mp.dps = 40

def clean(a):
    return [float(v) if np.isfinite(v) else ("inf" if v > 0 else "-inf") if np.isinf(v) else "nan" for v in np.asarray(a, dtype=float).ravel()]

q_all = np.array([1e-12, 1e-6, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 1 - 1e-6])
q_mid = np.array([1e-6, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 1 - 1e-6])

def skewnorm_mp(a):
    """Reference moments of the standard skew-normal from scipy's closed forms, and the entropy by mpmath quadrature."""
    a = mp.mpf(a)
    f = lambda z: 2 * mp.npdf(z) * mp.ncdf(a * z)
    h = -mp.quad(lambda z: f(z) * mp.log(f(z)) if f(z) > 0 else 0, [-mp.inf, -5, 0, 5, mp.inf])
    return float(h)

def vonmises_mp(kappa):
    """mean, variance, skewness, excess kurtosis and entropy of the von Mises distribution on [-pi, pi] (mpmath)."""
    k = mp.mpf(kappa)
    norm = 2 * mp.pi * mp.besseli(0, k)
    f = lambda x: mp.exp(k * mp.cos(x)) / norm
    m = [mp.quad(lambda x: x ** j * f(x), [-mp.pi, 0, mp.pi]) for j in range(5)]
    var = m[2] - m[1] ** 2
    h = -mp.quad(lambda x: f(x) * mp.log(f(x)), [-mp.pi, 0, mp.pi])
    return [float(m[1]), float(var), 0.0, float(m[4] / var ** 2 - 3)], float(h)

def f_entropy_mp(n, m):
    n, m = mp.mpf(n), mp.mpf(m)
    logf = lambda x: (m / 2 * mp.log(m) + n / 2 * mp.log(n) + (n / 2 - 1) * mp.log(x) - (n + m) / 2 * mp.log(m + n * x)
                      - (mp.loggamma(n / 2) + mp.loggamma(m / 2) - mp.loggamma((n + m) / 2)))
    return float(-mp.quad(lambda x: mp.exp(logf(x)) * logf(x), [0, 1, 10, mp.inf]))

def skewnorm_tails_mp(a, loc, scale, x):
    """cdf and sf of skewnorm(a, loc, scale) by mpmath quadrature of the density at 60 digits on fine panels (scipy's own quadrature, used where its
    cdf is below 1e-6, is good to about 1e-8 only)."""
    cdf, sf = [], []
    with mp.workdps(60):
        a = mp.mpf(a)
        pdf = lambda t: 2 * mp.npdf(t) * mp.ncdf(a * t)
        for v in x:
            z = (mp.mpf(float(v)) - loc) / scale
            cdf.append(float(mp.quad(pdf, [-mp.inf, z - 10, z - 5, z - 3, z - 2, z - 1, z - 0.5, z])))
            sf.append(float(mp.quad(pdf, [z, z + 0.5, z + 1, z + 2, z + 3, z + 5, z + 10, mp.inf])))
    return cdf, sf

def f_quantiles_mp(n, m, scale, q, guess_ppf, guess_isf):
    """Quantiles of f(n, m, 0, scale) by root finding on mpmath's incomplete beta function (scipy's fdtri is off by
    about 1e-5 relative at q = 1e-12)."""
    n, m = mp.mpf(n), mp.mpf(m)
    cdf = lambda x: mp.betainc(n / 2, m / 2, 0, n * x / (m + n * x), regularized=True)
    sf = lambda x: mp.betainc(m / 2, n / 2, 0, m / (m + n * x), regularized=True)
    root = lambda f, p, g: float(mp.findroot(lambda x: f(x) / p - 1, (mp.mpf(g) / scale * (1 - 1e-3), mp.mpf(g) / scale * (1 + 1e-3)), solver="anderson")) * scale
    ppf = [root(cdf, mp.mpf(float(p)), g) for p, g in zip(q, guess_ppf)]
    isf = [root(sf, mp.mpf(float(p)), g) for p, g in zip(q, guess_isf)]
    return ppf, isf

cases = {}
def case(name, d, x, q, mvsk=None, entropy=None, tails=None, quantiles=None):
    m, v, s, k = d.stats(moments="mvsk")
    cdf, sf = tails if tails is not None else (d.cdf(x), d.sf(x))
    ppf, isf = quantiles(d.ppf(q), d.isf(q)) if quantiles is not None else (d.ppf(q), d.isf(q))
    cases[name] = {"x": clean(x), "logpdf": clean(d.logpdf(x)), "cdf": clean(cdf), "sf": clean(sf),
                   "scipy_cdf": clean(d.cdf(x)), "scipy_sf": clean(d.sf(x)),
                   "q": clean(q), "ppf": clean(ppf), "isf": clean(isf),
                   "mvsk": clean(mvsk if mvsk is not None else [m, v, s, k]),
                   "entropy": float(entropy if entropy is not None else d.entropy())}

# Skew-normal: scipy's cdf is Boost's Phi(z) - 2 T(z, a), with numerical integration where that is below 1e-6 and a > 0.
x_sn = np.concatenate([np.linspace(-2.5, 8.0, 36), [-4.0, 12.0]])
for name, (a, loc, scale, x, q) in {"skewnorm": (4.0, 0.5, 1.5, x_sn, q_mid), "skewnorm_neg": (-2.5, 0.0, 1.0, np.linspace(-6.0, 2.5, 35), q_mid),
                                    "skewnorm_small": (0.3, -1.0, 0.7, np.linspace(-5.0, 3.0, 33), q_all)}.items():
    case(name, st.skewnorm(a, loc, scale), x, q, entropy=skewnorm_mp(a) + np.log(scale), tails=skewnorm_tails_mp(a, loc, scale, x))

# von Mises on [-pi, pi] + loc (scipy's vonmises and vonmises_line agree there; scipy's moments are numerical).
for name, kappa, loc in [("vonmises", 2.0, 0.5), ("vonmises_small", 0.3, -1.0), ("vonmises_large", 20.0, 0.0), ("vonmises_normal", 80.0, 0.25)]:
    x = loc + np.linspace(-np.pi + 1e-3, np.pi - 1e-3, 41)
    mvsk, h = vonmises_mp(kappa)
    mvsk[0] += loc
    case(name, st.vonmises(kappa, loc), x, q_mid, mvsk, h)

# F (scipy's entropy is numerical; the reference is mpmath's integral).
x_f = np.concatenate([np.logspace(-4, 2.5, 40), [-1.0]])
case("f", st.f(5.0, 12.0, 0.0, 1.5), x_f, q_all, entropy=f_entropy_mp(5.0, 12.0) + np.log(1.5),
     quantiles=lambda p, i: f_quantiles_mp(5.0, 12.0, 1.5, q_all, p, i))
case("f_small", st.f(1.5, 3.5), x_f, q_all, entropy=f_entropy_mp(1.5, 3.5), quantiles=lambda p, i: f_quantiles_mp(1.5, 3.5, 1.0, q_all, p, i))

# Special functions.
h = np.array([0.0, 0.1, 0.5, 1.0, 2.0, 3.5, 6.0, 10.0, 20.0, -1.5])
a = np.array([0.05, 0.3, 0.99, 1.0, 1.7, 8.0, 50.0, -2.0])
H, A = np.meshgrid(h, a)
cases["owens_t"] = {"h": clean(H), "a": clean(A), "t": clean(sc.owens_t(H, A))}
xb = np.array([1e-8, 0.01, 0.5, 1.0, 3.0, 7.9, 8.1, 15.0, 50.0, 300.0, 750.0, 1e4, -2.0])
cases["bessel"] = {"x": clean(xb), "i0e": clean(sc.i0e(xb)), "i1e": clean(sc.i1e(xb))}

# Fits: scipy's estimates (its Nelder-Mead search), the log-likelihood there, and standard errors from a central-difference
# Hessian of scipy's log-likelihood at scipy's estimates.
def numeric_se(loglik, theta, steps):
    theta = np.asarray(theta, dtype=float); p = len(theta); hess = np.zeros((p, p))
    for i in range(p):
        for j in range(p):
            ei = np.eye(p)[i] * steps[i]; ej = np.eye(p)[j] * steps[j]
            hess[i, j] = (loglik(theta + ei + ej) - loglik(theta + ei - ej) - loglik(theta - ei + ej) + loglik(theta - ei - ej)) / (4 * steps[i] * steps[j])
    return np.sqrt(np.diag(np.linalg.inv(-hess)))

rng = np.random.default_rng(20261203)
fits = {}
data = st.skewnorm(3.0, 1.0, 2.0).rvs(size=500, random_state=rng)
fit = st.skewnorm.fit(data)
ll = lambda t: np.sum(st.skewnorm(*t).logpdf(data))
fits["skewnorm"] = {"data": clean(data), "fixed": {}, "fit": clean(fit), "loglik": float(ll(fit)),
                    "se": clean(numeric_se(ll, fit, [1e-3, 1e-4, 1e-4]))}
data = st.vonmises(4.0, 0.7).rvs(size=500, random_state=rng)
fit = st.vonmises.fit(data, fscale=1)
ll = lambda t: np.sum(st.vonmises(t[0], t[1]).logpdf(data))
fits["vonmises"] = {"data": clean(data), "fixed": {"scale": 1.0}, "fit": clean(fit), "loglik": float(ll(fit[:2])),
                    "se": clean(list(numeric_se(ll, fit[:2], [1e-4, 1e-5])) + [0.0])}
data = st.f(6.0, 15.0).rvs(size=500, random_state=rng)
fit = st.f.fit(data, floc=0, fscale=1)
ll = lambda t: np.sum(st.f(t[0], t[1]).logpdf(data))
fits["f"] = {"data": clean(data), "fixed": {"loc": 0.0, "scale": 1.0}, "fit": clean(fit), "loglik": float(ll(fit[:2])),
             "se": clean(list(numeric_se(ll, fit[:2], [1e-3, 1e-3])) + [0.0, 0.0])}
cases["fits"] = fits
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "shape_distributions_scipy.json")
with open(out, "w") as fh:
    json.dump({"scipy": scipy.__version__, "cases": cases}, fh)
print("wrote", out)
