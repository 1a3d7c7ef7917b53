#:project ../../src/Adjoint/Adjoint.csproj
// trust-constr on the Hock-Schittkowski problems of tests/.../TrustConstr, through Minimizer.Minimize; prints one row per
// problem and mode (default options, and the scipy-reproducing mode) to set beside bench/peers/trustconstr_scipy.py.
using System.Globalization;
using Adjoint.Optimize;
using Adjoint.Optimize.Constraints;
using Adjoint.Optimize.Methods.TrustConstr;
using Adjoint.Tensors;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
static Tensor Sq(Tensor t) => t.Square();
var inf = double.PositiveInfinity;
var problems = new (string Name, double[] X0, Func<Tensor, Tensor> F, Func<Tensor, Tensor>[] Eq, Func<Tensor, Tensor>[] Ineq, double[]? Lo, double[]? Up)[]
{
    ("HS6", [-1.2, 1], x => Sq(1 - x[0]), [x => 10 * (x[1] - Sq(x[0]))], [], null, null),
    ("HS7", [2, 2], x => (1 + Sq(x[0])).Log() - x[1], [x => Sq(1 + Sq(x[0])) + Sq(x[1]) - 4], [], null, null),
    ("HS26", [-2.6, 2, 2], x => Sq(x[0] - x[1]) + (x[1] - x[2]).Pow(4), [x => ((1 + Sq(x[1])) * x[0]) + x[2].Pow(4) - 3], [], null, null),
    ("HS27", [2, 2, 2], x => (0.01 * Sq(x[0] - 1)) + Sq(x[1] - Sq(x[0])), [x => x[0] + Sq(x[2]) + 1], [], null, null),
    ("HS39", [2, 2, 2, 2], x => -x[0], [x => x[1] - x[0].Pow(3) - Sq(x[2]), x => Sq(x[0]) - x[1] - Sq(x[3])], [], null, null),
    ("HS40", [0.8, 0.8, 0.8, 0.8], x => -(x[0] * x[1] * x[2] * x[3]), [x => x[0].Pow(3) + Sq(x[1]) - 1, x => (Sq(x[0]) * x[3]) - x[2], x => Sq(x[3]) - x[1]], [], null, null),
    ("HS46", [Math.Sqrt(2) / 2, 1.75, 0.5, 2, 2], x => Sq(x[0] - x[1]) + Sq(x[2] - 1) + (x[3] - 1).Pow(4) + (x[4] - 1).Pow(6),
        [x => (Sq(x[0]) * x[3]) + Tensor.Sin(x[3] - x[4]) - 1, x => x[1] + (x[2].Pow(4) * Sq(x[3])) - 2], [], null, null),
    ("HS47", [2, Math.Sqrt(2), -1, 2 - Math.Sqrt(2), 0.5], x => Sq(x[0] - x[1]) + (x[1] - x[2]).Pow(3) + (x[2] - x[3]).Pow(4) + (x[3] - x[4]).Pow(4),
        [x => x[0] + Sq(x[1]) + x[2].Pow(3) - 3, x => x[1] - Sq(x[2]) + x[3] - 1, x => (x[0] * x[4]) - 1], [], null, null),
    ("HS48", [3, 5, -3, 2, -2], x => Sq(x[0] - 1) + Sq(x[1] - x[2]) + Sq(x[3] - x[4]),
        [x => x[0] + x[1] + x[2] + x[3] + x[4] - 5, x => x[2] - (2 * (x[3] + x[4])) + 3], [], null, null),
    ("HS49", [10, 7, 2, -3, 0.8], x => Sq(x[0] - x[1]) + Sq(x[2] - 1) + (x[3] - 1).Pow(4) + (x[4] - 1).Pow(6),
        [x => x[0] + x[1] + x[2] + (4 * x[3]) - 7, x => x[2] + (5 * x[4]) - 6], [], null, null),
    ("HS50", [35, -31, 11, 5, -5], x => Sq(x[0] - x[1]) + Sq(x[1] - x[2]) + (x[2] - x[3]).Pow(4) + Sq(x[3] - x[4]),
        [x => x[0] + (2 * x[1]) + (3 * x[2]) - 6, x => x[1] + (2 * x[2]) + (3 * x[3]) - 6, x => x[2] + (2 * x[3]) + (3 * x[4]) - 6], [], null, null),
    ("HS21", [-1, -1], x => (0.01 * Sq(x[0])) + Sq(x[1]) - 100, [], [x => (10 * x[0]) - x[1] - 10], [2, -50], [50, 50]),
    ("HS35", [0.5, 0.5, 0.5], x => 9 - (8 * x[0]) - (6 * x[1]) - (4 * x[2]) + (2 * Sq(x[0])) + (2 * Sq(x[1])) + Sq(x[2]) + (2 * x[0] * x[1]) + (2 * x[0] * x[2]),
        [], [x => 3 - x[0] - x[1] - (2 * x[2])], [0, 0, 0], [inf, inf, inf]),
    ("HS71", [1, 5, 5, 1], x => (x[0] * x[3] * (x[0] + x[1] + x[2])) + x[2], [x => Sq(x[0]) + Sq(x[1]) + Sq(x[2]) + Sq(x[3]) - 40],
        [x => (x[0] * x[1] * x[2] * x[3]) - 25], [1, 1, 1, 1], [5, 5, 5, 5]),
    ("HS100", [1, 2, 0, 4, 0, 1, 1], x => Sq(x[0] - 10) + (5 * Sq(x[1] - 12)) + x[2].Pow(4) + (3 * Sq(x[3] - 11)) + (10 * x[4].Pow(6)) + (7 * Sq(x[5]))
            + x[6].Pow(4) - (4 * x[5] * x[6]) - (10 * x[5]) - (8 * x[6]), [],
        [
            x => 127 - (2 * Sq(x[0])) - (3 * x[1].Pow(4)) - x[2] - (4 * Sq(x[3])) - (5 * x[4]),
            x => 282 - (7 * x[0]) - (3 * x[1]) - (10 * Sq(x[2])) - x[3] + x[4],
            x => 196 - (23 * x[0]) - Sq(x[1]) - (6 * Sq(x[5])) + (8 * x[6]),
            x => (-4 * Sq(x[0])) - Sq(x[1]) + (3 * x[0] * x[1]) - (2 * Sq(x[2])) - (5 * x[5]) + (11 * x[6]),
        ], null, null),
};

var modes = new (string Name, TrustConstrOptions Options)[]
{
    ("default", new TrustConstrOptions()),
    ("scipy", new TrustConstrOptions { RequireComplementarity = false, KeepBoundsFeasible = false }),
    ("bfgs", new TrustConstrOptions { HessianApproximation = HessianApproximation.Bfgs }),
};
Console.WriteLine($"{"problem",-8} {"mode",-8} {"status",-18} {"nit",5} {"nfev",5} {"njev",5} {"nhev",5} {"f",22} {"optimality",10} {"violation",10}");
foreach (var p in problems)
{
    var constraints = new List<Constraint>();
    for (int i = 0; i < p.Eq.Length; i++)
    {
        constraints.Add(Constraint.Equality(p.Eq[i], $"h{i}"));
    }

    for (int i = 0; i < p.Ineq.Length; i++)
    {
        constraints.Add(Constraint.Inequality(p.Ineq[i], $"g{i}"));
    }

    Bounds? bounds = p.Lo is null ? null : new Bounds { ["x"] = Bound.Elementwise(p.Lo, p.Up!) };
    foreach (var (mode, options) in modes)
    {
        var r = Minimizer.Minimize(p.F, Tensor.FromArray(p.X0), options, bounds, constraints: constraints);
        int nfev = r.Nfev - r.Check!.FunctionEvaluations, njev = r.Njev - r.Check.GradientEvaluations, nhev = r.Nhev - r.Check.HessianEvaluations;
        Console.WriteLine($"{p.Name,-8} {mode,-8} {r.Status,-18} {r.Nit,5} {nfev,5} {njev,5} {nhev,5} {r.Fun,22:R} {r.GradientNorm,10:E2} {r.MaxConstraintViolation,10:E2}");
    }
}
