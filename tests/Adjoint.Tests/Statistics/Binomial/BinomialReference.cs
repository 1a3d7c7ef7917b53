using System.Text.Json;
using Adjoint.Statistics;

namespace Adjoint.Tests.Statistics.Binomial;

/// <summary>The scipy references of binomial_scipy.json (written by binomial_scipy.py).</summary>
internal static class BinomialReference
{
    private static readonly Lazy<JsonDocument> s_document = new(() => JsonDocument.Parse(File.ReadAllText(Locate())));

    public static JsonElement Root => s_document.Value.RootElement;

    public static BinomTestAlternative Alternative(string name) => name switch
    {
        "two-sided" => BinomTestAlternative.TwoSided,
        "less" => BinomTestAlternative.Less,
        "greater" => BinomTestAlternative.Greater,
        _ => throw new ArgumentException(name),
    };

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "Adjoint.Tests", "Statistics", "Binomial", "binomial_scipy.json");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"binomial_scipy.json was not found above {AppContext.BaseDirectory}.");
    }
}
