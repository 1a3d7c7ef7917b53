using Adjoint.Statistics;

namespace Adjoint.Tests.Statistics;

/// <summary>The Poisson distribution against values computed from its definition and its closed-form fit.</summary>
public class PoissonTests
{
    [Fact]
    public void Pmf_and_cdf_follow_the_definition_and_ppf_inverts_the_cdf()
    {
        var d = new Poisson(3.7);
        double cdf = 0;
        for (int k = 0; k < 30; k++)
        {
            double pmf = Math.Exp((k * Math.Log(3.7)) - 3.7 - MathNet.Numerics.SpecialFunctions.GammaLn(k + 1));
            cdf += pmf;
            Assert.Equal(pmf, d.Pmf(k), 1e-14);
            Assert.Equal(cdf, d.Cdf(k + 0.5), 1e-13);
        }

        Assert.Equal(0, d.Pmf(2.5));
        Assert.Equal(0, d.Cdf(-1));
        foreach (double q in new[] { 0.01, 0.3, 0.5, 0.9, 0.999 })
        {
            double k = d.Ppf(q);
            Assert.True(d.Cdf(k) >= q && (k == 0 || d.Cdf(k - 1) < q), $"ppf({q}) = {k}");
        }

        Assert.Equal("mu", Assert.Throws<ArgumentOutOfRangeException>(() => new Poisson(-1)).ParamName);
    }

    [Fact]
    public void Fit_gives_the_sample_mean_with_standard_error_sqrt_mean_over_n()
    {
        var data = new Poisson(3.7).Rvs(400, seed: 5);
        double mean = data.Average();
        Assert.True(Math.Abs(mean - 3.7) < 6 * Math.Sqrt(3.7 / 400));
        var fit = Poisson.Fit(data);
        Assert.True(fit.Success, fit.Message);
        Assert.Equal(mean, fit.Estimate("mu"), 1e-8);
        Assert.Equal(Math.Sqrt(mean / 400), fit.StandardError("mu"), 1e-8);
    }
}
