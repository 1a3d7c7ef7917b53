"""scipy 1.10 COBYLA on the problems of tests/Adjoint.Tests/Optimize/Methods/Cobyla/CobylaEngineTests.cs.

rhobeg = 1, tol (rhoend) = 1e-4, maxiter (maxfun) = 1000, catol = 2e-4. scipy 1.10's COBYLA ignores `bounds` and rejects
'eq', so bounds are passed as inequality constraints and each equality as two inequalities. Prints name, nfev, f, max violation, x.
Run: /usr/bin/python3 scripts/cobyla/scipy_cobyla.py
"""
import numpy as np
from scipy.optimize import minimize


def box(lo, hi):
    cons = []
    for i, (l, u) in enumerate(zip(lo, hi)):
        if np.isfinite(l):
            cons.append({'type': 'ineq', 'fun': (lambda x, i=i, l=l: x[i] - l)})
        if np.isfinite(u):
            cons.append({'type': 'ineq', 'fun': (lambda x, i=i, u=u: u - x[i])})
    return cons


def eq(fun):
    # scipy 1.10's COBYLA rejects 'eq': an equality is the pair fun >= 0, -fun >= 0 (what later scipy does itself).
    return {'type': 'eq', 'fun': fun}


def expand(cons):
    out = []
    for c in cons:
        if c['type'] == 'eq':
            out.append({'type': 'ineq', 'fun': c['fun']})
            out.append({'type': 'ineq', 'fun': (lambda x, g=c['fun']: -g(x))})
        else:
            out.append(c)
    return out


def ineq(fun):
    return {'type': 'ineq', 'fun': fun}


inf = np.inf
problems = {
    'Quadratic': (lambda x: (x[0] - 1) ** 2 + 2 * (x[1] + 2) ** 2 + 0.5 * (x[2] - 3) ** 2, [0, 0, 0], []),
    'RosenbrockDisk': (lambda x: (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2, [0, 0],
                       [ineq(lambda x: 1 - x[0] ** 2 - x[1] ** 2)]),
    'HS6': (lambda x: (1 - x[0]) ** 2, [-1.2, 1], [eq(lambda x: 10 * (x[1] - x[0] ** 2))]),
    'HS7': (lambda x: np.log(1 + x[0] ** 2) - x[1], [2, 2], [eq(lambda x: (1 + x[0] ** 2) ** 2 + x[1] ** 2 - 4)]),
    'HS21': (lambda x: 0.01 * x[0] ** 2 + x[1] ** 2 - 100, [-1, -1],
             [ineq(lambda x: 10 * x[0] - x[1] - 10)] + box([2, -50], [50, 50])),
    'HS35': (lambda x: 9 - 8 * x[0] - 6 * x[1] - 4 * x[2] + 2 * x[0] ** 2 + 2 * x[1] ** 2 + x[2] ** 2 + 2 * x[0] * x[1] + 2 * x[0] * x[2],
             [0.5, 0.5, 0.5], [ineq(lambda x: 3 - x[0] - x[1] - 2 * x[2])] + box([0, 0, 0], [inf, inf, inf])),
    'HS71': (lambda x: x[0] * x[3] * (x[0] + x[1] + x[2]) + x[2], [1, 5, 5, 1],
             [ineq(lambda x: x[0] * x[1] * x[2] * x[3] - 25), eq(lambda x: np.sum(np.asarray(x) ** 2) - 40)]
             + box([1] * 4, [5] * 4)),
    'HS100': (lambda x: (x[0] - 10) ** 2 + 5 * (x[1] - 12) ** 2 + x[2] ** 4 + 3 * (x[3] - 11) ** 2 + 10 * x[4] ** 6
              + 7 * x[5] ** 2 + x[6] ** 4 - 4 * x[5] * x[6] - 10 * x[5] - 8 * x[6],
              [1, 2, 0, 4, 0, 1, 1],
              [ineq(lambda x: 127 - 2 * x[0] ** 2 - 3 * x[1] ** 4 - x[2] - 4 * x[3] ** 2 - 5 * x[4]),
               ineq(lambda x: 282 - 7 * x[0] - 3 * x[1] - 10 * x[2] ** 2 - x[3] + x[4]),
               ineq(lambda x: 196 - 23 * x[0] - x[1] ** 2 - 6 * x[5] ** 2 + 8 * x[6]),
               ineq(lambda x: -4 * x[0] ** 2 - x[1] ** 2 + 3 * x[0] * x[1] - 2 * x[2] ** 2 - 5 * x[5] + 11 * x[6])]),
    'Band': (lambda x: (x[0] - 3) ** 2 + (x[1] - 3) ** 2, [0, 0],
             [ineq(lambda x: x[0] + x[1] - 1), ineq(lambda x: 2 - x[0] - x[1])]),
}

runs = [(name, p, 1e-4) for name, p in problems.items()] + [('RosenbrockDisk', problems['RosenbrockDisk'], 1e-6)]
for name, (f, x0, cons), tol in runs:
    r = minimize(f, np.array(x0, float), method='COBYLA', constraints=expand(cons),
                 options={'rhobeg': 1.0, 'tol': tol, 'maxiter': 1000, 'catol': 2e-4})
    name = f"{name}(tol={tol:g})"
    viol = 0.0
    for c in cons:
        v = c['fun'](r.x)
        viol = max(viol, abs(v) if c['type'] == 'eq' else max(0.0, -v))
    print(f"{name:24s} nfev={r.nfev:4d} f={r.fun:.10g} maxcv={viol:.2e} success={r.success} x={np.array2string(r.x, precision=6)}")
