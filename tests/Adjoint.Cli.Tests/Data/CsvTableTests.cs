using System.Diagnostics;
using System.Globalization;
using System.Text;
using Adjoint.Expressions.Data;
using Xunit.Abstractions;

namespace Adjoint.Cli.Tests.Data;

/// <summary>CSV input: delimiters, headers, quotes, comments, invalid values (errors naming line and column, or skipped), and a million rows.</summary>
public class CsvTableTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("t,y\n1,2\n3,4\n", CsvDelimiter.Comma)]
    [InlineData("t;y\n1;2\n3;4\n", CsvDelimiter.Semicolon)]
    [InlineData("t\ty\n1\t2\n3\t4\n", CsvDelimiter.Tab)]
    [InlineData("  t    y\n  1    2\n  3    4\n", CsvDelimiter.Whitespace)]
    [InlineData("t y\n1 2\n  3\t 4  \n", CsvDelimiter.Whitespace)]
    [InlineData("# a comment, with a comma; and a semicolon\n\nt,y\n# another\n1,2\n\n3,4\n", CsvDelimiter.Comma)]
    [InlineData("t,y\r\n1,2\r\n3,4", CsvDelimiter.Comma)]
    [InlineData("\"t\",\"y\"\n\"1\",2\n3,\"4\"\n", CsvDelimiter.Comma)]
    [InlineData("t , y\n 1 , 2 \n3,4\n", CsvDelimiter.Comma)]
    public void Reads_columns_whatever_the_layout(string text, CsvDelimiter delimiter)
    {
        var table = CsvTable.ReadText(text);
        Assert.Equal(delimiter, table.Delimiter);
        Assert.Equal(["t", "y"], table.Headers);
        Assert.Equal([1.0, 3], table.Columns["t"]);
        Assert.Equal([2.0, 4], table.Columns["y"]);
        Assert.Equal(2, table.RowCount);
        Assert.Equal(0, table.SkippedRows);
    }

    [Fact]
    public void Semicolon_files_with_decimal_commas_are_not_misread_as_comma_delimited()
    {
        Assert.Equal(CsvDelimiter.Semicolon, CsvTable.Detect("a;b;c"));
        Assert.Equal(CsvDelimiter.Semicolon, CsvTable.Detect("1,5;2,5"));
        Assert.Equal(CsvDelimiter.Comma, CsvTable.Detect("\"a;b\",c"));
        Assert.Equal(CsvDelimiter.Whitespace, CsvTable.Detect("y   x"));
        Assert.Equal(CsvDelimiter.Tab, CsvTable.Detect("y\tx"));
    }

    [Fact]
    public void Quoted_fields_keep_delimiters_and_names_with_spaces()
    {
        var table = CsvTable.ReadText("\"time, s\",value\n\"1.5\",\"2e3\"\n", ["time, s", "value"]);
        Assert.Equal([1.5], table.Columns["time, s"]);
        Assert.Equal([2000.0], table.Columns["value"]);
    }

    [Fact]
    public void Only_the_requested_columns_are_parsed()
    {
        var table = CsvTable.ReadText("label,x,y\nfirst,1,2\nsecond,3,4\n", ["y"]);
        Assert.Equal([2.0, 4], table.Columns["y"]);
        Assert.False(table.Columns.ContainsKey("label"));
        Assert.Equal(["label", "x", "y"], table.Headers);
    }

    [Theory]
    [InlineData("# c\nt,y\n1,2\n3,\n", 4, 2, "y", "the value is missing")]
    [InlineData("t,y\n1,2\n3,abc\n", 3, 2, "y", "'abc' is not a number")]
    [InlineData("t,y\n1,2\n3,NaN\n", 3, 2, "y", "'NaN' is not a finite number")]
    [InlineData("t,y\n1,2\nx1,4\n", 3, 1, "t", "'x1' is not a number")]
    [InlineData("t,y\n1,2\n3\n", 3, 2, "y", "the value is missing")]
    [InlineData("t,y\n1,2\n3,4,5\n", 3, 3, null, "the row has 3 fields but the header names 2 columns (is the delimiter right?)")]
    [InlineData("t;y\n1;2\n3;4,5\n", 3, 2, "y", "'4,5' is not a number")]
    public void Invalid_values_name_the_line_and_the_column(string text, int line, int column, string? name, string reason)
    {
        var e = Assert.Throws<CsvDataException>(() => CsvTable.ReadText(text, sourceName: "d.csv"));
        Assert.Equal(line, e.Line);
        Assert.Equal(column, e.Column);
        Assert.Equal(name, e.ColumnName);
        Assert.Equal(reason, e.Reason);
        Assert.StartsWith(string.Create(CultureInfo.InvariantCulture, $"d.csv, line {line}, column {column}"), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Skip_invalid_drops_and_counts_the_bad_rows()
    {
        var text = "t,y\n1,2\n2,\n3,oops\n4,8\n5,inf\n6,12,\n";
        var table = CsvTable.ReadText(text, options: new CsvReadOptions { SkipInvalid = true }, sourceName: "d.csv");
        Assert.Equal(3, table.SkippedRows);
        Assert.Equal([1.0, 4, 6], table.Columns["t"]);
        Assert.Equal([2.0, 8, 12], table.Columns["y"]);
        Assert.Equal(3, table.SkippedReasons.Count);
        Assert.Equal("d.csv, line 3, column 2 ('y'): the value is missing", table.SkippedReasons[0]);
    }

    [Fact]
    public void Skip_invalid_with_nothing_left_is_an_error()
    {
        var e = Assert.Throws<CsvDataException>(() => CsvTable.ReadText("t,y\n1,\n", options: new CsvReadOptions { SkipInvalid = true }));
        Assert.Contains("has no valid data row (1 invalid rows skipped", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "is empty (no line other than comments and blank lines)")]
    [InlineData("# only a comment\n\n", "is empty (no line other than comments and blank lines)")]
    [InlineData("t,y\n", "has a header but no data rows")]
    [InlineData("1,2\n3,4\n", "the first line holds numbers, not column names: add a header row naming the columns (or read without a header)")]
    [InlineData("t,y,t\n1,2,3\n", "the header names 't' twice (columns 1 and 3)")]
    public void Files_without_usable_data_say_why(string text, string reason)
    {
        var e = Assert.Throws<CsvDataException>(() => CsvTable.ReadText(text));
        Assert.Equal(reason, e.Reason);
    }

    [Fact]
    public void A_missing_column_suggests_a_close_one()
    {
        var e = Assert.Throws<CsvDataException>(() => CsvTable.ReadText("time,y\n1,2\n", ["tim"]));
        Assert.Equal("has no column 'tim' (columns: time, y); did you mean 'time'?", e.Reason);
    }

    [Fact]
    public void Without_a_header_the_columns_are_numbered()
    {
        var table = CsvTable.ReadText("1 2\n3 4\n", options: new CsvReadOptions { HasHeader = false });
        Assert.Equal(["c1", "c2"], table.Headers);
        Assert.Equal([1.0, 3], table.Columns["c1"]);
    }

    [Fact]
    public void An_unterminated_quote_is_an_error_not_a_hang()
    {
        var e = Assert.Throws<CsvDataException>(() => CsvTable.ReadText("t,y\n1,\"2\n3,4\n", sourceName: "q.csv"));
        Assert.StartsWith("q.csv", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Files_with_a_byte_order_mark_and_missing_files()
    {
        var path = Path.Combine(Path.GetTempPath(), $"adjoint-bom-{Environment.ProcessId}.csv");
        File.WriteAllText(path, "t,y\n1,2\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        try
        {
            Assert.Equal(["t", "y"], CsvTable.ReadHeaders(path));
            Assert.Equal([2.0], CsvTable.ReadFile(path).Columns["y"]);
        }
        finally
        {
            File.Delete(path);
        }

        var e = Assert.Throws<CsvDataException>(() => CsvTable.ReadFile(path));
        Assert.Equal("no such file", e.Reason);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void A_million_rows_stream_through()
    {
        var path = Path.Combine(Path.GetTempPath(), $"adjoint-million-{Environment.ProcessId}.csv");
        const int rows = 1_000_000;
        using (var w = new StreamWriter(path))
        {
            w.WriteLine("t,y,dy");
            for (int i = 0; i < rows; i++)
            {
                w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{i * 1e-3:R},{Math.Sin(i * 1e-3):R},0.01"));
            }
        }

        try
        {
            long bytes = new FileInfo(path).Length;
            var clock = Stopwatch.StartNew();
            var table = CsvTable.ReadFile(path, ["t", "y", "dy"]);
            clock.Stop();
            Assert.Equal(rows, table.RowCount);
            Assert.Equal(Math.Sin(999_999 * 1e-3), table.Columns["y"][^1]);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{rows} rows, {bytes / 1e6:F1} MB in {clock.Elapsed.TotalSeconds:F2} s: {bytes / 1e6 / clock.Elapsed.TotalSeconds:F1} MB/s"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
