namespace Adjoint.Optimize;

/// <summary>What one <see cref="IterativeMethod{TOptions, TState}.Step"/> decided: continue, or stop with a reason.</summary>
/// <remarks>
/// A method returns <see cref="Stop"/> only for its own tests (ftol, xtol, a failed line search, ...); the driver applies
/// maxiter, the time limit, cancellation, the callback and the gtol test itself. A gradient method that stops on
/// <see cref="TerminationReason.FunctionTolerance"/> or <see cref="TerminationReason.StepTolerance"/> while the gradient
/// norm is above gtol is reported as <see cref="TerminationReason.NoProgress"/> (not a success).
/// </remarks>
/// <param name="Reason">Why to stop, or null to continue.</param>
/// <param name="Detail">An optional detail appended to the result's message.</param>
/// <param name="NoStep">Whether the step left the iterate where it was, so it does not count as an iteration.</param>
public readonly record struct StepOutcome(TerminationReason? Reason, string? Detail, bool NoStep = false)
{
    /// <summary>Keep iterating.</summary>
    public static StepOutcome Continue => default;

    /// <summary>Stop with a reason (and an optional detail for the message).</summary>
    /// <param name="reason">Why the method stops.</param>
    /// <param name="detail">An optional detail appended to the result's message.</param>
    public static StepOutcome Stop(TerminationReason reason, string? detail = null) => new(reason, detail);

    /// <summary>
    /// Stop without having moved (for example when no line-search step was found): the attempt is not counted as an
    /// iteration, as scipy does not count it.
    /// </summary>
    /// <param name="reason">Why the method stops.</param>
    /// <param name="detail">An optional detail appended to the result's message.</param>
    public static StepOutcome StopWithoutStep(TerminationReason reason, string? detail = null) => new(reason, detail, NoStep: true);
}
