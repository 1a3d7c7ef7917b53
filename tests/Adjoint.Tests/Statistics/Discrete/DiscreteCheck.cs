using Adjoint.Autodiff;
using Adjoint.Statistics;
using Adjoint.Tensors;

namespace Adjoint.Tests.Statistics.Discrete;

/// <summary>Checks of a discrete distribution against the scipy values of discrete_scipy.json and against itself.</summary>
internal static class DiscreteCheck
{
    private const string File = "Discrete/discrete_scipy.json";

    /// <summary>The scipy parameter <paramref name="parameter"/> of case <paramref name="name"/>.</summary>
    public static double Parameter(string name, string parameter) =>
        ScipyReference.Cases(File).GetProperty(name).GetProperty("params").GetProperty(parameter).GetDouble();

    /// <summary>logpmf, pmf, cdf, sf, ppf and the moments against scipy to <paramref name="tolerance"/> relative.</summary>
    public static void MatchesScipy(DiscreteDistribution d, string name, double tolerance = 1e-12)
    {
        var c = ScipyReference.Cases(File).GetProperty(name);
        var k = ScipyReference.Doubles(c.GetProperty("k"));
        var kt = Tensor.FromArray(k, new Shape(k.Length));
        Compare("logpmf", k, d.LogPmf(kt).ToArray(), ScipyReference.Doubles(c.GetProperty("logpmf")), tolerance);
        Compare("pmf", k, d.Pmf(kt).ToArray(), ScipyReference.Doubles(c.GetProperty("pmf")), tolerance);
        Compare("cdf", k, d.Cdf(kt).ToArray(), ScipyReference.Doubles(c.GetProperty("cdf")), tolerance);

        // sf = 1 - cdf carries an absolute error near 1e-16: relative to a floor of 1e-4.
        Compare("sf", k, d.Sf(kt).ToArray(), ScipyReference.Doubles(c.GetProperty("sf")), tolerance, 1e-4);
        var q = ScipyReference.Doubles(c.GetProperty("q"));
        var ppf = ScipyReference.Doubles(c.GetProperty("ppf"));
        for (int i = 0; i < q.Length; i++)
        {
            Assert.True(d.Ppf(q[i]) == ppf[i], $"{name} ppf({q[i]}) = {d.Ppf(q[i])}, scipy {ppf[i]}");
        }

        var mvsk = ScipyReference.Doubles(c.GetProperty("mvsk"));
        var s = d.Stats();
        Compare("mvsk", [0, 1, 2, 3], [s.Mean, s.Variance, s.Skewness, s.ExcessKurtosis], mvsk, tolerance);
        Assert.Equal(name, d.Name);
    }

    /// <summary>ppf(cdf(k)) = k at every integer of [lower, upper].</summary>
    public static void PpfInvertsCdf(DiscreteDistribution d, int lower, int upper)
    {
        for (int k = lower; k <= upper; k++)
        {
            Assert.True(d.Ppf(d.Cdf(k)) == k, $"{d.Name} ppf(cdf({k})) = {d.Ppf(d.Cdf(k))}");
        }
    }

    /// <summary>The gradient of sum log-pmf(k) (or of sum cdf(k)) in a parameter against a central difference.</summary>
    public static void GradientMatchesDifference(Func<Tensor, DiscreteDistribution> build, double at, double[] k, bool cdf = false)
    {
        var kt = Tensor.FromArray(k, new Shape(k.Length));
        Tensor F(Tensor theta) => cdf ? build(theta).Cdf(kt).Sum() : build(theta).LogPmf(kt).Sum();
        double g = Grad.Gradient(F, Tensor.Scalar(at)).ToArray()[0];
        double h = 1e-6 * Math.Max(1, Math.Abs(at));
        double fd;
        using (Grad.NoGrad())
        {
            fd = (F(Tensor.Scalar(at + h)).ToArray()[0] - F(Tensor.Scalar(at - h)).ToArray()[0]) / (2 * h);
        }

        Assert.True(Math.Abs(g - fd) <= 1e-6 * Math.Max(1, Math.Abs(fd)), $"gradient {g}, central difference {fd}");
        Assert.True(g != 0, "the gradient is 0");
    }

    private static void Compare(string what, double[] k, double[] actual, double[] expected, double tolerance, double floor = 1e-300)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            double e = ScipyReference.RelativeError(actual[i], expected[i], floor);
            Assert.True(e <= tolerance, $"{what}({ScipyReference.Format(k[i])}) = {ScipyReference.Format(actual[i])}, scipy {ScipyReference.Format(expected[i])} (error {e:g3})");
        }
    }
}
