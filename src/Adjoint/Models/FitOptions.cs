using Adjoint.Optimize;
using Adjoint.Optimize.Constraints;
using Adjoint.Tensors;

namespace Adjoint.Models;

/// <summary>Settings of <see cref="Trainer.Fit"/> (immutable data; run-time observers are in <see cref="FitControl"/>).</summary>
/// <remarks>
/// Full batch (<see cref="BatchSize"/> null): one <see cref="Minimizer"/> run of <see cref="Method"/> (any method;
/// default L-BFGS-B) on the loss over all the data; its iteration limit and tolerances are the method's.
/// Mini-batch (<see cref="BatchSize"/> set): <see cref="Epochs"/> passes over the data, each in a fresh seeded
/// permutation (when <see cref="Shuffle"/>), one update of a first-order method (Adam by default, RMSProp or
/// GradientDescent) per batch; the last batch of an epoch holds the remainder.
/// </remarks>
public sealed record FitOptions
{
    /// <summary>The method's options; null: L-BFGS-B for full batch, Adam (lr 1e-3) for mini-batches.</summary>
    public MinimizeOptions? Method { get; init; }

    /// <summary>Samples per mini-batch; null (default) trains full batch.</summary>
    public int? BatchSize
    {
        get;
        init => field = value is <= 0 ? throw new ArgumentOutOfRangeException(nameof(BatchSize), value, "BatchSize must be positive.") : value;
    }

    /// <summary>Passes over the data in mini-batch training (Keras <c>epochs</c>), default 1.</summary>
    public int Epochs
    {
        get;
        init => field = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(Epochs), value, "Epochs must be positive.");
    } = 1;

    /// <summary>Whether each epoch visits the samples in a new random order (Keras <c>shuffle</c>), default true.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>The seed of the shuffling generator; the same seed (and layer seeds) gives the same run.</summary>
    public int Seed { get; init; }

    /// <summary>Validation inputs (with <see cref="ValidationY"/>), or null.</summary>
    public Tensor? ValidationX { get; init; }

    /// <summary>Validation targets (with <see cref="ValidationX"/>), or null.</summary>
    public Tensor? ValidationY { get; init; }

    /// <summary>Early stopping, or null.</summary>
    public EarlyStopping? EarlyStopping { get; init; }

    /// <summary>Regularization, chunked evaluation and loss reduction of the full-batch objective (regularization also applies to mini-batches).</summary>
    public ModelObjectiveOptions? Objective { get; init; }

    /// <summary>Bounds by full parameter name (full batch, methods that honour bounds), or null.</summary>
    public Bounds? Bounds { get; init; }

    /// <summary>Print a Keras-style progress line per epoch (per iteration in full batch) to <see cref="FitControl.Output"/>.</summary>
    public bool Verbose { get; init; }
}
