using Adjoint.Autodiff;
using Adjoint.Expressions;
using Adjoint.Tensors;

namespace Adjoint.Cli.Tests.Expressions;

/// <summary>Gradients and Hessians of parsed expressions equal those of the same functions written with tensor operations.</summary>
public class GradientTests
{
    private static Func<Tensor, Tensor> Parsed(string text, params string[] names)
    {
        var compiled = Expression.Parse(text).Compile(names);
        return v =>
        {
            var values = new Tensor[names.Length];
            for (int i = 0; i < names.Length; i++)
            {
                values[i] = v[i];
            }

            return compiled.Evaluate(values).Sum();
        };
    }

    public static TheoryData<string, Func<Tensor, Tensor>, double[]> Cases => new()
    {
        { "100*(y - x^2)^2 + (1 - x)^2", v => (100 * (v[1] - v[0].Square()).Square()) + (1 - v[0]).Square(), [-1.2, 1.0] },
        { "x*y*exp(-x^2 - y^2)", v => v[0] * v[1] * Tensor.Exp(-v[0].Square() - v[1].Square()), [0.3, -0.8] },
        { "log(1 + x^2) / sqrt(y)", v => Tensor.Log(1 + v[0].Square()) / Tensor.Sqrt(v[1]), [0.5, 2.0] },
        { "sin(x)*cos(y) + tan(x*y)", v => (Tensor.Sin(v[0]) * Tensor.Cos(v[1])) + Tensor.Tan(v[0] * v[1]), [0.4, 0.6] },
        { "x^y", v => Tensor.Pow(v[0], v[1]), [1.7, 2.3] },
        { "tanh(x) - atan(y) + abs(x - y)", v => Tensor.Tanh(v[0]) - Tensor.Atan(v[1]) + Tensor.Abs(v[0] - v[1]), [0.2, 0.9] },
        { "erf(x) * erfc(y) + lgamma(x + 2) + digamma(y + 1)", v => (Tensor.Erf(v[0]) * Tensor.Erfc(v[1])) + Tensor.Lgamma(v[0] + 2) + Tensor.Digamma(v[1] + 1), [0.5, 0.25] },
        { "log1p(x) + expm1(y)", v => Tensor.Log1p(v[0]) + Tensor.Expm1(v[1]), [0.1, -0.2] },
        { "min(x, y) + max(x^2, y)", v => Tensor.Minimum(v[0], v[1]) + Tensor.Maximum(v[0].Square(), v[1]), [0.3, 0.5] },
        { "x / y - 2 / x + x / 3", v => (v[0] / v[1]) - (2 / v[0]) + (v[0] / 3), [1.5, 0.7] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gradient_and_Hessian_equal_the_hand_written_ones(string text, Func<Tensor, Tensor> handWritten, double[] at)
    {
        var parsed = Parsed(text, "x", "y");
        var (fp, gp) = Grad.ValueAndGrad(parsed, Tensor.FromArray(at));
        var (fh, gh) = Grad.ValueAndGrad(handWritten, Tensor.FromArray(at));
        Assert.Equal(fh.Item(), fp.Item(), 14);
        var a = gp.ToArray();
        var b = gh.ToArray();
        for (int i = 0; i < a.Length; i++)
        {
            Assert.Equal(b[i], a[i], 12);
        }

        var hp = Grad.Hessian(parsed, Tensor.FromArray(at)).ToArray();
        var hh = Grad.Hessian(handWritten, Tensor.FromArray(at)).ToArray();
        for (int i = 0; i < hp.Length; i++)
        {
            Assert.Equal(hh[i], hp[i], 10);
        }
    }

    [Theory]
    [InlineData("asin(x)", 0.3)]
    [InlineData("acos(x)", -0.6)]
    [InlineData("sinh(x)", 0.8)]
    [InlineData("cosh(x)", -1.1)]
    [InlineData("atan2(x, 0.7)", 0.4)]
    [InlineData("atan2(0.7, x)", -0.4)]
    [InlineData("atan2(-0.7, x)", -0.4)]
    public void Composed_functions_have_the_exact_derivatives(string text, double x)
    {
        var f = Parsed(text, "x");
        var (_, g) = Grad.ValueAndGrad(f, Tensor.FromArray([x]));
        var h = Grad.Hessian(f, Tensor.FromArray([x])).ToArray()[0];
        var (d1, d2) = text switch
        {
            "asin(x)" => (1 / Math.Sqrt(1 - (x * x)), x / Math.Pow(1 - (x * x), 1.5)),
            "acos(x)" => (-1 / Math.Sqrt(1 - (x * x)), -x / Math.Pow(1 - (x * x), 1.5)),
            "sinh(x)" => (Math.Cosh(x), Math.Sinh(x)),
            "cosh(x)" => (Math.Sinh(x), Math.Cosh(x)),
            "atan2(x, 0.7)" => (0.7 / ((x * x) + 0.49), -2 * 0.7 * x / Math.Pow((x * x) + 0.49, 2)),
            "atan2(0.7, x)" => (-0.7 / ((x * x) + 0.49), 2 * 0.7 * x / Math.Pow((x * x) + 0.49, 2)),
            _ => (0.7 / ((x * x) + 0.49), -2 * 0.7 * x / Math.Pow((x * x) + 0.49, 2)),
        };
        Assert.Equal(d1, g.ToArray()[0], 12);
        Assert.Equal(d2, h, 10);
    }

    [Fact]
    public void Model_gradient_over_data_equals_the_hand_written_one()
    {
        var t = Tensor.FromArray([0.0, 0.5, 1, 2, 4]);
        var compiled = Expression.Parse("a*exp(-b*t) + c").Compile(["a", "b", "c", "t"]);
        Tensor Parsed(Tensor p) => compiled.Evaluate(p[0], p[1], p[2], t).Square().Sum();
        Tensor HandWritten(Tensor p) => ((p[0] * Tensor.Exp(-p[1] * t)) + p[2]).Square().Sum();
        var p0 = Tensor.FromArray([2.0, 0.7, 0.1]);
        var gp = Grad.Gradient(Parsed, p0).ToArray();
        var gh = Grad.Gradient(HandWritten, p0).ToArray();
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(gh[i], gp[i], 12);
        }
    }
}
