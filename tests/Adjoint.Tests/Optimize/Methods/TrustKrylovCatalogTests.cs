using Adjoint.Optimize;
using Adjoint.Optimize.Methods;
using Adjoint.Tensors;

namespace Adjoint.Tests.Optimize.Methods;

public class TrustKrylovCatalogTests
{
    /// <summary>Problems where this method does not reach f* from the standard start: where the run ends (status, f) and why.</summary>
    public static readonly IReadOnlyDictionary<string, ExpectedEnd> KnownExceptions = new Dictionary<string, ExpectedEnd>
    {
        ["FreudensteinRoth(2)"] = new(TerminationReason.GradientTolerance, 48.98425367924001, "converges to the documented local minimum f = 48.9842"),
        ["Trigonometric(10)"] = new(TerminationReason.GradientTolerance, 2.795062458414539e-05, "converges to the local minimum f = 2.79506e-5"),
        ["PowellBadlyScaled(2)"] = new(TerminationReason.NoProgress, 2.909061774287441e-06, "badly scaled: gtol is met at f = 4.3e-6"),
        ["BrownBadlyScaled(2)"] = new(TerminationReason.MaxIterations, 373290082954.8906, "the minimizer is 1e6 away and max_trust_radius is 1000: exhausts maxiter = 400"),
    };

    [Theory]
    [MemberData(nameof(TestProblemTests.Problems), MemberType = typeof(TestProblemTests))]
    public void TrustKrylov_MghProblem_ReachesKnownMinimum(string problem) =>
        CatalogRunner.Run(new TrustKrylovOptions(), problem, KnownExceptions);

    [Fact]
    public void TrustKrylov_ExactInnerSolves_ConvergeInFewerOrEqualIterations()
    {
        var x0 = Tensor.FromArray([1.3, 0.7, 0.8, 1.9, 1.2]);
        var inexact = Minimizer.Minimize(SeedExampleTests.Rosen, x0, new TrustKrylovOptions());
        var exact = Minimizer.Minimize(SeedExampleTests.Rosen, x0, new TrustKrylovOptions { Inexact = false });
        Assert.True(inexact.Success, inexact.Message);
        Assert.True(exact.Success, exact.Message);
        Assert.True(exact.Fun < 1e-10 && inexact.Fun < 1e-10);
        Assert.True((double)exact.Nhev / exact.Nit >= (double)inexact.Nhev / inexact.Nit, $"{exact.Nhev}/{exact.Nit} vs {inexact.Nhev}/{inexact.Nit}");
    }
}
