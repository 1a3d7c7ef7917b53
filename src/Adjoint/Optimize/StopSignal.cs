namespace Adjoint.Optimize;

/// <summary>Unwinds a method from inside an evaluation when a hard limit trips (evaluation budget, cancellation, time).</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1064", Justification = "Internal control-flow signal caught by the driver; never escapes.")]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1032", Justification = "Internal control-flow signal.")]
internal sealed class StopSignal(TerminationReason reason) : Exception(reason.Describe())
{
    public TerminationReason Reason { get; } = reason;
}
