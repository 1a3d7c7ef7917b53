using Adjoint.Tensors;

namespace Adjoint.Models;

/// <summary>
/// A fully connected layer: y = f(x·W + b) with the kernel W of shape [inputs, units] (Keras' layout) and the bias b
/// of shape [units].
/// </summary>
/// <remarks>
/// The kernel is drawn by <see cref="Initializer"/> from a seeded generator (the same seed gives the same values in
/// both dtypes up to rounding); the bias starts at zero, as in Keras. The input's last axis must have length
/// <see cref="Inputs"/>; leading axes are batch axes.
/// </remarks>
public sealed class Dense : Module
{
    /// <summary>Creates the layer and initializes its parameters.</summary>
    /// <param name="inputs">The number of input features (the kernel's rows).</param>
    /// <param name="units">The number of outputs (Keras' <c>units</c>).</param>
    /// <param name="activation">The nonlinearity applied after the affine map; default linear.</param>
    /// <param name="useBias">Whether the layer has a bias (Keras' <c>use_bias</c>).</param>
    /// <param name="initializer">How the kernel is drawn; default Glorot uniform.</param>
    /// <param name="seed">The seed of the kernel's generator; null draws one from <see cref="Random.Shared"/>.</param>
    /// <param name="dtype">The parameters' dtype.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    public Dense(int inputs, int units, ActivationFunction activation = ActivationFunction.Linear, bool useBias = true,
        Initializer initializer = Initializer.GlorotUniform, int? seed = null, DType dtype = DType.Float64)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(units);
        Inputs = inputs;
        Units = units;
        ActivationFunction = activation;
        Kernel = RegisterParameter("kernel", Initialize(initializer, inputs, units, seed ?? Random.Shared.Next(), dtype));
        Bias = useBias ? RegisterParameter("bias", Tensor.Zeros([units], dtype)) : null;
    }

    /// <summary>The number of input features.</summary>
    public int Inputs { get; }

    /// <summary>The number of outputs.</summary>
    public int Units { get; }

    /// <summary>The nonlinearity applied after the affine map.</summary>
    public ActivationFunction ActivationFunction { get; }

    /// <summary>The kernel W, shape [inputs, units].</summary>
    public Parameter Kernel { get; }

    /// <summary>The bias b, shape [units], or null without bias.</summary>
    public Parameter? Bias { get; }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The input's last axis is not <see cref="Inputs"/> long.</exception>
    public override Tensor Forward(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank == 0 || x.Shape[-1] != Inputs)
        {
            throw new ArgumentException($"Dense({Inputs} -> {Units}) expects inputs whose last axis has {Inputs} features; got shape {x.Shape}.", nameof(x));
        }

        var z = x.Rank <= 2 ? x.MatMul(Kernel.Value) : x.Reshape(-1, Inputs).MatMul(Kernel.Value).Reshape([.. x.Shape.ToArray()[..^1], Units]);
        if (Bias is { } b)
        {
            z += b.Value;
        }

        return Activation.Apply(ActivationFunction, z);
    }

    /// <summary>A [fanIn, fanOut] matrix drawn by <paramref name="initializer"/> from <paramref name="seed"/>.</summary>
    internal static Tensor Initialize(Initializer initializer, int fanIn, int fanOut, int seed, DType dtype)
    {
        Shape shape = [fanIn, fanOut];
        return initializer switch
        {
            Initializer.GlorotUniform => Uniform(Math.Sqrt(6.0 / (fanIn + fanOut))),
            Initializer.HeUniform => Uniform(Math.Sqrt(6.0 / fanIn)),
            Initializer.HeNormal => Tensor.RandomNormal(shape, seed, 0, Math.Sqrt(2.0 / fanIn), DType.Float64).To(dtype).Detach(),
            Initializer.Zeros => Tensor.Zeros(shape, dtype),
            _ => throw new ArgumentOutOfRangeException(nameof(initializer), initializer, "Unknown initializer."),
        };

        Tensor Uniform(double a) => Tensor.RandomUniform(shape, seed, -a, a, DType.Float64).To(dtype).Detach();
    }
}
