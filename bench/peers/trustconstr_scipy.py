"""scipy 1.10 trust-constr on the Hock-Schittkowski problems of the trust-constr tests: exact Hessians everywhere, or
with --bfgs scipy's BFGS() for the objective and for each constraint. Needs sympy for the derivatives."""
import sys, warnings
import numpy as np
from scipy.optimize import minimize, NonlinearConstraint, Bounds, BFGS, SR1
warnings.filterwarnings("ignore")

# problems: name -> (f, eqs list, ineqs list (g>=0), bounds or None, x0)
import sympy as sp

BFGS_MODE = "--bfgs" in sys.argv

def make(n, fexpr, eqs, ineqs, bounds, x0):
    xs = sp.symbols(f"x0:{n}")
    X = sp.Matrix(xs)
    F = fexpr(xs)
    f = sp.lambdify([xs], F, "numpy")
    g = sp.lambdify([xs], [sp.diff(F, v) for v in xs], "numpy")
    H = sp.lambdify([xs], sp.hessian(F, xs), "numpy")
    cons = []
    def mk(exprs, lb, ub):
        E = [e(xs) for e in exprs]
        c = sp.lambdify([xs], E, "numpy")
        J = sp.lambdify([xs], sp.Matrix(E).jacobian(X), "numpy")
        Hs = [sp.lambdify([xs], sp.hessian(e, xs), "numpy") for e in E]
        def hess(x, v):
            return sum(vi * np.array(h(x), float) for vi, h in zip(v, Hs))
        return NonlinearConstraint(lambda x: np.array(c(x), float), lb, ub,
                                   jac=lambda x: np.array(J(x), float), hess=BFGS() if BFGS_MODE else hess)
    if eqs:
        cons.append(mk(eqs, 0, 0))
    if ineqs:
        cons.append(mk(ineqs, 0, np.inf))
    return (lambda x: float(f(x)), lambda x: np.array(g(x), float), lambda x: np.array(H(x), float), cons, bounds, np.array(x0, float))

sq = lambda t: t**2
P = {
 "HS6": make(2, lambda x: (1-x[0])**2, [lambda x: 10*(x[1]-x[0]**2)], [], None, [-1.2, 1]),
 "HS7": make(2, lambda x: sp.log(1+x[0]**2)-x[1], [lambda x: (1+x[0]**2)**2+x[1]**2-4], [], None, [2, 2]),
 "HS26": make(3, lambda x: (x[0]-x[1])**2+(x[1]-x[2])**4, [lambda x: (1+x[1]**2)*x[0]+x[2]**4-3], [], None, [-2.6, 2, 2]),
 "HS27": make(3, lambda x: 0.01*(x[0]-1)**2+(x[1]-x[0]**2)**2, [lambda x: x[0]+x[2]**2+1], [], None, [2, 2, 2]),
 "HS39": make(4, lambda x: -x[0], [lambda x: x[1]-x[0]**3-x[2]**2, lambda x: x[0]**2-x[1]-x[3]**2], [], None, [2, 2, 2, 2]),
 "HS40": make(4, lambda x: -x[0]*x[1]*x[2]*x[3], [lambda x: x[0]**3+x[1]**2-1, lambda x: x[0]**2*x[3]-x[2], lambda x: x[3]**2-x[1]], [], None, [0.8]*4),
 "HS46": make(5, lambda x: (x[0]-x[1])**2+(x[2]-1)**2+(x[3]-1)**4+(x[4]-1)**6, [lambda x: x[0]**2*x[3]+sp.sin(x[3]-x[4])-1, lambda x: x[1]+x[2]**4*x[3]**2-2], [], None, [np.sqrt(2)/2, 1.75, 0.5, 2, 2]),
 "HS47": make(5, lambda x: (x[0]-x[1])**2+(x[1]-x[2])**3+(x[2]-x[3])**4+(x[3]-x[4])**4, [lambda x: x[0]+x[1]**2+x[2]**3-3, lambda x: x[1]-x[2]**2+x[3]-1, lambda x: x[0]*x[4]-1], [], None, [2, np.sqrt(2), -1, 2-np.sqrt(2), 0.5]),
 "HS48": make(5, lambda x: (x[0]-1)**2+(x[1]-x[2])**2+(x[3]-x[4])**2, [lambda x: x[0]+x[1]+x[2]+x[3]+x[4]-5, lambda x: x[2]-2*(x[3]+x[4])+3], [], None, [3, 5, -3, 2, -2]),
 "HS49": make(5, lambda x: (x[0]-x[1])**2+(x[2]-1)**2+(x[3]-1)**4+(x[4]-1)**6, [lambda x: x[0]+x[1]+x[2]+4*x[3]-7, lambda x: x[2]+5*x[4]-6], [], None, [10, 7, 2, -3, 0.8]),
 "HS50": make(5, lambda x: (x[0]-x[1])**2+(x[1]-x[2])**2+(x[2]-x[3])**4+(x[3]-x[4])**2, [lambda x: x[0]+2*x[1]+3*x[2]-6, lambda x: x[1]+2*x[2]+3*x[3]-6, lambda x: x[2]+2*x[3]+3*x[4]-6], [], None, [35, -31, 11, 5, -5]),
 "HS21": make(2, lambda x: 0.01*x[0]**2+x[1]**2-100, [], [lambda x: 10*x[0]-x[1]-10], Bounds([2, -50], [50, 50]), [-1, -1]),
 "HS35": make(3, lambda x: 9-8*x[0]-6*x[1]-4*x[2]+2*x[0]**2+2*x[1]**2+x[2]**2+2*x[0]*x[1]+2*x[0]*x[2], [], [lambda x: 3-x[0]-x[1]-2*x[2]], Bounds([0, 0, 0], [np.inf]*3), [0.5, 0.5, 0.5]),
 "HS71": make(4, lambda x: x[0]*x[3]*(x[0]+x[1]+x[2])+x[2], [lambda x: x[0]**2+x[1]**2+x[2]**2+x[3]**2-40], [lambda x: x[0]*x[1]*x[2]*x[3]-25], Bounds([1]*4, [5]*4), [1, 5, 5, 1]),
 "HS100": make(7, lambda x: (x[0]-10)**2+5*(x[1]-12)**2+x[2]**4+3*(x[3]-11)**2+10*x[4]**6+7*x[5]**2+x[6]**4-4*x[5]*x[6]-10*x[5]-8*x[6], [],
   [lambda x: 127-2*x[0]**2-3*x[1]**4-x[2]-4*x[3]**2-5*x[4], lambda x: 282-7*x[0]-3*x[1]-10*x[2]**2-x[3]+x[4],
    lambda x: 196-23*x[0]-x[1]**2-6*x[5]**2+8*x[6], lambda x: -4*x[0]**2-x[1]**2+3*x[0]*x[1]-2*x[2]**2-5*x[5]+11*x[6]], None, [1, 2, 0, 4, 0, 1, 1]),
}

if __name__ == "__main__":
    names = [a for a in sys.argv[1:] if not a.startswith("--")] or list(P)
    print(f"{'problem':8} {'status':>6} {'nit':>5} {'nfev':>5} {'njev':>5} {'nhev':>5} {'f':>22} {'optimality':>10} {'violation':>10}")
    for name in names:
        f, g, H, cons, b, x0 = P[name]
        r = minimize(f, x0, jac=g, hess=BFGS() if BFGS_MODE else H, method="trust-constr", constraints=cons, bounds=b)
        print(f"{name:8} {r.status:>6} {r.nit:>5} {r.nfev:>5} {r.njev:>5} {r.nhev:>5} {r.fun:>22.15g} {r.optimality:>10.2e} {r.constr_violation:>10.2e}  x={np.array2string(r.x, precision=8)}")
