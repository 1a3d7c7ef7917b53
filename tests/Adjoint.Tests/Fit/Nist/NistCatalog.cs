using System.Globalization;
using System.Text.Json;
using Adjoint.Fit;
using Adjoint.Tensors;

namespace Adjoint.Tests.Fit.Nist;

/// <summary>One NIST StRD nonlinear regression dataset with its certified values.</summary>
public sealed record NistDataset(
    string Name,
    string Difficulty,
    Tensor X,
    double[] Y,
    double[] Start1,
    double[] Start2,
    double[] CertifiedParams,
    double[] CertifiedStdErrors,
    double CertifiedRss)
{
    /// <summary>The model as a tensor function of x and the parameter vector.</summary>
    public Func<Tensor, Tensor, Tensor> Model => NistCatalog.Models[Name];

    public double[] Start(int which) => which == 1 ? Start1 : Start2;
}

/// <summary>The scipy figures for one fit: minimum LRE of parameters, standard errors and RSS.</summary>
public sealed record ScipyFigures(double Params, double StdErr, double Rss);

/// <summary>The 27 NIST StRD nonlinear regression problems: models written with tensor operations, data from the JSON files.</summary>
public static class NistCatalog
{
    private const double Pi = Math.PI;

    /// <summary>The models, one line each, keyed by dataset name; p[0] is b1.</summary>
    public static readonly IReadOnlyDictionary<string, Func<Tensor, Tensor, Tensor>> Models = new Dictionary<string, Func<Tensor, Tensor, Tensor>>
    {
        ["Bennett5"] = (x, p) => p[0] * Tensor.Pow(p[1] + x, -1.0 / p[2]),
        ["BoxBOD"] = (x, p) => p[0] * (1 - Tensor.Exp(-p[1] * x)),
        ["Chwirut1"] = (x, p) => Tensor.Exp(-p[0] * x) / (p[1] + (p[2] * x)),
        ["Chwirut2"] = (x, p) => Tensor.Exp(-p[0] * x) / (p[1] + (p[2] * x)),
        ["DanWood"] = (x, p) => p[0] * Tensor.Pow(x, p[1]),
        ["ENSO"] = (x, p) => p[0] + (p[1] * Tensor.Cos(2 * Pi * x / 12)) + (p[2] * Tensor.Sin(2 * Pi * x / 12))
            + (p[4] * Tensor.Cos(2 * Pi * x / p[3])) + (p[5] * Tensor.Sin(2 * Pi * x / p[3]))
            + (p[7] * Tensor.Cos(2 * Pi * x / p[6])) + (p[8] * Tensor.Sin(2 * Pi * x / p[6])),
        ["Eckerle4"] = (x, p) => p[0] / p[1] * Tensor.Exp(-0.5 * Tensor.Square((x - p[2]) / p[1])),
        ["Gauss1"] = Gauss,
        ["Gauss2"] = Gauss,
        ["Gauss3"] = Gauss,
        ["Hahn1"] = Rational3,
        ["Kirby2"] = (x, p) => (p[0] + (p[1] * x) + (p[2] * x * x)) / (1 + (p[3] * x) + (p[4] * x * x)),
        ["Lanczos1"] = Lanczos,
        ["Lanczos2"] = Lanczos,
        ["Lanczos3"] = Lanczos,
        ["MGH09"] = (x, p) => p[0] * ((x * x) + (x * p[1])) / ((x * x) + (x * p[2]) + p[3]),
        ["MGH10"] = (x, p) => p[0] * Tensor.Exp(p[1] / (x + p[2])),
        ["MGH17"] = (x, p) => p[0] + (p[1] * Tensor.Exp(-x * p[3])) + (p[2] * Tensor.Exp(-x * p[4])),
        ["Misra1a"] = (x, p) => p[0] * (1 - Tensor.Exp(-p[1] * x)),
        ["Misra1b"] = (x, p) => p[0] * (1 - Tensor.Pow(1 + (p[1] * x / 2), -2.0)),
        ["Misra1c"] = (x, p) => p[0] * (1 - Tensor.Pow(1 + (2 * p[1] * x), -0.5)),
        ["Misra1d"] = (x, p) => p[0] * p[1] * x * Tensor.Pow(1 + (p[1] * x), -1.0),
        ["Nelson"] = (x, p) => p[0] - (p[1] * x[.., 0] * Tensor.Exp(-p[2] * x[.., 1])),
        ["Rat42"] = (x, p) => p[0] / (1 + Tensor.Exp(p[1] - (p[2] * x))),
        ["Rat43"] = (x, p) => p[0] / Tensor.Pow(1 + Tensor.Exp(p[1] - (p[2] * x)), 1 / p[3]),
        ["Roszman1"] = (x, p) => p[0] - (p[1] * x) - (Tensor.Atan(p[2] / (x - p[3])) / Pi),
        ["Thurber"] = Rational3,
    };

    private static Tensor Gauss(Tensor x, Tensor p) =>
        (p[0] * Tensor.Exp(-p[1] * x)) + (p[2] * Tensor.Exp(-Tensor.Square(x - p[3]) / Tensor.Square(p[4])))
        + (p[5] * Tensor.Exp(-Tensor.Square(x - p[6]) / Tensor.Square(p[7])));

    private static Tensor Rational3(Tensor x, Tensor p)
    {
        var x2 = x * x;
        var x3 = x2 * x;
        return (p[0] + (p[1] * x) + (p[2] * x2) + (p[3] * x3)) / (1 + (p[4] * x) + (p[5] * x2) + (p[6] * x3));
    }

    private static Tensor Lanczos(Tensor x, Tensor p) =>
        (p[0] * Tensor.Exp(-p[1] * x)) + (p[2] * Tensor.Exp(-p[3] * x)) + (p[4] * Tensor.Exp(-p[5] * x));

    /// <summary>
    /// The folder holding the NIST files: $ADJOINT_DATA (the folder itself or one containing nist-strd), else the first
    /// <c>shared/data/nist-strd</c> found walking up from the test assembly's directory.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">Nothing found: says where it looked.</exception>
    public static string LocateDataDirectory()
    {
        var env = Environment.GetEnvironmentVariable("ADJOINT_DATA");
        if (!string.IsNullOrEmpty(env))
        {
            foreach (var candidate in new[] { env, Path.Combine(env, "nist-strd"), Path.Combine(env, "data", "nist-strd"), Path.Combine(env, "shared", "data", "nist-strd") })
            {
                if (File.Exists(Path.Combine(candidate, "Misra1a.json")))
                {
                    return candidate;
                }
            }
        }

        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data", "nist-strd");
            if (File.Exists(Path.Combine(candidate, "Misra1a.json")))
            {
                return candidate;
            }

            dir = dir.Parent;
        }

        throw new DirectoryNotFoundException(
            $"NIST StRD data not found: set ADJOINT_DATA to the nist-strd folder, or place shared/data/nist-strd in a directory above {AppContext.BaseDirectory}.");
    }

    private static readonly Lazy<IReadOnlyList<NistDataset>> All = new(() => Load(LocateDataDirectory()));

    /// <summary>All 27 datasets, in name order.</summary>
    public static IReadOnlyList<NistDataset> Datasets => All.Value;

    public static NistDataset Get(string name) => Datasets.First(d => d.Name == name);

    /// <summary>The dataset names, in name order (no data access: usable for test data).</summary>
    public static IEnumerable<string> Names => Models.Keys.OrderBy(k => k, StringComparer.Ordinal);

    public static IReadOnlyList<NistDataset> Load(string dir)
    {
        var list = new List<NistDataset>();
        foreach (var name in Names)
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, name + ".json")));
            var r = doc.RootElement;
            var y = Doubles(r.GetProperty("y"));
            if (r.GetProperty("response").GetString() == "log(y)")
            {
                y = [.. y.Select(v => Math.Log(v))];
            }

            var xe = r.GetProperty("x");
            Tensor x;
            if (xe[0].ValueKind == JsonValueKind.Array)
            {
                int k = xe[0].GetArrayLength();
                var rows = xe.EnumerateArray().Select(Doubles).ToArray();
                var flat = rows.SelectMany(a => a).ToArray();
                x = Tensor.FromArray(flat, [rows.Length, k]);
            }
            else
            {
                x = Tensor.FromArray(Doubles(xe));
            }

            var c = r.GetProperty("certified");
            list.Add(new NistDataset(
                name,
                r.GetProperty("difficulty").GetString()!,
                x,
                y,
                Doubles(r.GetProperty("start1")),
                Doubles(r.GetProperty("start2")),
                Doubles(c.GetProperty("params")),
                Doubles(c.GetProperty("std_errors")),
                c.GetProperty("residual_sum_of_squares").GetDouble()));
        }

        return list;
    }

    private static double[] Doubles(JsonElement e) => [.. e.EnumerateArray().Select(v => v.GetDouble())];

    /// <summary>
    /// Parses scipy's figures for a method, scipy_lm.txt / scipy_trf.txt beside the data or, for a method the data do not
    /// cover, bench/peers/nist_scipy_{method}.txt in the repository: (dataset, start 1 or 2) -> figures; and the total time.
    /// </summary>
    public static (Dictionary<(string, int), ScipyFigures> Figures, double TotalSeconds) LoadScipy(string method)
    {
        var path = Path.Combine(LocateDataDirectory(), $"scipy_{method}.txt");
        if (!File.Exists(path) && RepositoryFile(Path.Combine("bench", "peers", $"nist_scipy_{method}.txt")) is { } stored)
        {
            path = stored;
        }

        var figs = new Dictionary<(string, int), ScipyFigures>();
        double total = double.NaN;
        foreach (var line in File.ReadAllLines(path))
        {
            if (line.StartsWith('#'))
            {
                int at = line.IndexOf("total fit time", StringComparison.Ordinal);
                if (at >= 0)
                {
                    var t = line[(at + "total fit time".Length)..].Trim().Split(' ')[0];
                    total = double.Parse(t, CultureInfo.InvariantCulture);
                }

                continue;
            }

            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length != 6 || f[0] == "dataset")
            {
                continue;
            }

            int start = f[2] == "start1" ? 1 : 2;
            figs[(f[0], start)] = new ScipyFigures(
                double.Parse(f[3], CultureInfo.InvariantCulture),
                double.Parse(f[4], CultureInfo.InvariantCulture),
                double.Parse(f[5], CultureInfo.InvariantCulture));
        }

        return (figs, total);
    }

    /// <summary>Whether scipy's figures for <paramref name="method"/> can be found (see <see cref="LoadScipy"/>).</summary>
    public static bool HasScipy(string method) =>
        File.Exists(Path.Combine(LocateDataDirectory(), $"scipy_{method}.txt"))
        || RepositoryFile(Path.Combine("bench", "peers", $"nist_scipy_{method}.txt")) is not null;

    /// <summary>The file at <paramref name="relative"/> in the first directory above the working directory or the assembly that has it.</summary>
    private static string? RepositoryFile(string relative)
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, relative);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>NIST's log relative error, capped at 11 digits; 0 for a non-finite estimate.</summary>
    public static double Lre(double estimate, double certified)
    {
        if (!double.IsFinite(estimate))
        {
            return 0;
        }

        if (certified == 0)
        {
            return estimate == 0 ? 11 : Math.Min(11, -Math.Log10(Math.Abs(estimate)));
        }

        double err = Math.Abs(estimate - certified) / Math.Abs(certified);
        return err == 0 ? 11 : Math.Max(0, Math.Min(11, -Math.Log10(err)));
    }

    /// <summary>Fits a dataset from a start and returns the fit with its minimum LREs (0 if the fit throws).</summary>
    public static (FitResult? Fit, double Params, double StdErr, double Rss) FitAndScore(NistDataset d, int start, CurveFitOptions options)
    {
        FitResult fit;
        try
        {
            fit = CurveFit.Fit(d.Model, d.X, Tensor.FromArray(d.Y), d.Start(start), options);
        }
        catch (ArithmeticException)
        {
            return (null, 0, 0, 0);
        }

        double lp = d.CertifiedParams.Select((c, i) => Lre(fit.Parameters[i], c)).Min();
        double ls = d.CertifiedStdErrors.Select((c, i) => Lre(fit.StandardErrors[i], c)).Min();
        double lr = Lre(fit.ChiSquare, d.CertifiedRss);
        if (!fit.Success)
        {
            lp = ls = lr = 0;
        }

        return (fit, lp, ls, lr);
    }
}
