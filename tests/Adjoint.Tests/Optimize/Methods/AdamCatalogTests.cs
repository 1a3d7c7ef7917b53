using Adjoint.Optimize;
using Adjoint.Optimize.Methods;
using Adjoint.Tensors;

namespace Adjoint.Tests.Optimize.Methods;

public class AdamCatalogTests
{
    private const string Slow = "exhausts maxiter = 20000 + 2000 n: steps of about α = 1e-3 per coordinate are too short for the distance or the conditioning";

    /// <summary>Problems where this method does not reach f* from the standard start: where the run ends (status, f) and why.</summary>
    public static readonly IReadOnlyDictionary<string, ExpectedEnd> KnownExceptions = new Dictionary<string, ExpectedEnd>
    {
        ["FreudensteinRoth(2)"] = new(TerminationReason.GradientTolerance, 48.984253679300366, "converges to the documented local minimum f = 48.9842"),
        ["BiggsExp6(6)"] = new(TerminationReason.MaxIterations, 9.29367220924759E-06, "ends short of f* = 0 at the iteration limit (f = 9.3e-6; f = 5.65565e-3, where scipy stops, is a saddle the final check escapes)"),
        ["Trigonometric(10)"] = new(TerminationReason.GradientTolerance, 2.7951992617403394e-05, "converges to the local minimum f = 2.79506e-5"),
        ["PowellBadlyScaled(2)"] = new(TerminationReason.MaxIterations, 0.10132002997306634, Slow),
        ["BrownBadlyScaled(2)"] = new(TerminationReason.MaxIterations, 999950000670.4703, Slow),
        ["Meyer(3)"] = new(TerminationReason.MaxIterations, 113630.4349895601, Slow),
        ["GulfResearch(3)"] = new(TerminationReason.MaxIterations, 0.013392493363242598, Slow),
        ["Box3D(3)"] = new(TerminationReason.MaxIterations, 0.04052330644384051, Slow),
        ["BrownDennis(4)"] = new(TerminationReason.MaxIterations, 230751.2140448306, Slow),
        ["Osborne1(5)"] = new(TerminationReason.MaxIterations, 7.734609235636268e-05, Slow),
        ["Watson(9)"] = new(TerminationReason.MaxIterations, 4.108955019333779e-05, Slow),
        ["PenaltyI(4)"] = new(TerminationReason.MaxIterations, 2.441595907462878e-05, Slow),
    };

    [Theory]
    [Trait("Category", "Slow")]
    [MemberData(nameof(TestProblemTests.Problems), MemberType = typeof(TestProblemTests))]
    public void Adam_MghProblem_ReachesKnownMinimum(string problem) =>
        CatalogRunner.Run(new AdamOptions(), problem, KnownExceptions);

    [Fact]
    public void Adam_FirstStep_HasSizeLearningRateInEveryCoordinate()
    {
        // Bias correction makes the first step -α sign(g) (up to ε) whatever the gradient's scale.
        var scale = Tensor.FromArray([1e-3, 1.0, 1e3]);
        var r = Minimizer.Minimize(x => (scale * x.Square()).Sum(), Tensor.FromArray([1.0, 1.0, 1.0]), new AdamOptions { LearningRate = 0.01, MaxIterations = 1 });
        Assert.All(r.X, v => Assert.Equal(0.99, v, 6));
    }

    [Fact]
    public void Adam_Rosenbrock_ReachesGtol()
    {
        var r = Minimizer.Minimize(SeedExampleTests.Rosen, Tensor.FromArray([-1.2, 1.0]), new AdamOptions { LearningRate = 1e-2 });
        Assert.True(r.Success, r.ToString());
        Assert.True(r.Fun < 1e-8, r.ToString());
    }
}
