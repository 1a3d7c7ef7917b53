namespace Adjoint.Optimize;

/// <summary>What one step of an iterative method decided: continue, or stop with a reason.</summary>
/// <param name="Reason">Why to stop, or null to continue.</param>
/// <param name="Detail">An optional detail for the message.</param>
/// <param name="NoStep">Whether the step left the iterate where it was, so it does not count as an iteration.</param>
internal readonly record struct StepOutcome(TerminationReason? Reason, string? Detail, bool NoStep = false)
{
    /// <summary>Keep iterating.</summary>
    public static StepOutcome Continue => default;

    /// <summary>Stop with a reason (and an optional detail for the message).</summary>
    public static StepOutcome Stop(TerminationReason reason, string? detail = null) => new(reason, detail);

    /// <summary>
    /// Stop without having moved (for example when no line-search step was found): the attempt is not counted as an
    /// iteration, as scipy does not count it.
    /// </summary>
    public static StepOutcome StopWithoutStep(TerminationReason reason, string? detail = null) => new(reason, detail, NoStep: true);
}
