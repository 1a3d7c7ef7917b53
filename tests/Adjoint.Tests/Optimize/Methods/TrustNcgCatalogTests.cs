using Adjoint.Optimize;
using Adjoint.Optimize.Methods;
using Adjoint.Tensors;

namespace Adjoint.Tests.Optimize.Methods;

public class TrustNcgCatalogTests
{
    /// <summary>Problems where this method does not reach f* from the standard start: where the run ends (status, f) and why.</summary>
    public static readonly IReadOnlyDictionary<string, ExpectedEnd> KnownExceptions = new Dictionary<string, ExpectedEnd>
    {
        ["FreudensteinRoth(2)"] = new(TerminationReason.GradientTolerance, 48.98425367924003, "converges to the documented local minimum f = 48.9842"),
        ["Trigonometric(10)"] = new(TerminationReason.GradientTolerance, 2.795056121883435e-05, "converges to the local minimum f = 2.79506e-5"),
        ["PowellBadlyScaled(2)"] = new(TerminationReason.NoProgress, 2.5349858768467893e-06, "badly scaled: gtol is met at f = 3.8e-6"),
        ["BrownBadlyScaled(2)"] = new(TerminationReason.MaxIterations, 647979036295.8579, "the minimizer is 1e6 away and max_trust_radius is 1000: exhausts maxiter = 400"),
        ["Meyer(3)"] = new(TerminationReason.MaxIterations, 2053.847656841169, "exhausts maxiter = 600 at f = 2054 (truncated CG steps on a very ill-conditioned Hessian)"),
    };

    [Theory]
    [MemberData(nameof(TestProblemTests.Problems), MemberType = typeof(TestProblemTests))]
    public void TrustNcg_MghProblem_ReachesKnownMinimum(string problem) =>
        CatalogRunner.Run(new TrustNcgOptions(), problem, KnownExceptions);

    [Fact]
    public void TrustNcg_IndefiniteStart_FollowsNegativeCurvature()
    {
        // f = x² - y² + y⁴/4 from (1, 0.1): minima at (0, ±√2), f = -1.
        var r = Minimizer.Minimize(x => x[0].Square() - x[1].Square() + (0.25 * x[1].Square().Square()), Tensor.FromArray([1.0, 0.1]), new TrustNcgOptions());
        Assert.True(r.Success, r.Message);
        Assert.Equal(-1, r.Fun, 8);
        Assert.Equal(r.Nfev - r.Check!.FunctionEvaluations, r.Njev - r.Check.GradientEvaluations);
        Assert.True(r.Nhev > 0);
    }
}
