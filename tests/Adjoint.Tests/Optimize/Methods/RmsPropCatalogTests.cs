using Adjoint.Optimize;
using Adjoint.Optimize.Methods;
using Adjoint.Tensors;

namespace Adjoint.Tests.Optimize.Methods;

public class RmsPropCatalogTests
{
    private const string Slow = "exhausts maxiter = 20000 + 2000 n: steps of about η = 1e-4 per coordinate are too short for the distance or the conditioning";

    /// <summary>Problems where this method does not reach f* from the standard start: where the run ends (status, f) and why.</summary>
    public static readonly IReadOnlyDictionary<string, ExpectedEnd> KnownExceptions = new Dictionary<string, ExpectedEnd>
    {
        ["FreudensteinRoth(2)"] = new(TerminationReason.MaxIterations, 48.98425375861265, "heads for the documented local minimum f = 48.9842"),
        ["Trigonometric(10)"] = new(TerminationReason.GradientTolerance, 2.7951543944985307e-05, "converges to the local minimum f = 2.79506e-5"),
        ["PowellBadlyScaled(2)"] = new(TerminationReason.MaxIterations, 0.2643351116291762, Slow),
        ["BrownBadlyScaled(2)"] = new(TerminationReason.MaxIterations, 999949770909.7091, Slow),
        ["Meyer(3)"] = new(TerminationReason.MaxIterations, 113737.72491123046, Slow),
        ["GulfResearch(3)"] = new(TerminationReason.MaxIterations, 0.005838090893875424, Slow),
        ["Box3D(3)"] = new(TerminationReason.MaxIterations, 0.029173718096201826, Slow),
        ["BrownDennis(4)"] = new(TerminationReason.MaxIterations, 161382.88140286674, Slow),
        ["Osborne1(5)"] = new(TerminationReason.MaxIterations, 9.399093098062867e-05, Slow),
        ["Watson(9)"] = new(TerminationReason.MaxIterations, 3.7393104124119956e-05, Slow),
    };

    [Theory]
    [Trait("Category", "Slow")]
    [MemberData(nameof(TestProblemTests.Problems), MemberType = typeof(TestProblemTests))]
    public void RmsProp_MghProblem_ReachesKnownMinimum(string problem) =>
        CatalogRunner.Run(new RmsPropOptions(), problem, KnownExceptions);

    [Fact]
    public void RmsProp_BadlyScaledQuadratic_StepsAreScaleFree()
    {
        // Coordinates scaled by 1 and 1e4: RMSProp's per-coordinate normalization handles both at one learning rate.
        var scale = Tensor.FromArray([1.0, 1e4]);
        var r = Minimizer.Minimize(x => (scale * x.Square()).Sum(), Tensor.FromArray([1.0, 1.0]), new RmsPropOptions { LearningRate = 1e-2 });
        Assert.True(r.Success, r.ToString());
        Assert.True(r.Fun < 1e-9, r.ToString());
    }

    [Fact]
    public void RmsProp_WithoutMomentum_OscillatesAndReportsFailure()
    {
        var r = Minimizer.Minimize(SeedExampleTests.Rosen, Tensor.FromArray([-1.2, 1.0]), new RmsPropOptions { LearningRate = 1e-2, Momentum = 0, MaxIterations = 3000 });
        Assert.False(r.Success);
        Assert.Equal(TerminationReason.MaxIterations, r.Status);
        Assert.Contains("Gradient norm", r.Message, StringComparison.Ordinal);
    }
}
