using Adjoint.Expressions;

namespace Adjoint.Cli.Tests.Expressions;

/// <summary>Every error path of the parser: the message, the position and the caret under it.</summary>
public class ParserErrorTests
{
    [Theory]
    [InlineData("", 0, "the expression is empty")]
    [InlineData("   ", 0, "the expression is empty")]
    [InlineData("x +", 3, "the expression ends after '+': an operand is missing")]
    [InlineData("x * (y", 6, "missing ')' to close the '(' at column 5")]
    [InlineData("(x + 1))", 7, "unmatched ')': no '(' is open here")]
    [InlineData("x y", 2, "missing operator between 'x' and 'y' (write '*' for a product)")]
    [InlineData("2x", 1, "missing operator between '2' and 'x' (write '*' for a product)")]
    [InlineData("x(2)", 0, "unknown function 'x'")]
    [InlineData("exq(x)", 0, "unknown function 'exq'; did you mean 'exp'?")]
    [InlineData("sinn(x)", 0, "unknown function 'sinn'; did you mean 'sin'?")]
    [InlineData("exp + 1", 0, "'exp' is a function: call it as exp(...)")]
    [InlineData("pi(2)", 0, "'pi' is a constant, not a function (write '*' for a product)")]
    [InlineData("exp(1, 2)", 0, "'exp' takes 1 argument, not 2")]
    [InlineData("atan2(1)", 0, "'atan2' takes 2 arguments, not 1")]
    [InlineData("max(x)", 0, "'max' takes at least 2 arguments, not 1")]
    [InlineData("exp()", 0, "'exp' takes 1 argument, not 0")]
    [InlineData("min(x,)", 6, "an argument is missing after ','")]
    [InlineData("min(,x)", 4, "an argument is missing before ','")]
    [InlineData("exp(x y)", 6, "missing operator between 'x' and 'y' (write '*' for a product)")]
    [InlineData("exp(x", 5, "missing ',' or ')' in the arguments of 'exp' opened at column 4")]
    [InlineData("()", 1, "empty parentheses '()': an expression is missing inside")]
    [InlineData("x $ y", 2, "unexpected character '$'")]
    [InlineData("x [1]", 2, "unexpected character '[': group with parentheses '(' and ')'")]
    [InlineData("x < 1", 2, "strict comparison '<' is not supported: use '<=' (a constraint's boundary is feasible)")]
    [InlineData("x <= 1", 2, "'<=' belongs in a constraint, not in an expression")]
    [InlineData("x, y", 1, "',' outside the arguments of a function call")]
    [InlineData("1e", 2, "malformed number '1e': the exponent has no digits")]
    [InlineData("1e+", 3, "malformed number '1e+': the exponent has no digits")]
    [InlineData("1.2.3", 3, "malformed number '1.2.': a second decimal point")]
    [InlineData("1e999", 0, "number '1e999' is out of range (larger than 1.7976931348623157E+308)")]
    [InlineData("* x", 0, "expected a number, a name or '(', found '*'")]
    [InlineData("x * / y", 4, "expected a number, a name or '(', found '/' after '*'")]
    [InlineData("x !=1", 2, "'!=' is not supported: a constraint is '<=', '>=' or '='")]
    [InlineData("x \u00e9", 2, "unexpected character U+00E9")]
    public void Error_has_message_position_and_caret(string text, int position, string reason)
    {
        var e = Assert.Throws<ParseException>(() => Expression.Parse(text));
        Assert.Equal(reason, e.Reason);
        Assert.Equal(position, e.Position);
        Assert.StartsWith(reason, e.Message, StringComparison.Ordinal);
        var where = position >= text.Length ? $"at the end (column {text.Length + 1})" : $"at column {position + 1}";
        Assert.True(text.Length == 0 || e.Message.Contains(where, StringComparison.Ordinal), e.Message);
        var lines = e.Rendering.Split(Environment.NewLine);
        Assert.Equal(2, lines.Length);
        Assert.Equal("  " + text, lines[0]);
        Assert.Equal(position + 2, lines[1].IndexOf('^', StringComparison.Ordinal));
    }

    [Fact]
    public void Caret_spans_the_culprit()
    {
        var e = Assert.Throws<ParseException>(() => Expression.Parse("1 + exq(x)"));
        Assert.Equal("  1 + exq(x)" + Environment.NewLine + "      ^^^", e.Rendering);
    }

    [Fact]
    public void Long_text_is_cut_around_the_position()
    {
        var text = string.Concat(Enumerable.Repeat("x + ", 100)) + "$ + " + string.Concat(Enumerable.Repeat("y + ", 100)) + "1";
        var e = Assert.Throws<ParseException>(() => Expression.Parse(text));
        var lines = e.Rendering.Split(Environment.NewLine);
        Assert.StartsWith("  ...", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("...", lines[0], StringComparison.Ordinal);
        Assert.True(lines[0].Length <= ParseException.RenderWidth + 8);
        Assert.Equal('$', lines[0][lines[1].IndexOf('^', StringComparison.Ordinal)]);
    }

    [Fact]
    public void Control_characters_render_as_spaces_so_the_caret_lines_up()
    {
        var e = Assert.Throws<ParseException>(() => Expression.Parse("x\t+\t$"));
        Assert.Equal("  x + $", e.Rendering.Split(Environment.NewLine)[0]);
        Assert.Equal(6, e.Rendering.Split(Environment.NewLine)[1].IndexOf('^', StringComparison.Ordinal));
    }

    [Fact]
    public void Too_long_text_is_rejected_before_it_is_read()
    {
        var limits = new ExpressionLimits { MaxLength = 50 };
        var e = Assert.Throws<ParseException>(() => Expression.Parse(new string('1', 51), limits));
        Assert.Equal("the text is 51 characters long; the limit is 50", e.Reason);
    }

    [Theory]
    [InlineData("(", ")")]
    [InlineData("-", "")]
    [InlineData("exp(", ")")]
    [InlineData("2^", "")]
    public void Deep_nesting_is_a_parse_error_not_a_stack_overflow(string open, string close)
    {
        int n = 100_000;
        var text = string.Concat(Enumerable.Repeat(open, n)) + "x" + string.Concat(Enumerable.Repeat(close, n));
        var e = Assert.Throws<ParseException>(() => Expression.Parse(text, new ExpressionLimits { MaxLength = 1_000_000 }));
        Assert.StartsWith("nesting deeper than 200 levels", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_up_to_the_limit_parses()
    {
        var text = new string('(', 199) + "x" + new string(')', 199);
        Assert.Equal(["x"], Expression.Parse(text).Names);
    }

    [Fact]
    public void Long_flat_sums_do_not_nest_and_evaluate_without_recursion()
    {
        int n = 20_000;
        var text = string.Join(" + ", Enumerable.Repeat("x", n));
        var e = Expression.Parse(text);
        var value = e.Evaluate(new Dictionary<string, Adjoint.Tensors.Tensor> { ["x"] = Adjoint.Tensors.Tensor.Scalar(0.5) });
        Assert.Equal(n * 0.5, value.Item());
    }

    [Theory]
    [InlineData("x + yy", "yy", "unknown name 'yy'; did you mean 'y'?", 4)]
    [InlineData("alpha * t", "alpha", "unknown name 'alpha'; did you mean 'alpah'?", 0)]
    [InlineData("x + zzz", "zzz", "unknown name 'zzz'", 4)]
    public void Unknown_names_point_at_the_name_and_suggest_a_close_one(string text, string name, string reason, int position)
    {
        var e = Expression.Parse(text);
        var error = Assert.Throws<ParseException>(() => e.Compile(["x", "y", "alpah", "t"]));
        Assert.Equal(reason, error.Reason);
        Assert.Equal(position, error.Position);
        Assert.Equal(name.Length, error.Length);
    }

    [Fact]
    public void Evaluate_without_a_value_for_a_name_is_a_parse_error_naming_it()
    {
        var e = Expression.Parse("a * t");
        var error = Assert.Throws<ParseException>(() => e.Evaluate(new Dictionary<string, Adjoint.Tensors.Tensor> { ["a"] = Adjoint.Tensors.Tensor.Scalar(1) }));
        Assert.StartsWith("unknown name 't'", error.Reason, StringComparison.Ordinal);
    }
}
