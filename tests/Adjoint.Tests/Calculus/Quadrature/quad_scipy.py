"""Reference values for the quadrature tests, from scipy (1.10) and closed forms.

Run: /usr/bin/python3 tests/Adjoint.Tests/Calculus/Quadrature/quad_scipy.py
Writes quad_scipy.json next to this file. Each case has the closed-form value ("exact"), scipy.integrate.quad's
value, abserr, neval, last and ier with the same tolerances, and scipy's wall time per call (median of repeats)
for the benchmark. The integrands are written again, with tensor operations, in QuadBattery.cs under the same names.
"""
import json
import math
import os
import time
import warnings

import numpy as np
import scipy
from scipy.integrate import quad
from scipy.special import sici

inf = math.inf
L2 = math.log(2.0)

# name: (f, a, b, exact, points) -- sources: QUADPACK book (Piessens et al. 1983) section 4 examples,
# Kahaner's battery (1971) and scipy's test_quadpack.py.
cases = [
    ("poly4", lambda x: x ** 4 - 3 * x ** 2 + 1, -1.0, 2.0, (32 + 1) / 5 - (8 + 1) + 3, None),
    ("exp", lambda x: np.exp(x), 0.0, 1.0, math.e - 1, None),
    ("inv_1px", lambda x: 1 / (1 + x), 0.0, 1.0, L2, None),
    ("runge", lambda x: 1 / (1 + 25 * x * x), -1.0, 1.0, 0.4 * math.atan(5.0), None),
    ("x32", lambda x: x ** 1.5, 0.0, 1.0, 0.4, None),
    ("sqrt", lambda x: np.sqrt(x), 0.0, 1.0, 2 / 3, None),
    ("inv_sqrt", lambda x: 1 / np.sqrt(x), 0.0, 1.0, 2.0, None),
    ("log", lambda x: np.log(x), 0.0, 1.0, -1.0, None),
    ("log_over_sqrt", lambda x: np.log(x) / np.sqrt(x), 0.0, 1.0, -4.0, None),
    ("x_pow_m09", lambda x: x ** -0.9, 0.0, 1.0, 10.0, None),
    ("peak", lambda x: 1 / (x * x + 1e-4), 0.0, 1.0, 100 * math.atan(100.0), None),
    ("gauss_peak", lambda x: np.exp(-100 * (x - 0.3) ** 2), 0.0, 1.0,
     0.5 * math.sqrt(math.pi / 100) * (math.erf(7.0) + math.erf(3.0)), None),
    ("sin_over_x", lambda x: np.sin(x) / x, 0.0, math.pi, sici(math.pi)[0], None),
    ("x_sin20x", lambda x: x * np.sin(20 * x), 0.0, math.pi, -math.pi / 20, None),
    ("osc_2_over_2psin", lambda x: 2 / (2 + np.sin(10 * math.pi * x)), 0.0, 1.0, 2 / math.sqrt(3.0), None),
    ("cos_exp_decay", lambda x: np.cos(5 * x) * np.exp(-0.2 * x), 0.0, 10.0,
     (0.2 + math.exp(-2.0) * (5 * math.sin(50.0) - 0.2 * math.cos(50.0))) / (0.04 + 25), None),
    ("abs_kink", lambda x: np.abs(x - 0.3), -1.0, 1.0, 1.09, None),
    ("abs_kink_points", lambda x: np.abs(x - 0.3), -1.0, 1.0, 1.09, [0.3]),
    ("log_interior_points", lambda x: np.log(np.abs(x - 0.7)), 0.0, 1.0,
     0.7 * math.log(0.7) - 0.7 + 0.3 * math.log(0.3) - 0.3, [0.7]),
    ("qagp_example", lambda x: x ** 3 * np.log(np.abs((x * x - 1) * (x * x - 2))), 0.0, 3.0,
     61 * L2 + 77 / 4 * math.log(7.0) - 27, [1.0, math.sqrt(2.0)]),
    ("gaussian_line", lambda x: np.exp(-x * x), -inf, inf, math.sqrt(math.pi), None),
    ("cauchy_half", lambda x: 1 / (1 + x * x), 0.0, inf, math.pi / 2, None),
    ("cauchy_line", lambda x: 1 / (1 + x * x), -inf, inf, math.pi, None),
    ("qagi_example", lambda x: np.log(x) / (1 + 100 * x * x), 0.0, inf, -math.pi * math.log(10.0) / 20, None),
    ("exp_lower", lambda x: np.exp(x), -inf, 0.0, 1.0, None),
    ("inv_x2_tail", lambda x: 1 / (x * x), 1.0, inf, 1.0, None),
    ("sqrt_gamma", lambda x: np.exp(-x) / np.sqrt(x), 0.0, inf, math.sqrt(math.pi), None),
    ("reversed", lambda x: np.exp(x), 1.0, 0.0, 1 - math.e, None),
]

out = []
for name, f, a, b, exact, points in cases:
    kw = {} if points is None else {"points": points}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        r = quad(f, a, b, full_output=1, **kw)
        value, abserr, info = r[0], r[1], r[2]
        ier = 0 if len(r) == 3 else 1
        times = []
        for _ in range(7):
            t0 = time.perf_counter()
            for _ in range(20):
                quad(f, a, b, **kw)
            times.append((time.perf_counter() - t0) / 20)
    out.append({
        "name": name, "a": a if math.isfinite(a) else ("-inf" if a < 0 else "inf"),
        "b": b if math.isfinite(b) else ("-inf" if b < 0 else "inf"),
        "points": points, "exact": exact, "value": value, "abserr": abserr,
        "neval": int(info["neval"]), "last": int(info["last"]), "ok": ier == 0,
        "seconds": float(np.median(times)),
    })

# Failure paths: scipy's outcome for the record.
fails = []
for name, f, a, b in [("divergent_inv_x", lambda x: 1 / x, 0.0, 1.0)]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        r = quad(f, a, b, full_output=1)
    fails.append({"name": name, "value": r[0], "abserr": r[1], "neval": int(r[2]["neval"]), "message": r[3] if len(r) > 3 else ""})

# Gauss-Legendre nodes and weights (numpy leggauss) and fixed_quad values.
legendre = []
for n in [1, 2, 5, 10, 20, 64, 100]:
    x, w = np.polynomial.legendre.leggauss(n)
    legendre.append({"n": n, "nodes": x.tolist(), "weights": w.tolist()})
from scipy.integrate import fixed_quad, dblquad, tplquad
fixed = [{"n": n, "value": fixed_quad(np.exp, 0.0, 2.0, n=n)[0]} for n in [1, 3, 5, 8]]

# Double and triple integrals (scipy argument order: func(y, x), func(z, y, x)).
dbl = [
    {"name": "xy_triangle", "value": dblquad(lambda y, x: x * y, 0, 1, lambda x: 0, lambda x: 1 - x)[0], "exact": 1 / 24},
    {"name": "exp_disc_quarter", "value": dblquad(lambda y, x: np.exp(-(x * x + y * y)), 0, 1, lambda x: 0, lambda x: np.sqrt(1 - x * x))[0],
     "exact": math.pi / 4 * (1 - math.exp(-1))},
]
tpl = [
    {"name": "xyz_simplex", "value": tplquad(lambda z, y, x: x * y * z, 0, 1, lambda x: 0, lambda x: 1 - x, lambda x, y: 0, lambda x, y: 1 - x - y)[0],
     "exact": 1 / 720},
]

doc = {"scipy": scipy.__version__, "cases": out, "failures": fails, "legendre": legendre, "fixedQuadExp02": fixed,
       "dblquad": dbl, "tplquad": tpl}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "quad_scipy.json")
with open(path, "w") as fh:
    json.dump(doc, fh, indent=1)
print("wrote", path, len(out), "cases; total neval", sum(c["neval"] for c in out), "; total scipy seconds", sum(c["seconds"] for c in out))
