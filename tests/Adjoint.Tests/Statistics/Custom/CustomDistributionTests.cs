using Adjoint.Autodiff;
using Adjoint.Statistics;
using Adjoint.Tensors;

namespace Adjoint.Tests.Statistics.Custom;

/// <summary>
/// CustomDistribution from a user density: scipy's cheat-sheet gaussian (rv_continuous with _pdf) against Normal, and an
/// unnormalized density on a finite support against Beta (both checked against scipy elsewhere).
/// </summary>
public class CustomDistributionTests
{
    /// <summary>scipy: class gaussian_gen(rv_continuous): def _pdf(self, x): return exp(-x**2 / 2) / sqrt(2 * pi).</summary>
    private static CustomDistribution Gaussian() => new(x => Tensor.Exp(-Tensor.Square(x) * 0.5) / Math.Sqrt(2 * Math.PI), name: "gaussian");

    /// <summary>z^1.5 (1 - z)^0.5 on [0, 1], the Beta(2.5, 1.5) density without its constant B(2.5, 1.5).</summary>
    private static CustomDistribution Unnormalized() => new(z => Tensor.Pow(z, 1.5) * Tensor.Sqrt(1.0 - z), 0, 1);

    private static void Close(string what, double actual, double expected, double bound)
    {
        double e = ScipyReference.RelativeError(actual, expected, 1e-300);
        Assert.True(e <= bound, $"{what}: {actual:R} vs {expected:R} (relative error {e:G3})");
    }

    [Fact]
    public void Cheat_sheet_gaussian_equals_the_normal_distribution()
    {
        var g = Gaussian();
        var n = new Normal();
        Assert.Equal("gaussian", g.Name);
        Close("normalizing constant", g.NormalizingConstant, 1.0, 1e-13);
        var x = new[] { -6.0, -2.5, -1.0, -0.1, 0.0, 0.7, 1.9, 4.0 };
        var gc = g.Cdf(Tensor.FromArray(x)).ToArray();
        var gs = g.Sf(Tensor.FromArray(x)).ToArray();
        for (int i = 0; i < x.Length; i++)
        {
            Close($"logpdf({x[i]})", g.LogPdf(x[i]), n.LogPdf(x[i]), 1e-13);
            Close($"cdf({x[i]})", gc[i], n.Cdf(x[i]), 1e-11);
            Close($"sf({x[i]})", gs[i], n.Sf(x[i]), 1e-11);
            Close($"scalar cdf({x[i]})", g.Cdf(x[i]), n.Cdf(x[i]), 1e-11);
        }

        foreach (double q in new[] { 1e-10, 0.01, 0.3, 0.5, 0.8, 0.999 })
        {
            Assert.Equal(n.Ppf(q), g.Ppf(q), 1e-10 * Math.Max(1, Math.Abs(n.Ppf(q))));
            Assert.Equal(n.Isf(q), g.Isf(q), 1e-10 * Math.Max(1, Math.Abs(n.Isf(q))));
        }

        var m = g.Stats();
        Assert.Equal(0.0, m.Mean, 1e-13);
        Close("variance", m.Variance, 1.0, 1e-12);
        Assert.Equal(0.0, m.Skewness, 1e-12);
        Assert.Equal(0.0, m.ExcessKurtosis, 1e-11);
        Close("entropy", g.Entropy, n.Entropy, 1e-12);
        Assert.Equal(DistributionSupport.RealLine, g.Support);
    }

    [Fact]
    public void Unnormalized_density_on_a_finite_support_equals_the_beta_distribution()
    {
        var u = Unnormalized();
        var b = new Beta(2.5, 1.5);
        Close("normalizing constant", u.NormalizingConstant, Math.Exp(MathNet.Numerics.SpecialFunctions.BetaLn(2.5, 1.5)), 1e-12);
        var x = new[] { 1e-4, 0.05, 0.3, 0.5, 0.77, 0.99, 0.99999 };
        var uc = u.Cdf(Tensor.FromArray(x)).ToArray();
        var us = u.Sf(Tensor.FromArray(x)).ToArray();
        for (int i = 0; i < x.Length; i++)
        {
            Close($"logpdf({x[i]})", u.LogPdf(x[i]), b.LogPdf(x[i]), 1e-12);
            Close($"cdf({x[i]})", uc[i], b.Cdf(x[i]), 1e-10);
            Close($"sf({x[i]})", us[i], b.Sf(x[i]), 1e-10);
        }

        foreach (double q in new[] { 1e-8, 0.1, 0.5, 0.9, 1 - 1e-6 })
        {
            Assert.Equal(b.Ppf(q), u.Ppf(q), 1e-10);
            Assert.Equal(q, u.Cdf(u.Ppf(q)), 1e-12 + (1e-10 * q));
        }

        var m = u.Stats();
        var e = b.Stats();
        Close("mean", m.Mean, e.Mean, 1e-12);
        Close("variance", m.Variance, e.Variance, 1e-11);
        Close("skewness", m.Skewness, e.Skewness, 1e-9);
        Close("kurtosis", m.ExcessKurtosis, e.ExcessKurtosis, 1e-9);
        Close("entropy", u.Entropy, b.Entropy, 1e-10);
        Assert.Equal(0.0, u.Cdf(-0.5));
        Assert.Equal(1.0, u.Cdf(1.5));
        Assert.Equal(double.NegativeInfinity, u.LogPdf(1.5));
        Assert.Equal(new DistributionSupport(0, 1), u.Support);
    }

    [Fact]
    public void Samples_by_inversion_are_seeded_and_have_the_moments()
    {
        var u = Unnormalized();
        var sample = u.Rvs(1500, seed: 5);
        Assert.Equal(sample, u.Rvs(1500, seed: 5));
        Assert.All(sample, v => Assert.InRange(v, 0, 1));
        var m = u.Stats();
        double mean = sample.Average();
        Assert.True(Math.Abs(mean - m.Mean) < 6 * Math.Sqrt(m.Variance / sample.Length), $"sample mean {mean}, mean {m.Mean}");
        double below = sample.Count(t => t <= u.Ppf(0.25)) / (double)sample.Length;
        Assert.True(Math.Abs(below - 0.25) < 6 * Math.Sqrt(0.1875 / sample.Length), $"{below} below the lower quartile");
    }

    [Fact]
    public void LogPdf_and_cdf_are_differentiable_and_the_normalizer_follows_the_parameters()
    {
        var x = Tensor.FromArray(new[] { -0.4, 0.3, 1.6 });
        var g = Gaussian();
        Assert.True(GradCheck.Check(z => g.LogPdf(z), x, order: 2).Passed);
        Assert.True(GradCheck.Check(z => g.Cdf(z), x, order: 2, rtol: 1e-5, atol: 1e-7).Passed);

        // exp(-(z - mu)^2 / (2 s^2)) without its constant: the log-density's parameter gradient must carry d log Z.
        static Tensor Pdf(Tensor z, IReadOnlyList<Tensor> p) => Tensor.Exp(-Tensor.Square((z - p[0]) / p[1]) * 0.5);
        Tensor LogLik(Tensor p) => new CustomDistribution(Pdf, [p[0..1].Reshape(Shape.Scalar), p[1..2].Reshape(Shape.Scalar)], double.NegativeInfinity, double.PositiveInfinity).LogPdf(x).Sum();
        var theta = Tensor.FromArray(new[] { 0.2, 1.3 });
        var check = GradCheck.Check(LogLik, theta, order: 2, rtol: 1e-5, atol: 1e-7);
        Assert.True(check.Passed, check.Message);
        double expected = new Normal(0.2, 1.3).LogPdf(x).Sum().Item();
        Close("log-likelihood", LogLik(theta).Item(), expected, 1e-12);
        Assert.Throws<NotSupportedException>(() => Grad.Gradient(p => new CustomDistribution(Pdf, [p[0..1].Reshape(Shape.Scalar), p[1..2].Reshape(Shape.Scalar)], double.NegativeInfinity, double.PositiveInfinity).Cdf(x).Sum(), theta));
    }

    [Fact]
    public void Fit_of_a_parametrized_density_matches_the_normal_closed_form()
    {
        var data = new Normal(1.5, 0.7).Rvs(300, seed: 3);
        static Tensor Pdf(Tensor z, IReadOnlyList<Tensor> p) => Tensor.Exp(-Tensor.Square((z - p[0]) / p[1]) * 0.5);
        var r = CustomDistribution.Fit(data, Pdf, ["mu", "sigma"], [1.0, 1.0], parameterBounds: [(double.NegativeInfinity, double.PositiveInfinity), (0, double.PositiveInfinity)]);
        Assert.True(r.Success, r.Message);
        var (mean, std) = (data.Average(), Math.Sqrt(data.Sum(v => (v - data.Average()) * (v - data.Average())) / data.Length));
        Close("mu", r.Estimate("mu"), mean, 1e-7);
        Close("sigma", r.Estimate("sigma"), std, 1e-7);
        Close("se(mu)", r.StandardError("mu"), std / Math.Sqrt(data.Length), 1e-5);
        Close("se(sigma)", r.StandardError("sigma"), std / Math.Sqrt(2.0 * data.Length), 1e-5);
        Close("log-likelihood", r.LogLikelihood, new Normal(mean, std).LogPdf(Tensor.FromArray(data)).Sum().Item(), 1e-10);
    }

    [Fact]
    public void Bad_densities_and_supports_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new CustomDistribution(x => Tensor.ZerosLike(x), 0, 1));
        Assert.Throws<ArgumentException>(() => new CustomDistribution(x => Tensor.OnesLike(x), 1, 0));
        Assert.Throws<ArgumentException>(() => new CustomDistribution(x => Tensor.OnesLike(x), 0, double.NaN));
        Assert.Throws<ArgumentException>(() => CustomDistribution.Fit([0.5, 2.0], (z, p) => Tensor.Pow(z, p[0]), ["k"], [1.0], 0, 1));
        Assert.Throws<ArgumentException>(() => CustomDistribution.Fit([0.5], (z, p) => Tensor.Pow(z, p[0]), ["k", "j"], [1.0], 0, 1));
    }
}
