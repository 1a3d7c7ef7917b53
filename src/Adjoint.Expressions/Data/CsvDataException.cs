using System.Globalization;

namespace Adjoint.Expressions.Data;

/// <summary>A data file that cannot be read as numeric columns: the message names the file, the line and the column.</summary>
public sealed class CsvDataException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="source">The file name (or a description of the text).</param>
    /// <param name="line">The 1-based line, or 0 when the problem is not on one line.</param>
    /// <param name="column">The 1-based column, or 0 when the problem is not in one column.</param>
    /// <param name="columnName">The column's header name, or null.</param>
    /// <param name="reason">What is wrong.</param>
    public CsvDataException(string source, long line, int column, string? columnName, string reason)
        : base(Compose(source, line, column, columnName, reason))
    {
        SourceName = source;
        Line = line;
        Column = column;
        ColumnName = columnName;
        Reason = reason;
    }

    /// <summary>Creates an exception with a message only.</summary>
    public CsvDataException() : this("data", 0, 0, null, "the data cannot be read")
    {
    }

    /// <summary>Creates an exception with a message only.</summary>
    /// <param name="message">What is wrong.</param>
    public CsvDataException(string message) : this("data", 0, 0, null, message)
    {
    }

    /// <summary>Creates an exception with a message and a cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public CsvDataException(string message, Exception innerException) : base(message, innerException)
    {
        SourceName = "data";
        Reason = message;
    }

    /// <summary>The file name or a description of the text.</summary>
    public string SourceName { get; }

    /// <summary>The 1-based line (counting every line of the file), or 0.</summary>
    public long Line { get; }

    /// <summary>The 1-based column, or 0.</summary>
    public int Column { get; }

    /// <summary>The column's name in the header, or null.</summary>
    public string? ColumnName { get; }

    /// <summary>What is wrong, without the place.</summary>
    public string Reason { get; }

    private static string Compose(string source, long line, int column, string? columnName, string reason)
    {
        var place = source;
        if (line > 0)
        {
            place += string.Create(CultureInfo.InvariantCulture, $", line {line}");
        }

        if (column > 0)
        {
            place += string.Create(CultureInfo.InvariantCulture, $", column {column}") + (columnName is null ? "" : $" ('{columnName}')");
        }

        return $"{place}: {reason}";
    }
}
