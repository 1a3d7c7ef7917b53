using System.Globalization;
using System.Text;

namespace Adjoint.Expressions;

/// <summary>
/// An expression, a constraint or a value list that cannot be read: where (<see cref="Position"/>), what is wrong
/// (<see cref="Reason"/>) and a two-line picture of the text with a caret under the spot (<see cref="Rendering"/>).
/// </summary>
/// <example><code>
/// try { Expression.Parse("2 * (x + 1"); }
/// catch (ParseException e) { Console.Error.WriteLine(e.Message); Console.Error.WriteLine(e.Rendering); }
/// // missing ')' to close the '(' at column 5, at column 11
/// //   2 * (x + 1
/// //             ^
/// </code></example>
public sealed class ParseException : FormatException
{
    /// <summary>How many characters of the text <see cref="Rendering"/> shows at most; longer texts are cut around the position.</summary>
    public const int RenderWidth = 72;

    /// <summary>Creates the exception.</summary>
    /// <param name="source">The whole text that was read.</param>
    /// <param name="position">The 0-based index of the offending character (the text's length for its end).</param>
    /// <param name="reason">What is wrong, as a sentence fragment without the position.</param>
    /// <param name="length">How many characters the culprit spans (at least 1 is marked).</param>
    public ParseException(string source, int position, string reason, int length = 1)
        : base(ComposeMessage(source, position, reason))
    {
        Source = source ?? "";
        Position = Math.Clamp(position, 0, Source.Length);
        Reason = reason;
        Length = Math.Max(1, length);
    }

    /// <summary>Creates an exception without a source text (for the serializer's and tools' use).</summary>
    public ParseException() : this("", 0, "the text cannot be read")
    {
    }

    /// <summary>Creates an exception with a message and no position.</summary>
    /// <param name="message">What is wrong.</param>
    public ParseException(string message) : this("", 0, message)
    {
    }

    /// <summary>Creates an exception with a message, no position and an inner exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public ParseException(string message, Exception innerException) : base(message, innerException)
    {
        Source = "";
        Reason = message;
        Length = 1;
    }

    /// <summary>The text that was read.</summary>
    public new string Source { get; }

    /// <summary>The 0-based index of the offending character; equal to the text's length when the text ended too soon.</summary>
    public int Position { get; }

    /// <summary>The 1-based column of <see cref="Position"/>, as the message says it.</summary>
    public int Column => Position + 1;

    /// <summary>How many characters the culprit spans (carets drawn under all of them, at least one).</summary>
    public int Length { get; }

    /// <summary>What is wrong, without the position.</summary>
    public string Reason { get; }

    /// <summary>
    /// Two lines: the text (control characters shown as spaces, cut to <see cref="RenderWidth"/> characters around the
    /// position with "..." where cut), and carets under the culprit. Both lines start with two spaces.
    /// </summary>
    public string Rendering => Render(Source, Position, Length);

    private static string ComposeMessage(string source, int position, string reason)
    {
        source ??= "";
        if (source.Length == 0 && position == 0)
        {
            return reason;
        }

        return position >= source.Length
            ? string.Create(CultureInfo.InvariantCulture, $"{reason}, at the end (column {source.Length + 1})")
            : string.Create(CultureInfo.InvariantCulture, $"{reason}, at column {position + 1}");
    }

    private static string Render(string source, int position, int length)
    {
        int start = 0;
        int end = source.Length;
        if (source.Length > RenderWidth)
        {
            start = Math.Max(0, Math.Min(position - (RenderWidth / 2), source.Length - RenderWidth));
            end = Math.Min(source.Length, start + RenderWidth);
        }

        var line = new StringBuilder("  ");
        var caret = new StringBuilder("  ");
        if (start > 0)
        {
            line.Append("...");
            caret.Append("   ");
        }

        for (int i = start; i < end; i++)
        {
            char c = source[i];
            line.Append(char.IsControl(c) ? ' ' : c);
        }

        if (end < source.Length)
        {
            line.Append("...");
        }

        caret.Append(' ', Math.Max(0, position - start));
        int marks = Math.Max(1, Math.Min(length, Math.Max(1, end - position)));
        caret.Append('^', marks);
        return line + Environment.NewLine + caret;
    }
}
