using Adjoint.Autodiff;
using Adjoint.Statistics;
using Adjoint.Tensors;

namespace Adjoint.Tests.Statistics;

/// <summary>The distributions against scipy.stats (distributions_scipy.json, written by distributions_scipy.py).</summary>
public class DistributionTests
{
    internal static ContinuousDistribution Make(string name) => name switch
    {
        "norm" => new Normal(1.5, 2.0),
        "expon" => new Exponential(0, 2.5),
        "gamma" => new Gamma(2.5, 0, 1.5),
        "beta" => new Beta(2.5, 3.1),
        _ => throw new ArgumentException(name),
    };

    public static TheoryData<string> Names() => new() { "norm", "expon", "gamma", "beta" };

    [Theory]
    [MemberData(nameof(Names))]
    public void Functions_match_scipy(string name)
    {
        var c = ScipyReference.Cases("distributions_scipy.json").GetProperty(name);
        var d = Make(name);
        var x = Tensor.FromArray(ScipyReference.Doubles(c.GetProperty("x")));
        SpecialFunctionTests.AssertClose(name + " logpdf", d.LogPdf(x).ToArray(), ScipyReference.Doubles(c.GetProperty("logpdf")), 1e-12, 1e-300);
        SpecialFunctionTests.AssertClose(name + " cdf", d.Cdf(x).ToArray(), ScipyReference.Doubles(c.GetProperty("cdf")), 1e-12, 1e-300);
        SpecialFunctionTests.AssertClose(name + " sf", d.Sf(x).ToArray(), ScipyReference.Doubles(c.GetProperty("sf")), 1e-11, 1e-300);
        var q = ScipyReference.Doubles(c.GetProperty("q"));
        SpecialFunctionTests.AssertClose(name + " ppf", d.Ppf(q), ScipyReference.Doubles(c.GetProperty("ppf")), 1e-10, 1e-300);
        SpecialFunctionTests.AssertClose(name + " isf", q.Select(d.Isf).ToArray(), ScipyReference.Doubles(c.GetProperty("isf")), 1e-10, 1e-300);
        var m = d.Stats();
        SpecialFunctionTests.AssertClose(name + " mvsk", [m.Mean, m.Variance, m.Skewness, m.ExcessKurtosis], ScipyReference.Doubles(c.GetProperty("mvsk")), 1e-13, 1e-300);
        // scipy 1.10 integrates the beta entropy numerically (about 1e-11); ours is the closed form in digamma.
        SpecialFunctionTests.AssertClose(name + " entropy", [d.Entropy], [c.GetProperty("entropy").GetDouble()], name == "beta" ? 1e-10 : 1e-13, 1e-300);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Samples_have_the_distribution_moments_within_six_standard_errors(string name)
    {
        var d = Make(name);
        var sample = d.Rvs(20000, seed: 7);
        var m = d.Stats();
        double mean = sample.Average();
        Assert.True(Math.Abs(mean - m.Mean) < 6 * Math.Sqrt(m.Variance / sample.Length), $"{name}: sample mean {mean}, mean {m.Mean}");
        double v = sample.Sum(s => (s - mean) * (s - mean)) / (sample.Length - 1);
        // sd of the sample variance: sigma^2 sqrt((kurt + 2) / n).
        Assert.True(Math.Abs(v - m.Variance) < 6 * m.Variance * Math.Sqrt((m.ExcessKurtosis + 2) / sample.Length), $"{name}: sample variance {v}, variance {m.Variance}");
        Assert.Equal(sample, d.Rvs(20000, seed: 7));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Ppf_inverts_the_cdf(string name)
    {
        var d = Make(name);
        foreach (double q in new[] { 1e-9, 0.02, 0.4, 0.77, 0.999 })
        {
            Assert.Equal(q, d.Cdf(d.Ppf(q)), 1e-12 + (1e-10 * q));
        }
    }

    [Fact]
    public void LogPdf_is_differentiable_in_x_and_parameters_at_orders_one_and_two()
    {
        var x = Tensor.FromArray(new[] { 0.3, 1.1, 2.7 });
        Assert.True(GradCheck.Check(p => new Gamma(p[0..1].Reshape(Shape.Scalar), Tensor.Scalar(0.0), p[1..2].Reshape(Shape.Scalar)).LogPdf(x).Sum(), Tensor.FromArray(new[] { 2.5, 1.5 }), order: 2, rtol: 1e-5, atol: 1e-7).Passed);
        Assert.True(GradCheck.Check(p => new Normal(p[0..1].Reshape(Shape.Scalar), p[1..2].Reshape(Shape.Scalar)).LogPdf(x).Sum(), Tensor.FromArray(new[] { 0.5, 1.5 }), order: 2, rtol: 1e-5, atol: 1e-7).Passed);
        var u = Tensor.FromArray(new[] { 0.2, 0.5, 0.9 });
        Assert.True(GradCheck.Check(p => new Beta(p[0..1].Reshape(Shape.Scalar), p[1..2].Reshape(Shape.Scalar), Tensor.Scalar(0.0), Tensor.Scalar(1.0)).LogPdf(u).Sum(), Tensor.FromArray(new[] { 2.5, 3.1 }), order: 2, rtol: 1e-5, atol: 1e-7).Passed);
        Assert.True(GradCheck.Check(z => new Gamma(2.5, 0, 1.5).Cdf(z), x, order: 1).Passed);
    }

    [Fact]
    public void Invalid_parameters_throw_naming_the_parameter_and_bad_arguments_give_NaN()
    {
        Assert.Equal("scale", Assert.Throws<ArgumentOutOfRangeException>(() => new Normal(0, -1)).ParamName);
        Assert.Equal("scale", Assert.Throws<ArgumentOutOfRangeException>(() => new Normal(0, double.NaN)).ParamName);
        Assert.Equal("a", Assert.Throws<ArgumentOutOfRangeException>(() => new Gamma(0)).ParamName);
        Assert.Equal("b", Assert.Throws<ArgumentOutOfRangeException>(() => new Beta(1, -2)).ParamName);
        Assert.True(double.IsNaN(new Normal().Ppf(1.5)));
        Assert.True(double.IsNaN(new Gamma(2).LogPdf(double.NaN)));
        Assert.True(double.IsNaN(new Gamma(2).Cdf(double.NaN)));
        Assert.Equal(double.NegativeInfinity, new Gamma(2).LogPdf(-1));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Fit_agrees_with_scipy(string name)
    {
        var c = ScipyReference.Cases("distributions_scipy.json").GetProperty("fits").GetProperty(name);
        var data = ScipyReference.Doubles(c.GetProperty("data"));
        var fixedParameters = c.GetProperty("fixed").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
        var expected = ScipyReference.Doubles(c.GetProperty("fit"));
        double[] estimates = name switch
        {
            "norm" => Normal.Fit(data, fixedParameters) is var r ? Checked(r.Success, r.Message, r.Estimates) : [],
            "expon" => Exponential.Fit(data, fixedParameters) is var r ? Checked(r.Success, r.Message, r.Estimates) : [],
            "gamma" => Gamma.Fit(data, fixedParameters) is var r ? Checked(r.Success, r.Message, r.Estimates) : [],
            "beta" => Beta.Fit(data, fixedParameters) is var r ? Checked(r.Success, r.Message, r.Estimates) : [],
            _ => throw new ArgumentException(name),
        };
        // scipy solves these cases by closed forms or root finding: agreement to 1e-7 relative.
        SpecialFunctionTests.AssertClose(name + " fit", estimates, expected, 1e-7, 1e-12);
    }

    [Fact]
    public void Standard_errors_equal_the_closed_form_observed_information()
    {
        var data = new Normal(1.5, 2.0).Rvs(500, seed: 11);
        var fit = Normal.Fit(data);
        double sigma = fit.Estimate("scale");
        Assert.Equal(sigma / Math.Sqrt(500), fit.StandardError("loc"), 1e-9);
        Assert.Equal(sigma / Math.Sqrt(1000), fit.StandardError("scale"), 1e-9);
        double mean = data.Average();
        Assert.Equal(mean, fit.Estimate("loc"), 1e-9);

        var ex = new Exponential(0, 2.5).Rvs(300, seed: 3);
        var efit = Exponential.Fit(ex, new Dictionary<string, double> { ["loc"] = 0 });
        Assert.Equal(ex.Average(), efit.Estimate("scale"), 1e-8);
        Assert.Equal(ex.Average() / Math.Sqrt(300), efit.StandardError("scale"), 1e-8);
        Assert.Equal(0, efit.StandardError("loc"));
        Assert.Equal((2 * 1) - (2 * efit.LogLikelihood), efit.Aic, 1e-9);
    }

    private static double[] Checked(bool success, string message, double[] estimates)
    {
        Assert.True(success, message);
        return estimates;
    }
}
