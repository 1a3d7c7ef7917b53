using Adjoint.Autodiff;
using Adjoint.Optimize;
using Adjoint.Optimize.Constraints;
using Adjoint.Optimize.Methods;
using Adjoint.Tensors;

namespace Adjoint.Tests.Optimize;

public class SeedExampleTests
{
    internal static Tensor Rosen(Tensor x) => (100 * (x[1..] - x[..^1].Square()).Square() + (1 - x[..^1]).Square()).Sum();

    [Fact]
    public void Rosenbrock_DefaultMethod_ConvergesToOnes()
    {
        var r = Minimizer.Minimize(Rosen, Tensor.FromArray([-1.2, 1.0, -1.2, 1.0, 0.5]));
        Assert.Equal("BFGS", r.Method);
        Assert.True(r.Success, r.Message);
        Assert.Equal(TerminationReason.GradientTolerance, r.Status);
        Assert.All(r.X, v => Assert.Equal(1.0, v, 4));
        Assert.True(r.Fun < 1e-9, r.ToString());
        Assert.True(r.GradientNorm <= 1e-5);
        Assert.NotNull(r.InverseHessian);
        Assert.Equal(r.Nfev, r.Njev);
    }
}
