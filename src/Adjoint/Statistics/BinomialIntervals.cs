namespace Adjoint.Statistics;

/// <summary>
/// Confidence intervals for a binomial proportion k/n (scipy.stats.binomtest(k, n).proportion_ci, plus statsmodels'
/// Agresti-Coull and Jeffreys intervals), and the quantile range of a binomial proportion.
/// </summary>
/// <remarks>
/// The methods and their formulas are listed on <see cref="BinomialIntervalMethod"/>. A one-sided interval at level
/// 1 - alpha is [0, high] (<see cref="BinomTestAlternative.Less"/>) or [low, 1] (<see cref="BinomTestAlternative.Greater"/>),
/// with the bound computed at alpha instead of alpha/2, as scipy does.
/// </remarks>
/// <example>
/// <code>
/// // scipy: stats.binomtest(200, 1000).proportion_ci(confidence_level=0.95, method="exact")
/// var ci = BinomialIntervals.Compute(200, 1000, 0.95, BinomialIntervalMethod.ClopperPearson);   // [0.17562, 0.22616]
/// // scipy: dist = stats.binom(1000, 0.2); dist.ppf(0.025) / 1000, dist.ppf(0.975) / 1000
/// var range = BinomialIntervals.QuantileRange(1000, 0.2, 0.95);                                 // [0.176, 0.225]
/// </code>
/// </example>
public static class BinomialIntervals
{
    /// <summary>The confidence interval for the proportion of <paramref name="k"/> successes in <paramref name="n"/> trials.</summary>
    /// <param name="k">Successes, 0 &lt;= k &lt;= n.</param>
    /// <param name="n">Trials, at least 1.</param>
    /// <param name="confidenceLevel">The confidence level, in (0, 1); default 0.95.</param>
    /// <param name="method">The method; default Clopper-Pearson (scipy's "exact").</param>
    /// <param name="alternative">Two-sided (default) or one-sided.</param>
    /// <returns>The interval.</returns>
    /// <exception cref="ArgumentOutOfRangeException">n &lt; 1, k outside [0, n], or the level outside (0, 1).</exception>
    public static BinomialInterval Compute(int k, int n, double confidenceLevel = 0.95,
        BinomialIntervalMethod method = BinomialIntervalMethod.ClopperPearson, BinomTestAlternative alternative = BinomTestAlternative.TwoSided)
    {
        ValidateCounts(k, n);
        if (!(confidenceLevel > 0 && confidenceLevel < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(confidenceLevel), confidenceLevel, "The confidence level must lie strictly between 0 and 1.");
        }

        var (low, high) = method switch
        {
            BinomialIntervalMethod.ClopperPearson => ClopperPearson(k, n, confidenceLevel, alternative),
            BinomialIntervalMethod.Wilson => Wilson(k, n, confidenceLevel, alternative, correction: false),
            BinomialIntervalMethod.WilsonContinuityCorrected => Wilson(k, n, confidenceLevel, alternative, correction: true),
            BinomialIntervalMethod.AgrestiCoull => AgrestiCoull(k, n, confidenceLevel, alternative),
            BinomialIntervalMethod.Jeffreys => Jeffreys(k, n, confidenceLevel, alternative),
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown interval method."),
        };

        return new BinomialInterval(low, high, confidenceLevel, method, alternative);
    }

    /// <summary>
    /// The central range of the observed proportion when the true one is <paramref name="p"/>: the binomial quantiles at
    /// (1 - level)/2 and (1 + level)/2 divided by n (the fast approximate route of scipy's cheat sheets,
    /// <c>binom(n, p).ppf(sig) / n</c>).
    /// </summary>
    /// <param name="n">Trials, at least 1.</param>
    /// <param name="p">The success probability, in [0, 1].</param>
    /// <param name="confidenceLevel">The probability the range holds, in (0, 1).</param>
    /// <returns>The range, with the quantile counts.</returns>
    /// <exception cref="ArgumentOutOfRangeException">n &lt; 1, p outside [0, 1], or the level outside (0, 1).</exception>
    public static BinomialIntervalFromQuantiles QuantileRange(int n, double p, double confidenceLevel = 0.95)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ValidateProbability(p);
        if (!(confidenceLevel > 0 && confidenceLevel < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(confidenceLevel), confidenceLevel, "The confidence level must lie strictly between 0 and 1.");
        }

        double sig = (1 - confidenceLevel) / 2;
        int low = Quantile(sig, n, p), high = Quantile(1 - sig, n, p);
        return new BinomialIntervalFromQuantiles((double)low / n, (double)high / n, low, high);
    }

    /// <summary>The smallest c with P(X &lt;= c) &gt;= q (the discrete quantile), by bisection over the counts.</summary>
    private static int Quantile(double q, int n, double p)
    {
        int lo = 0, hi = n;
        while (lo < hi)
        {
            int mid = lo + ((hi - lo) / 2);
            if (BinomTestProbabilities.Cdf(mid, n, p) >= q)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return lo;
    }

    internal static void ValidateCounts(int k, int n)
    {
        if (n < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "The number of trials n must be at least 1.");
        }

        if (k < 0 || k > n)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, $"The number of successes k must lie in [0, n] = [0, {n}].");
        }
    }

    internal static void ValidateProbability(double p)
    {
        if (!(p >= 0 && p <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "The success probability p must lie in [0, 1].");
        }
    }

    private static double Z(double level, BinomTestAlternative alternative) =>
        BinomTestProbabilities.NormalQuantile(alternative == BinomTestAlternative.TwoSided ? 0.5 + (0.5 * level) : level);

    private static (double, double) ClopperPearson(int k, int n, double level, BinomTestAlternative alternative)
    {
        double alpha = alternative == BinomTestAlternative.TwoSided ? (1 - level) / 2 : 1 - level;

        // P(X >= k | p) = alpha at the lower bound, P(X <= k | p) = alpha at the upper.
        double low = k == 0 || alternative == BinomTestAlternative.Less ? 0 : BinomTestProbabilities.BetaQuantile(alpha, k, n - k + 1);
        double high = k == n || alternative == BinomTestAlternative.Greater ? 1 : BinomTestProbabilities.BetaQuantile(1 - alpha, k + 1, n - k);
        return (low, high);
    }

    private static (double, double) Wilson(int k, int n, double level, BinomTestAlternative alternative, bool correction)
    {
        double z = Z(level, alternative);
        double p = (double)k / n, q = 1 - p;
        double denom = 2 * (n + (z * z));
        double centre = ((2 * n * p) + (z * z)) / denom;
        double low, high;
        if (correction)
        {
            low = alternative == BinomTestAlternative.Less || k == 0
                ? 0 : centre - ((1 + (z * Math.Sqrt((z * z) - 2 - (1.0 / n) + (4 * p * ((n * q) + 1))))) / denom);
            high = alternative == BinomTestAlternative.Greater || k == n
                ? 1 : centre + ((1 + (z * Math.Sqrt((z * z) + 2 - (1.0 / n) + (4 * p * ((n * q) - 1))))) / denom);
        }
        else
        {
            double delta = z / denom * Math.Sqrt((4 * n * p * q) + (z * z));
            low = alternative == BinomTestAlternative.Less || k == 0 ? 0 : centre - delta;
            high = alternative == BinomTestAlternative.Greater || k == n ? 1 : centre + delta;
        }

        return (low, high);
    }

    private static (double, double) AgrestiCoull(int k, int n, double level, BinomTestAlternative alternative)
    {
        double z = Z(level, alternative);
        double nt = n + (z * z);
        double pt = (k + (z * z / 2)) / nt;
        double d = z * Math.Sqrt(pt * (1 - pt) / nt);
        double low = alternative == BinomTestAlternative.Less ? 0 : Math.Clamp(pt - d, 0, 1);
        double high = alternative == BinomTestAlternative.Greater ? 1 : Math.Clamp(pt + d, 0, 1);
        return (low, high);
    }

    private static (double, double) Jeffreys(int k, int n, double level, BinomTestAlternative alternative)
    {
        double alpha = alternative == BinomTestAlternative.TwoSided ? (1 - level) / 2 : 1 - level;
        double a = k + 0.5, b = n - k + 0.5;
        double low = alternative == BinomTestAlternative.Less ? 0 : BinomTestProbabilities.BetaQuantile(alpha, a, b);
        double high = alternative == BinomTestAlternative.Greater ? 1 : BinomTestProbabilities.BetaQuantile(1 - alpha, a, b);
        return (low, high);
    }
}
