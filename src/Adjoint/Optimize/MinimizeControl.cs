namespace Adjoint.Optimize;

/// <summary>Run-time settings of one minimization: cancellation, progress, the stop callback, output. Options are data; control is runtime.</summary>
/// <remarks>
/// Cancellation does not throw: the run returns the best point so far with <see cref="TerminationReason.Cancelled"/>
/// (the token is checked before each iteration and before each objective evaluation, so it takes effect within one iteration).
/// </remarks>
public sealed record MinimizeControl
{
    /// <summary>Cancels the run; the result carries the best point and <see cref="TerminationReason.Cancelled"/>.</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>Receives an <see cref="IterationInfo"/> every <see cref="ProgressEvery"/> iterations.</summary>
    public IProgress<IterationInfo>? Progress { get; init; }

    /// <summary>How often (in iterations) <see cref="Progress"/> and verbose output report; default 1.</summary>
    public int ProgressEvery { get; init; } = 1;

    /// <summary>Called after every iteration (scipy's <c>callback</c>); its answer can stop the run.</summary>
    public Func<IterationInfo, CallbackResult>? Callback { get; init; }

    /// <summary>Where verbose output goes (default <see cref="Console.Out"/>).</summary>
    public TextWriter? Output { get; init; }

    /// <summary>The default: no cancellation, no observers.</summary>
    public static MinimizeControl Default { get; } = new();
}
