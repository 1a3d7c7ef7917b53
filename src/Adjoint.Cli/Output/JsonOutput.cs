using System.Text.Json;
using System.Text.Json.Serialization;

namespace Adjoint.Cli.Output;

/// <summary>The JSON form of the reports: camelCase names, indented, NaN and infinities as the strings "NaN", "Infinity", "-Infinity".</summary>
public static class JsonOutput
{
    /// <summary>The serializer options the reports are written with (and can be read back with).</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Writes a report as JSON followed by a newline.</summary>
    /// <typeparam name="T">The report type.</typeparam>
    /// <param name="writer">Where to write.</param>
    /// <param name="report">The report.</param>
    public static void Write<T>(TextWriter writer, T report)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine(JsonSerializer.Serialize(report, Options));
    }
}
