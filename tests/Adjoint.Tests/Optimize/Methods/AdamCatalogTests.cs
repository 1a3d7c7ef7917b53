using Adjoint.Optimize;
using Adjoint.Optimize.Methods;
using Adjoint.Tensors;

namespace Adjoint.Tests.Optimize.Methods;

public class AdamCatalogTests
{
    private const string Slow = "exhausts maxiter = 20000 + 2000 n: steps of about α = 1e-3 per coordinate are too short for the distance or the conditioning";

    /// <summary>Problems where this method does not reach f* from the standard start, with the reason.</summary>
    public static readonly IReadOnlyDictionary<string, string> KnownExceptions = new Dictionary<string, string>
    {
        ["FreudensteinRoth(2)"] = "converges to the documented local minimum f = 48.9842",
        ["BiggsExp6(6)"] = "converges to the documented local minimum f = 5.65565e-3",
        ["Trigonometric(10)"] = "converges to the local minimum f = 2.79506e-5",
        ["PowellBadlyScaled(2)"] = Slow,
        ["BrownBadlyScaled(2)"] = Slow,
        ["Meyer(3)"] = Slow,
        ["GulfResearch(3)"] = Slow,
        ["Box3D(3)"] = Slow,
        ["BrownDennis(4)"] = Slow,
        ["Osborne1(5)"] = Slow,
        ["Watson(9)"] = Slow,
        ["PenaltyI(4)"] = Slow,
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
