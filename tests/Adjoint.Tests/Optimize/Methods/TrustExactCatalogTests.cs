using Adjoint.Optimize;
using Adjoint.Optimize.Methods;
using Adjoint.Tensors;

namespace Adjoint.Tests.Optimize.Methods;

public class TrustExactCatalogTests
{
    /// <summary>Problems where this method does not reach f* from the standard start: where the run ends (status, f) and why.</summary>
    public static readonly IReadOnlyDictionary<string, ExpectedEnd> KnownExceptions = new Dictionary<string, ExpectedEnd>
    {
        ["FreudensteinRoth(2)"] = new(TerminationReason.GradientTolerance, 48.984253679240034, "converges to the documented local minimum f = 48.9842"),
        ["Trigonometric(10)"] = new(TerminationReason.GradientTolerance, 2.7950645905457356e-05, "converges to the local minimum f = 2.79506e-5"),
        ["BrownBadlyScaled(2)"] = new(TerminationReason.MaxIterations, 370851150508.1373, "the minimizer is 1e6 away and max_trust_radius is 1000: exhausts maxiter = 400"),
    };

    [Theory]
    [MemberData(nameof(TestProblemTests.Problems), MemberType = typeof(TestProblemTests))]
    public void TrustExact_MghProblem_ReachesKnownMinimum(string problem) =>
        CatalogRunner.Run(new TrustExactOptions(), problem, KnownExceptions);

    [Fact]
    public void TrustExact_Rosenbrock5_TracksScipy()
    {
        // scipy 1.10 (minimize(rosen, x0, method='trust-exact', jac=rosen_der, hess=rosen_hess)) stops after 12 iterations
        // with mean(x - 1) = 8.477416033603191e-7: the subproblem's loose k_easy/k_hard stops leave x about 1e-6 from
        // the minimizer when the gradient test passes, and the iterates agree to rounding.
        var r = Minimizer.Minimize(SeedExampleTests.Rosen, Tensor.FromArray([1.3, 0.7, 0.8, 1.9, 1.2]), new TrustExactOptions());
        Assert.True(r.Success, r.Message);
        Assert.Equal(12, r.Nit);
        double mean = r.X.Select(v => v - 1).Average();
        Assert.Equal(8.477416033603191e-7, mean, 1e-12);
        Assert.NotNull(r.Hess);
    }
}
