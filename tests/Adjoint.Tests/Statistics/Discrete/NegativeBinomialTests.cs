using Adjoint.Statistics;
using Adjoint.Tensors;

namespace Adjoint.Tests.Statistics.Discrete;

/// <summary>The negative binomial distribution against scipy's <c>nbinom</c> (real n) and its fits.</summary>
public class NegativeBinomialTests
{
    [Fact]
    public void Matches_scipy_and_ppf_inverts_the_cdf()
    {
        var d = new NegativeBinomial(DiscreteCheck.Parameter("nbinom", "n"), DiscreteCheck.Parameter("nbinom", "p"));
        DiscreteCheck.MatchesScipy(d, "nbinom");
        DiscreteCheck.PpfInvertsCdf(d, 0, 60);
        Assert.Equal(0, d.Pmf(1.5));
        Assert.Equal(1, new NegativeBinomial(2, 1.0).Pmf(0));
    }

    [Fact]
    public void Log_pmf_is_differentiable_in_n_and_p_and_the_cdf_in_p()
    {
        double[] k = [0, 2, 5, 11, 30];
        DiscreteCheck.GradientMatchesDifference(p => new NegativeBinomial(Tensor.Scalar(3.5), p), 0.4, k);
        DiscreteCheck.GradientMatchesDifference(n => new NegativeBinomial(n, Tensor.Scalar(0.4)), 3.5, k);
        DiscreteCheck.GradientMatchesDifference(p => new NegativeBinomial(Tensor.Scalar(3.5), p), 0.4, k, cdf: true);
    }

    [Fact]
    public void Invalid_parameters_throw()
    {
        Assert.Equal("n", Assert.Throws<ArgumentOutOfRangeException>(() => new NegativeBinomial(0, 0.5)).ParamName);
        Assert.Equal("n", Assert.Throws<ArgumentOutOfRangeException>(() => new NegativeBinomial(double.NaN, 0.5)).ParamName);
        Assert.Equal("p", Assert.Throws<ArgumentOutOfRangeException>(() => new NegativeBinomial(2, 0)).ParamName);
        Assert.Equal("p", Assert.Throws<ArgumentOutOfRangeException>(() => new NegativeBinomial(2, 1.5)).ParamName);
    }

    [Fact]
    public void Fit_with_n_fixed_gives_the_closed_form_and_the_joint_fit_satisfies_it()
    {
        var data = new NegativeBinomial(3.5, 0.4).Rvs(600, seed: 13);
        Assert.Equal(data, new NegativeBinomial(3.5, 0.4).Rvs(600, seed: 13));
        double mean = data.Average();
        var fixedN = NegativeBinomial.Fit(data, new Dictionary<string, double> { ["n"] = 3.5 });
        Assert.True(fixedN.Success, fixedN.Message);
        double p = 3.5 / (3.5 + mean);
        Assert.Equal(p, fixedN.Estimate("p"), 1e-7);
        Assert.Equal(p * Math.Sqrt((1 - p) / (3.5 * 600)), fixedN.StandardError("p"), 1e-7);

        // Jointly, the score in p vanishes at p = n / (n + mean), and n lands near the truth.
        var joint = NegativeBinomial.Fit(data);
        Assert.True(joint.Success, joint.Message);
        double n = joint.Estimate("n");
        Assert.Equal(n / (n + mean), joint.Estimate("p"), 1e-6);
        Assert.True(Math.Abs(n - 3.5) < 6 * joint.StandardError("n"), $"n = {n} ± {joint.StandardError("n")}");
        Assert.True(joint.LogLikelihood >= fixedN.LogLikelihood - 1e-9);
    }
}
