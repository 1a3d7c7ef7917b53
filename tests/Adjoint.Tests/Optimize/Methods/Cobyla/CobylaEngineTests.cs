using Adjoint.Optimize.Methods.Cobyla;
using Xunit.Abstractions;

namespace Adjoint.Tests.Optimize.Methods.Cobyla;

/// <summary>
/// The COBYLA core on small problems with rhobeg = 1, rhoend = 1e-4 and at most 1000 evaluations (scipy's defaults). The
/// evaluation counts scipy 1.10 needs on the same problems (bench/peers/cobyla_scipy.py) bound ours: each test allows
/// scipy's count with a margin. f* from scipy SLSQP at ftol 1e-15.
/// </summary>
public class CobylaEngineTests(ITestOutputHelper output)
{
    /// <summary>A problem as the core sees it: f and the constraints c(x) >= 0 (equalities as two rows), optional box.</summary>
    internal sealed record Problem(string Name, double[] X0, int M, Func<double[], double[], double> Evaluate, double FStar,
        double[]? Lower = null, double[]? Upper = null, int ScipyNfev = 0, double ScipyF = double.NaN);

    internal readonly record struct Run(CobylaStatus Status, double[] X, double F, double Violation, int Nfev);

    internal static Run Solve(Problem p, double rhoBeg = 1, double rhoEnd = 1e-4, int maxfun = 1000)
    {
        int nfev = 0;
        var engine = new CobylaEngine(p.X0.Length, p.M, p.Lower, p.Upper, rhoBeg, rhoEnd, (x, c) =>
        {
            nfev++;
            var cc = new double[p.M];
            double f = p.Evaluate(x.ToArray(), cc);
            cc.CopyTo(c);
            return f;
        });
        var status = engine.Start(p.X0);
        for (int it = 0; it < 100_000 && status == CobylaStatus.Continue && nfev < maxfun; it++)
        {
            status = engine.Iterate();
        }

        return new Run(status, (double[])engine.Pole.Clone(), engine.PoleValue, engine.PoleViolation, nfev);
    }

    private static double Sq(double v) => v * v;

    internal static readonly Problem Quadratic = new("Quadratic", [0, 0, 0], 0,
        (x, c) => Sq(x[0] - 1) + (2 * Sq(x[1] + 2)) + (0.5 * Sq(x[2] - 3)), 0, ScipyNfev: 59, ScipyF: 1.985973609e-08);

    internal static readonly Problem RosenbrockDisk = new("RosenbrockDisk", [0, 0], 1, (x, c) =>
    {
        c[0] = 1 - Sq(x[0]) - Sq(x[1]);
        return Sq(1 - x[0]) + (100 * Sq(x[1] - Sq(x[0])));
    }, 0.0456748087195, ScipyNfev: 784, ScipyF: 0.04567823599);

    internal static readonly Problem Hs6 = new("HS6", [-1.2, 1], 2, (x, c) =>
    {
        c[0] = 10 * (x[1] - Sq(x[0]));
        c[1] = -c[0];
        return Sq(1 - x[0]);
    }, 0, ScipyNfev: 40, ScipyF: 3.430240578e-10);

    internal static readonly Problem Hs7 = new("HS7", [2, 2], 2, (x, c) =>
    {
        c[0] = Sq(1 + Sq(x[0])) + Sq(x[1]) - 4;
        c[1] = -c[0];
        return Math.Log(1 + Sq(x[0])) - x[1];
    }, -Math.Sqrt(3), ScipyNfev: 54, ScipyF: -1.732050811);

    internal static readonly Problem Hs21 = new("HS21", [-1, -1], 1, (x, c) =>
    {
        c[0] = (10 * x[0]) - x[1] - 10;
        return (0.01 * Sq(x[0])) + Sq(x[1]) - 100;
    }, -99.96, [2, -50], [50, 50], ScipyNfev: 30, ScipyF: -99.95999999);

    internal static readonly Problem Hs35 = new("HS35", [0.5, 0.5, 0.5], 1, (x, c) =>
    {
        c[0] = 3 - x[0] - x[1] - (2 * x[2]);
        return 9 - (8 * x[0]) - (6 * x[1]) - (4 * x[2]) + (2 * Sq(x[0])) + (2 * Sq(x[1])) + Sq(x[2]) + (2 * x[0] * x[1]) + (2 * x[0] * x[2]);
    }, 1.0 / 9, [0, 0, 0], [double.PositiveInfinity, double.PositiveInfinity, double.PositiveInfinity], ScipyNfev: 51, ScipyF: 0.1111111155);

    internal static readonly Problem Hs71 = new("HS71", [1, 5, 5, 1], 3, (x, c) =>
    {
        c[0] = (x[0] * x[1] * x[2] * x[3]) - 25;
        c[1] = Sq(x[0]) + Sq(x[1]) + Sq(x[2]) + Sq(x[3]) - 40;
        c[2] = -c[1];
        return (x[0] * x[3] * (x[0] + x[1] + x[2])) + x[2];
    }, 17.0140172892, [1, 1, 1, 1], [5, 5, 5, 5], ScipyNfev: 70, ScipyF: 17.01401729);

    internal static readonly Problem Hs100 = new("HS100", [1, 2, 0, 4, 0, 1, 1], 4, (x, c) =>
    {
        c[0] = 127 - (2 * Sq(x[0])) - (3 * Math.Pow(x[1], 4)) - x[2] - (4 * Sq(x[3])) - (5 * x[4]);
        c[1] = 282 - (7 * x[0]) - (3 * x[1]) - (10 * Sq(x[2])) - x[3] + x[4];
        c[2] = 196 - (23 * x[0]) - Sq(x[1]) - (6 * Sq(x[5])) + (8 * x[6]);
        c[3] = (-4 * Sq(x[0])) - Sq(x[1]) + (3 * x[0] * x[1]) - (2 * Sq(x[2])) - (5 * x[5]) + (11 * x[6]);
        return Sq(x[0] - 10) + (5 * Sq(x[1] - 12)) + Math.Pow(x[2], 4) + (3 * Sq(x[3] - 11)) + (10 * Math.Pow(x[4], 6))
            + (7 * Sq(x[5])) + Math.Pow(x[6], 4) - (4 * x[5] * x[6]) - (10 * x[5]) - (8 * x[6]);
    }, 680.6300573633, ScipyNfev: 270, ScipyF: 680.6300579);

    public static TheoryData<string> Names => new() { "Quadratic", "RosenbrockDisk", "HS6", "HS7", "HS21", "HS35", "HS71", "HS100" };

    internal static Problem Find(string name) => name switch
    {
        "Quadratic" => Quadratic,
        "RosenbrockDisk" => RosenbrockDisk,
        "HS6" => Hs6,
        "HS7" => Hs7,
        "HS21" => Hs21,
        "HS35" => Hs35,
        "HS71" => Hs71,
        "HS100" => Hs100,
        _ => throw new ArgumentException(name, nameof(name)),
    };

    [Fact]
    public void Engine_EachIteration_EvaluatesAtMostOnePoint()
    {
        foreach (var p in new[] { Hs71, Hs100, RosenbrockDisk })
        {
            int nfev = 0;
            var engine = new CobylaEngine(p.X0.Length, p.M, p.Lower, p.Upper, 1, 1e-4, (x, c) =>
            {
                nfev++;
                var cc = new double[p.M];
                double f = p.Evaluate(x.ToArray(), cc);
                cc.CopyTo(c);
                return f;
            });
            Assert.Equal(CobylaStatus.Continue, engine.Start(p.X0));
            Assert.Equal(p.X0.Length + 1, nfev);
            var status = CobylaStatus.Continue;
            for (int it = 0; it < 2000 && status == CobylaStatus.Continue; it++)
            {
                int before = nfev;
                status = engine.Iterate();
                Assert.InRange(nfev - before, status == CobylaStatus.Continue ? 1 : 0, 1);
            }

            Assert.Equal(CobylaStatus.Finished, status);
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Engine_Problem_ReachesKnownMinimumWithinScipyBudget(string name)
    {
        var p = Find(name);
        var r = Solve(p);
        string report = $"{name}: {r.Status} f={r.F:R} viol={r.Violation:E2} nfev={r.Nfev} (scipy {p.ScipyNfev}) x=[{string.Join(", ", r.X)}]";
        output.WriteLine(report);
        Assert.True(r.Status == CobylaStatus.Finished, report);
        Assert.True(r.Violation <= 2e-4, report);
        // As close to f* as scipy gets (twice its error, plus a little for the last digits of f* and of the violation).
        Assert.True(Math.Abs(r.F - p.FStar) <= (2 * Math.Abs(p.ScipyF - p.FStar)) + (1e-7 * Math.Max(1, Math.Abs(p.FStar))), report);
        Assert.True(r.Nfev <= (1.5 * p.ScipyNfev) + 10, report);
        if (p.Lower is not null)
        {
            for (int i = 0; i < r.X.Length; i++)
            {
                Assert.InRange(r.X[i], p.Lower[i], p.Upper![i]);
            }
        }
    }
}
