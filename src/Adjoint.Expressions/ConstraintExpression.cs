using System.Globalization;
using Adjoint.Expressions.Parsing;

namespace Adjoint.Expressions;

/// <summary>
/// A constraint written as a comparison, <c>x + y &lt;= 1</c>, <c>x*y &gt;= 2</c>, <c>x^2 + y^2 = 1</c> or
/// <c>0 &lt;= x - y &lt;= 1</c>, read as lower &lt;= body &lt;= upper (scipy's <c>NonlinearConstraint(fun, lb, ub)</c>).
/// </summary>
/// <remarks>
/// A number on one side becomes the bound and the other side the body (<c>1 &gt;= x + y</c> is body x + y, upper 1);
/// with expressions on both sides the body is left - right and the bound 0. In a chain both outer sides must be
/// numbers and both relations the same direction. <c>==</c> is accepted for <c>=</c>; strict <c>&lt;</c> and
/// <c>&gt;</c> are rejected (the boundary of a constraint is feasible).
/// </remarks>
public sealed class ConstraintExpression
{
    private ConstraintExpression(string text, Expression body, ConstraintRelation relation, double lower, double upper)
    {
        Text = text;
        Body = body;
        Relation = relation;
        Lower = lower;
        Upper = upper;
    }

    /// <summary>The text as written.</summary>
    public string Text { get; }

    /// <summary>The constrained expression; its positions refer to <see cref="Text"/>.</summary>
    public Expression Body { get; }

    /// <summary>The relation as written (after moving a number to the bound side).</summary>
    public ConstraintRelation Relation { get; }

    /// <summary>The lower bound on <see cref="Body"/>; negative infinity when there is none.</summary>
    public double Lower { get; }

    /// <summary>The upper bound on <see cref="Body"/>; positive infinity when there is none.</summary>
    public double Upper { get; }

    /// <summary>Whether the constraint is an equality (lower = upper).</summary>
    public bool IsEquality => Relation == ConstraintRelation.Equal;

    /// <summary>Parses a constraint.</summary>
    /// <param name="text">The constraint, e.g. <c>x + y &lt;= 1</c>.</param>
    /// <param name="limits">Length and nesting limits; null for the defaults.</param>
    /// <returns>The constraint.</returns>
    /// <exception cref="ParseException">Not a constraint: no relation, more than two, a malformed side, or a chain with non-numeric outer sides.</exception>
    public static ConstraintExpression Parse(string text, ExpressionLimits? limits = null)
    {
        var parser = new Parser(text, limits);
        var sides = new List<List<Instruction>>();
        var relations = new List<Token>();
        while (true)
        {
            sides.Add(parser.ParseExpression(allowRelations: true));
            var t = parser.Peek;
            if (t.Kind == TokenKind.End)
            {
                break;
            }

            if (relations.Count == 2)
            {
                throw new ParseException(text, t.Position, "a constraint has at most two relations ('lo <= body <= hi')", t.Text.Length);
            }

            relations.Add(parser.Next());
            if (parser.Peek.Kind == TokenKind.End)
            {
                throw new ParseException(text, parser.Peek.Position, $"the constraint ends after '{relations[^1].Text}': its right side is missing");
            }
        }

        if (relations.Count == 0)
        {
            throw new ParseException(text, text.Length, "a constraint needs '<=', '>=' or '=' (as in 'x + y <= 1')");
        }

        string[] names = [.. parser.Names];
        int[] positions = [.. parser.NamePositions];
        Expression Make(List<Instruction> program) => new(text, [.. program], names, positions);

        if (relations.Count == 2)
        {
            var (r1, r2) = (relations[0], relations[1]);
            if (r1.Kind != r2.Kind || r1.Kind == TokenKind.Equal)
            {
                throw new ParseException(text, r2.Position, $"a chained constraint needs the same direction twice ('lo <= body <= hi' or 'hi >= body >= lo'), not '{r1.Text}' then '{r2.Text}'", r2.Text.Length);
            }

            double a = ConstantSide(text, sides[0], "left");
            double c = ConstantSide(text, sides[2], "right");
            var (lower, upper) = r1.Kind == TokenKind.LessEqual ? (a, c) : (c, a);
            if (lower > upper)
            {
                throw new ParseException(text, r1.Position, string.Create(CultureInfo.InvariantCulture,
                    $"the constraint's lower bound {lower:R} is above its upper bound {upper:R}: no point satisfies it"), r1.Text.Length);
            }

            return new ConstraintExpression(text, Make(sides[1]), ConstraintRelation.Range, lower, upper);
        }

        var relation = relations[0];
        var (left, right) = (sides[0], sides[1]);
        var kind = relation.Kind;
        bool leftConstant = IsConstant(left);
        bool rightConstant = IsConstant(right);
        if (leftConstant && rightConstant)
        {
            throw new ParseException(text, relation.Position, "both sides of the constraint are constants: it constrains no variable", relation.Text.Length);
        }

        List<Instruction> body;
        double bound;
        if (rightConstant)
        {
            body = left;
            bound = right[0].Value;
        }
        else if (leftConstant)
        {
            body = right;
            bound = left[0].Value;
            kind = kind switch
            {
                TokenKind.LessEqual => TokenKind.GreaterEqual,
                TokenKind.GreaterEqual => TokenKind.LessEqual,
                _ => kind,
            };
        }
        else
        {
            body = [.. left, .. right, new Instruction(OpCode.Subtract, relation.Position)];
            bound = 0;
        }

        return kind switch
        {
            TokenKind.LessEqual => new ConstraintExpression(text, Make(body), ConstraintRelation.LessOrEqual, double.NegativeInfinity, bound),
            TokenKind.GreaterEqual => new ConstraintExpression(text, Make(body), ConstraintRelation.GreaterOrEqual, bound, double.PositiveInfinity),
            _ => new ConstraintExpression(text, Make(body), ConstraintRelation.Equal, bound, bound),
        };
    }

    /// <summary>The constraint as text.</summary>
    public override string ToString() => Text;

    private static bool IsConstant(List<Instruction> side) => side.Count == 1 && side[0].Op == OpCode.Constant;

    private static double ConstantSide(string text, List<Instruction> side, string which)
    {
        if (!IsConstant(side))
        {
            int position = side.Min(i => i.Position);
            throw new ParseException(text, position, $"in a chained constraint 'lo <= body <= hi' the {which} side must be a number");
        }

        return side[0].Value;
    }
}
