using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Adjoint.Optimize;
using Adjoint.TestProblems;

// Runs the constrained methods on the Hock-Schittkowski catalog from the standard starts with default options and
// prints, per method: which problems reach f* (1e-6 relative, violation <= 1e-6), successes reported at no documented
// minimum, iterations and evaluations, and the total wall time. With bench/peers/hs_scipy.json (from
// bench/peers/hs_scipy.py, run in the same session for time ratios) it adds scipy's figures side by side.
//   dotnet run -c Release --project examples/HsComparison [-- bench/peers/hs_scipy.json] [--methods SLSQP,COBYLA] [--repeat 3]
// MathNet's managed factorizations start parallel loops even for tiny matrices, which costs more than it gains on
// small problems; the constrained methods factor many small matrices, so this program runs them single-threaded.
MathNet.Numerics.Control.UseSingleThread();
var c = CultureInfo.InvariantCulture;
string? scipyFile = args.FirstOrDefault(a => a.EndsWith(".json", StringComparison.Ordinal));
var methodFilter = args.SkipWhile(a => a != "--methods").Skip(1).FirstOrDefault()?.Split(',');
int repeat = int.Parse(args.SkipWhile(a => a != "--repeat").Skip(1).FirstOrDefault() ?? "3", c);
JsonElement? scipy = scipyFile is null ? null : JsonDocument.Parse(File.ReadAllText(scipyFile)).RootElement.GetProperty("problems");

foreach (var method in MethodRegistry.All.Where(m => m.Capabilities.SupportsInequality))
{
    if (methodFilter is not null && !methodFilter.Contains(method.Name, StringComparer.OrdinalIgnoreCase))
    {
        continue;
    }

    Console.WriteLine($"== {method.Name}");
    Console.WriteLine(string.Format(c, "{0,-8} {1,15} {2,8} {3,4} {4,4} {5,5} {6,5} {7,-18} {8,9} | {9,4} {10,4} {11,5} {12,5} {13,9}",
        "problem", "f", "viol", "ok", "f*", "nit", "nfev", "status", "ms", "sp_ok", "sp_f*", "nit", "nfev", "ms"));
    int reached = 0, successes = 0, falseSuccesses = 0, scipyReached = 0, bothReached = 0, scipyFalse = 0;
    double ours = 0, theirs = 0, oursBoth = 0, theirsBoth = 0;
    var nitRatios = new List<double>();
    var regressions = new List<string>();
    foreach (var p in HockSchittkowski.All)
    {
        var options = method.DefaultOptions();
        MinimizeResult? r = null;
        double best = double.PositiveInfinity;
        for (int k = 0; k < repeat; k++)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                r = Minimizer.Minimize(p.Function, p.X0, options, p.Bounds(), constraints: p.Constraints);
            }
            catch (Exception ex) when (ex is ObjectiveException or ArgumentException)
            {
                Console.WriteLine($"{p.Name,-8} threw {ex.GetType().Name}: {ex.Message}");
                r = null;
                break;
            }

            best = Math.Min(best, clock.Elapsed.TotalMilliseconds);
        }

        if (r is null)
        {
            continue;
        }

        double violation = p.MaxViolation(r.X);
        bool ok = p.Reached(r.Fun) && violation <= 1e-6;
        bool documented = ok || (p.Reached(r.Fun, allowOther: true) && violation <= 1e-6);
        reached += ok ? 1 : 0;
        successes += r.Success ? 1 : 0;
        falseSuccesses += r.Success && !documented ? 1 : 0;
        ours += best;
        string scipyText = "";
        if (scipy is { } sp && sp.TryGetProperty(p.Name, out var entry) && entry.TryGetProperty(method.Name, out var s))
        {
            bool spOk = s.GetProperty("reached").GetBoolean();
            bool spSuccess = s.GetProperty("success").GetBoolean();
            bool spDocumented = spOk || s.GetProperty("at_documented_local_minimum").GetBoolean();
            scipyFalse += spSuccess && !spDocumented ? 1 : 0;
            scipyReached += spOk ? 1 : 0;
            double spMs = s.GetProperty("wall_s").GetDouble() * 1e3;
            theirs += spMs;
            int spNit = s.GetProperty("nit").GetInt32();
            if (ok && spOk)
            {
                bothReached++;
                oursBoth += best;
                theirsBoth += spMs;
                if (spNit > 0)
                {
                    nitRatios.Add((double)Math.Max(r.Nit, 1) / spNit);
                }
            }
            else if (spOk && !ok)
            {
                regressions.Add(p.Name);
            }

            scipyText = string.Format(c, "| {0,4} {1,4} {2,5} {3,5} {4,9:F3}", spSuccess ? "y" : "n", spOk ? "y" : "n", spNit, s.GetProperty("nfev").GetInt32(), spMs);
        }

        Console.WriteLine(string.Format(c, "{0,-8} {1,15:G9} {2,8:E1} {3,4} {4,4} {5,5} {6,5} {7,-18} {8,9:F3} {9}",
            p.Name, r.Fun, violation, r.Success ? "y" : "n", ok ? "y" : documented ? "loc" : "n", r.Nit, r.Nfev, r.Status, best, scipyText));
    }

    nitRatios.Sort();
    double median = nitRatios.Count == 0 ? double.NaN : nitRatios[nitRatios.Count / 2];
    Console.WriteLine(string.Format(c, "{0}: reached f* {1}/{2} (scipy {3}); successes {4}, at no documented minimum {5} (scipy {6}); missed where scipy reached: {7}",
        method.Name, reached, HockSchittkowski.All.Count, scipyReached, successes, falseSuccesses, scipyFalse, regressions.Count == 0 ? "none" : string.Join(" ", regressions)));
    Console.WriteLine(string.Format(c, "{0}: wall time {1:F1} ms (scipy {2:F1} ms, {3:F1}x); on the {4} both reach: {5:F1} vs {6:F1} ms ({7:F1}x); median nit ratio {8:F2}",
        method.Name, ours, theirs, theirs / ours, bothReached, oursBoth, theirsBoth, theirsBoth / oursBoth, median));
}
