using Adjoint.Optimize;

namespace Adjoint.Models;

/// <summary>Run-time observers of <see cref="Trainer.Fit"/>: callback, progress, output and cancellation.</summary>
public sealed record FitControl
{
    /// <summary>Called after each epoch (each iteration in full batch); <see cref="CallbackResult.Stop"/> ends training.</summary>
    public Func<EpochRecord, CallbackResult>? Callback { get; init; }

    /// <summary>Receives every <see cref="EpochRecord"/>.</summary>
    public IProgress<EpochRecord>? Progress { get; init; }

    /// <summary>Where verbose lines go (default <see cref="Console.Out"/>).</summary>
    public TextWriter? Output { get; init; }

    /// <summary>Cancels training; the model keeps the last completed iterate.</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>No observers.</summary>
    public static FitControl Default { get; } = new();
}
