using Adjoint.Statistics;
using static Adjoint.Tests.Statistics.Binomial.BinomialReference;

namespace Adjoint.Tests.Statistics.Binomial;

/// <summary>p-values of the binomial test against scipy.stats.binomtest, for all three alternatives.</summary>
public class BinomTestTests
{
    [Fact]
    public void P_values_match_scipy_for_every_alternative()
    {
        int compared = 0;
        foreach (var row in Root.GetProperty("pvalues").EnumerateArray())
        {
            int k = row.GetProperty("k").GetInt32(), n = row.GetProperty("n").GetInt32();
            double p = row.GetProperty("p").GetDouble();
            foreach (var name in new[] { "two-sided", "less", "greater" })
            {
                double expected = row.GetProperty(name).GetDouble();
                var result = BinomTest.Run(k, n, p, Alternative(name));
                Assert.True(Math.Abs(result.PValue - expected) <= 1e-10 * Math.Max(expected, 1e-300) + 1e-15,
                    $"k = {k}, n = {n}, p = {p}, {name}: {result.PValue}, scipy {expected}.");
                Assert.Equal((double)k / n, result.Statistic);
                compared++;
            }
        }

        Assert.Equal(25 * 3, compared);
    }

    [Fact]
    public void The_result_intervals_follow_its_alternative()
    {
        var less = BinomTest.Run(3, 20, 0.5, BinomTestAlternative.Less).ProportionConfidenceInterval(0.95, BinomialIntervalMethod.Wilson);
        Assert.Equal(0, less.Low);
        Assert.Equal(BinomTestAlternative.Less, less.Alternative);
        var greater = BinomTest.Run(3, 20, 0.5, BinomTestAlternative.Greater).ProportionConfidenceInterval(0.95, BinomialIntervalMethod.Jeffreys);
        Assert.Equal(1, greater.High);
    }

    [Fact]
    public void Bad_input_is_refused()
    {
        Assert.Equal("k", Assert.Throws<ArgumentOutOfRangeException>(() => BinomTest.Run(5, 4)).ParamName);
        Assert.Equal("n", Assert.Throws<ArgumentOutOfRangeException>(() => BinomTest.Run(0, -2)).ParamName);
        Assert.Equal("p", Assert.Throws<ArgumentOutOfRangeException>(() => BinomTest.Run(1, 4, 1.5)).ParamName);
        Assert.Equal("p", Assert.Throws<ArgumentOutOfRangeException>(() => BinomTest.Run(1, 4, double.NaN)).ParamName);
    }
}
