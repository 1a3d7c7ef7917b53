using System.Globalization;
using Adjoint.Expressions.Parsing;
using Adjoint.Tensors;

namespace Adjoint.Expressions;

/// <summary>
/// A parsed arithmetic expression over named values, evaluated with differentiable tensor operations so that its
/// gradients and Hessians (through <c>Grad</c>) are exact.
/// </summary>
/// <remarks>
/// <para>Syntax: numbers (<c>2</c>, <c>1e-3</c>, <c>.5</c>), names (letters, digits and <c>_</c>, not starting with a
/// digit), <c>+ - * / ^</c> (<c>**</c> is accepted for <c>^</c>), parentheses, function calls
/// (<see cref="ExpressionFunctions.All"/>) and the constants <c>pi</c> and <c>e</c>. Precedence as in mathematics:
/// <c>^</c> binds tightest and is right-associative (<c>2^3^2 = 2^9</c>), then unary signs (<c>-x^2 = -(x^2)</c>), then
/// <c>* /</c>, then <c>+ -</c>, the binary ones left-associative. Constant subexpressions are folded when parsed.</para>
/// <para>Values follow the tensors' broadcasting: scalars for parameters and vectors for data columns combine
/// elementwise. Evaluation runs a postfix program on an explicit stack (no recursion), so long expressions cannot
/// overflow the stack; parsing recurses only for nesting, which <see cref="ExpressionLimits"/> bounds.</para>
/// </remarks>
/// <example><code>
/// var e = Expression.Parse("a*exp(-b*t) + c");
/// var f = e.Compile(["a", "b", "c", "t"]);
/// var (value, grad) = Grad.ValueAndGrad(p => f.Evaluate([p[0], p[1], p[2], t]).Sum(), Tensor.FromArray([1.0, 0.5, 0]));
/// </code></example>
public sealed class Expression
{
    private readonly Instruction[] _program;
    private readonly string[] _names;
    private readonly int[] _positions;

    internal Expression(string text, Instruction[] program, string[] names, int[] positions)
    {
        Text = text;
        _program = program;
        _names = names;
        _positions = positions;
    }

    /// <summary>The text the expression was parsed from (for a constraint's side, the whole constraint).</summary>
    public string Text { get; }

    /// <summary>The names of the values the expression reads, in order of first appearance (constants and functions excluded).</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>Whether the expression reads no names (its value is <see cref="ConstantValue"/>).</summary>
    public bool IsConstant => _program.Length == 1 && _program[0].Op == OpCode.Constant;

    /// <summary>The value of a constant expression, or null when it reads names.</summary>
    public double? ConstantValue => IsConstant ? _program[0].Value : null;

    internal ReadOnlySpan<Instruction> Program => _program;

    /// <summary>Parses an expression.</summary>
    /// <param name="text">The expression.</param>
    /// <param name="limits">Length and nesting limits; null for <see cref="ExpressionLimits.Default"/>.</param>
    /// <returns>The parsed expression.</returns>
    /// <exception cref="ParseException">The text is not an expression: the message says what is wrong and where.</exception>
    public static Expression Parse(string text, ExpressionLimits? limits = null)
    {
        var parser = new Parser(text, limits);
        var program = parser.ParseExpression(allowRelations: false);
        return new Expression(text, [.. program], [.. parser.Names], [.. parser.NamePositions]);
    }

    /// <summary>The 0-based position in <see cref="Text"/> where <paramref name="name"/> first appears, or -1.</summary>
    /// <param name="name">A name.</param>
    /// <returns>The position.</returns>
    public int PositionOf(string name)
    {
        int i = Array.IndexOf(_names, name);
        return i < 0 ? -1 : _positions[i];
    }

    /// <summary>
    /// Binds the names to slots: the compiled form evaluates with one tensor per slot, in the order given.
    /// </summary>
    /// <param name="slots">The names of the values that will be supplied; they may include names the expression does not read.</param>
    /// <returns>The compiled expression.</returns>
    /// <exception cref="ParseException">The expression reads a name not among <paramref name="slots"/>: it points at the name and suggests the closest slot.</exception>
    public CompiledExpression Compile(IReadOnlyList<string> slots)
    {
        ArgumentNullException.ThrowIfNull(slots);
        var map = new int[_names.Length];
        for (int i = 0; i < _names.Length; i++)
        {
            map[i] = IndexOf(slots, _names[i]);
            if (map[i] < 0)
            {
                throw UnknownName(_names[i], slots, "");
            }
        }

        var program = new Instruction[_program.Length];
        for (int i = 0; i < program.Length; i++)
        {
            var ins = _program[i];
            program[i] = ins.Op == OpCode.Load ? ins with { Index = map[ins.Index] } : ins;
        }

        return new CompiledExpression(this, program, [.. slots]);
    }

    /// <summary>The error for a name that has no value: it points at the name's first appearance and suggests the closest known name.</summary>
    /// <param name="name">The unknown name (one of <see cref="Names"/>).</param>
    /// <param name="known">The names that would be accepted.</param>
    /// <param name="what">Words for what the known names are, for the message (e.g. " (parameters: a, b; columns: t, y)"); may be empty.</param>
    /// <returns>The exception to throw.</returns>
    public ParseException UnknownName(string name, IEnumerable<string> known, string what)
    {
        ArgumentNullException.ThrowIfNull(known);
        var suggestion = NameSuggestions.Closest(name, known.Concat(ExpressionFunctions.Constants.Keys));
        int position = Math.Max(0, PositionOf(name));
        return new ParseException(Text, position,
            $"unknown name '{name}'{what}" + (suggestion is null ? "" : $"; did you mean '{suggestion}'?"), name.Length);
    }

    /// <summary>Evaluates with the values given by name.</summary>
    /// <param name="values">A value for every name in <see cref="Names"/> (more are allowed): scalars or tensors that broadcast together.</param>
    /// <returns>The value, a tensor of the broadcast shape (a float64 scalar for a constant expression).</returns>
    /// <exception cref="ParseException">A name has no value.</exception>
    public Tensor Evaluate(IReadOnlyDictionary<string, Tensor> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return Compile(values.Keys.ToArray()).Evaluate(values.Values.ToArray());
    }

    /// <summary>The expression fully parenthesized after constant folding, e.g. <c>(-(x ^ 2))</c> for <c>-x^2</c>: shows precedence and associativity.</summary>
    /// <returns>The canonical text.</returns>
    public string ToCanonicalString()
    {
        var stack = new Stack<string>();
        foreach (var ins in _program)
        {
            switch (ins.Op)
            {
                case OpCode.Constant:
                    stack.Push(ins.Value < 0 ? $"({ins.Value.ToString("R", CultureInfo.InvariantCulture)})" : ins.Value.ToString("R", CultureInfo.InvariantCulture));
                    break;
                case OpCode.Load:
                    stack.Push(_names[ins.Index]);
                    break;
                case OpCode.Negate:
                    stack.Push($"(-{stack.Pop()})");
                    break;
                case OpCode.Call:
                    var args = new string[ins.Arguments];
                    for (int k = ins.Arguments - 1; k >= 0; k--)
                    {
                        args[k] = stack.Pop();
                    }

                    stack.Push($"{ExpressionFunctions.InfoAt(ins.Index).Name}({string.Join(", ", args)})");
                    break;
                default:
                    var right = stack.Pop();
                    var left = stack.Pop();
                    var symbol = ins.Op switch
                    {
                        OpCode.Add => "+",
                        OpCode.Subtract => "-",
                        OpCode.Multiply => "*",
                        OpCode.Divide => "/",
                        _ => "^",
                    };
                    stack.Push($"({left} {symbol} {right})");
                    break;
            }
        }

        return stack.Pop();
    }

    /// <summary>The text the expression was parsed from.</summary>
    public override string ToString() => Text;

    private static int IndexOf(IReadOnlyList<string> list, string name)
    {
        for (int i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
