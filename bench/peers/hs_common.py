"""Helpers shared by hs_scipy.py and hs_verify.py: the problems of hs_problems.py in scipy's forms, with exact
derivatives from torch autograd (float64)."""
import math

import numpy as np
import torch
from scipy.optimize import Bounds, LinearConstraint, NonlinearConstraint

torch.set_default_dtype(torch.float64)


def tensor(x):
    return torch.as_tensor(np.asarray(x, dtype=np.float64))


def value(p, x):
    with torch.no_grad():
        return float(p["f"](tensor(x)))


def value_and_grad(p, x):
    t = tensor(x).clone().requires_grad_(True)
    f = p["f"](t)
    (g,) = torch.autograd.grad(f, t, allow_unused=True)
    if g is None:
        g = torch.zeros_like(t)
    return float(f), g.detach().numpy().copy()


def rows(p, x):
    """All constraint rows c(x) with their lower and upper bounds, in catalog order."""
    out, lo, hi = [], [], []
    for kind, _, fun, lower, upper in p["constraints"]:
        if kind == "nl":
            with torch.no_grad():
                c = fun(tensor(x)).reshape(-1).numpy()
        else:
            c = np.asarray(fun, dtype=np.float64) @ np.asarray(x, dtype=np.float64)
        m = len(c)
        out.extend(c)
        lo.extend(lower * m if len(lower) == 1 else lower)
        hi.extend(upper * m if len(upper) == 1 else upper)
    return np.array(out), np.array(lo), np.array(hi)


def jacobian(kind, fun, x):
    if kind == "lin":
        return np.asarray(fun, dtype=np.float64)
    t = tensor(x).clone().requires_grad_(True)
    return torch.autograd.functional.jacobian(lambda z: fun(z).reshape(-1), t).detach().numpy().reshape(-1, len(x))


def max_violation(p, x):
    x = np.asarray(x, dtype=np.float64)
    worst = 0.0
    if p["lower"] is not None:
        worst = max(worst, float(np.max(np.maximum(np.array(p["lower"]) - x, 0.0))))
        worst = max(worst, float(np.max(np.maximum(x - np.array(p["upper"]), 0.0))))
    if p["constraints"]:
        c, lo, hi = rows(p, x)
        worst = max(worst, float(np.max(np.maximum(np.maximum(lo - c, c - hi), 0.0))))
    return worst


def bounds(p):
    if p["lower"] is None:
        return None
    return Bounds(np.array(p["lower"], dtype=float), np.array(p["upper"], dtype=float))


def trust_constr_constraints(p):
    out = []
    for kind, _, fun, lower, upper in p["constraints"]:
        if kind == "lin":
            out.append(LinearConstraint(np.asarray(fun, dtype=float), lower, upper))
        else:
            out.append(NonlinearConstraint(lambda x, fun=fun: fun(tensor(x)).detach().reshape(-1).numpy(), lower, upper,
                                           jac=lambda x, fun=fun: jacobian("nl", fun, x)))
    return out


def standard_rows(p):
    """Rows in the old-style form: list of (type, fun(x) -> array, jac(x) -> matrix), 'eq' as c - l = 0,
    'ineq' as c - l >= 0 or u - c >= 0 (both for a two-sided row)."""
    out = []
    for kind, _, fun, lower, upper in p["constraints"]:
        def values(x, kind=kind, fun=fun):
            if kind == "lin":
                return np.asarray(fun, dtype=float) @ np.asarray(x, dtype=float)
            with torch.no_grad():
                return fun(tensor(x)).reshape(-1).numpy()

        m = len(values(np.array(p["x0"])))
        lo = np.array(lower * m if len(lower) == 1 else lower, dtype=float)
        hi = np.array(upper * m if len(upper) == 1 else upper, dtype=float)
        for i in range(m):
            fi = (lambda x, i=i, values=values: values(x)[i])
            ji = (lambda x, i=i, kind=kind, fun=fun: jacobian(kind, fun, x)[i])
            if lo[i] == hi[i]:
                out.append(("eq", lambda x, fi=fi, b=lo[i]: fi(x) - b, ji))
                continue
            if math.isfinite(lo[i]):
                out.append(("ineq", lambda x, fi=fi, b=lo[i]: fi(x) - b, ji))
            if math.isfinite(hi[i]):
                out.append(("ineq", lambda x, fi=fi, b=hi[i]: b - fi(x), lambda x, ji=ji: -ji(x)))
    return out


def slsqp_constraints(p):
    return [{"type": t, "fun": f, "jac": j} for t, f, j in standard_rows(p)]


def cobyla_constraints(p):
    """COBYLA in scipy 1.10 takes neither bounds nor equalities: bounds become rows x_i - l_i >= 0, u_i - x_i >= 0 and
    each equality h = 0 becomes the pair h >= 0, -h >= 0."""
    out = []
    for t, f, _ in standard_rows(p):
        out.append({"type": "ineq", "fun": f})
        if t == "eq":
            out.append({"type": "ineq", "fun": lambda x, f=f: -f(x)})
    if p["lower"] is not None:
        for i, (lo, hi) in enumerate(zip(p["lower"], p["upper"])):
            if math.isfinite(lo):
                out.append({"type": "ineq", "fun": lambda x, i=i, lo=lo: x[i] - lo})
            if math.isfinite(hi):
                out.append({"type": "ineq", "fun": lambda x, i=i, hi=hi: hi - x[i]})
    return out


def reached(p, f):
    """Within 1e-6 relative (absolute 1e-6 near zero) of f*; widened only to the printed rounding of f*."""
    target = p["fstar"]
    return abs(f - target) <= max(1e-6 * max(1.0, abs(target)), p.get("printed_tolerance", 0.0))
