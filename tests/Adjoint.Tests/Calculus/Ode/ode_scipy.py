"""Reference solutions for the Ode tests: scipy (1.10) solve_ivp at tight tolerance, scipy's counts per method at
working tolerances, odeint on the scipy cheat sheet's examples, and a Lotka-Volterra fit with curve_fit + odeint.
Run: python3 tests/Adjoint.Tests/Calculus/Ode/ode_scipy.py  (writes ode_scipy.json beside this file)."""
import json, os
import numpy as np
import scipy
from scipy.integrate import solve_ivp, odeint
from scipy.optimize import curve_fit

def lv(t, y, a=1.5, b=1.0, c=3.0, d=1.0):
    return [a*y[0] - b*y[0]*y[1], d*y[0]*y[1] - c*y[1]]

def vdp(t, y, mu=1000.0):
    return [y[1], mu*(1 - y[0]**2)*y[1] - y[0]]

def robertson(t, y):
    return [-0.04*y[0] + 1e4*y[1]*y[2], 0.04*y[0] - 1e4*y[1]*y[2] - 3e7*y[1]**2, 3e7*y[1]**2]

def lorenz(t, y, s=10.0, r=28.0, b=8.0/3.0):
    return [s*(y[1] - y[0]), y[0]*(r - y[2]) - y[1], y[0]*y[1] - b*y[2]]

def kepler(t, y):
    r3 = (y[0]**2 + y[1]**2)**1.5
    return [y[2], y[3], -y[0]/r3, -y[1]/r3]

ecc = 0.5
problems = {
    "lotka_volterra": dict(f=lv, y0=[10.0, 5.0], span=[0.0, 15.0], t_eval=list(np.linspace(0, 15, 31)), stiff=False),
    "van_der_pol_1000": dict(f=vdp, y0=[2.0, 0.0], span=[0.0, 3000.0], t_eval=[0.0, 100.0, 500.0, 800.0, 1500.0, 2000.0, 3000.0], stiff=True),
    "robertson": dict(f=robertson, y0=[1.0, 0.0, 0.0], span=[0.0, 1e5], t_eval=[0.0, 0.4, 4.0, 40.0, 400.0, 4e3, 4e4, 1e5], stiff=True,
                      atol=[1e-8, 1e-14, 1e-6]),
    "lorenz": dict(f=lorenz, y0=[1.0, 1.0, 1.0], span=[0.0, 2.0], t_eval=list(np.linspace(0, 2, 11)), stiff=False),
    "kepler": dict(f=kepler, y0=[1 - ecc, 0.0, 0.0, float(np.sqrt((1 + ecc)/(1 - ecc)))], span=[0.0, 2*np.pi],
                   t_eval=list(np.linspace(0, 2*np.pi, 9)), stiff=False),
}

out = {"scipy": scipy.__version__, "problems": {}, "counts": [], "odeint": {}, "events": {}}
for name, p in problems.items():
    ref_method = "Radau" if p["stiff"] else "DOP853"
    ref = solve_ivp(p["f"], p["span"], p["y0"], method=ref_method, t_eval=p["t_eval"], rtol=1e-13 if not p["stiff"] else 1e-12,
                    atol=1e-14 if not p["stiff"] else [a*1e-6 for a in p.get("atol", [1e-8]*len(p["y0"]))])
    assert ref.success, (name, ref.message)
    out["problems"][name] = dict(y0=p["y0"], span=list(p["span"]), t=list(ref.t), y=ref.y.T.tolist(), referenceMethod=ref_method,
                                 atol=p.get("atol"))
    methods = ["Radau"] if p["stiff"] else ["RK45", "DOP853", "Radau"]
    for m in methods:
        for rtol in ([1e-3, 1e-6] if p["stiff"] else [1e-3, 1e-6, 1e-9]):
            atol = p.get("atol", 1e-6 if rtol >= 1e-3 else rtol*1e-3)
            s = solve_ivp(p["f"], p["span"], p["y0"], method=m, rtol=rtol, atol=atol, t_eval=p["t_eval"])
            err = float(np.max(np.abs(s.y.T - ref.y.T) / (np.abs(ref.y.T) + 1e-300 + (np.array(atol)/rtol if np.ndim(atol) else atol/rtol))))
            out["counts"].append(dict(problem=name, method=m, rtol=rtol, atol=atol, nfev=int(s.nfev), njev=int(s.njev), nlu=int(s.nlu),
                                      steps=int(len(solve_ivp(p["f"], p["span"], p["y0"], method=m, rtol=rtol, atol=atol).t) - 1),
                                      success=bool(s.success), maxScaledError=err))

# odeint examples from the cheat sheet
t = np.linspace(0, 1, 100)
out["odeint"]["scalar"] = dict(t=list(t), y=odeint(lambda v, t: 3*v**2 - 5, 0, t).ravel().tolist())
def dSdx(S, x):
    y1, y2 = S
    return [y1 + y2**2 + 3*x, 3*y1 + y2**3 - np.cos(x)]
out["odeint"]["coupled"] = dict(t=list(t), y=odeint(dSdx, (0, 0), t).tolist())
tight = solve_ivp(lambda x, S: dSdx(S, x), [0, 1], [0, 0], method="DOP853", rtol=1e-13, atol=1e-14, t_eval=t)
out["odeint"]["coupledReference"] = tight.y.T.tolist()
tight = solve_ivp(lambda t, v: 3*v**2 - 5, [0, 1], [0], method="DOP853", rtol=1e-13, atol=1e-14, t_eval=t)
out["odeint"]["scalarReference"] = tight.y.ravel().tolist()

# events: a ball thrown up, terminal when it lands; Lotka-Volterra crossings of y0 = y1
def ground(t, y): return y[0]
ground.terminal = True; ground.direction = -1
ball = solve_ivp(lambda t, y: [y[1], -9.81], [0, 10], [0.0, 10.0], events=ground, rtol=1e-10, atol=1e-12)
def cross(t, y): return y[0] - y[1]
lvev = solve_ivp(lv, [0, 15], [10.0, 5.0], events=cross, method="DOP853", rtol=1e-12, atol=1e-12)
out["events"] = dict(ballLanding=float(ball.t_events[0][0]), lvCrossings=[float(v) for v in lvev.t_events[0]],
                     lvCrossingStates=lvev.y_events[0].tolist())

# Lotka-Volterra parameter estimation on noisy seeded data
rng = np.random.default_rng(20240607)
ptrue = [1.5, 1.0, 3.0, 1.0]
tdata = np.linspace(0, 10, 41)
clean = odeint(lambda y, t: lv(t, y, *ptrue), [10.0, 5.0], tdata, rtol=1e-12, atol=1e-12)
noisy = clean + rng.normal(0, 0.3, clean.shape)
def model(t, a, b, c, d):
    return odeint(lambda y, tt: lv(tt, y, a, b, c, d), [10.0, 5.0], tdata, rtol=1e-10, atol=1e-10).T.ravel()
popt, pcov = curve_fit(model, tdata, noisy.T.ravel(), p0=[1.4, 0.9, 3.2, 1.1])
out["fit"] = dict(t=list(tdata), y0=[10.0, 5.0], trueParameters=ptrue, p0=[1.4, 0.9, 3.2, 1.1], noise=0.3,
                  prey=noisy[:, 0].tolist(), predator=noisy[:, 1].tolist(), popt=popt.tolist(), perr=np.sqrt(np.diag(pcov)).tolist())

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "ode_scipy.json"), "w") as fh:
    json.dump(out, fh, indent=1)
print("ok", popt, np.sqrt(np.diag(pcov)))
