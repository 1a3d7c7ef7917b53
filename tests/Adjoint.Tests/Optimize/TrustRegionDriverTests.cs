using Adjoint.Optimize;
using Adjoint.Optimize.TrustRegion;
using Adjoint.Tensors;

namespace Adjoint.Tests.Optimize;

/// <summary>The shared trust-region loop, exercised with the Cauchy-point subproblem (the simplest subproblem).</summary>
public class TrustRegionDriverTests
{
    private sealed record CauchyOptions : TrustRegionOptions
    {
        public override string MethodName => "cauchy-trust-region";
    }

    private sealed class CauchyTrustRegion(CauchyOptions options) : TrustRegionDriver<CauchyOptions>(options)
    {
        public override string Name => "cauchy-trust-region";

        protected override ITrustRegionSubproblem CreateSubproblem() => new CauchyPointSubproblem();
    }

    [Fact]
    public void CauchyPointTrustRegion_ConvergesOnConvexQuadratic()
    {
        var d = Tensor.FromArray([1.0, 2.0, 4.0]);
        var r = Minimizer.Minimize(new CauchyTrustRegion(new CauchyOptions()), Objective.Create(x => (d * (x - 3).Square()).Sum()),
            new Adjoint.Autodiff.Variables { ["x"] = Tensor.Zeros([3]) });
        Assert.True(r.Success, r.ToString());
        Assert.All(r.X, v => Assert.Equal(3, v, 3));
        Assert.True(r.Nhev > 0);
    }

    [Fact]
    public void NonFiniteTrial_ShrinksTheRegion()
    {
        // log barrier: undefined for x <= 0, minimum at x = 1 (f = x - log x).
        var r = Minimizer.Minimize(new CauchyTrustRegion(new CauchyOptions { InitialTrustRadius = 100 }),
            Objective.Create(x => (x - Tensor.Log(x)).Sum()), new Adjoint.Autodiff.Variables { ["x"] = Tensor.FromArray([3.0, 0.2]) });
        Assert.True(r.Success, r.ToString());
        Assert.All(r.X, v => Assert.Equal(1, v, 3));
    }
}
