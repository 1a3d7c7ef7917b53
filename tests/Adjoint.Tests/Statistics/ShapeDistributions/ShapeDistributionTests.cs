using System.Globalization;
using Adjoint.Autodiff;
using Adjoint.Statistics;
using Adjoint.Tensors;
using Adjoint.Tensors.Kernels;

namespace Adjoint.Tests.Statistics.ShapeDistributions;

/// <summary>
/// SkewNormal, VonMises and FDistribution, Owen's T and the scaled Bessel functions against scipy 1.10 and mpmath
/// (shape_distributions_scipy.json, written by shape_distributions_scipy.py).
/// </summary>
public class ShapeDistributionTests
{
    private const string File = "ShapeDistributions/shape_distributions_scipy.json";

    internal static ContinuousDistribution Make(string name) => name switch
    {
        "skewnorm" => new SkewNormal(4.0, 0.5, 1.5),
        "skewnorm_neg" => new SkewNormal(-2.5),
        "skewnorm_small" => new SkewNormal(0.3, -1.0, 0.7),
        "vonmises" => new VonMises(2.0, 0.5),
        "vonmises_small" => new VonMises(0.3, -1.0),
        "vonmises_large" => new VonMises(20.0),
        "vonmises_normal" => new VonMises(80.0, 0.25),
        "f" => new FDistribution(5.0, 12.0, 0.0, 1.5),
        "f_small" => new FDistribution(1.5, 3.5),
        _ => throw new ArgumentException(name),
    };

    private static readonly string[] AllNames =
    [
        "skewnorm", "skewnorm_neg", "skewnorm_small", "vonmises", "vonmises_small", "vonmises_large", "vonmises_normal", "f", "f_small",
    ];

    public static TheoryData<string> Names() => new(AllNames);

    /// <summary>Every element within <paramref name="bound"/> relative (absolute below <paramref name="floor"/>), all failures in one message.</summary>
    internal static void Close(string what, double[] actual, double[] expected, double bound, double floor = 1e-300)
    {
        Assert.Equal(expected.Length, actual.Length);
        var failures = new List<string>();
        for (int i = 0; i < actual.Length; i++)
        {
            double e = ScipyReference.RelativeError(actual[i], expected[i], floor);
            if (!(e <= bound))
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"[{i}] {actual[i]:R} vs {expected[i]:R} ({e:G3})"));
            }
        }

        Assert.True(failures.Count == 0, $"{what} beyond {bound:G3}: " + string.Join("; ", failures));
    }

    private static double[] Get(System.Text.Json.JsonElement c, string name) => ScipyReference.Doubles(c.GetProperty(name));

    [Theory]
    [MemberData(nameof(Names))]
    public void Functions_match_scipy(string name)
    {
        var c = ScipyReference.Cases(File).GetProperty(name);
        var d = Make(name);
        Assert.Equal(name.Split('_')[0], d.Name);
        var x = Tensor.FromArray(Get(c, "x"));
        Close(name + " logpdf", d.LogPdf(x).ToArray(), Get(c, "logpdf"), 1e-12);
        // The von Mises series (scipy's algorithm) is accurate to about 1e-16 absolute, so tiny tail values are compared
        // absolutely; scipy's own von Mises sf is 1 - cdf and is 0 in the far upper tail where ours is not.
        double floor = name.StartsWith("vonmises", StringComparison.Ordinal) ? 1e-4 : 1e-300;
        var cdf = d.Cdf(x).ToArray();
        var sf = d.Sf(x).ToArray();
        Close(name + " cdf", cdf, Get(c, "cdf"), 1e-12, floor);
        Close(name + " sf", sf, Get(c, "sf"), 1e-12, floor);
        if (name.StartsWith("skewnorm", StringComparison.Ordinal))
        {
            // The references are mpmath integrals; scipy's own values agree to 1e-12 where Boost computes them and to
            // about 2e-8 where scipy integrates numerically (cdf below 1e-6 with a > 0).
            Close(name + " cdf vs scipy", cdf, Get(c, "scipy_cdf"), 3e-8);
            Close(name + " sf vs scipy", sf, Get(c, "scipy_sf"), 3e-8);
        }
        var q = Get(c, "q");
        Close(name + " ppf", d.Ppf(q), Get(c, "ppf"), 1e-10);
        Close(name + " isf", q.Select(d.Isf).ToArray(), Get(c, "isf"), 1e-10);
        var m = d.Stats();
        // The von Mises variance and kurtosis are quadratures (relative tolerance 1e-13); the excess kurtosis is a small
        // difference m4 / var^2 - 3 for a concentrated law.
        Close(name + " mvsk", [m.Mean, m.Variance, m.Skewness, m.ExcessKurtosis], Get(c, "mvsk"), name.StartsWith("vonmises", StringComparison.Ordinal) ? 1e-10 : 1e-12, 1e-14);
        Close(name + " entropy", [d.Entropy], [c.GetProperty("entropy").GetDouble()], 1e-12);
    }

    [Fact]
    public void Owens_t_matches_mpmath()
    {
        var c = ScipyReference.Cases(File).GetProperty("owens_t");
        var h = Get(c, "h");
        var a = Get(c, "a");
        Close("owens_t", h.Select((v, i) => SpecialOwensT.OwensT(v, a[i])).ToArray(), Get(c, "t"), 1e-13);
    }

    [Fact]
    public void Scaled_bessel_functions_match_scipy()
    {
        var c = ScipyReference.Cases(File).GetProperty("bessel");
        var x = Tensor.FromArray(Get(c, "x"));
        Close("i0e", Tensor.BesselI0e(x).ToArray(), Get(c, "i0e"), 1e-14);
        Close("i1e", Tensor.BesselI1e(x).ToArray(), Get(c, "i1e"), 1e-14);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Ppf_inverts_the_cdf(string name)
    {
        var d = Make(name);
        foreach (double q in new[] { 1e-9, 0.02, 0.4, 0.77, 0.999 })
        {
            double x = d.Ppf(q);
            // The von Mises cdf is absolute to about 1e-16, so far out x comes back only to about 1e-16 / pdf(x).
            double absolute = name.StartsWith("vonmises", StringComparison.Ordinal) ? 1e-15 : 0;
            Assert.True(Math.Abs(d.Cdf(x) - q) <= absolute + (1e-12 * q), $"{name}: cdf(ppf({q})) = {d.Cdf(x)}");
            Assert.True(Math.Abs(d.Sf(d.Isf(q)) - q) <= absolute + (1e-12 * q), $"{name}: sf(isf({q})) = {d.Sf(d.Isf(q))}");
            if (q > 1e-6 || absolute == 0)
            {
                Assert.Equal(x, d.Ppf(d.Cdf(x)), 1e-9 * Math.Max(1, Math.Abs(x)));
            }
        }

        var s = d.Support;
        Assert.Equal(s.Lower, d.Ppf(0));
        Assert.Equal(s.Upper, d.Ppf(1));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Samples_have_the_distribution_moments_within_six_standard_errors(string name)
    {
        var d = Make(name);
        var sample = d.Rvs(20000, seed: 11);
        Assert.Equal(sample, d.Rvs(20000, seed: 11));
        var s = d.Support;
        Assert.All(sample, v => Assert.InRange(v, s.Lower, s.Upper));
        var m = d.Stats();
        if (!double.IsFinite(m.Variance))
        {
            // f_small (dfd = 3.5) has no variance: its sample median is checked against the median instead.
            var sorted = sample.Order().ToArray();
            double median = sorted[sample.Length / 2];
            double se = Math.Sqrt(0.25 / sample.Length) / d.Pdf(d.Median);
            Assert.True(Math.Abs(median - d.Median) < 6 * se, $"{name}: sample median {median}, median {d.Median}");
            return;
        }

        double mean = sample.Average();
        Assert.True(Math.Abs(mean - m.Mean) < 6 * Math.Sqrt(m.Variance / sample.Length), $"{name}: sample mean {mean}, mean {m.Mean}");
        double v = sample.Sum(t => (t - mean) * (t - mean)) / (sample.Length - 1);
        Assert.True(Math.Abs(v - m.Variance) < 6 * m.Variance * Math.Sqrt((m.ExcessKurtosis + 2) / sample.Length), $"{name}: sample variance {v}, variance {m.Variance}");
        // A third check no wrong sampler passes by luck: the fraction below the 0.3 quantile.
        double below = sample.Count(t => t <= d.Ppf(0.3)) / (double)sample.Length;
        Assert.True(Math.Abs(below - 0.3) < 6 * Math.Sqrt(0.21 / sample.Length), $"{name}: {below} of the sample below the 0.3 quantile");
    }

    [Fact]
    public void LogPdf_is_differentiable_in_x_and_every_parameter_and_cdf_in_x()
    {
        var x = Tensor.FromArray(new[] { 0.3, 1.1, 2.7 });
        static Tensor At(Tensor p, int i) => p[i..(i + 1)].Reshape(Shape.Scalar);
        Assert.True(GradCheck.Check(p => new SkewNormal(At(p, 0), At(p, 1), At(p, 2)).LogPdf(x).Sum(), Tensor.FromArray(new[] { 4.0, 0.5, 1.5 }), order: 2, rtol: 1e-5, atol: 1e-7).Passed);
        Assert.True(GradCheck.Check(p => new SkewNormal(At(p, 0), At(p, 1), At(p, 2)).LogPdf(x).Sum(), Tensor.FromArray(new[] { -2.5, 3.0, 0.8 }), order: 2, rtol: 1e-5, atol: 1e-7).Passed);
        Assert.True(GradCheck.Check(p => new VonMises(At(p, 0), At(p, 1), At(p, 2)).LogPdf(x).Sum(), Tensor.FromArray(new[] { 2.0, 0.5, 1.2 }), order: 2, rtol: 1e-5, atol: 1e-7).Passed);
        Assert.True(GradCheck.Check(p => new VonMises(At(p, 0), At(p, 1), Tensor.Scalar(1.0)).LogPdf(x).Sum(), Tensor.FromArray(new[] { 60.0, 1.0 }), order: 2, rtol: 1e-5, atol: 1e-6).Passed);
        Assert.True(GradCheck.Check(p => new FDistribution(At(p, 0), At(p, 1), At(p, 2), At(p, 3)).LogPdf(x).Sum(), Tensor.FromArray(new[] { 5.0, 12.0, -0.2, 1.5 }), order: 2, rtol: 1e-5, atol: 1e-7).Passed);
        // The skew-normal cdf is differentiable in its shape too (dF/da closed form), at both orders.
        Assert.True(GradCheck.Check(p => new SkewNormal(At(p, 0), At(p, 1), At(p, 2)).Cdf(x).Sum(), Tensor.FromArray(new[] { 4.0, 0.5, 1.5 }), order: 2, rtol: 1e-5, atol: 1e-7).Passed);
        Assert.True(GradCheck.Check(p => new SkewNormal(At(p, 0), At(p, 1), At(p, 2)).Sf(x).Sum(), Tensor.FromArray(new[] { -3.0, 0.0, 0.5 }), order: 2, rtol: 1e-5, atol: 1e-7).Passed);
        foreach (string name in new[] { "skewnorm", "skewnorm_neg", "vonmises", "vonmises_large", "vonmises_normal", "f", "f_small" })
        {
            var d = Make(name);
            var inside = name.StartsWith("vonmises", StringComparison.Ordinal) ? x - 1.0 : x;
            Assert.True(GradCheck.Check(z => d.Cdf(z), inside, order: 2, rtol: 1e-5, atol: 1e-7).Passed, name + " cdf");
            Assert.True(GradCheck.Check(z => d.Sf(z), inside, order: 1, rtol: 1e-5, atol: 1e-7).Passed, name + " sf");
            Assert.True(GradCheck.Check(z => d.LogPdf(z), inside, order: 2, rtol: 1e-5, atol: 1e-7).Passed, name + " logpdf");
        }

        // Not in kappa, nor in the F degrees of freedom: refused by name rather than a silent zero.
        var kappa = Tensor.Scalar(2.0);
        Assert.Throws<NotSupportedException>(() => Grad.Gradient(k => new VonMises(k, Tensor.Scalar(0.0), Tensor.Scalar(1.0)).Cdf(x).Sum(), kappa));
        Assert.Throws<NotSupportedException>(() => Grad.Gradient(k => new FDistribution(k, Tensor.Scalar(3.0), Tensor.Scalar(0.0), Tensor.Scalar(1.0)).Cdf(x).Sum(), kappa));
    }

    [Fact]
    public void Skew_normal_cdf_is_accurate_in_both_far_tails()
    {
        // For z -> -inf with a > 0 the cdf is (1 / pi) exp(-z^2 (1 + a^2) / 2) / (z^2 a (1 + a^2)) (1 + O(1 / z^2)):
        // the direct integral keeps its relative precision where Phi(z) - 2 T(z, a) would cancel to nothing.
        var d = new SkewNormal(2.0);
        foreach (double z in new[] { -8.0, -12.0, -15.0 })
        {
            double leading = Math.Exp(-0.5 * z * z * 5) / (Math.PI * z * z * 2 * 5);
            double ratio = d.Cdf(z) / leading;
            Assert.True(Math.Abs(ratio - 1) < 5.0 / (z * z), $"cdf({z}) = {d.Cdf(z)}, leading term {leading}");
            Assert.Equal(d.Cdf(z), new SkewNormal(-2.0).Sf(-z), 1e-15 * d.Cdf(z));
        }

        // At z = -25 the true value is about exp(-1562): below the smallest double, so exactly zero, never negative or NaN.
        Assert.Equal(0.0, d.Cdf(-25.0));
        Assert.Equal(0.5, new SkewNormal(0.0).Cdf(0.0), 1e-16);
        Assert.Equal(0.5 + (Math.Atan(1.0) / Math.PI), new SkewNormal(-1.0).Cdf(0.0), 1e-15);
    }

    [Theory]
    [InlineData("skewnorm")]
    [InlineData("vonmises")]
    [InlineData("f")]
    public void Fit_agrees_with_scipy_and_gives_standard_errors(string name)
    {
        var c = ScipyReference.Cases(File).GetProperty("fits").GetProperty(name);
        var data = Get(c, "data");
        var fixedParameters = c.GetProperty("fixed").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
        var expected = Get(c, "fit");
        var (estimates, errors, logLikelihood, success, message, names) = name switch
        {
            "skewnorm" => Unpack(SkewNormal.Fit(data, fixedParameters)),
            "vonmises" => Unpack(VonMises.Fit(data, fixedParameters)),
            _ => Unpack(FDistribution.Fit(data, fixedParameters)),
        };
        Assert.True(success, message);
        // scipy 1.10 fits with a Nelder-Mead search (tolerance near 1e-4): ours must agree to that and reach at least
        // scipy's log-likelihood; the standard errors agree with a central-difference Hessian of scipy's log-likelihood.
        Close(name + " fit", estimates, expected, 2e-3, 1e-12);
        Assert.True(logLikelihood >= c.GetProperty("loglik").GetDouble() - 1e-9, $"log-likelihood {logLikelihood}");
        Close(name + " standard errors", errors, Get(c, "se"), 1e-2, 1e-12);
        Assert.Equal(expected.Length, names.Count);
    }

    private static (double[], double[], double, bool, string, IReadOnlyList<string>) Unpack<T>(DistributionFitResult<T> r) =>
        (r.Estimates, r.StandardErrors, r.LogLikelihood, r.Success, r.Message, r.ParameterNames);

    [Fact]
    public void Invalid_parameters_throw_naming_the_parameter_and_bad_arguments_give_NaN()
    {
        Assert.Equal("a", Assert.Throws<ArgumentOutOfRangeException>(() => new SkewNormal(double.NaN)).ParamName);
        Assert.Equal("a", Assert.Throws<ArgumentOutOfRangeException>(() => new SkewNormal(double.PositiveInfinity)).ParamName);
        Assert.Equal("kappa", Assert.Throws<ArgumentOutOfRangeException>(() => new VonMises(0)).ParamName);
        Assert.Equal("scale", Assert.Throws<ArgumentOutOfRangeException>(() => new VonMises(1, 0, -1)).ParamName);
        Assert.Equal("dfn", Assert.Throws<ArgumentOutOfRangeException>(() => new FDistribution(-1, 2)).ParamName);
        Assert.Equal("dfd", Assert.Throws<ArgumentOutOfRangeException>(() => new FDistribution(1, double.NaN)).ParamName);
        foreach (string name in AllNames)
        {
            var d = Make(name);
            Assert.True(double.IsNaN(d.Ppf(1.5)), name);
            Assert.True(double.IsNaN(d.Isf(-0.1)), name);
            Assert.True(double.IsNaN(d.LogPdf(double.NaN)), name);
            Assert.True(double.IsNaN(d.Cdf(double.NaN)), name);
        }

        // The von Mises support is [loc - pi scale, loc + pi scale].
        var vm = new VonMises(2.0, 1.0);
        Assert.Equal(new DistributionSupport(1 - Math.PI, 1 + Math.PI), vm.Support);
        Assert.Equal(double.NegativeInfinity, vm.LogPdf(5.0));
        Assert.Equal(1.0, vm.Cdf(5.0));
        Assert.Equal(0.0, vm.Cdf(-2.5));
        Assert.Equal(0.0, new FDistribution(2, 3).Cdf(-1));
        Assert.Throws<ArgumentException>(() => VonMises.Fit([-3.0, 0.0, 3.5]));
    }
}
