using Adjoint.Tensors;

namespace Adjoint.Models;

/// <summary>
/// Inverted dropout (Srivastava et al. 2014): in training mode each element is zeroed with probability
/// <see cref="Rate"/> and the survivors are scaled by 1 / (1 − rate); otherwise the identity.
/// </summary>
/// <remarks>
/// Active only while <see cref="Module.Training"/> is true, which the trainer sets for mini-batch steps alone: a
/// full-batch objective, a line search, validation and prediction see the identity, so every deterministic method
/// minimizes a deterministic function. The masks come from one seeded generator, drawn in call order, so a seeded
/// training run is reproducible.
/// </remarks>
public sealed class Dropout : Module
{
    private readonly Random _random;

    /// <summary>Creates the layer.</summary>
    /// <param name="rate">The probability of dropping an element, in [0, 1).</param>
    /// <param name="seed">The mask generator's seed; null draws one from <see cref="Random.Shared"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">The rate is outside [0, 1).</exception>
    public Dropout(double rate, int? seed = null)
    {
        if (!(rate >= 0 && rate < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "The dropout rate must lie in [0, 1).");
        }

        Rate = rate;
        _random = new Random(seed ?? Random.Shared.Next());
    }

    /// <summary>The probability of dropping an element.</summary>
    public double Rate { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (!Training || Rate == 0)
        {
            return x;
        }

        var mask = new double[x.Size];
        double keep = 1 / (1 - Rate);
        for (int i = 0; i < mask.Length; i++)
        {
            mask[i] = _random.NextDouble() < Rate ? 0 : keep;
        }

        return x * Tensor.FromArray(mask, x.Shape, x.DType);
    }
}
