"""The Hock-Schittkowski problems of tests/Adjoint.TestProblems/HockSchittkowski.cs, written with torch (float64).

Same order, names, starts, bounds, constraints (same names, same row order) and f* as the C# catalog; see the C# file
for the source of each f* and the misprints found. Constraint kinds:
  ("nl", name, fun, lower, upper)  lower <= fun(x) <= upper row by row (fun returns a 1-D tensor)
  ("lin", name, A, lower, upper)   lower <= A x <= upper
Inequalities are written g(x) >= 0 (lower 0, upper inf) and equalities h(x) = 0, as in the book.
"""
import math

import torch

torch.set_default_dtype(torch.float64)
INF = math.inf
SQRT2, SQRT3, SQRT7 = math.sqrt(2), math.sqrt(3), math.sqrt(7)


def v(*parts):
    return torch.stack(list(parts))


def eq(name, fun):
    return ("nl", name, fun, [0.0], [0.0])


def ineq(name, fun):
    return ("nl", name, fun, [0.0], [INF])


def lin(name, a, lower, upper):
    return ("lin", name, a, lower, upper)


def rosen(x):
    return 100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2


PROBLEMS = []


def problem(name, f, x0, fstar, xstar, lower=None, upper=None, constraints=(), others=(), tags=()):
    PROBLEMS.append(dict(name=name, f=f, x0=[float(t) for t in x0], lower=lower, upper=upper,
                         constraints=list(constraints), fstar=fstar, xstar=xstar, others=list(others), tags=list(tags)))


# ---- problems, in the order of the C# catalog ----
problem("HS001", rosen, [-2, 1], 0.0, [1, 1], lower=[-INF, -1.5], upper=[INF, INF])
problem("HS002", rosen, [-2, 1], 0.0504261879, [1.2243707487363527, 1.5], lower=[-INF, 1.5], upper=[INF, INF],
        others=[4.9412293586])
problem("HS003", lambda x: x[1] + 1e-5 * (x[1] - x[0]) ** 2, [10, 1], 0.0, [0, 0], lower=[-INF, 0], upper=[INF, INF])
problem("HS004", lambda x: (x[0] + 1) ** 3 / 3 + x[1], [1.125, 0.125], 8 / 3, [1, 0], lower=[1, 0], upper=[INF, INF])
problem("HS005", lambda x: torch.sin(x[0] + x[1]) + (x[0] - x[1]) ** 2 - 1.5 * x[0] + 2.5 * x[1] + 1, [0, 0],
        -SQRT3 / 2 - math.pi / 3, [-math.pi / 3 + 0.5, -math.pi / 3 - 0.5], lower=[-1.5, -3], upper=[4, 3])
problem("HS006", lambda x: (1 - x[0]) ** 2, [-1.2, 1], 0.0, [1, 1],
        constraints=[eq("h1", lambda x: v(10 * (x[1] - x[0] ** 2)))])
problem("HS007", lambda x: torch.log(1 + x[0] ** 2) - x[1], [2, 2], -SQRT3, [0, SQRT3],
        constraints=[eq("h1", lambda x: v((1 + x[0] ** 2) ** 2 + x[1] ** 2 - 4))])
_a8 = math.sqrt((25 + math.sqrt(301)) / 2)
problem("HS008", lambda x: x[0] * 0 - 1, [2, 1], -1.0, [_a8, 9 / _a8],
        constraints=[eq("h1", lambda x: v(x[0] ** 2 + x[1] ** 2 - 25)), eq("h2", lambda x: v(x[0] * x[1] - 9))])
problem("HS009", lambda x: torch.sin(math.pi * x[0] / 12) * torch.cos(math.pi * x[1] / 16), [0, 0], -0.5, [-3, -4],
        constraints=[lin("h1", [[4, -3]], [0], [0])])
problem("HS010", lambda x: x[0] - x[1], [-10, 10], -1.0, [0, 1],
        constraints=[ineq("g1", lambda x: v(-3 * x[0] ** 2 + 2 * x[0] * x[1] - x[1] ** 2 + 1))])
_a11 = 7.5 * math.sqrt(6) + math.sqrt(338.5)
problem("HS011", lambda x: (x[0] - 5) ** 2 + x[1] ** 2 - 25, [4.9, 0.1], -8.498464223,
        [1.2347728250773, 1.5246639295494],
        constraints=[ineq("g1", lambda x: v(-x[0] ** 2 + x[1]))])
problem("HS012", lambda x: 0.5 * x[0] ** 2 + x[1] ** 2 - x[0] * x[1] - 7 * x[0] - 7 * x[1], [0, 0], -30.0, [2, 3],
        constraints=[ineq("g1", lambda x: v(25 - 4 * x[0] ** 2 - x[1] ** 2))])
problem("HS013", lambda x: (x[0] - 2) ** 2 + x[1] ** 2, [-2, -2], 1.0, [1, 0], lower=[0, 0], upper=[INF, INF],
        constraints=[ineq("g1", lambda x: v((1 - x[0]) ** 3 - x[1]))])
problem("HS014", lambda x: (x[0] - 2) ** 2 + (x[1] - 1) ** 2, [2, 2], 9 - 2.875 * SQRT7,
        [0.5 * (SQRT7 - 1), 0.25 * (SQRT7 + 1)],
        constraints=[ineq("g1", lambda x: v(1 - 0.25 * x[0] ** 2 - x[1] ** 2)), lin("h1", [[1, -2]], [-1], [-1])])
problem("HS015", rosen, [-2, 1], 306.5, [0.5, 2], lower=[-INF, -INF], upper=[0.5, INF],
        constraints=[ineq("g1", lambda x: v(x[0] * x[1] - 1)), ineq("g2", lambda x: v(x[0] + x[1] ** 2))], others=[360.3797671763])
problem("HS016", rosen, [-2, 1], 0.25, [0.5, 0.25], lower=[-0.5, -INF], upper=[0.5, 1],
        constraints=[ineq("g1", lambda x: v(x[0] + x[1] ** 2)), ineq("g2", lambda x: v(x[0] ** 2 + x[1]))],
        others=[100 * (math.sqrt(0.5) - 0.25) ** 2 + 2.25])
problem("HS017", rosen, [-2, 1], 1.0, [0, 0], lower=[-0.5, -INF], upper=[0.5, 1],
        constraints=[ineq("g1", lambda x: v(x[1] ** 2 - x[0])), ineq("g2", lambda x: v(x[0] ** 2 - x[1]))])
problem("HS018", lambda x: 0.01 * x[0] ** 2 + x[1] ** 2, [2, 2], 5.0, [math.sqrt(250), math.sqrt(2.5)],
        lower=[2, 0], upper=[50, 50],
        constraints=[ineq("g1", lambda x: v(x[0] * x[1] - 25)), ineq("g2", lambda x: v(x[0] ** 2 + x[1] ** 2 - 25))])
problem("HS020", rosen, [-2, 1], 81.5 - 25 * SQRT3, [0.5, SQRT3 / 2], lower=[-0.5, -INF], upper=[0.5, INF],
        constraints=[ineq("g1", lambda x: v(x[0] + x[1] ** 2)), ineq("g2", lambda x: v(x[0] ** 2 + x[1])),
                     ineq("g3", lambda x: v(x[0] ** 2 + x[1] ** 2 - 1))], others=[81.5 - 25 * SQRT3 + 2])
problem("HS021", lambda x: 0.01 * x[0] ** 2 + x[1] ** 2 - 100, [-1, -1], -99.96, [2, 0], lower=[2, -50], upper=[50, 50],
        constraints=[lin("g1", [[10, -1]], [10], [INF])])
problem("HS022", lambda x: (x[0] - 2) ** 2 + (x[1] - 1) ** 2, [2, 2], 1.0, [1, 1],
        constraints=[lin("g1", [[-1, -1]], [-2], [INF]), ineq("g2", lambda x: v(-x[0] ** 2 + x[1]))])
problem("HS023", lambda x: x[0] ** 2 + x[1] ** 2, [3, 1], 2.0, [1, 1], lower=[-50, -50], upper=[50, 50],
        constraints=[lin("g1", [[1, 1]], [1], [INF]), ineq("g2", lambda x: v(x[0] ** 2 + x[1] ** 2 - 1)),
                     ineq("g3", lambda x: v(9 * x[0] ** 2 + x[1] ** 2 - 9)), ineq("g4", lambda x: v(x[0] ** 2 - x[1])),
                     ineq("g5", lambda x: v(x[1] ** 2 - x[0]))])
problem("HS024", lambda x: ((x[0] - 3) ** 2 - 9) * x[1] ** 3 / (27 * SQRT3), [1, 0.5], -1.0, [3, SQRT3],
        lower=[0, 0], upper=[INF, INF],
        constraints=[lin("g", [[1 / SQRT3, -1], [1, SQRT3], [-1, -SQRT3]], [0, 0, -6], [INF, INF, INF])])
_u25 = [25 + (-50 * math.log(0.01 * i)) ** (2 / 3) for i in range(1, 100)]


def _hs25(x):
    i = torch.arange(1, 100, dtype=x.dtype)
    u = torch.tensor(_u25, dtype=x.dtype)
    return ((-0.01 * i + torch.exp(-torch.abs(u - x[1]) ** x[2] / x[0])) ** 2).sum()


problem("HS025", _hs25, [100, 12.5, 3], 0.0, [50, 25, 1.5], lower=[0.1, 0, 0], upper=[100, 25.6, 5])
problem("HS026", lambda x: (x[0] - x[1]) ** 2 + (x[1] - x[2]) ** 4, [-2.6, 2, 2], 0.0, [1, 1, 1],
        constraints=[eq("h1", lambda x: v((1 + x[1] ** 2) * x[0] + x[2] ** 4 - 3))])
problem("HS027", lambda x: 0.01 * (x[0] - 1) ** 2 + (x[1] - x[0] ** 2) ** 2, [2, 2, 2], 0.04, [-1, 1, 0],
        constraints=[eq("h1", lambda x: v(x[0] + x[2] ** 2 + 1))])
problem("HS028", lambda x: (x[0] + x[1]) ** 2 + (x[1] + x[2]) ** 2, [-4, 1, 1], 0.0, [0.5, -0.5, 0.5],
        constraints=[lin("h1", [[1, 2, 3]], [1], [1])])
problem("HS029", lambda x: -x[0] * x[1] * x[2], [1, 1, 1], -16 * SQRT2, [4, 2 * SQRT2, 2],
        constraints=[ineq("g1", lambda x: v(48 - x[0] ** 2 - 2 * x[1] ** 2 - 4 * x[2] ** 2))])
problem("HS030", lambda x: (x ** 2).sum(), [1, 1, 1], 1.0, [1, 0, 0], lower=[1, -10, -10], upper=[10, 10, 10],
        constraints=[ineq("g1", lambda x: v(x[0] ** 2 + x[1] ** 2 - 1))])
problem("HS031", lambda x: 9 * x[0] ** 2 + x[1] ** 2 + 9 * x[2] ** 2, [1, 1, 1], 6.0, [1 / SQRT3, SQRT3, 0],
        lower=[-10, 1, -10], upper=[10, 10, 1], constraints=[ineq("g1", lambda x: v(x[0] * x[1] - 1))])
problem("HS032", lambda x: (x[0] + 3 * x[1] + x[2]) ** 2 + 4 * (x[0] - x[1]) ** 2, [0.1, 0.7, 0.2], 1.0, [0, 0, 1],
        lower=[0, 0, 0], upper=[INF, INF, INF],
        constraints=[ineq("g1", lambda x: v(6 * x[1] + 4 * x[2] - x[0] ** 3 - 3)), lin("h1", [[-1, -1, -1]], [-1], [-1])])
problem("HS035", lambda x: 9 - 8 * x[0] - 6 * x[1] - 4 * x[2] + 2 * x[0] ** 2 + 2 * x[1] ** 2 + x[2] ** 2
        + 2 * x[0] * x[1] + 2 * x[0] * x[2], [0.5, 0.5, 0.5], 1 / 9, [4 / 3, 7 / 9, 4 / 9],
        lower=[0, 0, 0], upper=[INF, INF, INF], constraints=[lin("g1", [[-1, -1, -2]], [-3], [INF])])
problem("HS036", lambda x: -x[0] * x[1] * x[2], [10, 10, 10], -3300.0, [20, 11, 15], lower=[0, 0, 0], upper=[20, 11, 42],
        constraints=[lin("g1", [[-1, -2, -2]], [-72], [INF])])
problem("HS038", lambda x: 100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2 + 90 * (x[3] - x[2] ** 2) ** 2 + (1 - x[2]) ** 2
        + 10.1 * ((x[1] - 1) ** 2 + (x[3] - 1) ** 2) + 19.8 * (x[1] - 1) * (x[3] - 1), [-3, -1, -3, -1], 0.0, [1, 1, 1, 1],
        lower=[-10] * 4, upper=[10] * 4)
problem("HS039", lambda x: -x[0], [2, 2, 2, 2], -1.0, [1, 1, 0, 0],
        constraints=[eq("h1", lambda x: v(x[1] - x[0] ** 3 - x[2] ** 2)), eq("h2", lambda x: v(x[0] ** 2 - x[1] - x[3] ** 2))])
problem("HS040", lambda x: -x[0] * x[1] * x[2] * x[3], [0.8] * 4, -0.25, [2 ** (-1 / 3), 2 ** (-1 / 2), 2 ** (-11 / 12), 2 ** (-1 / 4)],
        constraints=[eq("h1", lambda x: v(x[0] ** 3 + x[1] ** 2 - 1)), eq("h2", lambda x: v(x[0] ** 2 * x[3] - x[2])),
                     eq("h3", lambda x: v(x[3] ** 2 - x[1]))])
problem("HS041", lambda x: 2 - x[0] * x[1] * x[2], [2, 2, 2, 2], 52 / 27, [2 / 3, 1 / 3, 1 / 3, 2],
        lower=[0] * 4, upper=[1, 1, 1, 2], constraints=[lin("h1", [[1, 2, 2, -1]], [0], [0])])
problem("HS042", lambda x: (x[0] - 1) ** 2 + (x[1] - 2) ** 2 + (x[2] - 3) ** 2 + (x[3] - 4) ** 2, [1, 1, 1, 1],
        28 - 10 * SQRT2, [2, 2, 0.6 * SQRT2, 0.8 * SQRT2],
        constraints=[lin("h1", [[1, 0, 0, 0]], [2], [2]), eq("h2", lambda x: v(x[2] ** 2 + x[3] ** 2 - 2))])
problem("HS043", lambda x: x[0] ** 2 + x[1] ** 2 + 2 * x[2] ** 2 + x[3] ** 2 - 5 * x[0] - 5 * x[1] - 21 * x[2] + 7 * x[3],
        [0, 0, 0, 0], -44.0, [0, 1, 2, -1],
        constraints=[ineq("g1", lambda x: v(8 - x[0] ** 2 - x[1] ** 2 - x[2] ** 2 - x[3] ** 2 - x[0] + x[1] - x[2] + x[3])),
                     ineq("g2", lambda x: v(10 - x[0] ** 2 - 2 * x[1] ** 2 - x[2] ** 2 - 2 * x[3] ** 2 + x[0] + x[3])),
                     ineq("g3", lambda x: v(5 - 2 * x[0] ** 2 - x[1] ** 2 - x[2] ** 2 - 2 * x[0] + x[1] + x[3]))])
problem("HS045", lambda x: 2 - x[0] * x[1] * x[2] * x[3] * x[4] / 120, [2] * 5, 1.0, [1, 2, 3, 4, 5],
        lower=[0] * 5, upper=[1, 2, 3, 4, 5])
problem("HS046", lambda x: (x[0] - x[1]) ** 2 + (x[2] - 1) ** 2 + (x[3] - 1) ** 4 + (x[4] - 1) ** 6,
        [SQRT2 / 2, 1.75, 0.5, 2, 2], 0.0, [1] * 5,
        constraints=[eq("h1", lambda x: v(x[0] ** 2 * x[3] + torch.sin(x[3] - x[4]) - 1)),
                     eq("h2", lambda x: v(x[1] + x[2] ** 4 * x[3] ** 2 - 2))])
problem("HS047", lambda x: (x[0] - x[1]) ** 2 + (x[1] - x[2]) ** 3 + (x[2] - x[3]) ** 4 + (x[3] - x[4]) ** 4,
        [2, SQRT2, -1, 2 - SQRT2, 0.5], -0.026714182694, [0.6770043955794, 0.7260894728455, 1.2154912140129,
        1.7513294184971, 1.4770952840626], others=[0.0],
        constraints=[eq("h1", lambda x: v(x[0] + x[1] ** 2 + x[2] ** 3 - 3)),
                     eq("h2", lambda x: v(x[1] - x[2] ** 2 + x[3] - 1)), eq("h3", lambda x: v(x[0] * x[4] - 1))])
problem("HS048", lambda x: (x[0] - 1) ** 2 + (x[1] - x[2]) ** 2 + (x[3] - x[4]) ** 2, [3, 5, -3, 2, -2], 0.0, [1] * 5,
        constraints=[lin("h", [[1, 1, 1, 1, 1], [0, 0, 1, -2, -2]], [5, -3], [5, -3])])
problem("HS049", lambda x: (x[0] - x[1]) ** 2 + (x[2] - 1) ** 2 + (x[3] - 1) ** 4 + (x[4] - 1) ** 6, [10, 7, 2, -3, 0.8],
        0.0, [1] * 5, constraints=[lin("h", [[1, 1, 1, 4, 0], [0, 0, 1, 0, 5]], [7, 6], [7, 6])])
problem("HS050", lambda x: (x[0] - x[1]) ** 2 + (x[1] - x[2]) ** 2 + (x[2] - x[3]) ** 4 + (x[3] - x[4]) ** 2,
        [35, -31, 11, 5, -5], 0.0, [1] * 5,
        constraints=[lin("h", [[1, 2, 3, 0, 0], [0, 1, 2, 3, 0], [0, 0, 1, 2, 3]], [6, 6, 6], [6, 6, 6])])
problem("HS051", lambda x: (x[0] - x[1]) ** 2 + (x[1] + x[2] - 2) ** 2 + (x[3] - 1) ** 2 + (x[4] - 1) ** 2,
        [2.5, 0.5, 2, -1, 0.5], 0.0, [1] * 5,
        constraints=[lin("h", [[1, 3, 0, 0, 0], [0, 0, 1, 1, -2], [0, 1, 0, 0, -1]], [4, 0, 0], [4, 0, 0])])
problem("HS052", lambda x: (4 * x[0] - x[1]) ** 2 + (x[1] + x[2] - 2) ** 2 + (x[3] - 1) ** 2 + (x[4] - 1) ** 2,
        [2] * 5, 1859 / 349, [-33 / 349, 11 / 349, 180 / 349, -158 / 349, 11 / 349],
        constraints=[lin("h", [[1, 3, 0, 0, 0], [0, 0, 1, 1, -2], [0, 1, 0, 0, -1]], [0, 0, 0], [0, 0, 0])])
problem("HS056", lambda x: -x[0] * x[1] * x[2],
        [1, 1, 1, math.asin(math.sqrt(1 / 4.2)), math.asin(math.sqrt(1 / 4.2)), math.asin(math.sqrt(1 / 4.2)),
         math.asin(math.sqrt(5 / 7.2))], -3.456,
        [2.4, 1.2, 1.2, math.asin(math.sqrt(4 / 7)), math.asin(math.sqrt(2 / 7)), math.asin(math.sqrt(2 / 7)), math.pi / 2],
        constraints=[eq("h1", lambda x: v(x[0] - 4.2 * torch.sin(x[3]) ** 2)),
                     eq("h2", lambda x: v(x[1] - 4.2 * torch.sin(x[4]) ** 2)),
                     eq("h3", lambda x: v(x[2] - 4.2 * torch.sin(x[5]) ** 2)),
                     eq("h4", lambda x: v(x[0] + 2 * x[1] + 2 * x[2] - 7.2 * torch.sin(x[6]) ** 2))])
A57 = [8, 8, 10, 10, 10, 10, 12, 12, 12, 12, 14, 14, 14, 16, 16, 16, 18, 18, 20, 20, 20, 22, 22, 22, 24, 24, 24, 26, 26, 26,
       28, 28, 30, 30, 30, 32, 32, 34, 36, 36, 38, 38, 40, 42]
B57 = [0.49, 0.49, 0.48, 0.47, 0.48, 0.47, 0.46, 0.46, 0.45, 0.43, 0.45, 0.43, 0.43, 0.44, 0.43, 0.43, 0.46, 0.45, 0.42,
       0.42, 0.43, 0.41, 0.41, 0.40, 0.42, 0.40, 0.40, 0.41, 0.40, 0.41, 0.41, 0.40, 0.40, 0.40, 0.38, 0.41, 0.40, 0.40,
       0.41, 0.38, 0.40, 0.40, 0.39, 0.39]


def _hs57(x):
    a = torch.tensor(A57, dtype=x.dtype)
    b = torch.tensor(B57, dtype=x.dtype)
    return ((b - x[0] - (0.49 - x[0]) * torch.exp(-x[1] * (a - 8))) ** 2).sum()


problem("HS057", _hs57, [0.42, 5], 0.02845966972, [0.4199526507648, 1.2848451937524], lower=[0.4, -4], upper=[INF, INF],
        constraints=[ineq("g1", lambda x: v(0.49 * x[1] - x[0] * x[1] - 0.09))])
problem("HS061", lambda x: 4 * x[0] ** 2 + 2 * x[1] ** 2 + 2 * x[2] ** 2 - 33 * x[0] + 16 * x[1] - 24 * x[2], [0, 0, 0],
        -143.6461422, [5.3267701355638, -2.1189986322189, 3.2104642253505],
        constraints=[eq("h1", lambda x: v(3 * x[0] - 2 * x[1] ** 2 - 7)), eq("h2", lambda x: v(4 * x[0] - x[2] ** 2 - 11))])
problem("HS065", lambda x: (x[0] - x[1]) ** 2 + (x[0] + x[1] - 10) ** 2 / 9 + (x[2] - 5) ** 2, [-5, 5, 0], 0.9535288567,
        [3.6504617268978, 3.650461723866, 4.6204175550531], lower=[-4.5, -4.5, -5], upper=[4.5, 4.5, 5],
        constraints=[ineq("g1", lambda x: v(48 - x[0] ** 2 - x[1] ** 2 - x[2] ** 2))])
problem("HS066", lambda x: 0.2 * x[2] - 0.8 * x[0], [0, 1.05, 2.9], 0.5181632741, [0.1841264877884, 1.2021678730354, 3.3273223220612],
        lower=[0, 0, 0], upper=[100, 100, 10],
        constraints=[ineq("g1", lambda x: v(x[1] - torch.exp(x[0]))), ineq("g2", lambda x: v(x[2] - torch.exp(x[1])))])
problem("HS071", lambda x: x[0] * x[3] * (x[0] + x[1] + x[2]) + x[2], [1, 5, 5, 1], 17.0140173,
        [1, 4.7429996960171, 3.8211499074234, 1.3794083037957], lower=[1] * 4, upper=[5] * 4,
        constraints=[ineq("g1", lambda x: v(x[0] * x[1] * x[2] * x[3] - 25)), eq("h1", lambda x: v((x ** 2).sum() - 40))])
problem("HS073", lambda x: 24.55 * x[0] + 26.75 * x[1] + 39 * x[2] + 40.50 * x[3], [1] * 4, 29.894378,
        [0.6355215686358, 0, 0.3127018807511, 0.0517765506127], lower=[0] * 4, upper=[INF] * 4,
        constraints=[lin("g1", [[2.3, 5.6, 11.1, 1.3]], [5], [INF]),
                     ineq("g2", lambda x: v(12 * x[0] + 11.9 * x[1] + 41.8 * x[2] + 52.1 * x[3] - 21 - 1.645 * torch.sqrt(
                         0.28 * x[0] ** 2 + 0.19 * x[1] ** 2 + 20.5 * x[2] ** 2 + 0.62 * x[3] ** 2))),
                     lin("h1", [[1, 1, 1, 1]], [1], [1])])
problem("HS076", lambda x: x[0] ** 2 + 0.5 * x[1] ** 2 + x[2] ** 2 + 0.5 * x[3] ** 2 - x[0] * x[2] + x[2] * x[3] - x[0]
        - 3 * x[1] + x[2] - x[3], [0.5] * 4, -4.681818181, [3 / 11, 23 / 11, 0, 6 / 11], lower=[0] * 4, upper=[INF] * 4,
        constraints=[lin("g", [[-1, -2, -1, -1], [-3, -1, -2, 1], [0, 1, 4, 0]], [-5, -4, 1.5], [INF, INF, INF])])
problem("HS077", lambda x: (x[0] - 1) ** 2 + (x[0] - x[1]) ** 2 + (x[2] - 1) ** 2 + (x[3] - 1) ** 4 + (x[4] - 1) ** 6,
        [2] * 5, 0.24150513, [1.1661721897093, 1.1821113888029, 1.3802570431455, 1.506036273623, 0.610920196043],
        constraints=[eq("h1", lambda x: v(x[0] ** 2 * x[3] + torch.sin(x[3] - x[4]) - 2 * SQRT2)),
                     eq("h2", lambda x: v(x[1] + x[2] ** 4 * x[3] ** 2 - 8 - SQRT2))])
_h78 = [eq("h1", lambda x: v((x ** 2).sum() - 10)), eq("h2", lambda x: v(x[1] * x[2] - 5 * x[3] * x[4])),
        eq("h3", lambda x: v(x[0] ** 3 + x[1] ** 3 + 1))]
_x78 = [-1.7171435703944, 1.5957096901836, 1.8272457529272, -0.7636430781841, -0.7636430781841]
problem("HS078", lambda x: x[0] * x[1] * x[2] * x[3] * x[4], [-2, 1.5, 2, -1, -1], -2.91970041, _x78, constraints=_h78)
problem("HS079", lambda x: (x[0] - 1) ** 2 + (x[0] - x[1]) ** 2 + (x[1] - x[2]) ** 2 + (x[2] - x[3]) ** 4 + (x[3] - x[4]) ** 4,
        [2] * 5, 0.0787768209, [1.1911274563051, 1.3626031653909, 1.4728179313333, 1.6350166182121, 1.6790814361747],
        constraints=[eq("h1", lambda x: v(x[0] + x[1] ** 2 + x[2] ** 3 - 2 - 3 * SQRT2)),
                     eq("h2", lambda x: v(x[1] - x[2] ** 2 + x[3] + 2 - 2 * SQRT2)), eq("h3", lambda x: v(x[0] * x[4] - 2))])
problem("HS080", lambda x: torch.exp(x[0] * x[1] * x[2] * x[3] * x[4]), [-2, 2, 2, -1, -1], 0.0539498478, _x78,
        lower=[-2.3, -2.3, -3.2, -3.2, -3.2], upper=[2.3, 2.3, 3.2, 3.2, 3.2], constraints=_h78)
problem("HS081", lambda x: torch.exp(x[0] * x[1] * x[2] * x[3] * x[4]) - 0.5 * (x[0] ** 3 + x[1] ** 3 + 1) ** 2,
        [-2, 2, 2, -1, -1], 0.0539498478, _x78, lower=[-2.3, -2.3, -3.2, -3.2, -3.2], upper=[2.3, 2.3, 3.2, 3.2, 3.2],
        constraints=_h78)
problem("HS100", lambda x: (x[0] - 10) ** 2 + 5 * (x[1] - 12) ** 2 + x[2] ** 4 + 3 * (x[3] - 11) ** 2 + 10 * x[4] ** 6
        + 7 * x[5] ** 2 + x[6] ** 4 - 4 * x[5] * x[6] - 10 * x[5] - 8 * x[6], [1, 2, 0, 4, 0, 1, 1], 680.6300573,
        [2.3304991123476, 1.9513722550659, -0.477541367658, 4.3657265630052, -0.6244866868415, 1.0381306952756, 1.5942262904961],
        constraints=[ineq("g1", lambda x: v(127 - 2 * x[0] ** 2 - 3 * x[1] ** 4 - x[2] - 4 * x[3] ** 2 - 5 * x[4])),
                     ineq("g2", lambda x: v(282 - 7 * x[0] - 3 * x[1] - 10 * x[2] ** 2 - x[3] + x[4])),
                     ineq("g3", lambda x: v(196 - 23 * x[0] - x[1] ** 2 - 6 * x[5] ** 2 + 8 * x[6])),
                     ineq("g4", lambda x: v(-4 * x[0] ** 2 - x[1] ** 2 + 3 * x[0] * x[1] - 2 * x[2] ** 2 - 5 * x[5] + 11 * x[6]))])
problem("HS106", lambda x: x[0] + x[1] + x[2], [5000, 5000, 5000, 200, 350, 150, 225, 425], 7049.2480205,
        [579.3066872684091, 1359.9706722080741, 5109.970661052183, 182.0176998185691, 295.6011735579127,
         217.9823001814309, 286.4165262606564, 395.6011735579127],
        lower=[100, 1000, 1000, 10, 10, 10, 10, 10], upper=[10000, 10000, 10000, 1000, 1000, 1000, 1000, 1000],
        constraints=[lin("g", [[0, 0, 0, -0.0025, 0, -0.0025, 0, 0], [0, 0, 0, 0.0025, -0.0025, 0, -0.0025, 0],
                               [0, 0, 0, 0, 0.01, 0, 0, -0.01]], [-1, -1, -1], [INF, INF, INF]),
                     ineq("g4", lambda x: v(x[0] * x[5] - 833.33252 * x[3] - 100 * x[0] + 83333.333)),
                     ineq("g5", lambda x: v(x[1] * x[6] - 1250 * x[4] - x[1] * x[3] + 1250 * x[3])),
                     ineq("g6", lambda x: v(x[2] * x[7] - 1250000 - x[2] * x[4] + 2500 * x[4]))])


def _g108(x):
    return torch.stack([
        1 - x[2] ** 2 - x[3] ** 2,
        1 - x[8] ** 2,
        1 - x[4] ** 2 - x[5] ** 2,
        1 - x[0] ** 2 - (x[1] - x[8]) ** 2,
        1 - (x[0] - x[4]) ** 2 - (x[1] - x[5]) ** 2,
        1 - (x[0] - x[6]) ** 2 - (x[1] - x[7]) ** 2,
        1 - (x[2] - x[4]) ** 2 - (x[3] - x[5]) ** 2,
        1 - (x[2] - x[6]) ** 2 - (x[3] - x[7]) ** 2,
        1 - x[6] ** 2 - (x[7] - x[8]) ** 2,
        x[0] * x[3] - x[1] * x[2],
        x[2] * x[8],
        -x[4] * x[8],
        x[4] * x[7] - x[5] * x[6]])


problem("HS108", lambda x: -0.5 * (x[0] * x[3] - x[1] * x[2] + x[2] * x[8] - x[4] * x[8] + x[4] * x[7] - x[5] * x[6]),
        [1] * 9, -SQRT3 / 2, [0.8841292098095, 0.4672424856128, 0.0374207426367, 0.9992995987293, 0.8841292098095, 0.4672424856128,
         0.0374207426367, 0.9992995987293, 0],
        lower=[-INF] * 8 + [0], upper=[INF] * 9, constraints=[("nl", "g", _g108, [0.0], [INF])])
problem("HS110", lambda x: (torch.log(x - 2) ** 2 + torch.log(10 - x) ** 2).sum() - torch.prod(x) ** 0.2, [9] * 10,
        -45.77846971, [9.3502658324461] * 10, lower=[2.001] * 10, upper=[9.999] * 10)
problem("HS113", lambda x: x[0] ** 2 + x[1] ** 2 + x[0] * x[1] - 14 * x[0] - 16 * x[1] + (x[2] - 10) ** 2
        + 4 * (x[3] - 5) ** 2 + (x[4] - 3) ** 2 + 2 * (x[5] - 1) ** 2 + 5 * x[6] ** 2 + 7 * (x[7] - 11) ** 2
        + 2 * (x[8] - 10) ** 2 + (x[9] - 7) ** 2 + 45, [2, 3, 5, 5, 1, 2, 7, 3, 6, 10], 24.3062091,
        [2.1719963742005, 2.3636829573848, 8.7739257181247, 5.0959843982052, 0.990654748046, 1.4305739471274,
         1.321644218902, 9.8287258192247, 8.2800914915679, 8.3759261895032],
        constraints=[lin("g", [[-4, -5, 0, 0, 0, 0, 3, -9, 0, 0], [-10, 8, 0, 0, 0, 0, 17, -2, 0, 0],
                               [8, -2, 0, 0, 0, 0, 0, 0, -5, 2]], [-105, 0, -12], [INF, INF, INF]),
                     ineq("g4", lambda x: v(-3 * (x[0] - 2) ** 2 - 4 * (x[1] - 3) ** 2 - 2 * x[2] ** 2 + 7 * x[3] + 120)),
                     ineq("g5", lambda x: v(-5 * x[0] ** 2 - 8 * x[1] - (x[2] - 6) ** 2 + 2 * x[3] + 40)),
                     ineq("g6", lambda x: v(-0.5 * (x[0] - 8) ** 2 - 2 * (x[1] - 4) ** 2 - 3 * x[4] ** 2 + x[5] + 30)),
                     ineq("g7", lambda x: v(-x[0] ** 2 - 2 * (x[1] - 2) ** 2 + 2 * x[0] * x[1] - 14 * x[4] + 6 * x[5])),
                     ineq("g8", lambda x: v(3 * x[0] - 6 * x[1] - 12 * (x[8] - 8) ** 2 + 7 * x[9]))])


def _a118():
    rows, lo, hi = [], [], []
    for j in range(1, 5):
        for k, width in ((0, 13), (1, 14), (2, 13)):
            r = [0] * 15
            r[3 * j + k] = 1
            r[3 * j - 3 + k] = -1
            rows.append(r)
            lo.append(-7)
            hi.append(width - 7)
    for j, total in enumerate((60, 50, 70, 85, 100)):
        r = [0] * 15
        r[3 * j] = r[3 * j + 1] = r[3 * j + 2] = 1
        rows.append(r)
        lo.append(total)
        hi.append(INF)
    return rows, lo, hi


def _hs118(x):
    k = torch.arange(5)
    a, b, c = x[3 * k], x[3 * k + 1], x[3 * k + 2]
    return (2.3 * a + 1e-4 * a ** 2 + 1.7 * b + 1e-4 * b ** 2 + 2.2 * c + 1.5e-4 * c ** 2).sum()


_r118, _l118, _u118 = _a118()
problem("HS118", _hs118, [20, 55, 15, 20, 60, 20, 20, 60, 20, 20, 60, 20, 20, 60, 20], 664.82045,
        [8, 49, 3, 1, 56, 0, 1, 63, 6, 3, 70, 12, 5, 77, 18],
        lower=[8, 43, 3] + [0] * 12, upper=[21, 57, 16] + [90, 120, 60] * 4,
        constraints=[lin("g", _r118, _l118, _u118)])
