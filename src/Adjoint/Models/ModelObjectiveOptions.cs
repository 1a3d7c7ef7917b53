using Adjoint.Autodiff;
using Adjoint.Tensors;

namespace Adjoint.Models;

/// <summary>Settings of a <see cref="ModelObjective"/> (immutable; change them with <c>with</c>).</summary>
public sealed record ModelObjectiveOptions
{
    /// <summary>
    /// A penalty on the trainable parameters by full name, added once to the data loss (not per chunk or batch); null
    /// for none. Example: <c>p =&gt; Losses.L2(p.Values, 0.01)</c>.
    /// </summary>
    public Func<Variables, Tensor>? Regularization { get; init; }

    /// <summary>
    /// Evaluate the data loss over chunks of this many samples (axis 0 of x and y), one tape per chunk, instead of one
    /// tape over all of the data; null (default) uses one tape. See <see cref="ModelObjective"/> for the rule.
    /// </summary>
    public int? ChunkSize
    {
        get;
        init => field = value is <= 0 ? throw new ArgumentOutOfRangeException(nameof(ChunkSize), value, "ChunkSize must be positive.") : value;
    }

    /// <summary>How the loss reduces over samples, which weights the chunks (default <see cref="LossReduction.Mean"/>).</summary>
    public LossReduction Reduction { get; init; } = LossReduction.Mean;
}
