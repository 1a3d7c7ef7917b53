using Adjoint.Autodiff;
using Adjoint.Tensors;

namespace Adjoint.Tests.Autodiff;

public class DifferentiableFunctionTests
{
    private sealed class Cube : DifferentiableFunction
    {
        protected override Tensor Forward(IReadOnlyList<Tensor> inputs) => inputs[0] * inputs[0] * inputs[0];

        protected override Tensor?[] Backward(IReadOnlyList<Tensor> inputs, Tensor output, Tensor grad) =>
            [3 * grad * inputs[0].Square()];
    }

    private sealed class WrongShape : DifferentiableFunction
    {
        protected override Tensor Forward(IReadOnlyList<Tensor> inputs) => inputs[0].Sum();

        protected override Tensor?[] Backward(IReadOnlyList<Tensor> inputs, Tensor output, Tensor grad) => [grad];
    }

    [Fact]
    public void CustomFunction_FirstAndSecondDerivatives_MatchFiniteDifferences()
    {
        var r = GradCheck.Check(x => new Cube().Apply(x).Sum(), Tensor.FromArray([0.5, -1.5, 2.0]), order: 2);
        Assert.True(r.Passed, r.Message);
    }

    [Fact]
    public void CustomFunction_GradientOfWrongShape_IsReported()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Grad.Gradient(x => new WrongShape().Apply(x), Tensor.FromArray([1.0, 2.0])));
        Assert.Contains("shape", ex.Message, StringComparison.Ordinal);
    }
}
