namespace Adjoint.Expressions.Data;

/// <summary>How <see cref="CsvTable"/> reads a data file. Change it with <c>with</c> expressions.</summary>
public sealed record CsvReadOptions
{
    /// <summary>The default options: detected delimiter, a header row, comments starting with '#', invalid rows are errors.</summary>
    public static CsvReadOptions Default { get; } = new();

    /// <summary>The field delimiter. Default <see cref="CsvDelimiter.Auto"/>.</summary>
    public CsvDelimiter Delimiter { get; init; } = CsvDelimiter.Auto;

    /// <summary>Whether the first line that is not a comment names the columns. Default true; without one the columns are c1, c2, ....</summary>
    public bool HasHeader { get; init; } = true;

    /// <summary>The character that starts a comment line (at the start of the line). Default '#'.</summary>
    public char CommentPrefix { get; init; } = '#';

    /// <summary>
    /// Whether rows with a missing or non-numeric value in a requested column (or extra fields) are dropped and
    /// counted instead of being an error. Default false.
    /// </summary>
    public bool SkipInvalid { get; init; }

    /// <summary>How many skipped rows <see cref="CsvTable.SkippedReasons"/> describes at most. Default 10.</summary>
    public int MaxReportedSkips { get; init; } = 10;
}
