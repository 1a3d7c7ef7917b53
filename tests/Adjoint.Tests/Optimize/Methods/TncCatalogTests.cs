using Adjoint.Optimize;
using Adjoint.Optimize.Constraints;
using Adjoint.Optimize.Methods.Tnc;
using Adjoint.Tensors;

namespace Adjoint.Tests.Optimize.Methods;

public class TncCatalogTests
{
    private const string MaxFun = "exhausts scipy's default maxfun = max(100, 10 n) far from f*";

    /// <summary>Problems where this method does not reach f* from the standard start: where the run ends (status, f) and why.</summary>
    public static readonly IReadOnlyDictionary<string, ExpectedEnd> KnownExceptions = new Dictionary<string, ExpectedEnd>
    {
        ["FreudensteinRoth(2)"] = new(TerminationReason.VerifiedMinimum, 48.98425374024055, "converges to the documented local minimum f = 48.9842"),
        ["BiggsExp6(6)"] = new(TerminationReason.MaxEvaluations, 9.185781355937033E-06, "ends short of f* = 0 at the evaluation limit (f = 9.2e-6; f = 5.65565e-3, where scipy stops, is a saddle the final check escapes)"),
        ["Trigonometric(10)"] = new(TerminationReason.FunctionTolerance, 2.795056981933271e-05, "converges to the local minimum f = 2.79506e-5"),
        ["BroydenBanded(10)"] = new(TerminationReason.VerifiedMinimum, 3.0572784324723967, "stops at the stationary point f = 3.0573 (as gradient descent)"),
        ["PowellBadlyScaled(2)"] = new(TerminationReason.MaxEvaluations, 0.05771223445683053, MaxFun),
        ["BrownBadlyScaled(2)"] = new(TerminationReason.MaxEvaluations, 427750534546.9525, MaxFun),
        ["Meyer(3)"] = new(TerminationReason.MaxEvaluations, 92657.62698831999, MaxFun),
    };

    [Theory]
    [MemberData(nameof(TestProblemTests.Problems), MemberType = typeof(TestProblemTests))]
    public void Tnc_MghProblem_ReachesKnownMinimum(string problem) =>
        CatalogRunner.Run(new TncOptions(), problem, KnownExceptions);

    [Fact]
    public void Tnc_Bounds_ActiveBoundHeldExactly()
    {
        var lower = new[] { -2.0, 1.5, -2.0, -2.0 };
        var upper = new[] { 0.5, 3.0, 2.0, 2.0 };
        var bounds = new Bounds { ["x"] = Bound.Elementwise(lower, upper) };
        var r = Minimizer.Minimize(SeedExampleTests.Rosen, Tensor.FromArray([0.0, 2.0, 0.0, 0.0]), new TncOptions { MaxFunctionEvaluations = 1000 }, bounds);
        for (int i = 0; i < 4; i++)
        {
            Assert.InRange(r.X[i], lower[i], upper[i]);
        }

        Assert.True(r.GradientNorm < 1e-4, r.ToString() + r.Message);
        Assert.Equal(0.5, r.X[0], 12);
    }

    [Fact]
    public void Tnc_BoxedQuadratic_ReleasesAndAddsBounds()
    {
        // Start on the upper bound of x0 with the gradient pushing inward; the solution has x1 on its lower bound.
        var c = Tensor.FromArray([0.3, -2.0, 0.5]);
        var r = Minimizer.Minimize(x => (x - c).Square().Sum(), Tensor.FromArray([1.0, 0.0, -1.0]), new TncOptions(), Bounds.All(-1, 1));
        Assert.True(r.Success, r.Message);
        Assert.Equal(0.3, r.X[0], 8);
        Assert.Equal(-1, r.X[1], 12);
        Assert.Equal(0.5, r.X[2], 8);
    }
}
