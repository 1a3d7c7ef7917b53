using System.Globalization;
using System.Text.Json;
using Adjoint.Benchmarks.Peers;
using Adjoint.Calculus;
using Adjoint.Tensors;
using Adjoint.TestProblems;
using Integrate = Adjoint.Calculus.Quadrature;

namespace Adjoint.Benchmarks.Quadrature;

/// <summary>
/// Times <see cref="Integrate.Quad(Func{Tensor, Tensor}, double, double, QuadOptions?)"/> over the quadrature test
/// battery and compares the total with scipy's quad on the same integrals, as timed by
/// tests/Adjoint.Tests/Calculus/Quadrature/quad_scipy.py (its "seconds" per case, median of repeats).
/// Run: <c>dotnet run -c Release --project bench/Adjoint.Benchmarks -- quad [path/to/quad_scipy.json]</c>.
/// </summary>
internal static class QuadBatteryTiming
{
    private static IReadOnlyDictionary<string, Func<Tensor, Tensor>> Integrands => QuadratureBattery.Integrands;

    public static int Run(string[] args)
    {
        bool table = args.Contains("--table");
        args = [.. args.Where(a => a != "--table")];
        string path = args.Length > 0 ? args[0] : Path.Combine("tests", "Adjoint.Tests", "Calculus", "Quadrature", "quad_scipy.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var cases = new List<(string Name, double A, double B, QuadOptions Options, double ScipySeconds)>();
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            var points = c.GetProperty("points");
            cases.Add((c.GetProperty("name").GetString()!, Limit(c.GetProperty("a")), Limit(c.GetProperty("b")),
                new QuadOptions { Points = points.ValueKind == JsonValueKind.Null ? null : [.. points.EnumerateArray().Select(p => p.GetDouble())] },
                c.GetProperty("seconds").GetDouble()));
        }

        var ci = CultureInfo.InvariantCulture;
        if (table)
        {
            // The validation table of docs/quadrature.md: accuracy and evaluation counts against scipy.
            Console.WriteLine("| integral | range | \\|value - exact\\| | reported error | neval | scipy neval |");
            Console.WriteLine("|---|---|---|---|---|---|");
            int ours = 0, theirs = 0;
            foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
            {
                var (name, a, b, options, _) = cases.Single(k => k.Name == c.GetProperty("name").GetString());
                var r = Integrate.Quad(Integrands[name], a, b, options);
                int scipyNeval = c.GetProperty("neval").GetInt32();
                ours += r.Evaluations;
                theirs += scipyNeval;
                string points = options.Points is null ? "" : $", points {string.Join(" ", options.Points.Select(p => p.ToString("G4", ci)))}";
                Console.WriteLine(string.Create(ci, $"| {name} | [{a:G4}, {b:G4}]{points} | {Math.Abs(r.Value.Item() - c.GetProperty("exact").GetDouble()):G2} | {r.Error:G2} | {r.Evaluations} | {scipyNeval} |"));
            }

            Console.WriteLine(string.Create(ci, $"| **total** | | | | **{ours}** | **{theirs}** |"));
            return 0;
        }

        double oursTotal = 0, scipyTotal = 0;
        Console.WriteLine("case                  adjoint_us   scipy_us   ratio");
        foreach (var (name, a, b, options, scipy) in cases)
        {
            var f = Integrands[name];
            double ours = MedianTimer.Measure(() => Integrate.Quad(f, a, b, options), repeats: 7, warmup: 3);
            oursTotal += ours;
            scipyTotal += scipy;
            Console.WriteLine(string.Create(ci, $"{name,-20} {ours * 1e6,11:F1} {scipy * 1e6,10:F1} {scipy / ours,7:F1}"));
        }

        Console.WriteLine(string.Create(ci, $"total                {oursTotal * 1e6,11:F1} {scipyTotal * 1e6,10:F1} {scipyTotal / oursTotal,7:F1}"));
        return 0;
    }

    private static double Limit(JsonElement e) => e.ValueKind == JsonValueKind.String
        ? (e.GetString() == "inf" ? double.PositiveInfinity : double.NegativeInfinity)
        : e.GetDouble();
}
