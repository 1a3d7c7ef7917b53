using Adjoint.Statistics;

namespace Adjoint.Tests.Statistics.Discrete;

/// <summary>The Bernoulli distribution against scipy's <c>bernoulli</c> and its closed-form fit.</summary>
public class BernoulliTests
{
    [Fact]
    public void Matches_scipy_and_ppf_inverts_the_cdf()
    {
        var d = new Bernoulli(DiscreteCheck.Parameter("bernoulli", "p"));
        DiscreteCheck.MatchesScipy(d, "bernoulli");
        DiscreteCheck.PpfInvertsCdf(d, 0, 1);
        Assert.Equal(0, d.Pmf(0.5));
        Assert.Equal(1, new Bernoulli(1.0).Pmf(1));
        Assert.Equal(1, new Bernoulli(0.0).Pmf(0));
    }

    [Fact]
    public void Log_pmf_and_cdf_are_differentiable_in_p()
    {
        DiscreteCheck.GradientMatchesDifference(p => new Bernoulli(p), 0.35, [0, 1, 1]);
        DiscreteCheck.GradientMatchesDifference(p => new Bernoulli(p), 0.35, [0, 1], cdf: true);
    }

    [Fact]
    public void Invalid_parameters_throw()
    {
        Assert.Equal("p", Assert.Throws<ArgumentOutOfRangeException>(() => new Bernoulli(-0.1)).ParamName);
        Assert.Equal("p", Assert.Throws<ArgumentOutOfRangeException>(() => new Bernoulli(double.NaN)).ParamName);
    }

    [Fact]
    public void Fit_gives_the_sample_mean_with_standard_error_sqrt_p_q_over_n()
    {
        var data = new Bernoulli(0.35).Rvs(400, seed: 11);
        Assert.Equal(data, new Bernoulli(0.35).Rvs(400, seed: 11));
        double p = data.Average();
        Assert.True(Math.Abs(p - 0.35) < 6 * Math.Sqrt(0.35 * 0.65 / 400));
        var fit = Bernoulli.Fit(data);
        Assert.True(fit.Success, fit.Message);
        Assert.Equal(p, fit.Estimate("p"), 1e-8);
        Assert.Equal(Math.Sqrt(p * (1 - p) / 400), fit.StandardError("p"), 1e-8);
    }
}
