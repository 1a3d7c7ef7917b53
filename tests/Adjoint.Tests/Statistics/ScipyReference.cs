using System.Globalization;
using System.Text.Json;

namespace Adjoint.Tests.Statistics;

/// <summary>Reads the scipy reference files of this folder (written by their generator scripts) from the source tree.</summary>
internal static class ScipyReference
{
    private static readonly Dictionary<string, JsonElement> Cache = new(StringComparer.Ordinal);

    /// <summary>The "cases" object of <paramref name="file"/> (a JSON file beside this source file).</summary>
    public static JsonElement Cases(string file)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(file, out var cases))
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(Locate(file)));
                cases = doc.RootElement.GetProperty("cases").Clone();
                Cache[file] = cases;
            }

            return cases;
        }
    }

    /// <summary>A JSON array of numbers (or "inf", "-inf", "nan") as doubles.</summary>
    public static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(Number).ToArray();

    /// <summary>One JSON number (or "inf", "-inf", "nan").</summary>
    public static double Number(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Number => v.GetDouble(),
        JsonValueKind.String => v.GetString() switch
        {
            "inf" => double.PositiveInfinity,
            "-inf" => double.NegativeInfinity,
            _ => double.NaN,
        },
        _ => double.NaN,
    };

    /// <summary>Relative error |a - b| / |b| (absolute below |b| = <paramref name="floor"/>); 0 when both are the same infinity or NaN.</summary>
    public static double RelativeError(double actual, double expected, double floor = 1e-300)
    {
        if (double.IsNaN(expected) || double.IsInfinity(expected))
        {
            return actual.Equals(expected) ? 0 : double.PositiveInfinity;
        }

        return Math.Abs(actual - expected) / Math.Max(Math.Abs(expected), floor);
    }

    public static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static string Locate(string file)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "Adjoint.Tests", "Statistics", file);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"The reference file {file} was not found above {AppContext.BaseDirectory}.");
    }
}
