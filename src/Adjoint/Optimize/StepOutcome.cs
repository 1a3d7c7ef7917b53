namespace Adjoint.Optimize;

/// <summary>What one step of an iterative method decided: continue, or stop with a reason.</summary>
internal readonly record struct StepOutcome(TerminationReason? Reason, string? Detail)
{
    /// <summary>Keep iterating.</summary>
    public static StepOutcome Continue => default;

    /// <summary>Stop with a reason (and an optional detail for the message).</summary>
    public static StepOutcome Stop(TerminationReason reason, string? detail = null) => new(reason, detail);
}
