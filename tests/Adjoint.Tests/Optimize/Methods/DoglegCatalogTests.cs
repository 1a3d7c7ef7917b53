using Adjoint.Optimize;
using Adjoint.Optimize.Methods;
using Adjoint.Tensors;

namespace Adjoint.Tests.Optimize.Methods;

public class DoglegCatalogTests
{
    /// <summary>Problems where this method does not reach f* from the standard start: where the run ends (status, f) and why.</summary>
    public static readonly IReadOnlyDictionary<string, ExpectedEnd> KnownExceptions = new Dictionary<string, ExpectedEnd>
    {
        ["FreudensteinRoth(2)"] = new(TerminationReason.GradientTolerance, 48.98425367924001, "converges to the documented local minimum f = 48.9842"),
        ["Trigonometric(10)"] = new(TerminationReason.GradientTolerance, 2.7950561658034834e-05, "converges to the local minimum f = 2.79506e-5"),
        ["BrownBadlyScaled(2)"] = new(TerminationReason.MaxIterations, 374648982727.65796, "the minimizer is 1e6 away and max_trust_radius is 1000: exhausts maxiter = 400"),
        ["BiggsExp6(6)"] = new(TerminationReason.GradientTolerance, 0.2427036941486671, "gtol is met at f = 0.2427 in a flat region after 962 iterations of shifted (indefinite-Hessian) models; scipy raises LinAlgError"),
        ["Osborne1(5)"] = new(TerminationReason.GradientTolerance, 0.046829960703036064, "gtol is met at f = 0.0468 in a flat region after 866 iterations of shifted models; scipy raises LinAlgError"),
    };

    [Theory]
    [MemberData(nameof(TestProblemTests.Problems), MemberType = typeof(TestProblemTests))]
    public void Dogleg_MghProblem_ReachesKnownMinimum(string problem) =>
        CatalogRunner.Run(new DoglegOptions(), problem, KnownExceptions);

    [Fact]
    public void Dogleg_IndefiniteHessian_ShiftsTheModelAndConverges()
    {
        // f = x² - y² + y⁴/4 from (1, 0.1): the Hessian diag(2, -2 + 3y²) is indefinite at the start (scipy raises there).
        var r = Minimizer.Minimize(x => x[0].Square() - x[1].Square() + (0.25 * x[1].Square().Square()), Tensor.FromArray([1.0, 0.1]), new DoglegOptions());
        Assert.True(r.Success, r.Message);
        Assert.Equal(-1, r.Fun, 8);
    }

    [Fact]
    public void Dogleg_Rosenbrock_ReturnsHessian()
    {
        var r = Minimizer.Minimize(SeedExampleTests.Rosen, Tensor.FromArray([-1.2, 1.0]), new DoglegOptions { GradientTolerance = 1e-8 });
        Assert.True(r.Success, r.Message);
        Assert.NotNull(r.Hess);
        Assert.Equal(802, r.Hess![0, 0], 3);
        Assert.Equal(-400, r.Hess[0, 1], 3);
        Assert.True(r.Nhev > 0);
    }
}
