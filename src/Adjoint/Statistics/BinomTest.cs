namespace Adjoint.Statistics;

/// <summary>The exact test that a success probability equals p, given k successes in n Bernoulli trials (scipy.stats.binomtest).</summary>
/// <example>
/// <code>
/// // scipy: stats.binomtest(200, 1000, 0.2).proportion_ci(confidence_level=0.95, method="exact")
/// var test = BinomTest.Run(200, 1000, 0.2);
/// var ci = test.ProportionConfidenceInterval(0.95);          // [0.17562, 0.22616]; test.PValue == 1
/// </code>
/// </example>
public static class BinomTest
{
    /// <summary>Tests the null hypothesis that the success probability is <paramref name="p"/>.</summary>
    /// <remarks>
    /// One-sided p-values are P(X &lt;= k) ("less") and P(X &gt;= k) ("greater"), X ~ Binomial(n, p). The two-sided
    /// p-value is scipy's: the probability of every count at most as likely as k, P(X = j) &lt;= P(X = k) (1 + 1e-7),
    /// the relative slack absorbing rounding in the probabilities; it is k's own tail plus the tail on the other side
    /// of the mean n p, found by bisection where the probabilities are monotone, capped at 1, and exactly 1 when k = n p.
    /// <para>References: scipy.stats.binomtest (scipy 1.10); Clopper &amp; Pearson (1934).</para>
    /// </remarks>
    /// <param name="k">Successes, 0 &lt;= k &lt;= n.</param>
    /// <param name="n">Trials, at least 1.</param>
    /// <param name="p">The hypothesized success probability, in [0, 1]; default 0.5.</param>
    /// <param name="alternative">The alternative hypothesis; default two-sided.</param>
    /// <returns>The estimated proportion, the p-value and the means to compute confidence intervals.</returns>
    /// <exception cref="ArgumentOutOfRangeException">n &lt; 1, k outside [0, n], or p outside [0, 1].</exception>
    public static BinomTestResult Run(int k, int n, double p = 0.5, BinomTestAlternative alternative = BinomTestAlternative.TwoSided)
    {
        BinomialIntervals.ValidateCounts(k, n);
        BinomialIntervals.ValidateProbability(p);
        double pValue = alternative switch
        {
            BinomTestAlternative.Less => BinomTestProbabilities.Cdf(k, n, p),
            BinomTestAlternative.Greater => BinomTestProbabilities.Survival(k - 1, n, p),
            BinomTestAlternative.TwoSided => TwoSided(k, n, p),
            _ => throw new ArgumentOutOfRangeException(nameof(alternative), alternative, "Unknown alternative."),
        };

        return new BinomTestResult(k, n, p, alternative, (double)k / n, pValue);
    }

    private static double TwoSided(int k, int n, double p)
    {
        double mean = p * n;
        if (k == mean)
        {
            return 1;
        }

        double threshold = BinomTestProbabilities.Pmf(k, n, p) * (1 + 1e-7);
        double total;
        if (k < mean)
        {
            // Above the mean the probabilities fall: the first count from ceil(n p) whose probability is at most the threshold.
            int first = FirstAtMost((int)Math.Ceiling(mean), n, j => BinomTestProbabilities.Pmf(j, n, p) <= threshold);
            total = BinomTestProbabilities.Cdf(k, n, p) + BinomTestProbabilities.Survival(first - 1, n, p);
        }
        else
        {
            // Below the mean the probabilities rise: the last count up to floor(n p) whose probability is at most the threshold.
            int last = FirstAtMost(0, (int)Math.Floor(mean), j => BinomTestProbabilities.Pmf(j, n, p) > threshold) - 1;
            total = BinomTestProbabilities.Cdf(last, n, p) + BinomTestProbabilities.Survival(k - 1, n, p);
        }

        return Math.Min(1, total);
    }

    /// <summary>The smallest j in [lo, hi] with <paramref name="holds"/>(j), for a predicate false then true; hi + 1 when none.</summary>
    private static int FirstAtMost(int lo, int hi, Func<int, bool> holds)
    {
        int a = lo, b = hi + 1;
        while (a < b)
        {
            int mid = a + ((b - a) / 2);
            if (mid <= hi && holds(mid))
            {
                b = mid;
            }
            else
            {
                a = mid + 1;
            }
        }

        return a;
    }
}
