using Adjoint.Statistics;
using static Adjoint.Tests.Statistics.Binomial.BinomialReference;

namespace Adjoint.Tests.Statistics.Binomial;

/// <summary>
/// Proportion intervals against scipy 1.10 (exact, wilson, wilsoncc) and statsmodels' formulas (Agresti-Coull,
/// Jeffreys) over a grid of k, n, level and alternative, including k = 0 and k = n.
/// </summary>
public class BinomialIntervalTests
{
    // scipy's exact bounds come from brentq with xtol 2e-12, so they are compared at 1e-11 absolute; the closed forms
    // (Wilson, Agresti-Coull) at 1e-13, Jeffreys (beta quantiles by bisection here, by boost in scipy) at 1e-12.
    private static readonly (string Key, BinomialIntervalMethod Method, double Tolerance)[] s_methods =
    [
        ("exact", BinomialIntervalMethod.ClopperPearson, 1e-11),
        ("wilson", BinomialIntervalMethod.Wilson, 1e-13),
        ("wilsoncc", BinomialIntervalMethod.WilsonContinuityCorrected, 1e-13),
        ("agresti-coull", BinomialIntervalMethod.AgrestiCoull, 1e-13),
        ("jeffreys", BinomialIntervalMethod.Jeffreys, 1e-12),
    ];

    [Fact]
    public void Every_method_matches_the_references_on_the_grid()
    {
        int compared = 0, edges = 0;
        foreach (var row in Root.GetProperty("intervals").EnumerateArray())
        {
            int k = row.GetProperty("k").GetInt32(), n = row.GetProperty("n").GetInt32();
            double level = row.GetProperty("level").GetDouble();
            var alternative = Alternative(row.GetProperty("alternative").GetString()!);
            foreach (var (key, method, tolerance) in s_methods)
            {
                var expected = row.GetProperty(key).EnumerateArray().Select(v => v.GetDouble()).ToArray();
                var ci = BinomialIntervals.Compute(k, n, level, method, alternative);
                string what = $"{key} k = {k}, n = {n}, level = {level}, {alternative}";
                Assert.True(Math.Abs(ci.Low - expected[0]) <= tolerance, $"{what}: low {ci.Low}, reference {expected[0]}.");
                Assert.True(Math.Abs(ci.High - expected[1]) <= tolerance, $"{what}: high {ci.High}, reference {expected[1]}.");
                Assert.True(ci.Low <= ci.High);
                Assert.Equal(method, ci.Method);
                compared++;
            }

            if (k == 0 || k == n)
            {
                edges++;
            }
        }

        Assert.Equal(690 * 5, compared);
        Assert.True(edges >= 200);
    }

    [Fact]
    public void Clopper_pearson_bounds_put_alpha_over_two_in_each_tail()
    {
        // At the bounds, P(X >= k | low) = alpha/2 and P(X <= k | high) = alpha/2.
        var ci = BinomialIntervals.Compute(17, 60, 0.9);
        var atLow = BinomTest.Run(17, 60, ci.Low, BinomTestAlternative.Greater).PValue;
        var atHigh = BinomTest.Run(17, 60, ci.High, BinomTestAlternative.Less).PValue;
        Assert.Equal(0.05, atLow, 12);
        Assert.Equal(0.05, atHigh, 12);
    }

    [Fact]
    public void The_seed_examples_exact_and_from_quantiles_work()
    {
        // p = 0.2; n = 1000; alpha = 0.95; k = int(p * n)
        // low, high = stats.binomtest(k, n, p).proportion_ci(confidence_level=alpha, method="exact")
        // dist = stats.binom(n, p); low, high = dist.ppf(sig) / n, dist.ppf(1 - sig) / n
        var seed = Root.GetProperty("seed");
        var exact = seed.GetProperty("exact").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var test = BinomTest.Run(200, 1000, 0.2);
        var ci = test.ProportionConfidenceInterval(confidenceLevel: 0.95, method: BinomialIntervalMethod.ClopperPearson);
        Assert.Equal(exact[0], ci.Low, 11);
        Assert.Equal(exact[1], ci.High, 11);
        Assert.Equal(seed.GetProperty("pvalue").GetDouble(), test.PValue, 12);

        int compared = 0;
        foreach (var row in Root.GetProperty("quantiles").EnumerateArray())
        {
            int n = row.GetProperty("n").GetInt32();
            double p = row.GetProperty("p").GetDouble(), level = row.GetProperty("level").GetDouble();
            var range = BinomialIntervals.QuantileRange(n, p, level);
            Assert.Equal(row.GetProperty("low").GetDouble(), range.Low, 15);
            Assert.Equal(row.GetProperty("high").GetDouble(), range.High, 15);
            compared++;
        }

        Assert.Equal(7, compared);

        // p = 1: every count below n has probability 0, so both quantiles are n (scipy 1.10 returns 0 for the lower one,
        // against its own cdf, which is 0 below n).
        var certain = BinomialIntervals.QuantileRange(20, 1.0, 0.95);
        Assert.Equal((20, 20), (certain.LowCount, certain.HighCount));
    }

    [Fact]
    public void Bad_input_is_refused_with_the_argument_named()
    {
        Assert.Equal("k", Assert.Throws<ArgumentOutOfRangeException>(() => BinomialIntervals.Compute(11, 10)).ParamName);
        Assert.Equal("k", Assert.Throws<ArgumentOutOfRangeException>(() => BinomialIntervals.Compute(-1, 10)).ParamName);
        Assert.Equal("n", Assert.Throws<ArgumentOutOfRangeException>(() => BinomialIntervals.Compute(0, 0)).ParamName);
        foreach (double level in new[] { 0.0, 1.0, -0.1, 1.5, double.NaN })
        {
            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => BinomialIntervals.Compute(3, 10, level));
            Assert.Equal("confidenceLevel", ex.ParamName);
            Assert.Contains("between 0 and 1", ex.Message, StringComparison.Ordinal);
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => BinomTest.Run(3, 10).ProportionConfidenceInterval(1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => BinomialIntervals.QuantileRange(10, 1.2));
        Assert.Throws<ArgumentOutOfRangeException>(() => BinomialIntervals.QuantileRange(0, 0.5));
    }
}
