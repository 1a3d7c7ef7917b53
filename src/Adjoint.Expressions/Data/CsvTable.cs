using System.Globalization;
using System.Text;
using CsvHelper;

namespace Adjoint.Expressions.Data;

/// <summary>
/// Numeric columns read from a delimited text file (CsvHelper underneath): a header row, a detected delimiter
/// (comma, semicolon, tab or runs of whitespace), quoted fields, '#' comment lines and empty lines skipped.
/// </summary>
/// <remarks>
/// The file is streamed: only the requested columns are kept, as arrays of doubles parsed straight from the
/// reader's UTF-8 field spans with the invariant culture. A missing value, a value that is not a finite number, or
/// extra non-empty fields make a row invalid: an error naming the line and the column, or, with
/// <see cref="CsvReadOptions.SkipInvalid"/>, a dropped row counted in <see cref="SkippedRows"/>.
/// </remarks>
public sealed class CsvTable
{
    private readonly Dictionary<string, double[]> _columns;

    private CsvTable(string source, string[] headers, Dictionary<string, double[]> columns, int rows, int skipped, List<string> reasons, CsvDelimiter delimiter)
    {
        SourceName = source;
        Headers = headers;
        _columns = columns;
        RowCount = rows;
        SkippedRows = skipped;
        SkippedReasons = reasons;
        Delimiter = delimiter;
    }

    /// <summary>The file name or description the table was read from.</summary>
    public string SourceName { get; }

    /// <summary>Every column name of the header, in file order.</summary>
    public IReadOnlyList<string> Headers { get; }

    /// <summary>The requested columns by name.</summary>
    public IReadOnlyDictionary<string, double[]> Columns => _columns;

    /// <summary>The number of rows kept.</summary>
    public int RowCount { get; }

    /// <summary>The number of invalid rows dropped (only with <see cref="CsvReadOptions.SkipInvalid"/>).</summary>
    public int SkippedRows { get; }

    /// <summary>Why the first skipped rows were dropped, one sentence each with the line and the column.</summary>
    public IReadOnlyList<string> SkippedReasons { get; }

    /// <summary>The delimiter used (detected or given).</summary>
    public CsvDelimiter Delimiter { get; }

    /// <summary>Reads the requested columns of a file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="columns">The columns to keep; null for all of them.</param>
    /// <param name="options">Delimiter, header, comments, skipping; null for the defaults.</param>
    /// <returns>The table.</returns>
    /// <exception cref="CsvDataException">The file is missing, has no header or data, lacks a requested column, or has an invalid row (without skipping).</exception>
    public static CsvTable ReadFile(string path, IReadOnlyList<string>? columns = null, CsvReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new CsvDataException(path, 0, 0, null, Directory.Exists(path) ? "is a directory, not a data file" : "no such file");
        }

        options ??= CsvReadOptions.Default;
        string? first;
        using (var peek = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true))
        {
            first = FirstDataLine(peek, options.CommentPrefix);
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Read(path, first, delimiterOptions => CsvReader.Create(stream, delimiterOptions), columns, options);
    }

    /// <summary>Reads the requested columns of text held in memory.</summary>
    /// <param name="text">The delimited text.</param>
    /// <param name="columns">The columns to keep; null for all of them.</param>
    /// <param name="options">Delimiter, header, comments, skipping; null for the defaults.</param>
    /// <param name="sourceName">How messages name the text. Default "data".</param>
    /// <returns>The table.</returns>
    /// <exception cref="CsvDataException">As for <see cref="ReadFile"/>.</exception>
    public static CsvTable ReadText(string text, IReadOnlyList<string>? columns = null, CsvReadOptions? options = null, string sourceName = "data")
    {
        ArgumentNullException.ThrowIfNull(text);
        options ??= CsvReadOptions.Default;
        string? first;
        using (var peek = new StringReader(text))
        {
            first = FirstDataLine(peek, options.CommentPrefix);
        }

        return Read(sourceName, first, o => CsvReader.Create(new StringReader(text), o), columns, options);
    }

    /// <summary>The delimiter that <see cref="CsvDelimiter.Auto"/> picks for a line: tab, else semicolon, else comma (outside quotes), else whitespace. Any unquoted semicolon means semicolon-delimited, since such files write decimal commas (<c>1,5;2,5</c>).</summary>
    /// <param name="line">The first line that is not a comment (normally the header).</param>
    /// <returns>The delimiter.</returns>
    public static CsvDelimiter Detect(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        int tabs = 0, semicolons = 0, commas = 0;
        bool quoted = false;
        foreach (char c in line)
        {
            switch (c)
            {
                case '"':
                    quoted = !quoted;
                    break;
                case '\t' when !quoted:
                    tabs++;
                    break;
                case ';' when !quoted:
                    semicolons++;
                    break;
                case ',' when !quoted:
                    commas++;
                    break;
            }
        }

        return tabs > 0 && line.Trim().Contains('\t', StringComparison.Ordinal) && semicolons == 0 && commas == 0 ? CsvDelimiter.Tab
            : semicolons > 0 ? CsvDelimiter.Semicolon
            : commas > 0 ? CsvDelimiter.Comma
            : tabs > 0 && !line.Trim().Contains(' ', StringComparison.Ordinal) ? CsvDelimiter.Tab
            : CsvDelimiter.Whitespace;
    }

    private static string? FirstDataLine(TextReader reader, char comment)
    {
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.Length > 0 && line[0] == comment)
            {
                continue;
            }

            if (line.Trim().Length > 0)
            {
                return line;
            }
        }

        return null;
    }

    private static CsvTable Read(string source, string? first, Func<CsvReaderOptions, CsvReader> open, IReadOnlyList<string>? requested, CsvReadOptions options)
    {
        if (first is null)
        {
            throw new CsvDataException(source, 0, 0, null, "is empty (no line other than comments and blank lines)");
        }

        var delimiter = options.Delimiter == CsvDelimiter.Auto ? Detect(first) : options.Delimiter;
        bool whitespace = delimiter == CsvDelimiter.Whitespace;
        var csvOptions = ReaderOptions(delimiter, options.CommentPrefix);
        using var reader = open(csvOptions);
        var fieldIndex = new List<int>();
        try
        {
            return ReadRecords(source, reader, whitespace, fieldIndex, requested, options, delimiter);
        }
        catch (CsvFormatException e)
        {
            throw new CsvDataException(source, e.LineNumber, e.FieldIndex >= 0 ? e.FieldIndex + 1 : 0, null, FirstSentence(e.Message));
        }
    }

    private static CsvReaderOptions ReaderOptions(CsvDelimiter delimiter, char comment) => CsvReaderOptions.Default with
    {
        Separator = delimiter switch
        {
            CsvDelimiter.Comma => ',',
            CsvDelimiter.Semicolon => ';',
            CsvDelimiter.Tab => '\t',
            _ => ' ',
        },
        HasHeader = false,
        CommentPrefix = comment,
        SkipEmptyLines = true,
        TrimWhitespace = true,
        TrackLineNumbers = true,
        FieldCountMismatch = CsvFieldCountHandling.Allow,
        MissingField = CsvMissingFieldHandling.ReturnEmpty,
        MalformedData = CsvMalformedDataHandling.Throw,
        FormatProvider = CultureInfo.InvariantCulture,
    };

    /// <summary>The column names of a file without reading its data: the header's fields, or c1, c2, ... without a header.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Delimiter, header and comments; null for the defaults.</param>
    /// <returns>The names in file order.</returns>
    /// <exception cref="CsvDataException">The file is missing or empty, or its header is malformed.</exception>
    public static IReadOnlyList<string> ReadHeaders(string path, CsvReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new CsvDataException(path, 0, 0, null, Directory.Exists(path) ? "is a directory, not a data file" : "no such file");
        }

        options ??= CsvReadOptions.Default;
        string? first;
        using (var peek = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true))
        {
            first = FirstDataLine(peek, options.CommentPrefix);
        }

        if (first is null)
        {
            throw new CsvDataException(path, 0, 0, null, "is empty (no line other than comments and blank lines)");
        }

        var delimiter = options.Delimiter == CsvDelimiter.Auto ? Detect(first) : options.Delimiter;
        try
        {
            using var reader = CsvReader.Create(new StringReader(first), ReaderOptions(delimiter, options.CommentPrefix));
            reader.Read();
            var fields = new List<int>();
            Fields(reader, delimiter == CsvDelimiter.Whitespace, fields);
            return options.HasHeader
                ? fields.Select(i => reader.GetString(i) ?? "").ToArray()
                : Enumerable.Range(1, fields.Count).Select(i => string.Create(CultureInfo.InvariantCulture, $"c{i}")).ToArray();
        }
        catch (CsvFormatException e)
        {
            throw new CsvDataException(path, 0, 0, null, FirstSentence(e.Message));
        }
    }

    private static string FirstSentence(string message)
    {
        int dot = message.IndexOf(". ", StringComparison.Ordinal);
        return (dot > 0 ? message[..(dot + 1)] : message).TrimEnd('.');
    }

    private static CsvTable ReadRecords(string source, CsvReader reader, bool whitespace, List<int> fields, IReadOnlyList<string>? requested,
        CsvReadOptions options, CsvDelimiter delimiter)
    {
        string[] headers;
        bool pending;
        if (!reader.Read())
        {
            throw new CsvDataException(source, 0, 0, null, "is empty (no line other than comments and blank lines)");
        }

        Fields(reader, whitespace, fields);
        if (options.HasHeader)
        {
            headers = fields.Select(i => reader.GetString(i) ?? "").ToArray();
            CheckHeader(source, reader.LineNumber, headers);
            pending = false;
        }
        else
        {
            headers = Enumerable.Range(1, fields.Count).Select(i => string.Create(CultureInfo.InvariantCulture, $"c{i}")).ToArray();
            pending = true;
        }

        var wanted = requested ?? headers.Where(h => h.Length > 0).ToArray();
        var columnOf = new int[wanted.Count];
        for (int k = 0; k < wanted.Count; k++)
        {
            columnOf[k] = Array.IndexOf(headers, wanted[k]);
            if (columnOf[k] < 0)
            {
                var suggestion = NameSuggestions.Closest(wanted[k], headers);
                throw new CsvDataException(source, 0, 0, null,
                    $"has no column '{wanted[k]}' (columns: {string.Join(", ", headers)})" + (suggestion is null ? "" : $"; did you mean '{suggestion}'?"));
            }
        }

        var data = wanted.Select(_ => new List<double>(1024)).ToArray();
        var row = new double[wanted.Count];
        int kept = 0, skipped = 0;
        var reasons = new List<string>();
        while (pending || reader.Read())
        {
            if (!pending)
            {
                Fields(reader, whitespace, fields);
            }

            pending = false;
            var problem = ParseRow(reader, fields, headers, columnOf, row);
            if (problem is { } p)
            {
                var error = new CsvDataException(source, reader.LineNumber, p.Column + 1, p.Column < headers.Length ? headers[p.Column] : null, p.Reason);
                if (!options.SkipInvalid)
                {
                    throw error;
                }

                skipped++;
                if (reasons.Count < options.MaxReportedSkips)
                {
                    reasons.Add(error.Message);
                }

                continue;
            }

            for (int k = 0; k < row.Length; k++)
            {
                data[k].Add(row[k]);
            }

            kept++;
        }

        if (kept == 0)
        {
            throw new CsvDataException(source, 0, 0, null, skipped > 0
                ? string.Create(CultureInfo.InvariantCulture, $"has no valid data row ({skipped} invalid rows skipped; the first: {reasons[0]})")
                : "has a header but no data rows");
        }

        var columns = new Dictionary<string, double[]>(StringComparer.Ordinal);
        for (int k = 0; k < wanted.Count; k++)
        {
            columns[wanted[k]] = [.. data[k]];
        }

        return new CsvTable(source, headers, columns, kept, skipped, reasons, delimiter);
    }

    private static void CheckHeader(string source, long line, string[] headers)
    {
        for (int i = 0; i < headers.Length; i++)
        {
            if (headers[i].Length == 0)
            {
                continue;
            }

            int j = Array.IndexOf(headers, headers[i], i + 1);
            if (j > 0)
            {
                throw new CsvDataException(source, line, j + 1, headers[i],
                    string.Create(CultureInfo.InvariantCulture, $"the header names '{headers[i]}' twice (columns {i + 1} and {j + 1})"));
            }
        }

        if (headers.Length > 0 && headers.All(h => double.TryParse(h, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
        {
            throw new CsvDataException(source, line, 0, null,
                "the first line holds numbers, not column names: add a header row naming the columns (or read without a header)");
        }
    }

    /// <summary>The indexes of the fields of the current record: all of them, or the non-empty ones for whitespace-delimited data.</summary>
    private static void Fields(CsvReader reader, bool whitespace, List<int> fields)
    {
        fields.Clear();
        int n = reader.FieldCount;
        for (int i = 0; i < n; i++)
        {
            if (!whitespace || !reader.IsEmpty(i))
            {
                fields.Add(i);
            }
        }
    }

    private static (int Column, string Reason)? ParseRow(CsvReader reader, List<int> fields, string[] headers, int[] columnOf, double[] row)
    {
        for (int extra = headers.Length; extra < fields.Count; extra++)
        {
            if (!reader.IsEmpty(fields[extra]))
            {
                return (extra, string.Create(CultureInfo.InvariantCulture,
                    $"the row has {fields.Count} fields but the header names {headers.Length} columns (is the delimiter right?)"));
            }
        }

        for (int k = 0; k < columnOf.Length; k++)
        {
            int column = columnOf[k];
            if (column >= fields.Count || reader.IsEmpty(fields[column]))
            {
                return (column, "the value is missing");
            }

            var span = reader.GetSpan(fields[column]);
            if (!double.TryParse(span, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                return (column, $"'{Shorten(Encoding.UTF8.GetString(span))}' is not a number");
            }

            if (!double.IsFinite(value))
            {
                return (column, $"'{Shorten(Encoding.UTF8.GetString(span))}' is not a finite number");
            }

            row[k] = value;
        }

        return null;
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..37] + "...";
}
