"""Times scipy's solve_ivp on the Ode reference problems (the settings of tests/Adjoint.Tests/Calculus/Ode/ode_scipy.json's
counts) and the Lotka-Volterra fit with curve_fit + odeint. Run: python3 bench/Adjoint.Benchmarks/Ode/scipy_ode_timing.py"""
import json, os, sys, time
import numpy as np
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "tests", "Adjoint.Tests", "Calculus", "Ode"))
import importlib.util
from scipy.integrate import solve_ivp, odeint
from scipy.optimize import curve_fit

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "tests", "Adjoint.Tests", "Calculus", "Ode")
spec = importlib.util.spec_from_file_location("ref", os.path.join(here, "ode_scipy.py"))
data = json.load(open(os.path.join(here, "ode_scipy.json")))
src = open(os.path.join(here, "ode_scipy.py")).read().split("ecc = 0.5")[0]
ns = {}
exec(src, ns)
funs = dict(lotka_volterra=ns["lv"], van_der_pol_1000=ns["vdp"], robertson=ns["robertson"], lorenz=ns["lorenz"], kepler=ns["kepler"])

def timed(fn):
    reps, start = 0, time.perf_counter()
    while time.perf_counter() - start < 0.3 or reps < 3:
        fn(); reps += 1
    return (time.perf_counter() - start) / reps * 1e3

for c in data["counts"]:
    p = data["problems"][c["problem"]]
    ms = timed(lambda: solve_ivp(funs[c["problem"]], p["span"], p["y0"], method=c["method"], rtol=c["rtol"], atol=c["atol"], t_eval=p["t"]))
    print(f"| {c['problem']} | {c['method']} | {c['rtol']:g} | {ms:.2f} ms |")

fit = data["fit"]
t = np.array(fit["t"]); y = np.concatenate([fit["prey"], fit["predator"]])
def model(tt, a, b, c, d):
    return odeint(lambda s, x: ns["lv"](x, s, a, b, c, d), fit["y0"], t, rtol=1e-10, atol=1e-10).T.ravel()
print(f"| fit | curve_fit + odeint | {timed(lambda: curve_fit(model, t, y, p0=fit['p0'])):.1f} ms |")
