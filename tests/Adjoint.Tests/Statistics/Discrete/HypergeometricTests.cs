using Adjoint.Statistics;

namespace Adjoint.Tests.Statistics.Discrete;

/// <summary>The hypergeometric distribution against scipy's <c>hypergeom</c>.</summary>
public class HypergeometricTests
{
    [Fact]
    public void Matches_scipy_and_ppf_inverts_the_cdf()
    {
        var d = new Hypergeometric(DiscreteCheck.Parameter("hypergeom", "M"), DiscreteCheck.Parameter("hypergeom", "n"), DiscreteCheck.Parameter("hypergeom", "N"));
        DiscreteCheck.MatchesScipy(d, "hypergeom");
        DiscreteCheck.PpfInvertsCdf(d, 0, 10);
        Assert.Equal(new DistributionSupport(0, 10), d.Support);
        Assert.Equal(new DistributionSupport(2, 5), new Hypergeometric(10, 5, 7).Support);
        Assert.Equal(0, new Hypergeometric(10, 5, 7).Pmf(1));
        Assert.Equal(1, new Hypergeometric(10, 5, 7).Cdf(5));
    }

    [Fact]
    public void Entropy_matches_scipy()
    {
        var d = new Hypergeometric(DiscreteCheck.Parameter("hypergeom", "M"), DiscreteCheck.Parameter("hypergeom", "n"), DiscreteCheck.Parameter("hypergeom", "N"));
        double expected = ScipyReference.Cases("Discrete/discrete_scipy.json").GetProperty("hypergeom").GetProperty("entropy").GetDouble();
        Assert.True(ScipyReference.RelativeError(d.Entropy, expected) < 1e-13, $"entropy {d.Entropy}, scipy {expected}");
        // One possible value (no marked objects): no uncertainty.
        Assert.Equal(0.0, new Hypergeometric(10, 0, 3).Entropy);
        // Two equally likely values: log 2.
        Assert.Equal(Math.Log(2), new Hypergeometric(2, 1, 1).Entropy, 1e-15);
    }

    [Fact]
    public void Samples_are_reproducible_and_inside_the_support()
    {
        var d = new Hypergeometric(30, 12, 10);
        var draws = d.Rvs(400, seed: 17);
        Assert.Equal(draws, d.Rvs(400, seed: 17));
        Assert.All(draws, v => Assert.True(v >= 0 && v <= 10 && v == Math.Floor(v)));
        Assert.True(Math.Abs(draws.Average() - 4) < 6 * Math.Sqrt(d.Stats().Variance / 400));
    }

    [Fact]
    public void Invalid_parameters_throw()
    {
        Assert.Equal("total", Assert.Throws<ArgumentOutOfRangeException>(() => new Hypergeometric(-1, 0, 0)).ParamName);
        Assert.Equal("marked", Assert.Throws<ArgumentOutOfRangeException>(() => new Hypergeometric(10, 11, 3)).ParamName);
        Assert.Equal("draws", Assert.Throws<ArgumentOutOfRangeException>(() => new Hypergeometric(10, 5, 2.5)).ParamName);
    }
}
