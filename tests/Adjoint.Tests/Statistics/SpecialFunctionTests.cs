using System.Text.Json;
using Adjoint.Autodiff;
using Adjoint.Tensors;

namespace Adjoint.Tests.Statistics;

/// <summary>
/// The special functions against scipy.special (special_scipy.json, written by special_scipy.py) in float64, with the
/// bounds docs/distributions.md states, and float32 within a few float ulps.
/// </summary>
public class SpecialFunctionTests
{
    /// <summary>Each function, the bound on its relative error (absolute where |scipy| &lt; floor) and that floor.</summary>
    public static TheoryData<string, double, double> UnaryCases() => new()
    {
        { "erf", 5e-16, 1e-300 },
        { "erfc", 1e-14, 1e-300 },
        { "erfinv", 5e-15, 1e-300 },
        { "ndtri", 5e-15, 1e-300 },
        { "log_ndtr", 2e-13, 1e-300 },
        { "gammaln", 5e-15, 1e-16 },
        { "digamma", 5e-15, 1e-300 },
        { "digamma_negative", 5e-14, 1e-300 },
        { "polygamma1", 5e-15, 1e-300 },
        { "polygamma2", 5e-15, 1e-300 },
        { "polygamma3", 5e-15, 1e-300 },
        { "polygamma4", 5e-15, 1e-300 },
        { "polygamma5", 5e-15, 1e-300 },
        { "polygamma1_negative", 5e-14, 1e-300 },
    };

    internal static Func<Tensor, Tensor> Function(string name) => name switch
    {
        "erf" => Tensor.Erf,
        "erfc" => Tensor.Erfc,
        "erfinv" => Tensor.Erfinv,
        "ndtri" => Tensor.Ndtri,
        "log_ndtr" => Tensor.LogNdtr,
        "gammaln" => Tensor.Lgamma,
        "digamma" or "digamma_negative" => Tensor.Digamma,
        "polygamma1" or "polygamma1_negative" => Tensor.Trigamma,
        _ when name.StartsWith("polygamma", StringComparison.Ordinal) => x => Tensor.Polygamma(name[^1] - '0', x),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(UnaryCases))]
    public void Function_matches_scipy_in_float64(string name, double bound, double floor)
    {
        var c = ScipyReference.Cases("special_scipy.json").GetProperty(name);
        var x = ScipyReference.Doubles(c.GetProperty("x"));
        var expected = ScipyReference.Doubles(c.GetProperty("y"));
        var actual = Function(name)(Tensor.FromArray(x)).ToArray();
        double worst = 0;
        int at = -1;
        for (int i = 0; i < x.Length; i++)
        {
            double e = ScipyReference.RelativeError(actual[i], expected[i], floor);
            if (!(e <= worst))
            {
                worst = e;
                at = i;
            }
        }

        Assert.True(worst <= bound, $"{name}: relative error {worst:G3} at x = {(at >= 0 ? ScipyReference.Format(x[at]) : "?")} (got {(at >= 0 ? ScipyReference.Format(actual[at]) : "?")}, scipy {(at >= 0 ? ScipyReference.Format(expected[at]) : "?")}).");
    }

    [Theory]
    [MemberData(nameof(UnaryCases))]
    public void Function_in_float32_is_the_float64_value_rounded(string name, double bound, double floor)
    {
        _ = bound;
        _ = floor;
        var c = ScipyReference.Cases("special_scipy.json").GetProperty(name);
        var x = ScipyReference.Doubles(c.GetProperty("x")).Select(v => (double)(float)v).ToArray();
        var f = Function(name);
        var wide = f(Tensor.FromArray(x)).ToArray();
        var narrow = f(Tensor.FromArray(x.Select(v => (float)v).ToArray())).ToArray();
        Assert.Equal(DType.Float32, f(Tensor.FromArray(new[] { 0.5f })).DType);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal((double)(float)wide[i], narrow[i]);
        }
    }

    [Fact]
    public void Regularized_incomplete_gamma_matches_scipy()
    {
        var c = ScipyReference.Cases("special_scipy.json").GetProperty("gammainc");
        var a = Tensor.FromArray(ScipyReference.Doubles(c.GetProperty("a")));
        var x = Tensor.FromArray(ScipyReference.Doubles(c.GetProperty("x")));
        AssertClose("gammainc", Tensor.GammaInc(a, x).ToArray(), ScipyReference.Doubles(c.GetProperty("p")), 2e-12, 1e-300);
        AssertClose("gammaincc", Tensor.GammaIncc(a, x).ToArray(), ScipyReference.Doubles(c.GetProperty("q")), 2e-12, 1e-300);
    }

    [Fact]
    public void Regularized_incomplete_beta_matches_scipy()
    {
        var c = ScipyReference.Cases("special_scipy.json").GetProperty("betainc");
        var a = Tensor.FromArray(ScipyReference.Doubles(c.GetProperty("a")));
        var b = Tensor.FromArray(ScipyReference.Doubles(c.GetProperty("b")));
        var x = Tensor.FromArray(ScipyReference.Doubles(c.GetProperty("x")));
        AssertClose("betainc", Tensor.BetaInc(a, b, x).ToArray(), ScipyReference.Doubles(c.GetProperty("y")), 1e-12, 1e-300);
    }

    /// <summary>
    /// First derivatives against central differences; second derivatives against the closed form (central differences
    /// of Math.NET's values, accurate to about 1e-13, are too noisy for a second difference).
    /// </summary>
    [Fact]
    public void Incomplete_gamma_and_beta_are_differentiable_in_x_at_orders_one_and_two()
    {
        double[] av = [0.7, 2.5, 9.0], xv = [0.4, 2.0, 11.0], bv = [1.5, 0.8, 4.0], uv = [0.2, 0.55, 0.9];
        var a = Tensor.FromArray(av);
        var b = Tensor.FromArray(bv);
        AssertCheck(GradCheck.Check(z => Tensor.GammaInc(a, z), Tensor.FromArray(xv), order: 1));
        AssertCheck(GradCheck.Check(z => Tensor.GammaIncc(a, z), Tensor.FromArray(xv), order: 1));
        AssertCheck(GradCheck.Check(z => Tensor.BetaInc(a, b, z), Tensor.FromArray(uv), order: 1));
        var hp = Grad.Hessian(z => Tensor.GammaInc(a, z).Sum(), Tensor.FromArray(xv)).ToArray();
        var hq = Grad.Hessian(z => Tensor.GammaIncc(a, z).Sum(), Tensor.FromArray(xv)).ToArray();
        var hb = Grad.Hessian(z => Tensor.BetaInc(a, b, z).Sum(), Tensor.FromArray(uv)).ToArray();
        for (int i = 0; i < 3; i++)
        {
            double density = Math.Exp(((av[i] - 1) * Math.Log(xv[i])) - xv[i] - MathNet.Numerics.SpecialFunctions.GammaLn(av[i]));
            double expected = density * (((av[i] - 1) / xv[i]) - 1);
            Assert.Equal(expected, hp[(i * 3) + i], 1e-12);
            Assert.Equal(-expected, hq[(i * 3) + i], 1e-12);
            double betaDensity = Math.Exp(((av[i] - 1) * Math.Log(uv[i])) + ((bv[i] - 1) * Math.Log(1 - uv[i])) - MathNet.Numerics.SpecialFunctions.BetaLn(av[i], bv[i]));
            Assert.Equal(betaDensity * (((av[i] - 1) / uv[i]) - ((bv[i] - 1) / (1 - uv[i]))), hb[(i * 3) + i], 1e-11);
        }
    }

    [Fact]
    public void Incomplete_gamma_and_beta_refuse_a_gradient_in_their_shapes_by_name()
    {
        var x = Tensor.FromArray(new[] { 0.4, 2.0 });
        var ex = Assert.Throws<NotSupportedException>(() => Grad.Gradient(a => Tensor.GammaInc(a, x).Sum(), Tensor.FromArray(new[] { 1.5, 2.0 })));
        Assert.Contains("incomplete gamma", ex.Message, StringComparison.Ordinal);
        var u = Tensor.FromArray(new[] { 0.4, 0.7 });
        var exb = Assert.Throws<NotSupportedException>(() => Grad.Gradient(a => Tensor.BetaInc(a, a, u).Sum(), Tensor.FromArray(new[] { 1.5, 2.0 })));
        Assert.Contains("incomplete beta", exb.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Polygamma_of_the_highest_order_refuses_its_derivative_and_orders_outside_the_table_are_rejected()
    {
        var x = Tensor.FromArray(new[] { 1.5 });
        Assert.Throws<NotSupportedException>(() => Grad.Gradient(z => Tensor.Polygamma(5, z).Sum(), x));
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Polygamma(6, x));
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Polygamma(-1, x));
    }

    [Fact]
    public void Poles_and_domain_edges_follow_scipy()
    {
        double[] V(Func<Tensor, Tensor> f, params double[] x) => f(Tensor.FromArray(x)).ToArray();
        Assert.Equal([double.PositiveInfinity, double.PositiveInfinity], V(Tensor.Lgamma, 0, -3));
        Assert.Equal([double.NegativeInfinity], V(Tensor.Digamma, 0));
        Assert.True(double.IsNaN(V(Tensor.Digamma, -2)[0]));
        Assert.Equal([double.PositiveInfinity, double.NegativeInfinity], V(Tensor.Erfinv, 1, -1));
        Assert.True(double.IsNaN(V(Tensor.Erfinv, 1.5)[0]));
        Assert.Equal([double.NegativeInfinity, double.PositiveInfinity], V(Tensor.Ndtri, 0, 1));
        Assert.True(double.IsNaN(V(Tensor.Ndtri, -0.1)[0]));
        Assert.Equal([double.PositiveInfinity], V(Tensor.Trigamma, 0));
        Assert.Equal(-0.5e300, V(Tensor.LogNdtr, -1e150)[0], 1e285);
    }

    private static void AssertCheck(GradCheckResult r) => Assert.True(r.Passed, r.Message);

    internal static void AssertClose(string what, double[] actual, double[] expected, double bound, double floor)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < actual.Length; i++)
        {
            double e = ScipyReference.RelativeError(actual[i], expected[i], floor);
            Assert.True(e <= bound, $"{what}[{i}]: {ScipyReference.Format(actual[i])} vs scipy {ScipyReference.Format(expected[i])}, relative error {e:G3} > {bound:G3}.");
        }
    }
}
