namespace Adjoint.Optimize;

/// <summary>What the per-iteration callback asks the minimizer to do next.</summary>
public enum CallbackResult
{
    /// <summary>Keep iterating.</summary>
    Continue,

    /// <summary>Stop now and report <see cref="TerminationReason.CallbackStopped"/> (not a success).</summary>
    Stop,

    /// <summary>Stop now and report <see cref="TerminationReason.CallbackConverged"/> (a success).</summary>
    StopSuccessfully,
}
