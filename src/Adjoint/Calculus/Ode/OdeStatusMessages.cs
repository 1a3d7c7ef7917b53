namespace Adjoint.Calculus;

/// <summary>The sentence that describes each <see cref="OdeStatus"/>.</summary>
public static class OdeStatusMessages
{
    /// <summary>A one-sentence description of <paramref name="status"/>.</summary>
    /// <param name="status">The status.</param>
    /// <returns>The sentence, as scipy's <c>message</c> where scipy has one.</returns>
    public static string Describe(this OdeStatus status) => status switch
    {
        OdeStatus.Success => "The solver successfully reached the end of the integration interval.",
        OdeStatus.TerminalEvent => "A termination event occurred.",
        OdeStatus.StepSizeTooSmall => "Required step size is less than spacing between numbers.",
        OdeStatus.NonFiniteDerivative => "The right-hand side returned NaN or infinity.",
        OdeStatus.TooManySteps => "The maximum number of steps was reached before the end of the interval.",
        _ => status.ToString(),
    };

    /// <summary>Whether <paramref name="status"/> is a successful end (the end of the span or a terminal event).</summary>
    /// <param name="status">The status.</param>
    /// <returns>True for <see cref="OdeStatus.Success"/> and <see cref="OdeStatus.TerminalEvent"/>.</returns>
    public static bool IsSuccess(this OdeStatus status) => status is OdeStatus.Success or OdeStatus.TerminalEvent;
}
