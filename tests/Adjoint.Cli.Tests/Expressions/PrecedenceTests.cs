using Adjoint.Expressions;
using Adjoint.Tensors;

namespace Adjoint.Cli.Tests.Expressions;

/// <summary>Precedence, associativity, number syntax and constant folding, seen through the canonical (fully parenthesized) form and values.</summary>
public class PrecedenceTests
{
    [Theory]
    [InlineData("-x^2", "(-(x ^ 2))")]
    [InlineData("x^-2", "(x ^ (-2))")]
    [InlineData("x^-y", "(x ^ (-y))")]
    [InlineData("x^y^z", "(x ^ (y ^ z))")]
    [InlineData("x**y**z", "(x ^ (y ^ z))")]
    [InlineData("x - y - z", "((x - y) - z)")]
    [InlineData("x / y / z", "((x / y) / z)")]
    [InlineData("x + y * z", "(x + (y * z))")]
    [InlineData("(x + y) * z", "((x + y) * z)")]
    [InlineData("x * y ^ z", "(x * (y ^ z))")]
    [InlineData("-x * y", "((-x) * y)")]
    [InlineData("x - -y", "(x - (-y))")]
    [InlineData("--x", "(-(-x))")]
    [InlineData("+x", "x")]
    [InlineData("-(x + y)^2", "(-((x + y) ^ 2))")]
    [InlineData("a*exp(-b*t) + c", "((a * exp(((-b) * t))) + c)")]
    [InlineData("x / y * z", "((x / y) * z)")]
    [InlineData("2 * 3 + x", "(6 + x)")]
    [InlineData("2^3^2 * x", "(512 * x)")]
    [InlineData("-2^2 + x", "((-4) + x)")]
    [InlineData("(-2)^2 + x", "(4 + x)")]
    [InlineData("x + .5 + 1e-3 + 2.5E+2 + 3.", "((((x + 0.5) + 0.001) + 250) + 3)")]
    [InlineData("x * pi", "(x * 3.141592653589793)")]
    [InlineData("e^x", "(2.718281828459045 ^ x)")]
    [InlineData("max(x, y, 1)", "max(x, y, 1)")]
    [InlineData("sqrt(4) * x", "(2 * x)")]
    public void Canonical_form_shows_precedence_and_associativity(string text, string canonical)
    {
        Assert.Equal(canonical, Expression.Parse(text).ToCanonicalString());
    }

    [Theory]
    [InlineData("-x^2", 3, -9)]
    [InlineData("2^x^2", 3, 512)]
    [InlineData("x - 1 - 1", 3, 1)]
    [InlineData("12 / x / 2", 3, 2)]
    [InlineData("x^-1", 4, 0.25)]
    [InlineData("-x^2 + x*2", 3, -3)]
    [InlineData("sinh(x) - (exp(x) - exp(-x))/2", 0.7, 0)]
    [InlineData("cosh(x) - (exp(x) + exp(-x))/2", 0.7, 0)]
    [InlineData("asin(x) - 0.7753974966107530", 0.7, 0)]
    [InlineData("acos(x) - 0.7953988301841436", 0.7, 0)]
    [InlineData("atan2(-1, x) + 2.356194490192345", -1, 0)]
    [InlineData("atan2(1, x) - 2.356194490192345", -1, 0)]
    [InlineData("atan2(x, 1) - 0.6107259643892086", 0.7, 0)]
    [InlineData("log10(x) - 2", 100, 0)]
    [InlineData("lgamma(x) - log(24)", 5, 0)]
    [InlineData("erf(x) + erfc(x) - 1", 0.3, 0)]
    [InlineData("min(x, 2, 5) + max(x, -1)", 3, 5)]
    public void Values_follow_mathematics(string text, double x, double expected)
    {
        var v = Expression.Parse(text).Evaluate(new Dictionary<string, Tensor> { ["x"] = Tensor.Scalar(x) }).Item();
        Assert.Equal(expected, v, 12);
    }

    [Fact]
    public void Constants_fold_and_report_their_value()
    {
        var e = Expression.Parse("2 * pi / 4");
        Assert.True(e.IsConstant);
        Assert.Equal(Math.PI / 2, e.ConstantValue);
        Assert.Empty(e.Names);
        Assert.Equal(Math.PI / 2, e.Evaluate(new Dictionary<string, Tensor>()).Item());
    }

    [Fact]
    public void Names_are_listed_once_in_order_of_first_appearance()
    {
        var e = Expression.Parse("b*x + a*x^2 + b + sin(c)");
        Assert.Equal(["b", "x", "a", "c"], e.Names);
        Assert.Equal(0, e.PositionOf("b"));
        Assert.Equal(6, e.PositionOf("a"));
        Assert.Equal(-1, e.PositionOf("zz"));
    }

    [Fact]
    public void Scalars_and_vectors_broadcast()
    {
        var e = Expression.Parse("a * t + b").Compile(["a", "b", "t"]);
        var t = Tensor.FromArray([1.0, 2, 3]);
        var y = e.Evaluate(Tensor.Scalar(2), Tensor.Scalar(1), t);
        Assert.Equal([3.0, 5, 7], y.ToArray());
    }

    [Fact]
    public void Float32_values_give_a_float32_result_constants_included()
    {
        var e = Expression.Parse("2 * x + atan2(1, x) + max(x, 0.5) + 1 / x").Compile(["x"]);
        var y = e.Evaluate(Tensor.FromArray([1f, 2f]));
        Assert.Equal(DType.Float32, y.DType);
        Assert.Equal(2 + (Math.PI / 4) + 1 + 1, y.ToArray()[0], 5);
    }

    [Fact]
    public void Every_function_in_the_table_parses_and_evaluates_with_its_arity()
    {
        foreach (var f in ExpressionFunctions.All)
        {
            var args = string.Join(", ", Enumerable.Repeat("x", f.MinArguments));
            var value = Expression.Parse($"{f.Name}({args})").Evaluate(new Dictionary<string, Tensor> { ["x"] = Tensor.Scalar(0.5) }).Item();
            Assert.True(double.IsFinite(value), $"{f.Name}(0.5) = {value}");
        }
    }

    [Fact]
    public void Wrong_number_of_values_is_an_argument_exception()
    {
        var e = Expression.Parse("x + y").Compile(["x", "y"]);
        var error = Assert.Throws<ArgumentException>(() => e.Evaluate(Tensor.Scalar(1)));
        Assert.Contains("takes 2 values (x, y), not 1", error.Message, StringComparison.Ordinal);
    }
}
