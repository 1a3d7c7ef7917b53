namespace Adjoint.Models;

/// <summary>
/// Stop training when the monitored loss has stopped improving, with the semantics of Keras'
/// <c>EarlyStopping</c> callback.
/// </summary>
/// <remarks>
/// After each epoch (each iteration in full-batch training) from <see cref="StartFromEpoch"/> on: the wait count
/// grows by one; an epoch improves when value + <see cref="MinDelta"/> &lt; best, and then becomes the best (and, with
/// <see cref="RestoreBestWeights"/>, its weights are kept) and resets the wait count to 0 if it also beats
/// <see cref="Baseline"/> (when set); otherwise, when the wait count reaches <see cref="Patience"/> and the epoch is
/// not the first, training stops and, with <see cref="RestoreBestWeights"/>, the best epoch's weights are written into
/// the model. As in Keras, weights are restored only when training stops early.
/// </remarks>
public sealed record EarlyStopping
{
    /// <summary>The quantity watched; default <see cref="EarlyStoppingMonitor.ValidationLoss"/> (Keras' default).</summary>
    public EarlyStoppingMonitor Monitor { get; init; } = EarlyStoppingMonitor.ValidationLoss;

    /// <summary>The smallest decrease that counts as an improvement (Keras <c>min_delta</c>), default 0.</summary>
    public double MinDelta
    {
        get;
        init => field = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(MinDelta), value, "MinDelta must be non-negative.");
    }

    /// <summary>Epochs without improvement after which training stops (Keras <c>patience</c>), default 0.</summary>
    public int Patience
    {
        get;
        init => field = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(Patience), value, "Patience must be non-negative.");
    }

    /// <summary>Write the best epoch's weights back when training stops early (Keras <c>restore_best_weights</c>), default false.</summary>
    public bool RestoreBestWeights { get; init; }

    /// <summary>A value the monitored loss must beat for the wait count to reset (Keras <c>baseline</c>); null for none.</summary>
    public double? Baseline { get; init; }

    /// <summary>Epochs to wait before monitoring starts (Keras <c>start_from_epoch</c>), default 0.</summary>
    public int StartFromEpoch
    {
        get;
        init => field = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(StartFromEpoch), value, "StartFromEpoch must be non-negative.");
    }
}
