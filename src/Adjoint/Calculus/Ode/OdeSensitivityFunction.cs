using Adjoint.Autodiff;
using Adjoint.Tensors;

namespace Adjoint.Calculus;

/// <summary>
/// The solution values Y as one recorded operation of (y0, p), whose vector-Jacobian product applies the integrated
/// forward sensitivities: grad_y0 = g^T dY/dy0 and grad_p = g^T dY/dp, written with a matrix product so that a
/// recorded backward pass (create-graph) stays differentiable with respect to the upstream gradient.
/// </summary>
internal sealed class OdeSensitivityFunction(Tensor values, Tensor initialSensitivity, Tensor? parameterSensitivity) : DifferentiableFunction
{
    protected override Tensor Forward(IReadOnlyList<Tensor> inputs) => values;

    protected override Tensor?[] Backward(IReadOnlyList<Tensor> inputs, Tensor output, Tensor grad)
    {
        var row = grad.Reshape(new Shape(1, grad.Size));
        var result = new Tensor?[inputs.Count];
        result[0] = Tensor.MatMul(row, initialSensitivity).Reshape(inputs[0].Shape);
        if (inputs.Count > 1 && parameterSensitivity is not null)
        {
            result[1] = Tensor.MatMul(row, parameterSensitivity).Reshape(inputs[1].Shape);
        }

        return result;
    }
}
