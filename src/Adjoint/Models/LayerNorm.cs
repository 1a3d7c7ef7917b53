using Adjoint.Tensors;

namespace Adjoint.Models;

/// <summary>
/// Layer normalization over the last axis (Ba, Kiros and Hinton 2016): y = γ·(x − μ)/√(σ² + ε) + β with μ and σ² the
/// mean and the biased variance of each sample's features.
/// </summary>
public sealed class LayerNorm : Module
{
    /// <summary>Creates the layer with γ = 1 and β = 0.</summary>
    /// <param name="features">The length of the last axis.</param>
    /// <param name="epsilon">ε added to the variance; default 1e-5 (PyTorch's; Keras uses 1e-3).</param>
    /// <param name="dtype">The parameters' dtype.</param>
    /// <exception cref="ArgumentOutOfRangeException">features is not positive or ε is negative.</exception>
    public LayerNorm(int features, double epsilon = 1e-5, DType dtype = DType.Float64)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(features);
        if (!(epsilon >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be non-negative.");
        }

        Features = features;
        Epsilon = epsilon;
        Gamma = RegisterParameter("gamma", Tensor.Ones([features], dtype));
        Beta = RegisterParameter("beta", Tensor.Zeros([features], dtype));
    }

    /// <summary>The length of the normalized axis.</summary>
    public int Features { get; }

    /// <summary>ε added to the variance.</summary>
    public double Epsilon { get; }

    /// <summary>The scale γ, shape [features].</summary>
    public Parameter Gamma { get; }

    /// <summary>The shift β, shape [features].</summary>
    public Parameter Beta { get; }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The last axis is not <see cref="Features"/> long.</exception>
    public override Tensor Forward(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank == 0 || x.Shape[-1] != Features)
        {
            throw new ArgumentException($"LayerNorm({Features}) expects a last axis of {Features}; got shape {x.Shape}.", nameof(x));
        }

        var centered = x - x.Mean(-1, keepDims: true);
        var variance = centered.Square().Mean(-1, keepDims: true);
        return (centered / Tensor.Sqrt(variance + Epsilon) * Gamma.Value) + Beta.Value;
    }
}
