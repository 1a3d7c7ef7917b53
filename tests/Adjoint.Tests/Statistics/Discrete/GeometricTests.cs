using Adjoint.Statistics;

namespace Adjoint.Tests.Statistics.Discrete;

/// <summary>The geometric distribution against scipy's <c>geom</c> and its closed-form fit.</summary>
public class GeometricTests
{
    [Fact]
    public void Matches_scipy_and_ppf_inverts_the_cdf()
    {
        var d = new Geometric(DiscreteCheck.Parameter("geom", "p"));
        DiscreteCheck.MatchesScipy(d, "geom");
        DiscreteCheck.PpfInvertsCdf(d, 1, 60);
        Assert.Equal(0, d.Pmf(0));
        Assert.Equal(1, new Geometric(1.0).Pmf(1));
    }

    [Fact]
    public void Log_pmf_and_cdf_are_differentiable_in_p()
    {
        DiscreteCheck.GradientMatchesDifference(p => new Geometric(p), 0.25, [1, 2, 5, 13]);
        DiscreteCheck.GradientMatchesDifference(p => new Geometric(p), 0.25, [1, 2, 5, 13], cdf: true);
    }

    [Fact]
    public void Invalid_parameters_throw()
    {
        Assert.Equal("p", Assert.Throws<ArgumentOutOfRangeException>(() => new Geometric(0)).ParamName);
        Assert.Equal("p", Assert.Throws<ArgumentOutOfRangeException>(() => new Geometric(1.5)).ParamName);
    }

    [Fact]
    public void Fit_gives_one_over_the_mean_with_standard_error_p_sqrt_q_over_n()
    {
        var data = new Geometric(0.25).Rvs(400, seed: 7);
        Assert.Equal(data, new Geometric(0.25).Rvs(400, seed: 7));
        double p = 1 / data.Average();
        Assert.True(Math.Abs(p - 0.25) < 6 * 0.25 * Math.Sqrt(0.75 / 400));
        var fit = Geometric.Fit(data);
        Assert.True(fit.Success, fit.Message);
        Assert.Equal(p, fit.Estimate("p"), 1e-7);
        Assert.Equal(p * Math.Sqrt((1 - p) / 400), fit.StandardError("p"), 1e-7);
    }
}
