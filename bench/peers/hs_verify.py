#!/usr/bin/env python3
"""Checks the f* and x* of the Hock-Schittkowski catalog (hs_problems.py) by solving each problem three ways:
  1. polish: SLSQP (ftol 1e-15) then trust-constr (gtol, xtol 1e-12) started at the catalog's x* (the published point
     where that is printed to enough digits, otherwise an earlier polish of it: see the comments in HockSchittkowski.cs);
  2. multistart: SLSQP with default options from x0 and 12 seeded random starts (box-clipped), best feasible f kept;
  3. augmented Lagrangian (PHR) with L-BFGS-B inner solves, an independent route, from x0 and from x*.
Prints one line per problem and writes bench/peers/hs_verify.json with the polished x*.
Usage: /usr/bin/python3 bench/peers/hs_verify.py > bench/peers/hs_verify.txt
"""
import json
import math
import os
import sys
import warnings

import numpy as np
from scipy.optimize import minimize

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hs_common import (bounds, max_violation, slsqp_constraints, standard_rows, trust_constr_constraints,  # noqa: E402
                       value, value_and_grad)
from hs_problems import PROBLEMS  # noqa: E402

warnings.filterwarnings("ignore")
FEAS = 1e-6


def polish(p, x):
    fun = lambda z: value_and_grad(p, z)
    r = minimize(fun, x, jac=True, method="SLSQP", bounds=bounds(p), constraints=slsqp_constraints(p),
                 options={"ftol": 1e-15, "maxiter": 1000})
    best = np.array(x, dtype=float)
    if max_violation(p, r.x) <= max(FEAS, max_violation(p, best)):
        best = r.x
    t = minimize(fun, best, jac=True, method="trust-constr", bounds=bounds(p),
                 constraints=trust_constr_constraints(p), options={"gtol": 1e-12, "xtol": 1e-14, "maxiter": 3000})
    if max_violation(p, t.x) <= 1e-9 and value(p, t.x) < value(p, best) - 1e-12 * max(1, abs(value(p, best))):
        best = t.x
    return best


def starts(p, count, seed):
    rng = np.random.default_rng(seed)
    x0 = np.array(p["x0"], dtype=float)
    out = []
    for _ in range(count):
        x = x0 + rng.uniform(-1, 1, len(x0)) * np.maximum(1, np.abs(x0))
        if p["lower"] is not None:
            x = np.clip(x, p["lower"], p["upper"])
        out.append(x)
    return out


def augmented_lagrangian(p, x, outer=40):
    rows = standard_rows(p)
    lam = np.zeros(len(rows))
    rho = 10.0
    b = None if p["lower"] is None else list(zip(p["lower"], p["upper"]))
    x = np.array(x, dtype=float)
    if b is not None:
        x = np.clip(x, p["lower"], p["upper"])
    for _ in range(outer):
        def phi(z):
            f, g = value_and_grad(p, z)
            for k, (t, c, j) in enumerate(rows):
                ck, jk = c(z), j(z)
                if t == "eq":
                    f += -lam[k] * ck + 0.5 * rho * ck * ck
                    g = g + (-lam[k] + rho * ck) * jk
                else:
                    s = max(0.0, lam[k] - rho * ck)
                    f += (s * s - lam[k] ** 2) / (2 * rho)
                    g = g - s * jk
            return f, g

        x = minimize(phi, x, jac=True, method="L-BFGS-B", bounds=b, options={"maxiter": 5000, "ftol": 1e-16, "gtol": 1e-11}).x
        for k, (t, c, _) in enumerate(rows):
            ck = c(x)
            lam[k] = lam[k] - rho * ck if t == "eq" else max(0.0, lam[k] - rho * ck)
        if max_violation(p, x) < 1e-11:
            break
        rho = min(rho * 4, 1e9)
    return x


def main():
    out = {}
    worst = []
    for p in PROBLEMS:
        fun = lambda z: value_and_grad(p, z)
        xs = np.array(p["xstar"], dtype=float)
        f_pub, v_pub = value(p, xs), max_violation(p, xs)
        xp = polish(p, xs)
        f_pol, v_pol = value(p, xp), max_violation(p, xp)
        best = math.inf
        for x in [np.array(p["x0"], dtype=float)] + starts(p, 12, 7):
            try:
                r = minimize(fun, x, jac=True, method="SLSQP", bounds=bounds(p), constraints=slsqp_constraints(p))
            except Exception:  # noqa: BLE001 - a start where a function is undefined
                continue
            if np.all(np.isfinite(r.x)) and max_violation(p, r.x) <= FEAS and np.isfinite(value(p, r.x)):
                best = min(best, value(p, r.x))
        al = [augmented_lagrangian(p, x) for x in (p["x0"], xs)]
        al_f = [value(p, x) if max_violation(p, x) <= FEAS else math.inf for x in al]
        rel = lambda a: abs(a - p["fstar"]) / max(1, abs(p["fstar"]))
        line = (f"{p['name']:6} f*={p['fstar']:.10g} catalog x*: f={f_pub:.10g} viol={v_pub:.1e} | polished: "
                f"f={f_pol:.12g} viol={v_pol:.1e} rel={rel(f_pol):.1e} | multistart best={best:.10g} | AL x0={al_f[0]:.10g} "
                f"AL x*={al_f[1]:.10g}")
        print(line, flush=True)
        out[p["name"]] = {"fstar": p["fstar"], "xstar_catalog": list(xs), "f_catalog_xstar": f_pub,
                          "violation_catalog_xstar": v_pub, "xstar_polished": [float(t) for t in xp], "f_polished": f_pol,
                          "violation_polished": v_pol, "multistart_best": best, "al_from_x0": al_f[0], "al_from_xstar": al_f[1]}
        worst.append((rel(f_pol), p["name"]))
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "hs_verify.json"), "w") as fh:
        json.dump(out, fh, indent=1)
    print("largest |f(polished x*) - f*| / max(1, |f*|):", max(worst))


if __name__ == "__main__":
    main()
