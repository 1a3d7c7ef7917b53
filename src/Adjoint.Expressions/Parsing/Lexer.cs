using System.Globalization;

namespace Adjoint.Expressions.Parsing;

/// <summary>Splits an expression into tokens; every error is a <see cref="ParseException"/> at the offending character.</summary>
internal static class Lexer
{
    /// <summary>The tokens of <paramref name="text"/>, ending with one <see cref="TokenKind.End"/>.</summary>
    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                tokens.Add(ReadNumber(text, ref i));
                continue;
            }

            if (char.IsAsciiLetter(c) || c == '_')
            {
                int start = i;
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Name, start, text[start..i], 0));
                continue;
            }

            tokens.Add(ReadSymbol(text, ref i));
        }

        tokens.Add(new Token(TokenKind.End, text.Length, "", 0));
        return tokens;
    }

    private static Token ReadNumber(string text, ref int i)
    {
        int start = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        if (i < text.Length && text[i] == '.')
        {
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
        }

        if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
        {
            int mark = i;
            int j = i + 1;
            if (j < text.Length && (text[j] == '+' || text[j] == '-'))
            {
                j++;
            }

            if (j < text.Length && char.IsAsciiDigit(text[j]))
            {
                while (j < text.Length && char.IsAsciiDigit(text[j]))
                {
                    j++;
                }

                i = j;
            }
            else if (j < text.Length && (char.IsAsciiLetter(text[j]) || text[j] == '_') && j == mark + 1)
            {
                // "2e" followed by letters, as in "2exp(x)": a number then a name; reported by the parser as a missing operator.
            }
            else
            {
                throw new ParseException(text, j < text.Length ? j : text.Length,
                    $"malformed number '{text[start..j]}': the exponent has no digits");
            }
        }

        if (i < text.Length && text[i] == '.')
        {
            throw new ParseException(text, i, $"malformed number '{text[start..(i + 1)]}': a second decimal point");
        }

        var literal = text[start..i];
        var value = double.Parse(literal, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (double.IsInfinity(value))
        {
            throw new ParseException(text, start, $"number '{literal}' is out of range (larger than {double.MaxValue.ToString("R", CultureInfo.InvariantCulture)})", literal.Length);
        }

        return new Token(TokenKind.Number, start, literal, value);
    }

    private static Token ReadSymbol(string text, ref int i)
    {
        int start = i;
        char c = text[i];
        char next = i + 1 < text.Length ? text[i + 1] : '\0';
        (TokenKind kind, int length) = c switch
        {
            '+' => (TokenKind.Plus, 1),
            '-' => (TokenKind.Minus, 1),
            '*' when next == '*' => (TokenKind.Caret, 2),
            '*' => (TokenKind.Star, 1),
            '/' => (TokenKind.Slash, 1),
            '^' => (TokenKind.Caret, 1),
            '(' => (TokenKind.LeftParen, 1),
            ')' => (TokenKind.RightParen, 1),
            ',' => (TokenKind.Comma, 1),
            '<' when next == '=' => (TokenKind.LessEqual, 2),
            '>' when next == '=' => (TokenKind.GreaterEqual, 2),
            '=' when next == '=' => (TokenKind.Equal, 2),
            '=' => (TokenKind.Equal, 1),
            '<' or '>' => throw new ParseException(text, start,
                $"strict comparison '{c}' is not supported: use '{c}=' (a constraint's boundary is feasible)"),
            '!' when next == '=' => throw new ParseException(text, start, "'!=' is not supported: a constraint is '<=', '>=' or '='", 2),
            '[' or '{' => throw new ParseException(text, start, $"unexpected character '{c}': group with parentheses '(' and ')'"),
            ']' or '}' => throw new ParseException(text, start, $"unexpected character '{c}': group with parentheses '(' and ')'"),
            _ => throw new ParseException(text, start, $"unexpected character {DescribeChar(c)}"),
        };
        i += length;
        return new Token(kind, start, text.Substring(start, length), 0);
    }

    private static string DescribeChar(char c) => char.IsControl(c) || char.IsSurrogate(c) || c > '\u007e'
        ? string.Create(CultureInfo.InvariantCulture, $"U+{(int)c:X4}")
        : $"'{c}'";
}
