namespace Adjoint.Models;

/// <summary>How a loss combines its samples, which fixes how per-chunk losses add up to the full-batch loss.</summary>
public enum LossReduction
{
    /// <summary>The loss is a mean over the samples (every loss in <see cref="Losses"/>): chunk c of n_c of N samples is weighted n_c / N.</summary>
    Mean,

    /// <summary>The loss is a sum over the samples (such as ½·SSE): chunk losses are added.</summary>
    Sum,
}
