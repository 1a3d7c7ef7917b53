namespace Adjoint.Calculus;

/// <summary>The result of one adaptive run in float64, with the final partition in the rule variable.</summary>
/// <param name="Value">The integral (extrapolated when the epsilon algorithm gave the better estimate).</param>
/// <param name="Error">The error estimate.</param>
/// <param name="PartitionSum">The sum of the Kronrod estimates over the final partition.</param>
/// <param name="Lower">Lower ends of the final intervals (rule variable).</param>
/// <param name="Upper">Upper ends of the final intervals (rule variable).</param>
/// <param name="Evaluations">Integrand points evaluated.</param>
/// <param name="Status">Why the run stopped.</param>
/// <param name="Message">A sentence for people.</param>
internal sealed record AdaptiveOutcome(double Value, double Error, double PartitionSum, double[] Lower, double[] Upper,
    int Evaluations, QuadStatus Status, string Message);
