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
