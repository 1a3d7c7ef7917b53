using Adjoint.Autodiff;
using Adjoint.Tensors;

namespace Adjoint.Tests.Autodiff;

public class GradSmokeTests
{
    private static Tensor Rosenbrock(Tensor x) =>
        (100 * (x[1..] - x[..^1].Square()).Square() + (1 - x[..^1]).Square()).Sum();

    [Fact]
    public void Rosenbrock_ValueAndGrad_MatchesClosedForm()
    {
        var (f, g) = Grad.ValueAndGrad(Rosenbrock, Tensor.FromArray([-1.2, 1.0]));
        Assert.Equal(24.2, f.Item(), 12);
        Assert.Equal(-215.6, g.GetValue(0), 10);
        Assert.Equal(-88.0, g.GetValue(1), 10);
    }

    [Fact]
    public void Rosenbrock_Hessian_MatchesClosedForm()
    {
        var h = Grad.Hessian(Rosenbrock, Tensor.FromArray([-1.2, 1.0]));
        Assert.Equal(new Shape(2, 2), h.Shape);
        Assert.Equal(1330.0, h.GetValue(0, 0), 9);
        Assert.Equal(480.0, h.GetValue(0, 1), 9);
        Assert.Equal(480.0, h.GetValue(1, 0), 9);
        Assert.Equal(200.0, h.GetValue(1, 1), 9);
    }

    [Fact]
    public void GradCheck_SecondOrder_PassesOnRosenbrock()
    {
        var r = GradCheck.Check(Rosenbrock, Tensor.FromArray([0.3, -0.7, 1.1, 2.0]), order: 2);
        Assert.True(r.Passed, r.Message);
    }
}
