using Adjoint.Optimize;
using Adjoint.Optimize.Constraints;
using Adjoint.Optimize.LineSearch;
using Adjoint.Optimize.Methods;
using Adjoint.Tensors;

namespace Adjoint.Tests.Optimize.Methods;

public class PowellCatalogTests
{
    /// <summary>Problems where this method does not reach f* from the standard start: where the run ends (status, f) and why.</summary>
    public static readonly IReadOnlyDictionary<string, ExpectedEnd> KnownExceptions = new Dictionary<string, ExpectedEnd>
    {
        ["FreudensteinRoth(2)"] = new(TerminationReason.FunctionTolerance, 48.984253687083864, "converges to the documented local minimum f = 48.9842"),
        ["Meyer(3)"] = new(TerminationReason.NoProgress, 88766.27470980078, "the relative ftol test stops a sweep at f = 8.9e4 (f varies over many orders of magnitude); the check finds no gain above its threshold: NoProgress"),
        ["Box3D(3)"] = new(TerminationReason.FunctionTolerance, 0.07558874075500492, "stops at f = 0.0756 (the same point as Nelder-Mead)"),
    };

    [Theory]
    [MemberData(nameof(TestProblemTests.Problems), MemberType = typeof(TestProblemTests))]
    public void Powell_MghProblem_ReachesKnownMinimum(string problem) =>
        CatalogRunner.Run(new PowellOptions(), problem, KnownExceptions);

    [Fact]
    public void Powell_Bounds_ReachesBoxedMinimum()
    {
        // Minimum of Σ(x - c)² over [-1, 1]³ with c = (3, -2, 0.5) is (1, -1, 0.5); also a bounded Rosenbrock stays feasible.
        var c = Tensor.FromArray([3.0, -2.0, 0.5]);
        var r = Minimizer.Minimize(x => (x - c).Square().Sum(), Tensor.FromArray([0.0, 0.0, 0.0]), new PowellOptions(), Bounds.All(-1, 1));
        Assert.True(r.Success, r.Message);
        Assert.Equal(1, r.X[0], 3);
        Assert.Equal(-1, r.X[1], 3);
        Assert.Equal(0.5, r.X[2], 3);

        var lower = new[] { -2.0, 1.5, -2.0, -2.0 };
        var upper = new[] { 0.5, 3.0, 2.0, 2.0 };
        var bounds = new Bounds { ["x"] = Bound.Elementwise(lower, upper) };
        var rb = Minimizer.Minimize(SeedExampleTests.Rosen, Tensor.FromArray([0.0, 2.0, 0.0, 0.0]), new PowellOptions(), bounds);
        for (int i = 0; i < 4; i++)
        {
            Assert.InRange(rb.X[i], lower[i], upper[i]);
        }
    }

    [Fact]
    public void Powell_OneSidedBounds_StayFeasible()
    {
        // Minimum of (x - 3)² + (y + 1)² under x ≤ 1, y ≥ 0 is (1, 0).
        var r = Minimizer.Minimize(x => (x[0] - 3).Square() + (x[1] + 1).Square(), Tensor.FromArray([-5.0, 4.0]),
            new PowellOptions { Tolerance = 1e-8 }, new Bounds { ["x"] = Bound.Elementwise([double.NegativeInfinity, 0], [1, double.PositiveInfinity]) });
        Assert.True(r.Success, r.Message);
        Assert.Equal(1, r.X[0], 5);
        Assert.Equal(0, r.X[1], 5);
    }

    [Fact]
    public void Brent_FindsMinimumOfQuartic()
    {
        int evaluations = 0;
        double F(double a)
        {
            evaluations++;
            return Math.Pow(a - 2.5, 4) + ((a - 2.5) * (a - 2.5)) + 1;
        }

        var (x, f) = Brent.Minimize(F, F(0), 1e-8);
        Assert.Equal(2.5, x, 6);
        Assert.Equal(1, f, 10);
        var (xb, _) = Brent.MinimizeBounded(F, -1, 2, 1e-8);
        Assert.Equal(2, xb, 6);
        Assert.True(evaluations < 200);
    }
}
