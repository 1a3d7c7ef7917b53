using Adjoint.Optimize;
using Adjoint.Optimize.Methods;
using Adjoint.Tensors;

namespace Adjoint.Tests.Optimize.Methods;

public class DoglegCatalogTests
{
    /// <summary>Problems where this method does not reach f* from the standard start, with the reason.</summary>
    public static readonly IReadOnlyDictionary<string, string> KnownExceptions = new Dictionary<string, string>
    {
        ["FreudensteinRoth(2)"] = "converges to the documented local minimum f = 48.9842",
        ["Trigonometric(10)"] = "converges to the local minimum f = 2.79506e-5",
        ["BrownBadlyScaled(2)"] = "the minimizer is 1e6 away and max_trust_radius is 1000: exhausts maxiter = 400",
        ["BiggsExp6(6)"] = "gtol is met at f = 0.2427 in a flat region after 962 iterations of shifted (indefinite-Hessian) models; scipy raises LinAlgError",
        ["Osborne1(5)"] = "gtol is met at f = 0.0468 in a flat region after 866 iterations of shifted models; scipy raises LinAlgError",
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
