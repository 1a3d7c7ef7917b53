using System.Text.Json;

namespace Adjoint.Tests.Calculus.Quadrature;

/// <summary>quad_scipy.json (written by quad_scipy.py), found by walking up from the test binaries to the sources.</summary>
internal static class QuadReference
{
    private static readonly Lazy<JsonDocument> s_document = new(Load);

    public static JsonElement Root => s_document.Value.RootElement;

    public static JsonElement Case(string name) =>
        Root.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    public static IEnumerable<string> CaseNames => Root.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("name").GetString()!);

    public static double Limit(JsonElement e) => e.ValueKind == JsonValueKind.String
        ? (e.GetString() == "inf" ? double.PositiveInfinity : double.NegativeInfinity)
        : e.GetDouble();

    private static JsonDocument Load()
    {
        const string relative = "tests/Adjoint.Tests/Calculus/Quadrature/quad_scipy.json";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate))
            {
                return JsonDocument.Parse(File.ReadAllText(candidate));
            }
        }

        throw new FileNotFoundException($"{relative} was not found above {AppContext.BaseDirectory}.");
    }
}
