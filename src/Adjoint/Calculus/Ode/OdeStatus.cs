namespace Adjoint.Calculus;

/// <summary>How an integration ended (scipy's <c>status</c>, with the failure split by cause).</summary>
public enum OdeStatus
{
    /// <summary>The integration reached the end of the time span (scipy status 0).</summary>
    Success,

    /// <summary>A terminal event occurred and the integration stopped there (scipy status 1).</summary>
    TerminalEvent,

    /// <summary>The step size needed fell below the spacing of floating-point numbers at t (scipy status -1).</summary>
    StepSizeTooSmall,

    /// <summary>The right-hand side returned NaN or infinity at the initial point, or at every step size tried near t.</summary>
    NonFiniteDerivative,

    /// <summary>The limit <see cref="OdeOptions.MaxSteps"/> on accepted and rejected steps was reached before the end.</summary>
    TooManySteps,
}
