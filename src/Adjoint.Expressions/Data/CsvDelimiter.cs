namespace Adjoint.Expressions.Data;

/// <summary>What separates the fields of a data file.</summary>
public enum CsvDelimiter
{
    /// <summary>Detected from the first line that is not a comment: a tab, else a semicolon, else a comma, else runs of spaces.</summary>
    Auto,
    /// <summary><c>,</c>.</summary>
    Comma,
    /// <summary><c>;</c>.</summary>
    Semicolon,
    /// <summary>A tab.</summary>
    Tab,
    /// <summary>Runs of spaces and tabs (leading and trailing ones ignored), as in NIST's and gnuplot's data files.</summary>
    Whitespace,
}
