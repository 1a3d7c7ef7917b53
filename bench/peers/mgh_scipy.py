#!/usr/bin/env python3
"""Runs scipy.optimize.minimize on the More-Garbow-Hillstrom problems of tests/Adjoint.TestProblems (same starts,
same problem sizes) and prints {method: {"Name(n)": {"nit", "nfev", "njev", "fun", "success"}}} as JSON.

Exact gradients and Hessian-vector products come from torch autograd in float64.
Usage: /usr/bin/python3 bench/peers/mgh_scipy.py > mgh_scipy.json
"""
import json
import math
import sys
import warnings

import numpy as np
import torch
from scipy.optimize import minimize

torch.set_default_dtype(torch.float64)
T = torch.tensor


def seq(a, b, f):
    return [f(i) for i in range(a, b + 1)]


def rosenbrock(x):
    return torch.stack([10 * (x[1] - x[0] ** 2), 1 - x[0]])


def freudenstein_roth(x):
    return torch.stack([-13 + x[0] + ((5 - x[1]) * x[1] - 2) * x[1], -29 + x[0] + ((x[1] + 1) * x[1] - 14) * x[1]])


def powell_badly_scaled(x):
    return torch.stack([1e4 * x[0] * x[1] - 1, torch.exp(-x[0]) + torch.exp(-x[1]) - 1.0001])


def brown_badly_scaled(x):
    return torch.stack([x[0] - 1e6, x[1] - 2e-6, x[0] * x[1] - 2])


def beale(x):
    i = T([1.0, 2.0, 3.0])
    return T([1.5, 2.25, 2.625]) - x[0] * (1 - x[1] ** i)


def jennrich_sampson(x):
    i = T(seq(1, 10, float))
    return 2 + 2 * i - (torch.exp(i * x[0]) + torch.exp(i * x[1]))


def bard(x):
    y = T([0.14, 0.18, 0.22, 0.25, 0.29, 0.32, 0.35, 0.39, 0.37, 0.58, 0.73, 0.96, 1.34, 2.10, 4.39])
    u = T(seq(1, 15, float))
    v = 16 - u
    w = torch.minimum(u, v)
    return y - (x[0] + u / (v * x[1] + w * x[2]))


def gaussian(x):
    y = T([0.0009, 0.0044, 0.0175, 0.0540, 0.1295, 0.2420, 0.3521, 0.3989, 0.3521, 0.2420, 0.1295, 0.0540, 0.0175, 0.0044, 0.0009])
    t = T(seq(1, 15, lambda i: (8 - i) / 2))
    return x[0] * torch.exp(-0.5 * x[1] * (t - x[2]) ** 2) - y


def meyer(x):
    y = T([34780, 28610, 23650, 19630, 16370, 13720, 11540, 9744, 8261, 7030, 6005, 5147, 4427, 3820, 3307, 2872.0])
    t = T(seq(1, 16, lambda i: 45 + 5.0 * i))
    return x[0] * torch.exp(x[1] / (t + x[2])) - y


def gulf(x):
    t = np.array(seq(1, 99, lambda i: i / 100))
    y = T(25 + (-50 * np.log(t)) ** (2 / 3))
    return torch.exp(-torch.abs(y - x[1]) ** x[2] / x[0]) - T(t)


def box3d(x):
    t = np.array(seq(1, 10, lambda i: 0.1 * i))
    return torch.exp(-T(t) * x[0]) - torch.exp(-T(t) * x[1]) - x[2] * T(np.exp(-t) - np.exp(-10 * t))


def powell_singular(x):
    return torch.stack([x[0] + 10 * x[1], math.sqrt(5) * (x[2] - x[3]), (x[1] - 2 * x[2]) ** 2, math.sqrt(10) * (x[0] - x[3]) ** 2])


def wood(x):
    return torch.stack([10 * (x[1] - x[0] ** 2), 1 - x[0], math.sqrt(90) * (x[3] - x[2] ** 2), 1 - x[2],
                        math.sqrt(10) * (x[1] + x[3] - 2), (x[1] - x[3]) / math.sqrt(10)])


def kowalik_osborne(x):
    y = T([0.1957, 0.1947, 0.1735, 0.1600, 0.0844, 0.0627, 0.0456, 0.0342, 0.0323, 0.0235, 0.0246])
    u = T([4, 2, 1, 0.5, 0.25, 0.167, 0.125, 0.1, 0.0833, 0.0714, 0.0625])
    return y - x[0] * (u ** 2 + u * x[1]) / (u ** 2 + u * x[2] + x[3])


def brown_dennis(x):
    t = np.array(seq(1, 20, lambda i: i / 5))
    a = x[0] + T(t) * x[1] - T(np.exp(t))
    b = x[2] + x[3] * T(np.sin(t)) - T(np.cos(t))
    return a ** 2 + b ** 2


def osborne1(x):
    y = T([0.844, 0.908, 0.932, 0.936, 0.925, 0.908, 0.881, 0.850, 0.818, 0.784, 0.751, 0.718, 0.685, 0.658, 0.628, 0.603,
           0.580, 0.558, 0.538, 0.522, 0.506, 0.490, 0.478, 0.467, 0.457, 0.448, 0.438, 0.431, 0.424, 0.420, 0.414, 0.411, 0.406])
    t = T(seq(1, 33, lambda i: 10.0 * (i - 1)))
    return y - (x[0] + x[1] * torch.exp(-t * x[3]) + x[2] * torch.exp(-t * x[4]))


def biggs(x):
    t = np.array(seq(1, 13, lambda i: 0.1 * i))
    y = T(np.exp(-t) - 5 * np.exp(-10 * t) + 3 * np.exp(-4 * t))
    t = T(t)
    return x[2] * torch.exp(-t * x[0]) - x[3] * torch.exp(-t * x[1]) + x[5] * torch.exp(-t * x[4]) - y


OSB2_Y = [1.366, 1.191, 1.112, 1.013, 0.991, 0.885, 0.831, 0.847, 0.786, 0.725, 0.746, 0.679, 0.608, 0.655, 0.616, 0.606,
          0.602, 0.626, 0.651, 0.724, 0.649, 0.649, 0.694, 0.644, 0.624, 0.661, 0.612, 0.558, 0.533, 0.495, 0.500, 0.423, 0.395,
          0.375, 0.372, 0.391, 0.396, 0.405, 0.428, 0.429, 0.523, 0.562, 0.607, 0.653, 0.672, 0.708, 0.633, 0.668, 0.645, 0.632,
          0.591, 0.559, 0.597, 0.625, 0.739, 0.710, 0.729, 0.720, 0.636, 0.581, 0.428, 0.292, 0.162, 0.098, 0.054]


def osborne2(x):
    t = T(seq(1, 65, lambda i: (i - 1) / 10))
    m = (x[0] * torch.exp(-t * x[4]) + x[1] * torch.exp(-(t - x[8]) ** 2 * x[5])
         + x[2] * torch.exp(-(t - x[9]) ** 2 * x[6]) + x[3] * torch.exp(-(t - x[10]) ** 2 * x[7]))
    return T(OSB2_Y) - m


def watson(x):
    n = x.shape[0]
    t = np.arange(1, 30) / 29.0
    j = np.arange(n)
    v = t[:, None] ** j[None, :]
    a = np.where(j[None, :] == 0, 0.0, j[None, :] * t[:, None] ** np.maximum(j[None, :] - 1, 0))
    r = T(a) @ x - (T(v) @ x) ** 2 - 1
    return torch.cat([r, x[0:1], (x[1] - x[0] ** 2 - 1).reshape(1)])


def ext_rosenbrock(x):
    return torch.cat([10 * (x[1::2] - x[0::2] ** 2), 1 - x[0::2]])


def ext_powell(x):
    a, b, c, d = x[0::4], x[1::4], x[2::4], x[3::4]
    return torch.cat([a + 10 * b, math.sqrt(5) * (c - d), (b - 2 * c) ** 2, math.sqrt(10) * (a - d) ** 2])


def penalty1(x):
    return torch.cat([math.sqrt(1e-5) * (x - 1), (torch.sum(x ** 2) - 0.25).reshape(1)])


def penalty2(x):
    n = x.shape[0]
    a = math.sqrt(1e-5)
    y = T(seq(2, n, lambda i: math.exp(i / 10) + math.exp((i - 1) / 10)))
    w = T(seq(1, n, lambda j: n - j + 1.0))
    return torch.cat([(x[0] - 0.2).reshape(1), a * (torch.exp(x[1:] / 10) + torch.exp(x[:-1] / 10) - y),
                      a * (torch.exp(x[1:] / 10) - math.exp(-0.1)), (torch.sum(w * x ** 2) - 1).reshape(1)])


def variably_dimensioned(x):
    n = x.shape[0]
    s = torch.sum(T(seq(1, n, float)) * (x - 1))
    return torch.cat([x - 1, s.reshape(1), (s ** 2).reshape(1)])


def trigonometric(x):
    n = x.shape[0]
    i = T(seq(1, n, float))
    return n - torch.sum(torch.cos(x)) + i * (1 - torch.cos(x)) - torch.sin(x)


def brown_almost_linear(x):
    n = x.shape[0]
    return torch.cat([x[:-1] + torch.sum(x) - (n + 1), (torch.prod(x) - 1).reshape(1)])


def discrete_boundary(x):
    n = x.shape[0]
    h = 1 / (n + 1)
    t = T(seq(1, n, lambda i: i * h))
    z = torch.zeros(1)
    prev = torch.cat([z, x[:-1]])
    nxt = torch.cat([x[1:], z])
    return 2 * x - prev - nxt + h * h / 2 * (x + t + 1) ** 3


def discrete_integral(x):
    n = x.shape[0]
    h = 1 / (n + 1)
    tv = np.array(seq(1, n, lambda i: i * h))
    idx = np.arange(n)
    lower = np.where(idx[None, :] <= idx[:, None], tv[None, :], 0.0)
    upper = np.where(idx[None, :] > idx[:, None], 1 - tv[None, :], 0.0)
    t = T(tv)
    v = (x + t + 1) ** 3
    return x + h / 2 * ((1 - t) * (T(lower) @ v) + t * (T(upper) @ v))


def broyden_tridiagonal(x):
    z = torch.zeros(1)
    prev = torch.cat([z, x[:-1]])
    nxt = torch.cat([x[1:], z])
    return (3 - 2 * x) * x - prev - 2 * nxt + 1


def broyden_banded(x):
    n = x.shape[0]
    band = np.zeros((n, n))
    for i in range(n):
        for j in range(max(0, i - 5), min(n - 1, i + 1) + 1):
            band[i, j] = 0.0 if i == j else 1.0
    return x * (2 + 5 * x ** 2) + 1 - T(band) @ (x * (1 + x))


def linear_full_rank(x, m=20):
    n = x.shape[0]
    s = torch.sum(x)
    return torch.cat([x - 2 / m * s - 1, (-2 / m * s - 1) * torch.ones(m - n)])


def linear_rank1(x, m=20):
    n = x.shape[0]
    s = torch.sum(T(seq(1, n, float)) * x)
    return T(seq(1, m, float)) * s - 1


def linear_rank1_zero(x, m=20):
    n = x.shape[0]
    s = torch.sum(T(seq(1, n, lambda j: 0.0 if j in (1, n) else float(j))) * x)
    return T(seq(1, m, lambda i: 0.0 if i in (1, m) else i - 1.0)) * s - 1


def chebyquad(x):
    n = x.shape[0]
    y = 2 * x - 1
    tp, t = torch.ones_like(y), y
    out = []
    for i in range(1, n + 1):
        integral = 0.0 if i % 2 == 1 else -1.0 / (i * i - 1)
        out.append(torch.mean(t) - integral)
        tp, t = t, 2 * y * t - tp
    return torch.stack(out)


PROBLEMS = [
    ("Rosenbrock", rosenbrock, [-1.2, 1]),
    ("FreudensteinRoth", freudenstein_roth, [0.5, -2]),
    ("PowellBadlyScaled", powell_badly_scaled, [0, 1]),
    ("BrownBadlyScaled", brown_badly_scaled, [1, 1]),
    ("Beale", beale, [1, 1]),
    ("JennrichSampson", jennrich_sampson, [0.3, 0.4]),
    ("Bard", bard, [1, 1, 1]),
    ("Gaussian", gaussian, [0.4, 1, 0]),
    ("Meyer", meyer, [0.02, 4000, 250]),
    ("GulfResearch", gulf, [5, 2.5, 0.15]),
    ("Box3D", box3d, [0, 10, 20]),
    ("PowellSingular", powell_singular, [3, -1, 0, 1]),
    ("Wood", wood, [-3, -1, -3, -1]),
    ("KowalikOsborne", kowalik_osborne, [0.25, 0.39, 0.415, 0.39]),
    ("BrownDennis", brown_dennis, [25, 5, -5, -1]),
    ("Osborne1", osborne1, [0.5, 1.5, -1, 0.01, 0.02]),
    ("BiggsExp6", biggs, [1, 2, 1, 1, 1, 1]),
    ("Osborne2", osborne2, [1.3, 0.65, 0.65, 0.7, 0.6, 3, 5, 7, 2, 4.5, 5.5]),
    ("Watson", watson, [0.0] * 6),
    ("Watson", watson, [0.0] * 9),
    ("ExtendedRosenbrock", ext_rosenbrock, [-1.2, 1] * 5),
    ("ExtendedPowellSingular", ext_powell, [3, -1, 0, 1] * 2),
    ("PenaltyI", penalty1, [1, 2, 3, 4]),
    ("PenaltyII", penalty2, [0.5] * 4),
    ("VariablyDimensioned", variably_dimensioned, [1 - j / 10 for j in range(1, 11)]),
    ("Trigonometric", trigonometric, [0.1] * 10),
    ("BrownAlmostLinear", brown_almost_linear, [0.5] * 10),
    ("DiscreteBoundaryValue", discrete_boundary, [i / 11 * (i / 11 - 1) for i in range(1, 11)]),
    ("DiscreteIntegralEquation", discrete_integral, [i / 11 * (i / 11 - 1) for i in range(1, 11)]),
    ("BroydenTridiagonal", broyden_tridiagonal, [-1.0] * 10),
    ("BroydenBanded", broyden_banded, [-1.0] * 10),
    ("LinearFullRank", linear_full_rank, [1.0] * 10),
    ("LinearRank1", linear_rank1, [1.0] * 10),
    ("LinearRank1ZeroColumnsRows", linear_rank1_zero, [1.0] * 10),
    ("Chebyquad", chebyquad, [j / 9 for j in range(1, 9)]),
]


def make(res):
    def f(x):
        return float(torch.sum(res(T(x)) ** 2))

    def fg(x):
        xt = T(x).requires_grad_(True)
        v = torch.sum(res(xt) ** 2)
        (g,) = torch.autograd.grad(v, xt)
        return float(v), g.numpy()

    def hessp(x, p):
        xt = T(x).requires_grad_(True)
        v = torch.sum(res(xt) ** 2)
        (g,) = torch.autograd.grad(v, xt, create_graph=True)
        (hv,) = torch.autograd.grad(g @ T(p), xt)
        return hv.numpy()

    def hess(x):
        xt = T(x)
        h = torch.autograd.functional.hessian(lambda z: torch.sum(res(z) ** 2), xt)
        return h.numpy()

    return f, fg, hessp, hess


def main():
    methods = sys.argv[1:] or ["Nelder-Mead", "Powell", "CG", "BFGS", "Newton-CG", "L-BFGS-B", "TNC",
                               "dogleg", "trust-ncg", "trust-exact", "trust-krylov"]
    out = {}
    warnings.simplefilter("ignore")
    for method in methods:
        out[method] = {}
        for name, res, x0 in PROBLEMS:
            f, fg, hessp, hess = make(res)
            x0 = np.array(x0, dtype=float)
            if method in ("Nelder-Mead", "Powell"):
                r = minimize(f, x0, method=method)
            elif method in ("Newton-CG", "trust-ncg", "trust-krylov"):
                r = minimize(fg, x0, jac=True, hessp=hessp, method=method)
            elif method in ("dogleg", "trust-exact"):
                try:
                    r = minimize(fg, x0, jac=True, hess=hess, method=method)
                except Exception as e:  # dogleg raises on indefinite Hessians
                    out[method][f"{name}({len(x0)})"] = {"nit": 0, "nfev": 0, "njev": 0, "fun": float("nan"),
                                                         "success": False, "error": str(e)}
                    continue
            else:
                r = minimize(fg, x0, jac=True, method=method)
            key = f"{name}({len(x0)})"
            out[method][key] = {"nit": int(r.nit), "nfev": int(r.nfev), "njev": int(getattr(r, "njev", 0) or 0),
                                "fun": float(r.fun), "success": bool(r.success)}
    json.dump(out, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
