namespace Adjoint.Statistics;

/// <summary>
/// The central range of the observed proportion X/n when X ~ Binomial(n, p): the binomial quantiles at sig = (1 -
/// level)/2 and 1 - sig, divided by n (scipy's <c>binom(n, p).ppf(sig) / n, binom(n, p).ppf(1 - sig) / n</c>).
/// </summary>
/// <param name="Low">LowCount / n.</param>
/// <param name="High">HighCount / n.</param>
/// <param name="LowCount">The smallest count c with P(X &lt;= c) &gt;= sig.</param>
/// <param name="HighCount">The smallest count c with P(X &lt;= c) &gt;= 1 - sig.</param>
public sealed record BinomialIntervalFromQuantiles(double Low, double High, int LowCount, int HighCount);
