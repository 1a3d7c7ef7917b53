#!/usr/bin/env python3
"""Honesty audit of scipy.optimize.minimize on the More-Garbow-Hillstrom problems: does success=True mean a verified
local minimizer? The peer of examples/HonestyAudit, with the same classification rule and the same summary layout.

Every method runs with default options and exact derivatives (torch autograd in float64, from mgh_scipy.py) from
x0, 10*x0 and 100*x0. Each end point is classified in float64, ignoring scipy's verdict (rule: docs/honesty.md):
f, gradient and dense Hessian at X, its eigenvalues, and a Levenberg-damped Newton polish of at most 20 steps.

Usage: /usr/bin/python3 bench/peers/mgh_honesty_scipy.py [--methods BFGS,CG] [--starts 1,10,100]
           [--problems Rosenbrock,Watson] [--json FILE]
(scipy 1.10 and torch come from Debian's python3-scipy and python3-torch packages.)
"""
import argparse
import json
import os
import signal
import sys
import time
import warnings

import numpy as np
from scipy.optimize import minimize

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mgh_scipy import PROBLEMS, make  # noqa: E402  (the problem definitions, shared with the nit/nfev comparison)

METHODS = ["Nelder-Mead", "Powell", "CG", "BFGS", "Newton-CG", "L-BFGS-B", "TNC", "trust-exact"]

# The classification rule; the constants match examples/HonestyAudit/EndPointClassifier.cs.
IMPROVEMENT_FRACTION = 1e-3   # the polish must lower f by more than this fraction of min(progress, max(1, |f|))
PROGRESS_FLOOR = 1e-12        # progress = max(f(x0) - f(X), 1e-12 * (1 + |f(X)|))
NEGATIVE_CURVATURE = 1e-6     # lambda_min < -1e-6 * max|lambda| is significant negative curvature
EPSILON = np.finfo(np.float64).eps  # scipy evaluates in float64
GRADIENT_TOLERANCE = 1e-5     # |g|_inf <= max(1e-5, sqrt(eps)) * max(1, |f|) is a small gradient ...
DECREMENT_TOLERANCE = 1e-6    # ... or a Newton decrement <= min(1e-3 * progress, 1e-6 * max(1, |f|))
ROUNDING_ALLOWANCE = 10       # ... or a Newton decrement <= 10 * R, R = 0.5 sum |H_ij| u_i u_j, u = eps * |x|
EIGENVALUE_FLOOR = 1e-12      # |lambda_i| floored at 1e-12 * max|lambda| in the Newton decrement
POLISH_STEPS = 20
POLISH_DAMPING_INCREASES = 40
POLISH_INITIAL_DAMPING = 1e-10


def eigen(h):
    """Eigendecomposition of a symmetric matrix scaled to unit largest entry; None when not finite."""
    scale = np.max(np.abs(h)) if h.size else 0.0
    if not np.isfinite(scale):
        return None
    if scale == 0:
        return np.zeros(h.shape[0]), np.eye(h.shape[0])
    try:
        lam, v = np.linalg.eigh(h / scale)
    except np.linalg.LinAlgError:
        return None
    lam = lam * scale
    if not (np.all(np.isfinite(lam)) and np.all(np.isfinite(v))):
        return None
    return lam, v


class Float64Objective:
    def __init__(self, res):
        self.f, self.fg, _, hess = make(res)
        self._hess = hess

    def value(self, x):
        return self.f(np.asarray(x, dtype=float))

    def gradient(self, x):
        return np.asarray(self.fg(np.asarray(x, dtype=float))[1], dtype=float)

    def hessian(self, x):
        h = np.asarray(self._hess(np.asarray(x, dtype=float)), dtype=float)
        return 0.5 * (h + h.T)


def is_flat(obj, x):
    return bool(np.all(obj.gradient(x) == 0) and np.all(obj.hessian(x) == 0))


def polish(obj, x0, f0):
    """Levenberg-damped Newton: (H + (max(0, -lambda_min) + nu) I) d = -g, nu raised tenfold until f decreases."""
    x, fx, steps = np.array(x0, dtype=float), f0, 0
    for _ in range(POLISH_STEPS):
        g = obj.gradient(x)
        gnorm = np.max(np.abs(g))
        if gnorm == 0 or not np.isfinite(gnorm):
            break
        h = obj.hessian(x)
        if not np.all(np.isfinite(h)):
            break
        e = eigen(h)
        if e is None:
            break
        lam, v = e
        vg = v.T @ g
        shift = max(0.0, -lam.min())
        nu = POLISH_INITIAL_DAMPING * max(np.max(np.abs(lam)), gnorm)
        accepted = False
        for _ in range(POLISH_DAMPING_INCREASES):
            den = lam + shift + nu
            coef = np.where(den > 0, -vg / np.where(den > 0, den, 1.0), 0.0)
            cand = x + v @ coef
            with np.errstate(all="ignore"):
                fc = obj.value(cand)
            if np.isfinite(fc) and fc < fx:
                x, fx, accepted = cand, fc, True
                break
            nu *= 10
        if not accepted:
            break
        steps += 1
    return x, fx, steps


def verdict(cls, reason, f=np.nan, gnorm=np.nan, lmin=np.nan, lmax=np.nan, dec=np.nan, fp=np.nan, steps=0, dist=np.nan, progress=np.nan):
    return {"Class": cls, "Reason": reason, "Value": float(f), "GradientNorm": float(gnorm), "MinEigenvalue": float(lmin),
            "MaxAbsEigenvalue": float(lmax), "NewtonDecrement": float(dec), "PolishedValue": float(fp), "PolishSteps": int(steps),
            "PolishDistance": float(dist), "Progress": float(progress)}


def classify(obj, x, start_value, flat_start):
    x = np.asarray(x, dtype=float)
    if not np.all(np.isfinite(x)):
        return verdict("NonFinite", "X is not finite")
    with np.errstate(all="ignore"):
        f = obj.value(x)
        g = obj.gradient(x)
        h = obj.hessian(x)
    gnorm = float(np.max(np.abs(g))) if g.size else 0.0
    if not (np.isfinite(f) and np.isfinite(gnorm) and np.all(np.isfinite(h))):
        return verdict("NonFinite", "f, the gradient or the Hessian is not finite at X", f, gnorm)
    progress = max(start_value - f, PROGRESS_FLOOR * (1 + abs(f)))
    if flat_start and gnorm == 0 and np.all(h == 0):
        return verdict("FlatStart", "gradient and Hessian exactly zero at x0 and at X", f, 0, 0, 0, 0, f, 0, 0, progress)
    e = eigen(h)
    if e is None:
        return verdict("Unclassified", "the eigendecomposition of the Hessian failed", f, gnorm, progress=progress)
    lam, v = e
    lmin, lmax = float(lam.min()), float(np.max(np.abs(lam)))
    vg = v.T @ g
    dec = float(sum(0.5 * vg[i] ** 2 / max(abs(lam[i]), EIGENVALUE_FLOOR * lmax) for i in range(len(lam)) if vg[i] != 0))
    xp, fp, steps = polish(obj, x, f)
    dist = float(np.max(np.abs(xp - x))) if x.size else 0.0
    improvement = f - fp
    material = IMPROVEMENT_FRACTION * min(progress, max(1.0, abs(f)))
    improvable = improvement > material
    negative = lmin < -NEGATIVE_CURVATURE * lmax
    u = EPSILON * np.abs(x)
    rounding = 0.5 * float(u @ np.abs(h) @ u)
    small64 = (gnorm <= GRADIENT_TOLERANCE * max(1.0, abs(f))
               or dec <= min(IMPROVEMENT_FRACTION * progress, DECREMENT_TOLERANCE * max(1.0, abs(f))))
    small = small64 or gnorm <= max(GRADIENT_TOLERANCE, np.sqrt(EPSILON)) * max(1.0, abs(f)) or dec <= ROUNDING_ALLOWANCE * rounding
    args = (f, gnorm, lmin, lmax, dec, fp, steps, dist, progress)
    saddle = f"lambda_min = {lmin:.3g} < -1e-6*{lmax:.3g} with |g| = {gnorm:.3g}"
    if negative and small64:
        return verdict("Saddle", saddle, *args)
    if improvable:
        return verdict("Improvable", f"polish lowers f by {improvement:.3g} > {material:.3g}", *args)
    if negative and small:
        return verdict("Saddle", saddle, *args)
    if not negative and small:
        return verdict("VerifiedMinimizer", "not improvable, no negative curvature, small gradient", *args)
    if negative:
        return verdict("Unclassified", f"negative curvature lambda_min = {lmin:.3g} with |g| = {gnorm:.3g}, and the polish finds no material decrease", *args)
    return verdict("Unclassified", f"the polish finds no material decrease, yet |g| = {gnorm:.3g} and the Newton decrement {dec:.3g} are large", *args)


def hit_limit(message):
    m = message.lower()
    return any(s in m for s in ("maximum number of", "max. number of", "limit", "exceeds"))


TIME_LIMIT_S = 10.0  # like Adjoint's run, a run that exceeds this is stopped and counted (status TimeLimit)


class RunTimedOut(Exception):
    pass


class BestPoint:
    """Wraps f and (f, g) to remember the best finite point evaluated, the end point of a run stopped by the time limit."""

    def __init__(self, x0):
        self.x, self.f = np.array(x0, dtype=float), np.inf

    def see(self, x, v):
        if np.isfinite(v) and v < self.f:
            self.x, self.f = np.array(x, dtype=float), float(v)

    def wrap(self, fun, with_gradient):
        def wrapped(x, *a):
            out = fun(x, *a)
            self.see(x, out[0] if with_gradient else out)
            return out
        return wrapped


def run_one(method, res, x0, best):
    f, fg, hessp, hess = make(res)
    f, fg = best.wrap(f, False), best.wrap(fg, True)
    if method in ("Nelder-Mead", "Powell"):
        return minimize(f, x0, method=method)
    if method == "Newton-CG":
        return minimize(fg, x0, jac=True, hessp=hessp, method=method)
    if method == "trust-exact":
        return minimize(fg, x0, jac=True, hess=hess, method=method)
    return minimize(fg, x0, jac=True, method=method)


def audit(method, name, res, x0, start, obj, start_value, flat_start):
    t = time.perf_counter()
    key = f"{name}({len(x0)})"
    best = BestPoint(x0)

    def on_alarm(signum, frame):
        raise RunTimedOut()

    signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, TIME_LIMIT_S)
    try:
        with np.errstate(all="ignore"):
            r = run_one(method, res, x0, best)
    except RunTimedOut:
        x = best.x
        return {"Method": method, "Problem": key, "Start": start, "Precision": "float64", "Status": "TimeLimit", "Success": False,
                "Message": f"stopped after {TIME_LIMIT_S:g} s; X is the best point evaluated", "Nit": 0, "Nfev": 0,
                "ReportedValue": best.f, "ElapsedMs": 1e3 * (time.perf_counter() - t), "StartValue": start_value,
                "X": list(map(float, x)), "HitLimit": True, "Verdict": classify(obj, x, start_value, flat_start)}
    except Exception as e:  # noqa: BLE001  (a run that raises is counted, not skipped)
        return {"Method": method, "Problem": key, "Start": start, "Precision": "float64", "Status": "Threw", "Success": False,
                "Message": f"{type(e).__name__}: {e}", "Nit": 0, "Nfev": 0, "ReportedValue": float("nan"),
                "ElapsedMs": 1e3 * (time.perf_counter() - t), "StartValue": start_value, "X": list(map(float, x0)),
                "HitLimit": False, "Verdict": verdict("NonFinite", "the run threw")}
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    elapsed = 1e3 * (time.perf_counter() - t)
    message = str(r.message)
    return {"Method": method, "Problem": key, "Start": start, "Precision": "float64", "Status": str(r.status), "Success": bool(r.success),
            "Message": message, "Nit": int(getattr(r, "nit", 0) or 0), "Nfev": int(getattr(r, "nfev", 0) or 0),
            "ReportedValue": float(r.fun), "ElapsedMs": elapsed, "StartValue": start_value, "X": list(map(float, r.x)),
            "HitLimit": hit_limit(message), "Verdict": classify(obj, r.x, start_value, flat_start)}


HEADER = "method              runs success minimizer  bad unverif fail@min limits saddle improv flat nonfin unclass"


def bad(r):
    return r["Success"] and r["Verdict"]["Class"] in ("Improvable", "Saddle")


def unverified(r):
    return r["Success"] and r["Verdict"]["Class"] in ("FlatStart", "NonFinite", "Unclassified")


def failed_at_minimizer(r):
    return not r["Success"] and not r["HitLimit"] and r["Verdict"]["Class"] == "VerifiedMinimizer"


def row(name, runs):
    def cls(c):
        return sum(r["Verdict"]["Class"] == c for r in runs)
    return (f"{name:<19} {len(runs):4d} {sum(r['Success'] for r in runs):7d} {cls('VerifiedMinimizer'):9d} {sum(map(bad, runs)):4d} "
            f"{sum(map(unverified, runs)):7d} {sum(map(failed_at_minimizer, runs)):8d} {sum(r['HitLimit'] for r in runs):6d} "
            f"{cls('Saddle'):6d} {cls('Improvable'):6d} {cls('FlatStart'):4d} {cls('NonFinite'):6d} {cls('Unclassified'):7d}")


def listing(heading, runs):
    if not runs:
        return
    print(f"  {heading}: {len(runs)}")
    for r in runs:
        v = r["Verdict"]
        status = r["Status"] + " " + r["Message"][:40]
        print(f"    {r['Problem']:<28} x{r['Start']:<4g} {status:<52} {v['Class']:<17} f={v['Value']:<12.6g} "
              f"f_polished={v['PolishedValue']:<12.6g} {v['Reason']}")


def report(title, runs):
    methods = list(dict.fromkeys(r["Method"] for r in runs))
    print(f"== {title}")
    print(HEADER)
    for m in methods:
        print(row(m, [r for r in runs if r["Method"] == m]))
    print(row("total", runs))
    print("bad = success at an improvable point or a saddle; unverif = success at a flat start, non-finite or unclassified point;")
    print("fail@min = failure at a verified minimizer without hitting maxiter, maxfev or the time limit; limits = runs that hit one.")
    for m in methods:
        mine = [r for r in runs if r["Method"] == m]
        b, u, fm = [r for r in mine if bad(r)], [r for r in mine if unverified(r)], [r for r in mine if failed_at_minimizer(r)]
        if not (b or u or fm):
            continue
        print()
        print(f"-- {m}")
        listing("success at a non-minimizer (improvable or saddle)", b)
        listing("success, unverified", u)
        listing("failure at a verified minimizer, no limit hit", fm)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--methods", default=",".join(METHODS))
    ap.add_argument("--starts", default="1,10,100")
    ap.add_argument("--problems", default=None)
    ap.add_argument("--json", default=None)
    a = ap.parse_args()
    methods = a.methods.split(",")
    starts = [float(s) for s in a.starts.split(",")]
    chosen = None if a.problems is None else {p.lower() for p in a.problems.split(",")}
    problems = [p for p in PROBLEMS if chosen is None or p[0].lower() in chosen]
    warnings.simplefilter("ignore")
    runs, t0 = [], time.perf_counter()
    for method in methods:
        tm = time.perf_counter()
        for name, res, x0 in problems:
            obj = Float64Objective(res)
            for s in starts:
                xs = s * np.array(x0, dtype=float)
                with np.errstate(all="ignore"):
                    start_value = obj.value(xs)
                    flat = is_flat(obj, xs)
                runs.append(audit(method, name, res, xs, s, obj, start_value, flat))
        print(f"{method}: {time.perf_counter() - tm:.1f} s", file=sys.stderr)
    import scipy
    report(f"scipy {scipy.__version__} float64: {len(methods)} methods x {len(problems)} MGH problems x starts "
           f"{','.join(f'{s:g}' for s in starts)}, default options, exact derivatives, time limit {TIME_LIMIT_S:g} s ({time.perf_counter() - t0:.0f} s)", runs)
    if a.json:
        with open(a.json, "w") as fh:
            json.dump({"library": "scipy", "version": scipy.__version__, "precision": "float64", "starts": starts, "runs": runs}, fh, indent=1)


if __name__ == "__main__":
    main()
