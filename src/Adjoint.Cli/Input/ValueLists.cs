using System.Globalization;
using Adjoint.Expressions;

namespace Adjoint.Cli.Input;

/// <summary>
/// Reads the value lists of options: <c>a=1,b=2.5e-3</c> (starting points) and <c>b=0:10,c=:5</c> (bounds). Errors are
/// <see cref="ParseException"/>s pointing into the option's text.
/// </summary>
public static class ValueLists
{
    /// <summary>Reads <c>name=value</c> entries separated by commas (or given as several occurrences of the option).</summary>
    /// <param name="texts">The option's values.</param>
    /// <returns>The entries in order.</returns>
    /// <exception cref="ParseException">An entry is not <c>name=number</c>, a name repeats, or a name is a function or constant.</exception>
    public static IReadOnlyList<NamedValue> ParseAssignments(IEnumerable<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var list = new List<NamedValue>();
        foreach (var text in texts)
        {
            foreach (var (name, value, start, valueStart) in Entries(text))
            {
                CheckName(text, name, start, list.Select(v => v.Name));
                list.Add(new NamedValue(name, Number(text, value, valueStart, allowInfinity: false)));
            }
        }

        return list;
    }

    /// <summary>Reads <c>name=lower:upper</c> entries separated by commas (or several occurrences); an empty side, <c>inf</c> or <c>-inf</c> is open.</summary>
    /// <param name="texts">The option's values.</param>
    /// <returns>The entries in order.</returns>
    /// <exception cref="ParseException">An entry is malformed, lower is above upper, or a name repeats.</exception>
    public static IReadOnlyList<NamedRange> ParseRanges(IEnumerable<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var list = new List<NamedRange>();
        foreach (var text in texts)
        {
            foreach (var (name, value, start, valueStart) in Entries(text))
            {
                CheckName(text, name, start, list.Select(v => v.Name));
                int colon = value.IndexOf(':', StringComparison.Ordinal);
                if (colon < 0)
                {
                    throw new ParseException(text, valueStart, $"bounds for '{name}' need the form lower:upper (either side may be empty), not '{value}'", Math.Max(1, value.Length));
                }

                var lo = Side(text, value[..colon], valueStart, -1);
                var hi = Side(text, value[(colon + 1)..], valueStart + colon + 1, +1);
                if (lo is { } l && hi is { } h && l > h)
                {
                    throw new ParseException(text, valueStart, string.Create(CultureInfo.InvariantCulture,
                        $"the lower bound of '{name}' ({l:R}) is above its upper bound ({h:R})"), value.Length);
                }

                list.Add(new NamedRange(name, lo, hi));
            }
        }

        return list;
    }

    private static double? Side(string text, string side, int position, int sign)
    {
        var trimmed = side.Trim();
        if (trimmed.Length == 0)
        {
            return null;
        }

        var v = Number(text, side, position, allowInfinity: true);
        return double.IsInfinity(v) && Math.Sign(v) == sign ? null : double.IsInfinity(v)
            ? throw new ParseException(text, position, sign < 0 ? "a lower bound of +inf leaves no feasible value" : "an upper bound of -inf leaves no feasible value", side.Length)
            : v;
    }

    private static IEnumerable<(string Name, string Value, int Start, int ValueStart)> Entries(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ParseException(text ?? "", 0, "the list is empty: give name=value entries separated by commas");
        }

        int start = 0;
        while (start <= text.Length)
        {
            int comma = text.IndexOf(',', start);
            int end = comma < 0 ? text.Length : comma;
            var entry = text[start..end];
            if (entry.Trim().Length == 0)
            {
                throw new ParseException(text, start, "an entry is empty (two commas, or a comma at an end)");
            }

            int eq = entry.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                throw new ParseException(text, start, $"'{entry.Trim()}' needs the form name=value", entry.Length);
            }

            var name = entry[..eq].Trim();
            int nameStart = start + entry.IndexOf(name, StringComparison.Ordinal);
            if (name.Length == 0)
            {
                throw new ParseException(text, start + eq, "a name is missing before '='");
            }

            if (!IsName(name))
            {
                throw new ParseException(text, nameStart, $"'{name}' is not a name (letters, digits and '_', not starting with a digit)", name.Length);
            }

            yield return (name, entry[(eq + 1)..], nameStart, start + eq + 1);
            if (comma < 0)
            {
                break;
            }

            start = comma + 1;
        }
    }

    private static void CheckName(string text, string name, int position, IEnumerable<string> seen)
    {
        if (seen.Contains(name, StringComparer.Ordinal))
        {
            throw new ParseException(text, position, $"'{name}' is given twice", name.Length);
        }

        if (ExpressionFunctions.IsReserved(name))
        {
            throw new ParseException(text, position, $"'{name}' is a function or constant of the expression language; choose another name", name.Length);
        }
    }

    private static double Number(string text, string value, int position, bool allowInfinity)
    {
        var trimmed = value.Trim();
        int offset = position + Math.Max(0, value.IndexOf(trimmed, StringComparison.Ordinal));
        if (trimmed.Length == 0)
        {
            throw new ParseException(text, position, "a value is missing after '='");
        }

        var lower = trimmed.ToUpperInvariant();
        if (allowInfinity && lower is "INF" or "+INF" or "INFINITY" or "+INFINITY")
        {
            return double.PositiveInfinity;
        }

        if (allowInfinity && lower is "-INF" or "-INFINITY")
        {
            return double.NegativeInfinity;
        }

        if (!double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
        {
            throw new ParseException(text, offset, $"'{trimmed}' is not a finite number", trimmed.Length);
        }

        return v;
    }

    private static bool IsName(string s) =>
        s.Length > 0 && (char.IsAsciiLetter(s[0]) || s[0] == '_') && s.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
