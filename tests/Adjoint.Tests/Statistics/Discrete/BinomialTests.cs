using BinomialDistribution = Adjoint.Statistics.Binomial;

namespace Adjoint.Tests.Statistics.Discrete;

/// <summary>The binomial distribution against scipy's <c>binom</c> and its closed-form fit of p.</summary>
public class BinomialTests
{
    [Fact]
    public void Matches_scipy_and_ppf_inverts_the_cdf()
    {
        var d = new BinomialDistribution(DiscreteCheck.Parameter("binom", "n"), DiscreteCheck.Parameter("binom", "p"));
        DiscreteCheck.MatchesScipy(d, "binom");
        DiscreteCheck.PpfInvertsCdf(d, 0, 20);
        Assert.Equal(0, d.Pmf(2.5));
        Assert.Equal(1, new BinomialDistribution(5, 1.0).Pmf(5));
        Assert.Equal(1, new BinomialDistribution(5, 0.0).Cdf(0));
    }

    [Fact]
    public void Log_pmf_and_cdf_are_differentiable_in_p()
    {
        double[] k = [0, 3, 7, 12, 20];
        DiscreteCheck.GradientMatchesDifference(p => new BinomialDistribution(20, p), 0.3, k);
        DiscreteCheck.GradientMatchesDifference(p => new BinomialDistribution(20, p), 0.3, [0, 3, 7, 12], cdf: true);
    }

    [Fact]
    public void Invalid_parameters_throw()
    {
        Assert.Equal("p", Assert.Throws<ArgumentOutOfRangeException>(() => new BinomialDistribution(5, 1.5)).ParamName);
        Assert.Equal("p", Assert.Throws<ArgumentOutOfRangeException>(() => new BinomialDistribution(5, double.NaN)).ParamName);
        Assert.Equal("n", Assert.Throws<ArgumentOutOfRangeException>(() => new BinomialDistribution(2.5, 0.5)).ParamName);
        Assert.Equal("n", Assert.Throws<ArgumentOutOfRangeException>(() => new BinomialDistribution(-1, 0.5)).ParamName);
    }

    [Fact]
    public void Fit_gives_the_mean_over_n_with_the_closed_form_standard_error()
    {
        var data = new BinomialDistribution(12, 0.35).Rvs(500, seed: 3);
        Assert.Equal(data, new BinomialDistribution(12, 0.35).Rvs(500, seed: 3));
        double p = data.Average() / 12;
        Assert.True(Math.Abs(p - 0.35) < 6 * Math.Sqrt(0.35 * 0.65 / (12 * 500)));
        var fit = BinomialDistribution.Fit(data, 12);
        Assert.True(fit.Success, fit.Message);
        Assert.Equal(p, fit.Estimate("p"), 1e-8);
        Assert.Equal(Math.Sqrt(p * (1 - p) / (12 * 500)), fit.StandardError("p"), 1e-8);
        Assert.Equal(12, fit.Distribution!.N);
    }
}
