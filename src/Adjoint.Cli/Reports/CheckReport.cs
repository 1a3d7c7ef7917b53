using System.Globalization;

namespace Adjoint.Cli.Reports;

/// <summary>What <c>adjoint check</c> reports: the value, the gradient and the Hessian by autodiff beside central finite differences.</summary>
public sealed record CheckReport
{
    /// <summary>The command that made the report ("check").</summary>
    public string Command { get; init; } = "check";

    /// <summary>The expression as written.</summary>
    public required string Expression { get; init; }

    /// <summary>The point, by name.</summary>
    public required IReadOnlyDictionary<string, double> At { get; init; }

    /// <summary>The value there.</summary>
    public required double Value { get; init; }

    /// <summary>The gradient entries.</summary>
    public required IReadOnlyList<DerivativeEntry> Gradient { get; init; }

    /// <summary>The Hessian entries (upper triangle, row by row).</summary>
    public required IReadOnlyList<DerivativeEntry> Hessian { get; init; }

    /// <summary>The largest relative error of the gradient.</summary>
    public required double MaxGradientError { get; init; }

    /// <summary>The largest relative error of the Hessian.</summary>
    public required double MaxHessianError { get; init; }

    /// <summary>The tolerance on the gradient's relative error.</summary>
    public required double GradientTolerance { get; init; }

    /// <summary>The tolerance on the Hessian's relative error.</summary>
    public required double HessianTolerance { get; init; }

    /// <summary>Whether both errors are within their tolerances.</summary>
    public required bool Agree { get; init; }

    /// <summary>The finite-difference steps: h = eps^(1/3) max(1, |x|) for the gradient, eps^(1/4) max(1, |x|) for the Hessian.</summary>
    public required string Steps { get; init; }

    /// <summary>Writes the text report.</summary>
    /// <param name="w">Where to write.</param>
    public void WriteText(TextWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        var c = CultureInfo.InvariantCulture;
        w.WriteLine($"check {Expression} at {string.Join(", ", At.Select(kv => $"{kv.Key}={kv.Value.ToString("R", c)}"))}");
        w.WriteLine($"value: {Value.ToString("R", c)}");
        Table(w, "gradient", Gradient);
        Table(w, "Hessian", Hessian);
        w.WriteLine();
        w.WriteLine(string.Create(c, $"max relative error: gradient {MaxGradientError:0.00E+00} (tolerance {GradientTolerance:0E+00}), Hessian {MaxHessianError:0.00E+00} (tolerance {HessianTolerance:0E+00})"));
        w.WriteLine($"finite-difference steps: {Steps}");
        w.WriteLine(Agree ? "autodiff and finite differences agree" : "autodiff and finite differences DISAGREE");
    }

    private static void Table(TextWriter w, string title, IReadOnlyList<DerivativeEntry> entries)
    {
        var c = CultureInfo.InvariantCulture;
        w.WriteLine();
        int width = Math.Max(12, entries.Count == 0 ? 0 : entries.Max(e => e.Name.Length));
        w.WriteLine($"{title.PadRight(width)}  {"autodiff",-24}  {"finite difference",-24}  {"abs. error",-10}  rel. error");
        foreach (var e in entries)
        {
            w.WriteLine($"{e.Name.PadRight(width)}  {e.Autodiff.ToString("R", c),-24}  {e.FiniteDifference.ToString("R", c),-24}  {e.AbsoluteError.ToString("0.00E+00", c),-10}  {e.RelativeError.ToString("0.00E+00", c)}");
        }
    }
}
