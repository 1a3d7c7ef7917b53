namespace Adjoint.Statistics;

/// <summary>The outcome of <see cref="BinomTest.Run"/> (scipy's <c>BinomTestResult</c>).</summary>
/// <param name="K">The number of successes.</param>
/// <param name="N">The number of trials.</param>
/// <param name="HypothesizedProbability">The success probability p of the null hypothesis.</param>
/// <param name="Alternative">The alternative hypothesis.</param>
/// <param name="Statistic">The estimated proportion k/n.</param>
/// <param name="PValue">The p-value of the test.</param>
public sealed record BinomTestResult(int K, int N, double HypothesizedProbability, BinomTestAlternative Alternative, double Statistic, double PValue)
{
    /// <summary>
    /// The confidence interval for the proportion, sided as <see cref="Alternative"/> (scipy's
    /// <c>proportion_ci(confidence_level, method)</c>).
    /// </summary>
    /// <param name="confidenceLevel">The confidence level, in (0, 1); default 0.95.</param>
    /// <param name="method">The method; default Clopper-Pearson (scipy's "exact").</param>
    /// <returns>The interval.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The level is outside (0, 1).</exception>
    public BinomialInterval ProportionConfidenceInterval(double confidenceLevel = 0.95, BinomialIntervalMethod method = BinomialIntervalMethod.ClopperPearson) =>
        BinomialIntervals.Compute(K, N, confidenceLevel, method, Alternative);
}
