using Adjoint.Expressions;
using Adjoint.Expressions.Data;

namespace Adjoint.Cli.Input;

/// <summary>Reading the common inputs of the commands, turning parse errors into <see cref="UsageException"/>s that name the option.</summary>
public static class Inputs
{
    /// <summary>Parses an expression given as an argument or option.</summary>
    /// <param name="what">The argument or option name, for the message.</param>
    /// <param name="text">The expression.</param>
    /// <returns>The expression.</returns>
    /// <exception cref="UsageException">It does not parse.</exception>
    public static Expression Expression(string what, string? text)
    {
        if (text is null)
        {
            throw new UsageException($"{what}: missing");
        }

        try
        {
            return Expressions.Expression.Parse(text);
        }
        catch (ParseException e)
        {
            throw UsageException.From(what, e);
        }
    }

    /// <summary>Parses <c>name=value</c> lists.</summary>
    /// <param name="what">The option name.</param>
    /// <param name="texts">The option's values.</param>
    /// <returns>The entries.</returns>
    /// <exception cref="UsageException">A list does not parse.</exception>
    public static IReadOnlyList<NamedValue> Assignments(string what, IEnumerable<string>? texts)
    {
        try
        {
            return ValueLists.ParseAssignments(texts ?? []);
        }
        catch (ParseException e)
        {
            throw UsageException.From(what, e);
        }
    }

    /// <summary>Parses <c>name=lower:upper</c> lists.</summary>
    /// <param name="what">The option name.</param>
    /// <param name="texts">The option's values.</param>
    /// <param name="known">The names that may be bounded.</param>
    /// <returns>The entries.</returns>
    /// <exception cref="UsageException">A list does not parse or bounds an unknown name.</exception>
    public static IReadOnlyList<NamedRange> Ranges(string what, IEnumerable<string>? texts, IReadOnlyCollection<string> known)
    {
        try
        {
            var list = ValueLists.ParseRanges(texts ?? []);
            foreach (var r in list)
            {
                if (!known.Contains(r.Name))
                {
                    var suggestion = NameSuggestions.Closest(r.Name, known);
                    throw new UsageException($"{what}: '{r.Name}' is not a variable (known: {string.Join(", ", known)})"
                        + (suggestion is null ? "" : $"; did you mean '{suggestion}'?"));
                }
            }

            return list;
        }
        catch (ParseException e)
        {
            throw UsageException.From(what, e);
        }
    }

    /// <summary>Reads the delimiter option's value.</summary>
    /// <param name="text">auto, comma, semicolon, tab or whitespace.</param>
    /// <returns>The delimiter.</returns>
    /// <exception cref="UsageException">Another value.</exception>
    public static CsvDelimiter Delimiter(string? text) => (text ?? "auto").ToUpperInvariant() switch
    {
        "AUTO" => CsvDelimiter.Auto,
        "COMMA" or "," => CsvDelimiter.Comma,
        "SEMICOLON" or ";" => CsvDelimiter.Semicolon,
        "TAB" or "\\T" or "\t" => CsvDelimiter.Tab,
        "WHITESPACE" or "SPACE" or " " => CsvDelimiter.Whitespace,
        _ => throw new UsageException($"--delimiter: '{text}' is not one of auto, comma, semicolon, tab, whitespace"),
    };
}
