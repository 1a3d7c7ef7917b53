using System.Globalization;
using System.Text.Json;
using Adjoint.Optimize;
using Adjoint.Tensors;
using Adjoint.TestProblems;

// Runs every registered method on the Moré-Garbow-Hillstrom set from the standard starts and prints, per method,
// which problems reach f* (1e-6 absolute or relative). With a JSON file from bench/peers/mgh_scipy.py it also prints
// nit and nfev ratios against scipy's same method.
//   dotnet run -c Release --project examples/MghComparison [-- scipy.json] [--methods BFGS,L-BFGS-B]
var c = CultureInfo.InvariantCulture;
if (args.Contains("--perf"))
{
    Perf.Run();
    return;
}

string? scipyFile = args.FirstOrDefault(a => a.EndsWith(".json", StringComparison.Ordinal));
var methodFilter = args.SkipWhile(a => a != "--methods").Skip(1).FirstOrDefault()?.Split(',');
Dictionary<string, Dictionary<string, JsonElement>>? scipy = null;
if (scipyFile is not null)
{
    scipy = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, JsonElement>>>(File.ReadAllText(scipyFile));
}

foreach (var method in MethodRegistry.All)
{
    if (methodFilter is not null && !methodFilter.Contains(method.Name))
    {
        continue;
    }

    Console.WriteLine($"== {method.Name}");
    Console.WriteLine(string.Format(c, "{0,-32} {1,14} {2,5} {3,6} {4,6} {5,-18} {6,8} {7,8} {8,7}", "problem", "f", "f*ok", "nit", "nfev", "status", "nit_sp", "ratio", "sp_f*ok"));
    int reached = 0, total = 0, scipyReached = 0, bothReached = 0;
    var ratios = new List<double>();
    var fevRatios = new List<double>();
    var regressions = new List<string>();
    foreach (var p in MoreGarbowHillstrom.All)
    {
        total++;
        var opts = method.DefaultOptions();
        MinimizeResult r;
        try
        {
            r = Minimizer.Minimize(Objective.Create(p.Function), Tensor.FromArray(p.X0), opts);
        }
        catch (ObjectiveException ex)
        {
            Console.WriteLine($"{p,-32} threw {ex.Message}");
            continue;
        }

        bool ok = p.Reached(r.Fun);
        reached += ok ? 1 : 0;
        string key = p.ToString();
        string nitSp = "", ratio = "", spOk = "";
        if (scipy is not null && scipy.TryGetValue(method.Name, out var byProblem) && byProblem.TryGetValue(key, out var e))
        {
            int nit = e.GetProperty("nit").GetInt32();
            int nfev = e.GetProperty("nfev").GetInt32();
            double fsp = e.GetProperty("fun").GetDouble();
            bool sok = p.Reached(fsp);
            scipyReached += sok ? 1 : 0;
            spOk = sok ? "yes" : "no";
            nitSp = nit.ToString(c);
            if (sok && ok)
            {
                bothReached++;
                double q = (double)Math.Max(r.Nit, 1) / Math.Max(nit, 1);
                ratios.Add(q);
                fevRatios.Add((double)Math.Max(r.Nfev, 1) / Math.Max(nfev, 1));
                ratio = q.ToString("F2", c);
            }

            if (sok && !ok)
            {
                regressions.Add(key);
            }
        }

        Console.WriteLine(string.Format(c, "{0,-32} {1,14:G7} {2,5} {3,6} {4,6} {5,-18} {6,8} {7,8} {8,7}", key, r.Fun, ok ? "yes" : "no", r.Nit, r.Nfev, r.Status, nitSp, ratio, spOk));
    }

    Console.WriteLine($"   reached f*: {reached}/{total}");
    if (scipy is not null)
    {
        Console.WriteLine($"   scipy reached f*: {scipyReached}/{total}; both: {bothReached}; median nit ratio {Median(ratios):F2}, median nfev ratio {Median(fevRatios):F2}");
        Console.WriteLine($"   reached by scipy but not here: {(regressions.Count == 0 ? "none" : string.Join(", ", regressions))}");
    }
}

static double Median(List<double> v)
{
    if (v.Count == 0)
    {
        return double.NaN;
    }

    var s = v.Order().ToList();
    return s.Count % 2 == 1 ? s[s.Count / 2] : 0.5 * (s[(s.Count / 2) - 1] + s[s.Count / 2]);
}
