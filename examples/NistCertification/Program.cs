// Fits the 27 NIST StRD nonlinear regression datasets from both certified starts with lm, trf and dogbox and prints
// the log relative error (LRE, correct significant digits) of the parameters, standard errors and residual sum of
// squares beside scipy's figures (lm and trf beside the data, dogbox in bench/peers), with the total time of all 54
// fits per method.
//
//   dotnet run -c Release --project examples/NistCertification [-- [tight] [method=lm|trf|dogbox] [scipy]]
//
// "tight" uses ftol = xtol = 1e-15, gtol = 0 instead of scipy's defaults (1e-8); "method=" runs one method only.
// "scipy" also runs scipy itself (/usr/bin/python3 scipy_reference.py beside the data, after ../shared/ref/setup.sh),
// one scipy pass after each timed pass here, and compares the medians of the same run instead of the stored total.
using System.Diagnostics;
using System.Globalization;
using Adjoint.Fit;
using Adjoint.Tests.Fit.Nist;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
bool tight = args.Contains("tight");
bool runScipy = args.Contains("scipy");
const int TimedPasses = 5;
string? only = args.FirstOrDefault(a => a.StartsWith("method=", StringComparison.Ordinal))?["method=".Length..];
var data = NistCatalog.Datasets;
foreach (var method in new[] { LeastSquaresMethod.Lm, LeastSquaresMethod.Trf, LeastSquaresMethod.Dogbox })
{
    if (only is not null && !string.Equals(only, method.ToString(), StringComparison.OrdinalIgnoreCase))
    {
        continue;
    }

    string key = method.ToString().ToLowerInvariant();
    bool haveScipy = NistCatalog.HasScipy(key);
    var (scipy, scipyTotal) = haveScipy ? NistCatalog.LoadScipy(key) : (null, 0.0);
    var options = new CurveFitOptions { Method = method, MaxFunctionEvaluations = 100000 };
    if (tight)
    {
        options = options with { FunctionTolerance = 1e-15, StepTolerance = 1e-15, GradientTolerance = 0 };
    }

    // Warm-up passes until tiered compilation has promoted the hot code (at least 1.5 s), then five timed passes;
    // the reported time is their median and the scores come from the last.
    var warm = Stopwatch.StartNew();
    while (warm.Elapsed.TotalSeconds < 5)
    {
        foreach (var d in data)
        {
            NistCatalog.FitAndScore(d, 1, options);
            NistCatalog.FitAndScore(d, 2, options);
        }
    }


    int ok = 0, scipyOk = 0, notWorse = 0;
    var passTimes = new List<double>();
    var scipyTimes = new List<double>();
    var results = new List<(NistDataset D, int Start, double P, double S, double R, int Nfev)>();
    for (int pass = 0; pass < TimedPasses; pass++)
    {
        results.Clear();
        var sw = Stopwatch.StartNew();
        foreach (var d in data)
        {
            foreach (int start in new[] { 1, 2 })
            {
                var (fit, lp, ls, lr) = NistCatalog.FitAndScore(d, start, options);
                results.Add((d, start, lp, ls, lr, fit?.Nfev ?? 0));
            }
        }

        passTimes.Add(sw.Elapsed.TotalSeconds);
        if (runScipy && haveScipy && ScipyPass(key) is double seconds)
        {
            scipyTimes.Add(seconds);
        }
    }

    passTimes.Sort();
    var total = TimeSpan.FromSeconds(passTimes[TimedPasses / 2]);
    string runs = string.Join(", ", passTimes.Select(t => t.ToString("F3", CultureInfo.InvariantCulture)));
    double scipyFastest = double.NaN;
    if (scipyTimes.Count > 0)
    {
        scipyTimes.Sort();
        scipyTotal = scipyTimes[scipyTimes.Count / 2];
        scipyFastest = scipyTimes[0];
        runs += $"; scipy in this run: {string.Join(", ", scipyTimes.Select(t => t.ToString("F3", CultureInfo.InvariantCulture)))}";
    }
    Console.WriteLine($"# Adjoint CurveFit method={key}{(tight ? " (tight: ftol=xtol=1e-15, gtol=0)" : " (default tolerances)")}; min LRE over parameters / std errors / RSS, scipy's beside");
    Console.WriteLine($"{"dataset",-10} {"difficulty",-8} {"start",-6} {"params",6} {"stderr",6} {"rss",6} | {"scipy",6} {"stderr",6} {"rss",6}  nfev");
    foreach (var (d, start, lp, ls, lr, nfev) in results)
    {
        ok += lp >= 4 ? 1 : 0;
        if (!haveScipy)
        {
            Console.WriteLine($"{d.Name,-10} {d.Difficulty,-8} start{start} {lp,6:F1} {ls,6:F1} {lr,6:F1} | {"-",6} {"-",6} {"-",6}  {nfev}");
            continue;
        }

        var s = scipy![(d.Name, start)];
        scipyOk += s.Params >= 4 ? 1 : 0;
        notWorse += Math.Round(lp, 1) >= s.Params ? 1 : 0;
        Console.WriteLine($"{d.Name,-10} {d.Difficulty,-8} start{start} {lp,6:F1} {ls,6:F1} {lr,6:F1} | {s.Params,6:F1} {s.StdErr,6:F1} {s.Rss,6:F1}  {nfev}");
    }

    if (!haveScipy)
    {
        Console.WriteLine($"# fits with >= 4 digits on every parameter: {ok}/{results.Count} (no scipy figures stored for {key})");
        Console.WriteLine($"# total fit time {total.TotalSeconds:F3} s, median of {TimedPasses} passes ({runs})");
        Console.WriteLine();
        continue;
    }

    Console.WriteLine($"# fits with >= 4 digits on every parameter: {ok}/{results.Count} (scipy {scipyOk}/{results.Count}); at least scipy's parameter digits: {notWorse}/{results.Count}");
    string scipySource = scipyTimes.Count > 0 ? "median of this run's scipy passes" : "stored";
    Console.WriteLine($"# total fit time {total.TotalSeconds:F3} s, median of {TimedPasses} passes ({runs}); scipy {scipyTotal:F3} s ({scipySource}), ratio {scipyTotal / total.TotalSeconds:F1}x");
    if (scipyTimes.Count > 0)
    {
        // On a machine whose speed varies from pass to pass, the fastest pass of each side is the steadiest estimate of its cost.
        Console.WriteLine($"# fastest passes: {passTimes[0]:F3} s here, {scipyFastest:F3} s scipy, ratio {scipyFastest / passTimes[0]:F1}x");
    }
    Console.WriteLine();
}


// One run of scipy's curve_fit over the same 54 fits (its own "total fit time"), or null when it cannot run.
static double? ScipyPass(string method)
{
    var script = Path.Combine(NistCatalog.LocateDataDirectory(), "scipy_reference.py");
    try
    {
        var start = new ProcessStartInfo("/usr/bin/python3", [script, method]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        int at = output.LastIndexOf("total fit time", StringComparison.Ordinal);
        if (process.ExitCode != 0 || at < 0)
        {
            return null;
        }

        return double.Parse(output[(at + "total fit time".Length)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }
    catch (System.ComponentModel.Win32Exception)
    {
        return null;
    }
}
