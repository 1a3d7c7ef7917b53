"""Writes binomial_scipy.json: scipy 1.10 references for BinomialIntervalTests and BinomTestTests.

exact, wilson, wilsoncc: scipy.stats.binomtest(k, n).proportion_ci(level, method) for each alternative.
agresti-coull and jeffreys: statsmodels' proportion_confint formulas (statsmodels is not installed here), written
with scipy.special.ndtri and scipy.stats.beta:
  agresti-coull: z = ndtri(1 - alpha/2); n~ = n + z^2; p~ = (k + z^2/2) / n~; p~ -+ z sqrt(p~ (1 - p~) / n~), clipped to [0, 1]
  jeffreys: beta.ppf(alpha/2, k + 1/2, n - k + 1/2), beta.ppf(1 - alpha/2, k + 1/2, n - k + 1/2)
One-sided alternatives use z = ndtri(level) and the one-sided bound, the other end being 0 or 1.
p-values: scipy.stats.binomtest(k, n, p, alternative).pvalue. Quantile ranges: binom(n, p).ppf(sig) / n.
Run: /usr/bin/python3 binomial_scipy.py
"""
import json
import numpy as np
from scipy import stats
from scipy.special import ndtri


def agresti_coull(k, n, level, alt):
    z = ndtri(0.5 + 0.5 * level) if alt == "two-sided" else ndtri(level)
    nt = n + z * z
    pt = (k + z * z / 2) / nt
    d = z * np.sqrt(pt * (1 - pt) / nt)
    lo, hi = float(np.clip(pt - d, 0, 1)), float(np.clip(pt + d, 0, 1))
    if alt == "less":
        lo = 0.0
    if alt == "greater":
        hi = 1.0
    return lo, hi


def jeffreys(k, n, level, alt):
    a, b = k + 0.5, n - k + 0.5
    if alt == "two-sided":
        alpha = 1 - level
        return float(stats.beta.ppf(alpha / 2, a, b)), float(stats.beta.ppf(1 - alpha / 2, a, b))
    if alt == "less":
        return 0.0, float(stats.beta.ppf(level, a, b))
    return float(stats.beta.ppf(1 - level, a, b)), 1.0


intervals = []
for n in [1, 2, 5, 10, 17, 50, 100, 1000, 12345]:
    ks = sorted(set([0, 1, n // 3, n // 2, n - 1, n]))
    for k in ks:
        for level in [0.5, 0.9, 0.95, 0.99, 0.999]:
            for alt in ["two-sided", "less", "greater"]:
                r = stats.binomtest(k, n, 0.5, alternative=alt)
                row = {"k": k, "n": n, "level": level, "alternative": alt}
                for m in ["exact", "wilson", "wilsoncc"]:
                    ci = r.proportion_ci(confidence_level=level, method=m)
                    row[m] = [float(ci.low), float(ci.high)]
                row["agresti-coull"] = list(agresti_coull(k, n, level, alt))
                row["jeffreys"] = list(jeffreys(k, n, level, alt))
                intervals.append(row)

pvalues = []
for (k, n, p) in [(0, 1, 0.5), (1, 1, 0.5), (3, 10, 0.5), (7, 10, 0.5), (5, 10, 0.5), (2, 20, 0.3), (12, 20, 0.3),
                  (6, 20, 0.3), (200, 1000, 0.2), (180, 1000, 0.2), (231, 1000, 0.2), (0, 50, 0.01), (3, 50, 0.01),
                  (50, 50, 0.99), (40, 50, 0.99), (9, 100, 0.1), (15, 100, 0.1), (1, 3, 0.3), (2, 3, 0.3),
                  (0, 10, 0.0), (10, 10, 1.0), (4, 10, 0.0), (3, 12345, 0.0001), (6000, 12345, 0.5), (6500, 12345, 0.5)]:
    row = {"k": k, "n": n, "p": p}
    for alt in ["two-sided", "less", "greater"]:
        row[alt] = float(stats.binomtest(k, n, p, alternative=alt).pvalue)
    pvalues.append(row)

quantiles = []
# (20, 1.0) is left out: scipy 1.10 gives binom(20, 1).ppf(0.025) = 0 although its cdf is 0 below 20; the tests pin 20.
for (n, p, level) in [(1000, 0.2, 0.95), (1000, 0.2, 0.99), (10, 0.5, 0.9), (37, 0.13, 0.95), (1, 0.5, 0.5), (500, 0.999, 0.95), (20, 0.0, 0.95)]:
    sig = (1 - level) / 2
    dist = stats.binom(n, p)
    quantiles.append({"n": n, "p": p, "level": level, "low": float(dist.ppf(sig) / n), "high": float(dist.ppf(1 - sig) / n)})

seed = {}
p, n, alpha = 0.2, 1000, 0.95
k = int(p * n)
lo, hi = stats.binomtest(k, n, p).proportion_ci(confidence_level=alpha, method="exact")
seed = {"exact": [float(lo), float(hi)], "pvalue": float(stats.binomtest(k, n, p).pvalue)}

with open("binomial_scipy.json", "w") as fh:
    json.dump({"scipy": __import__("scipy").__version__, "intervals": intervals, "pvalues": pvalues,
               "quantiles": quantiles, "seed": seed}, fh, separators=(",", ":"))
