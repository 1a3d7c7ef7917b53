using System.Globalization;
using Adjoint.Autodiff;
using Adjoint.Tensors;

namespace Adjoint.Expressions.Parsing;

/// <summary>
/// A precedence-climbing parser that emits the postfix program directly (no tree), folding constant subexpressions.
/// Precedence, loosest first: <c>+ -</c>, <c>* /</c>, unary <c>-</c> and <c>+</c>, <c>^</c> (right-associative), so
/// <c>-x^2 = -(x^2)</c>, <c>2^3^2 = 2^9</c> and <c>x^-1 = x^(-1)</c>. Recursion happens only for nesting (parentheses,
/// call arguments, unary signs, right operands of <c>^</c>) and is bounded by <see cref="ExpressionLimits.MaxDepth"/>.
/// </summary>
internal sealed class Parser
{
    private const int AdditivePrecedence = 1;
    private const int MultiplicativePrecedence = 2;
    private const int UnaryPrecedence = 3;
    private const int PowerPrecedence = 4;

    private readonly string _text;
    private readonly List<Token> _tokens;
    private readonly ExpressionLimits _limits;
    private readonly List<string> _names = [];
    private readonly List<int> _namePositions = [];
    private int _next;
    private int _depth;

    public Parser(string text, ExpressionLimits? limits)
    {
        ArgumentNullException.ThrowIfNull(text);
        _limits = limits ?? ExpressionLimits.Default;
        _limits.Validate();
        if (text.Length > _limits.MaxLength)
        {
            throw new ParseException(text, _limits.MaxLength, string.Create(CultureInfo.InvariantCulture,
                $"the text is {text.Length} characters long; the limit is {_limits.MaxLength}"));
        }

        _text = text;
        _tokens = Lexer.Tokenize(text);
    }

    /// <summary>The variable names met so far, in order of first appearance.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>Where each of <see cref="Names"/> first appears.</summary>
    public IReadOnlyList<int> NamePositions => _namePositions;

    /// <summary>The next token, not consumed.</summary>
    public Token Peek => _tokens[_next];

    /// <summary>Consumes and returns the next token.</summary>
    public Token Next() => _tokens[_next++];

    /// <summary>Parses one whole expression; stops before a relation (when allowed) or the end, anything else is an error.</summary>
    public List<Instruction> ParseExpression(bool allowRelations)
    {
        if (Peek.Kind == TokenKind.End && _next == 0)
        {
            throw new ParseException(_text, 0, "the expression is empty");
        }

        var program = new List<Instruction>();
        ParseBinary(program, 0);
        var t = Peek;
        switch (t.Kind)
        {
            case TokenKind.End:
                break;
            case TokenKind.LessEqual or TokenKind.GreaterEqual or TokenKind.Equal when allowRelations:
                break;
            case TokenKind.LessEqual or TokenKind.GreaterEqual or TokenKind.Equal:
                throw new ParseException(_text, t.Position, $"'{t.Text}' belongs in a constraint, not in an expression", t.Text.Length);
            case TokenKind.RightParen:
                throw new ParseException(_text, t.Position, "unmatched ')': no '(' is open here");
            case TokenKind.Comma:
                throw new ParseException(_text, t.Position, "',' outside the arguments of a function call");
            default:
                throw new ParseException(_text, t.Position, $"unexpected {t.Describe()}", t.Text.Length);
        }

        return program;
    }

    private void Enter()
    {
        if (++_depth > _limits.MaxDepth)
        {
            throw new ParseException(_text, Peek.Position, string.Create(CultureInfo.InvariantCulture,
                $"nesting deeper than {_limits.MaxDepth} levels (parentheses, calls, signs and powers each add one)"));
        }
    }

    private void ParseBinary(List<Instruction> program, int minPrecedence)
    {
        Enter();
        ParseOperand(program);
        while (true)
        {
            var t = Peek;
            (int precedence, OpCode op, bool right) = t.Kind switch
            {
                TokenKind.Plus => (AdditivePrecedence, OpCode.Add, false),
                TokenKind.Minus => (AdditivePrecedence, OpCode.Subtract, false),
                TokenKind.Star => (MultiplicativePrecedence, OpCode.Multiply, false),
                TokenKind.Slash => (MultiplicativePrecedence, OpCode.Divide, false),
                TokenKind.Caret => (PowerPrecedence, OpCode.Power, true),
                TokenKind.Number or TokenKind.Name or TokenKind.LeftParen => throw MissingOperator(t),
                _ => (-1, OpCode.Constant, false),
            };
            if (precedence < minPrecedence)
            {
                break;
            }

            Next();
            ParseBinary(program, right ? precedence : precedence + 1);
            Emit(program, new Instruction(op, t.Position));
        }

        _depth--;
    }

    private ParseException MissingOperator(Token t)
    {
        var previous = _tokens[_next - 1];
        var hint = t.Kind == TokenKind.LeftParen && previous.Kind == TokenKind.Name
            ? $" ('{previous.Text}' is not a function; write '*' for a product)"
            : " (write '*' for a product)";
        return new ParseException(_text, t.Position, $"missing operator between {previous.Describe()} and {t.Describe()}{hint}", t.Text.Length);
    }

    private void ParseOperand(List<Instruction> program)
    {
        var t = Next();
        switch (t.Kind)
        {
            case TokenKind.Number:
                program.Add(new Instruction(OpCode.Constant, t.Position, t.Value));
                return;
            case TokenKind.Name:
                ParseName(program, t);
                return;
            case TokenKind.LeftParen:
                if (Peek.Kind == TokenKind.RightParen)
                {
                    throw new ParseException(_text, Peek.Position, "empty parentheses '()': an expression is missing inside");
                }

                ParseBinary(program, 0);
                Expect(TokenKind.RightParen, t, "')' to close the '('");
                return;
            case TokenKind.Minus:
                ParseBinary(program, UnaryPrecedence);
                Emit(program, new Instruction(OpCode.Negate, t.Position));
                return;
            case TokenKind.Plus:
                ParseBinary(program, UnaryPrecedence);
                return;
            default:
                throw MissingOperand(t);
        }
    }

    private ParseException MissingOperand(Token t)
    {
        var previous = _next >= 2 ? _tokens[_next - 2] : (Token?)null;
        string after = previous is { } p ? $" after {p.Describe()}" : "";
        return t.Kind switch
        {
            TokenKind.End when previous is null => new ParseException(_text, t.Position, "the expression is empty"),
            TokenKind.End => new ParseException(_text, t.Position, $"the expression ends{after}: an operand is missing"),
            TokenKind.RightParen when previous is { Kind: TokenKind.Comma } => new ParseException(_text, t.Position, "an argument is missing after ','"),
            TokenKind.Comma => new ParseException(_text, t.Position, $"an argument is missing before ','"),
            TokenKind.LessEqual or TokenKind.GreaterEqual or TokenKind.Equal => new ParseException(_text, t.Position, $"an operand is missing before '{t.Text}'", t.Text.Length),
            _ => new ParseException(_text, t.Position, $"expected a number, a name or '(', found {t.Describe()}{after}", t.Text.Length),
        };
    }

    private void Expect(TokenKind kind, Token opener, string what)
    {
        var t = Peek;
        if (t.Kind == kind)
        {
            Next();
            return;
        }

        var opened = string.Create(CultureInfo.InvariantCulture, $"column {opener.Position + 1}");
        throw t.Kind == TokenKind.End
            ? new ParseException(_text, t.Position, $"missing {what} at {opened}")
            : new ParseException(_text, t.Position, $"expected {what} at {opened}, found {t.Describe()}", t.Text.Length);
    }

    private void ParseName(List<Instruction> program, Token name)
    {
        if (Peek.Kind == TokenKind.LeftParen)
        {
            ParseCall(program, name);
            return;
        }

        if (ExpressionFunctions.Constants.TryGetValue(name.Text, out var constant))
        {
            program.Add(new Instruction(OpCode.Constant, name.Position, constant));
            return;
        }

        if (ExpressionFunctions.Find(name.Text) is { } f)
        {
            throw new ParseException(_text, name.Position, $"'{f.Name}' is a function: call it as {f.Name}(...)", name.Text.Length);
        }

        int slot = _names.IndexOf(name.Text);
        if (slot < 0)
        {
            slot = _names.Count;
            _names.Add(name.Text);
            _namePositions.Add(name.Position);
        }

        program.Add(new Instruction(OpCode.Load, name.Position, Index: slot));
    }

    private void ParseCall(List<Instruction> program, Token name)
    {
        int function = ExpressionFunctions.IndexOf(name.Text);
        if (function < 0)
        {
            var known = ExpressionFunctions.All.Select(f => f.Name);
            var suggestion = NameSuggestions.Closest(name.Text, known);
            var reason = ExpressionFunctions.Constants.ContainsKey(name.Text)
                ? $"'{name.Text}' is a constant, not a function (write '*' for a product)"
                : $"unknown function '{name.Text}'" + (suggestion is null ? "" : $"; did you mean '{suggestion}'?");
            throw new ParseException(_text, name.Position, reason, name.Text.Length);
        }

        var open = Next();
        Enter();
        int count = 0;
        if (Peek.Kind != TokenKind.RightParen)
        {
            while (true)
            {
                ParseBinary(program, 0);
                count++;
                var t = Peek;
                if (t.Kind == TokenKind.Comma)
                {
                    Next();
                    continue;
                }

                if (t.Kind == TokenKind.RightParen)
                {
                    break;
                }

                Expect(TokenKind.RightParen, open, $"',' or ')' in the arguments of '{name.Text}' opened");
            }
        }

        Next();
        _depth--;
        var info = ExpressionFunctions.InfoAt(function);
        if (count < info.MinArguments || count > info.MaxArguments)
        {
            throw new ParseException(_text, name.Position, string.Create(CultureInfo.InvariantCulture,
                $"'{info.Name}' takes {info.DescribeArity()}, not {count}"), name.Text.Length);
        }

        Emit(program, new Instruction(OpCode.Call, name.Position, Index: function, Arguments: count));
    }

    /// <summary>Appends an instruction, folding it with constant operands into one constant.</summary>
    private static void Emit(List<Instruction> program, Instruction instruction)
    {
        int arity = instruction.Op switch
        {
            OpCode.Negate => 1,
            OpCode.Call => instruction.Arguments,
            _ => 2,
        };
        int n = program.Count;
        for (int k = 1; k <= arity; k++)
        {
            if (program[n - k].Op != OpCode.Constant)
            {
                program.Add(instruction);
                return;
            }
        }

        var args = new double[arity];
        for (int k = 0; k < arity; k++)
        {
            args[k] = program[n - arity + k].Value;
        }

        program.RemoveRange(n - arity, arity);
        program.Add(new Instruction(OpCode.Constant, instruction.Position, Fold(instruction, args)));
    }

    private static double Fold(Instruction instruction, double[] a) => instruction.Op switch
    {
        OpCode.Negate => -a[0],
        OpCode.Add => a[0] + a[1],
        OpCode.Subtract => a[0] - a[1],
        OpCode.Multiply => a[0] * a[1],
        OpCode.Divide => a[0] / a[1],
        OpCode.Power => FoldPower(a[0], a[1]),
        _ => FoldCall(instruction.Index, a),
    };

    private static double FoldPower(double x, double y)
    {
        using var _ = Grad.NoGrad();
        using var t = Tensor.Pow(Tensor.Scalar(x), y);
        return t.Item();
    }

    private static double FoldCall(int function, double[] a)
    {
        using var _ = Grad.NoGrad();
        var args = a.Select(v => Tensor.Scalar(v)).ToArray();
        using var result = ExpressionFunctions.Apply(function, args);
        return result.Item();
    }
}
