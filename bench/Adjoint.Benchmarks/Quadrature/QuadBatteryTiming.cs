using System.Globalization;
using System.Text.Json;
using Adjoint.Benchmarks.Peers;
using Adjoint.Calculus;
using Adjoint.Tensors;
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
    private static readonly Dictionary<string, Func<Tensor, Tensor>> Integrands = new()
    {
        ["poly4"] = x => Tensor.Pow(x, 4) - (3 * Tensor.Square(x)) + 1,
        ["exp"] = Tensor.Exp,
        ["inv_1px"] = x => 1 / (1 + x),
        ["runge"] = x => 1 / (1 + (25 * x * x)),
        ["x32"] = x => Tensor.Pow(x, 1.5),
        ["sqrt"] = Tensor.Sqrt,
        ["inv_sqrt"] = x => 1 / Tensor.Sqrt(x),
        ["log"] = Tensor.Log,
        ["log_over_sqrt"] = x => Tensor.Log(x) / Tensor.Sqrt(x),
        ["x_pow_m09"] = x => Tensor.Pow(x, -0.9),
        ["peak"] = x => 1 / ((x * x) + 1e-4),
        ["gauss_peak"] = x => Tensor.Exp(-100 * Tensor.Square(x - 0.3)),
        ["sin_over_x"] = x => Tensor.Sin(x) / x,
        ["x_sin20x"] = x => x * Tensor.Sin(20 * x),
        ["osc_2_over_2psin"] = x => 2 / (2 + Tensor.Sin(10 * Math.PI * x)),
        ["cos_exp_decay"] = x => Tensor.Cos(5 * x) * Tensor.Exp(-0.2 * x),
        ["abs_kink"] = x => Tensor.Abs(x - 0.3),
        ["abs_kink_points"] = x => Tensor.Abs(x - 0.3),
        ["log_interior_points"] = x => Tensor.Log(Tensor.Abs(x - 0.7)),
        ["qagp_example"] = x => Tensor.Pow(x, 3) * Tensor.Log(Tensor.Abs(((x * x) - 1) * ((x * x) - 2))),
        ["gaussian_line"] = x => Tensor.Exp(-(x * x)),
        ["cauchy_half"] = x => 1 / (1 + (x * x)),
        ["cauchy_line"] = x => 1 / (1 + (x * x)),
        ["qagi_example"] = x => Tensor.Log(x) / (1 + (100 * x * x)),
        ["exp_lower"] = Tensor.Exp,
        ["inv_x2_tail"] = x => 1 / (x * x),
        ["sqrt_gamma"] = x => Tensor.Exp(-x) / Tensor.Sqrt(x),
        ["reversed"] = Tensor.Exp,
    };

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
