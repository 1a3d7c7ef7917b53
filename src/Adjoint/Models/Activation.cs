using Adjoint.Tensors;

namespace Adjoint.Models;

/// <summary>A layer that applies an elementwise nonlinearity (Keras' <c>Activation</c>).</summary>
/// <param name="function">The nonlinearity.</param>
public sealed class Activation(ActivationFunction function) : Module
{
    /// <summary>The nonlinearity.</summary>
    public ActivationFunction Function { get; } = function;

    /// <inheritdoc/>
    public override string DefaultName => "activation";

    /// <inheritdoc/>
    public override Tensor Forward(Tensor x) => Apply(Function, x);

    /// <summary>Applies <paramref name="function"/> to every element of <paramref name="x"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Unknown function.</exception>
    public static Tensor Apply(ActivationFunction function, Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return function switch
        {
            ActivationFunction.Linear => x,
            ActivationFunction.Relu => Tensor.Relu(x),
            ActivationFunction.Tanh => Tensor.Tanh(x),
            ActivationFunction.Sigmoid => Tensor.Sigmoid(x),
            ActivationFunction.Softplus => Tensor.Softplus(x),
            ActivationFunction.Gelu => 0.5 * x * (1.0 + Tensor.Tanh(GeluScale * (x + (0.044715 * x * x * x)))),
            _ => throw new ArgumentOutOfRangeException(nameof(function), function, "Unknown activation function."),
        };
    }

    /// <summary>√(2/π).</summary>
    private const double GeluScale = 0.79788456080286535588;
}
