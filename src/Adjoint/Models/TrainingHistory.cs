using Adjoint.Optimize;

namespace Adjoint.Models;

/// <summary>What <see cref="Trainer.Fit"/> did: the per-epoch (or per-iteration) records and how training ended.</summary>
public sealed record TrainingHistory
{
    /// <summary>One record per epoch (mini-batch) or iteration (full batch), in order.</summary>
    public required IReadOnlyList<EpochRecord> Records { get; init; }

    /// <summary>The training loss per record (Keras <c>history['loss']</c>).</summary>
    public double[] Loss => Records.Select(r => r.Loss).ToArray();

    /// <summary>The validation loss per record (Keras <c>history['val_loss']</c>), NaN without validation data.</summary>
    public double[] ValidationLoss => Records.Select(r => r.ValidationLoss).ToArray();

    /// <summary>The objective at the starting weights (the first mini-batch's loss in mini-batch training).</summary>
    public required double InitialLoss { get; init; }

    /// <summary>The optimizer's result (its solution is what the model holds unless best weights were restored).</summary>
    public required MinimizeResult Result { get; init; }

    /// <summary>Whether training ran full batch.</summary>
    public required bool FullBatch { get; init; }

    /// <summary>The epoch at which early stopping ended training, or null.</summary>
    public int? StoppedEpoch { get; init; }

    /// <summary>The epoch with the best monitored value under early stopping, or null.</summary>
    public int? BestEpoch { get; init; }

    /// <summary>Whether the best epoch's weights were written back into the model.</summary>
    public bool RestoredBestWeights { get; init; }
}
