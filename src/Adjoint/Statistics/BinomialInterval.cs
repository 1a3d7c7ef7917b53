namespace Adjoint.Statistics;

/// <summary>A confidence interval for a binomial proportion (scipy's <c>ConfidenceInterval</c> of <c>proportion_ci</c>).</summary>
/// <param name="Low">The lower bound, in [0, 1].</param>
/// <param name="High">The upper bound, in [Low, 1].</param>
/// <param name="ConfidenceLevel">The confidence level it was computed for, in (0, 1).</param>
/// <param name="Method">The method that computed it.</param>
/// <param name="Alternative">Two-sided, or one-sided (then one bound is 0 or 1).</param>
public sealed record BinomialInterval(double Low, double High, double ConfidenceLevel, BinomialIntervalMethod Method, BinomTestAlternative Alternative);
