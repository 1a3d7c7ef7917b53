#!/usr/bin/env python3
"""Runs scipy's SLSQP, trust-constr and COBYLA with default options on the Hock-Schittkowski problems of
tests/Adjoint.TestProblems/HockSchittkowski.cs (twin definitions in hs_problems.py: same order, names, x0, bounds,
constraints and f*), from the same x0 and bounds.

Exact gradients and constraint Jacobians come from torch autograd in float64. scipy 1.10's COBYLA takes neither bounds
nor equalities, so for it bounds become inequality rows and each equality h = 0 the pair h >= 0, -h >= 0.
Writes bench/peers/hs_scipy.json (per problem: the values the C# catalog test compares, f and every constraint row at
x0 and x*, then per method: success, status, message, fun, reached, nit, nfev, njev, max violation, wall time)
and the readable table bench/peers/hs_scipy.txt.
Usage: /usr/bin/python3 bench/peers/hs_scipy.py
"""
import json
import math
import os
import sys
import time
import warnings

import numpy as np
import scipy
import torch
from scipy.optimize import minimize

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hs_common import (bounds, cobyla_constraints, max_violation, reached, rows, slsqp_constraints,  # noqa: E402
                       trust_constr_constraints, value, value_and_grad)
from hs_problems import PROBLEMS  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
FEASIBLE = 1e-6


def finite(v):
    return v if v is None or math.isfinite(v) else repr(v)


def run(p, method):
    counts = {"f": 0, "g": 0}

    def fun(x):
        counts["f"] += 1
        return value(p, x)

    def jac(x):
        counts["g"] += 1
        return value_and_grad(p, x)[1]

    x0 = np.array(p["x0"], dtype=float)
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            if method == "SLSQP":
                r = minimize(fun, x0, jac=jac, method="SLSQP", bounds=bounds(p), constraints=slsqp_constraints(p))
            elif method == "trust-constr":
                r = minimize(fun, x0, jac=jac, method="trust-constr", bounds=bounds(p),
                             constraints=trust_constr_constraints(p))
            else:
                r = minimize(fun, x0, method="COBYLA", constraints=cobyla_constraints(p))
        except Exception as e:  # noqa: BLE001 - recorded as a failed run
            return {"success": False, "status": None, "message": f"raised {type(e).__name__}: {e}", "fun": None,
                    "reached": False, "nit": None, "nfev": counts["f"], "njev": counts["g"], "max_violation": None,
                    "wall_s": time.perf_counter() - start}
    wall = time.perf_counter() - start
    f = float(r.fun) if np.ndim(r.fun) == 0 else float(np.asarray(r.fun).ravel()[0])
    viol = max_violation(p, r.x)
    return {"success": bool(r.success), "status": int(r.status), "message": str(r.message), "fun": finite(f),
            "reached": bool(math.isfinite(f) and reached(p, f) and viol <= FEASIBLE),
            "nit": int(getattr(r, "nit", 0) or 0), "nfev": counts["f"], "njev": counts["g"],
            "max_violation": finite(viol), "wall_s": wall, "x": [float(t) for t in r.x]}


def check_values(p):
    out = {"x0": p["x0"], "xstar": [float(t) for t in p["xstar"]], "fstar": p["fstar"]}
    for key, x in (("x0", p["x0"]), ("xstar", p["xstar"])):
        out["f_" + key] = finite(value(p, x))
        out["c_" + key] = [finite(float(c)) for c in rows(p, x)[0]] if p["constraints"] else []
    return out


def main():
    methods = ["SLSQP", "trust-constr", "COBYLA"]
    result = {"scipy": scipy.__version__, "torch": torch.__version__, "feasibility_tolerance": FEASIBLE,
              "reached": "|f - f*| <= 1e-6 max(1, |f*|) and max violation <= 1e-6", "problems": {}}
    lines = []
    header = f"{'problem':8} {'f*':>14} | " + " | ".join(f"{m:^44}" for m in methods)
    sub = f"{'':8} {'':>14} | " + " | ".join(f"{'ok':>3} {'reach':>5} {'fun':>14} {'viol':>8} {'nit':>5} {'nfev':>5}" for _ in methods)
    lines += [header, sub, "-" * len(sub)]
    totals = {m: {"success": 0, "reached": 0, "success_not_reached": 0, "success_at_non_solution": 0} for m in methods}
    for p in PROBLEMS:
        entry = {"check": check_values(p)}
        cells = []
        for m in methods:
            r = run(p, m)
            entry[m] = r
            totals[m]["success"] += r["success"]
            totals[m]["reached"] += r["reached"]
            totals[m]["success_not_reached"] += r["success"] and not r["reached"]
            at_other = r["fun"] is not None and isinstance(r["fun"], float) and r["max_violation"] is not None \
                and isinstance(r["max_violation"], float) and r["max_violation"] <= FEASIBLE \
                and any(abs(r["fun"] - o) <= 1e-6 * max(1.0, abs(o)) for o in p["others"])
            r["at_documented_local_minimum"] = bool(at_other)
            totals[m]["success_at_non_solution"] += r["success"] and not r["reached"] and not at_other
            fun = "-" if r["fun"] is None else (f"{r['fun']:.8g}" if isinstance(r["fun"], float) else r["fun"])
            viol = "-" if r["max_violation"] is None else (f"{r['max_violation']:.1e}" if isinstance(r["max_violation"], float) else r["max_violation"])
            cells.append(f"{'y' if r['success'] else 'n':>3} {'y' if r['reached'] else 'n':>5} {fun:>14} {viol:>8} "
                         f"{r['nit'] if r['nit'] is not None else '-':>5} {r['nfev']:>5}")
        result["problems"][p["name"]] = entry
        lines.append(f"{p['name']:8} {p['fstar']:>14.10g} | " + " | ".join(cells))
        print(lines[-1], flush=True)
    lines.append("")
    lines.append(f"{len(PROBLEMS)} problems; scipy {scipy.__version__}, default options, exact gradients and Jacobians (torch).")
    lines.append("reach: |f - f*| <= 1e-6 max(1, |f*|) and max violation <= 1e-6 (bounds and constraint rows, user units).")
    for m in methods:
        t = totals[m]
        lines.append(f"{m:13} success {t['success']:3}  reached {t['reached']:3}  success without reaching f* "
                     f"{t['success_not_reached']:3}  of which at no documented local minimum either {t['success_at_non_solution']:3}")
    result["totals"] = totals
    with open(os.path.join(HERE, "hs_scipy.json"), "w") as fh:
        json.dump(result, fh, indent=1)
    with open(os.path.join(HERE, "hs_scipy.txt"), "w") as fh:
        fh.write("\n".join(lines) + "\n")
    print("\n".join(lines[-5:]))


if __name__ == "__main__":
    main()
