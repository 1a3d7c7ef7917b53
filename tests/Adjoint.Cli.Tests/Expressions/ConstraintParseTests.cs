using Adjoint.Expressions;
using Adjoint.Tensors;

namespace Adjoint.Cli.Tests.Expressions;

/// <summary>Constraint syntax: relations, sides, chains and their errors.</summary>
public class ConstraintParseTests
{
    [Theory]
    [InlineData("x + y <= 1", ConstraintRelation.LessOrEqual, double.NegativeInfinity, 1, "(x + y)")]
    [InlineData("x*y >= 2", ConstraintRelation.GreaterOrEqual, 2, double.PositiveInfinity, "(x * y)")]
    [InlineData("x^2 + y^2 = 1", ConstraintRelation.Equal, 1, 1, "((x ^ 2) + (y ^ 2))")]
    [InlineData("x^2 + y^2 == 1", ConstraintRelation.Equal, 1, 1, "((x ^ 2) + (y ^ 2))")]
    [InlineData("1 >= x + y", ConstraintRelation.LessOrEqual, double.NegativeInfinity, 1, "(x + y)")]
    [InlineData("2 <= x", ConstraintRelation.GreaterOrEqual, 2, double.PositiveInfinity, "x")]
    [InlineData("x <= y", ConstraintRelation.LessOrEqual, double.NegativeInfinity, 0, "(x - y)")]
    [InlineData("0 <= x - y <= 2*pi", ConstraintRelation.Range, 0, 2 * Math.PI, "(x - y)")]
    [InlineData("1 >= x >= -1", ConstraintRelation.Range, -1, 1, "x")]
    public void Reads_body_and_bounds(string text, ConstraintRelation relation, double lower, double upper, string body)
    {
        var c = ConstraintExpression.Parse(text);
        Assert.Equal(relation, c.Relation);
        Assert.Equal(lower, c.Lower);
        Assert.Equal(upper, c.Upper);
        Assert.Equal(body, c.Body.ToCanonicalString());
        Assert.Equal(text, c.Text);
    }

    [Fact]
    public void Body_evaluates_over_the_constraint_names()
    {
        var c = ConstraintExpression.Parse("x*y <= z");
        var v = c.Body.Compile(["x", "y", "z"]).Evaluate(Tensor.Scalar(2), Tensor.Scalar(3), Tensor.Scalar(4)).Item();
        Assert.Equal(2.0, v);
    }

    [Theory]
    [InlineData("x + y", 5, "a constraint needs '<=', '>=' or '=' (as in 'x + y <= 1')")]
    [InlineData("x <=", 4, "the constraint ends after '<=': its right side is missing")]
    [InlineData("<= 1", 0, "an operand is missing before '<='")]
    [InlineData("1 <= 2", 2, "both sides of the constraint are constants: it constrains no variable")]
    [InlineData("0 <= x <= y", 10, "in a chained constraint 'lo <= body <= hi' the right side must be a number")]
    [InlineData("0 <= x >= 1", 7, "a chained constraint needs the same direction twice ('lo <= body <= hi' or 'hi >= body >= lo'), not '<=' then '>='")]
    [InlineData("0 = x = 1", 6, "a chained constraint needs the same direction twice ('lo <= body <= hi' or 'hi >= body >= lo'), not '=' then '='")]
    [InlineData("2 <= x <= 1", 2, "the constraint's lower bound 2 is above its upper bound 1: no point satisfies it")]
    [InlineData("0 <= x <= 1 <= 2", 12, "a constraint has at most two relations ('lo <= body <= hi')")]
    [InlineData("x < 1", 2, "strict comparison '<' is not supported: use '<=' (a constraint's boundary is feasible)")]
    [InlineData("(x <= 1)", 3, "expected ')' to close the '(' at column 1, found '<='")]
    public void Errors_name_the_problem_and_the_place(string text, int position, string reason)
    {
        var e = Assert.Throws<ParseException>(() => ConstraintExpression.Parse(text));
        Assert.Equal(reason, e.Reason);
        Assert.Equal(position, e.Position);
    }
}
