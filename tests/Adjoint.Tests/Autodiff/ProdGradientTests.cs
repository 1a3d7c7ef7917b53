using Adjoint.Autodiff;
using Adjoint.Tensors;

namespace Adjoint.Tests.Autodiff;

public class ProdGradientTests
{
    [Fact]
    public void Prod_GradientAtOneZero_IsProductOfOthers()
    {
        var g = Grad.Gradient(x => Tensor.Prod(x), Tensor.FromArray([0.0, 2.0, 3.0]));
        Assert.Equal([6.0, 0.0, 0.0], g.ToArray());
    }

    [Fact]
    public void Prod_GradientAtTwoZeros_IsZero()
    {
        var g = Grad.Gradient(x => Tensor.Prod(x), Tensor.FromArray([0.0, 0.0, 3.0]));
        Assert.Equal([0.0, 0.0, 0.0], g.ToArray());
    }

    [Fact]
    public void Prod_AlongAxisWithZeros_PassesSecondOrderCheck()
    {
        var x = Tensor.FromArray([0.0, 2.0, 3.0, 1.5, -0.5, 0.7], [2, 3]);
        var r = GradCheck.Check(t => (Tensor.Prod(t, [1]) * Tensor.FromArray([1.0, -2.0])).Sum(), x, order: 2);
        Assert.True(r.Passed, r.Message);
    }
}
