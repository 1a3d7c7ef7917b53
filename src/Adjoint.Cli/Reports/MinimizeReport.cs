using System.Globalization;

namespace Adjoint.Cli.Reports;

/// <summary>Everything <c>adjoint minimize</c> reports; the text report and the JSON hold the same numbers.</summary>
public sealed record MinimizeReport
{
    /// <summary>The command that made the report ("minimize").</summary>
    public string Command { get; init; } = "minimize";

    /// <summary>The objective as written.</summary>
    public required string Objective { get; init; }

    /// <summary>The method (scipy name).</summary>
    public required string Method { get; init; }

    /// <summary>The evaluation dtype (float64 or float32).</summary>
    public required string Dtype { get; init; }

    /// <summary>The termination reason's name.</summary>
    public required string Status { get; init; }

    /// <summary>Whether the run converged (the status is a success).</summary>
    public required bool Success { get; init; }

    /// <summary>The message in words.</summary>
    public required string Message { get; init; }

    /// <summary>The objective's value at the solution.</summary>
    public required double Fun { get; init; }

    /// <summary>The infinity norm of the (projected) gradient there (NaN for derivative-free methods).</summary>
    public required double GradientNorm { get; init; }

    /// <summary>The variables.</summary>
    public required IReadOnlyList<VariableReport> Variables { get; init; }

    /// <summary>The constraints at the solution (empty without constraints).</summary>
    public required IReadOnlyList<ConstraintResultReport> Constraints { get; init; }

    /// <summary>The largest constraint or bound violation at the solution.</summary>
    public required double MaxConstraintViolation { get; init; }

    /// <summary>Iterations.</summary>
    public required int Nit { get; init; }

    /// <summary>Function evaluations.</summary>
    public required int Nfev { get; init; }

    /// <summary>Gradient evaluations.</summary>
    public required int Njev { get; init; }

    /// <summary>Hessian (or Hessian-vector product) evaluations.</summary>
    public required int Nhev { get; init; }

    /// <summary>Wall-clock seconds.</summary>
    public required double ElapsedSeconds { get; init; }

    /// <summary>Writes the text report.</summary>
    /// <param name="w">Where to write.</param>
    public void WriteText(TextWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        var c = CultureInfo.InvariantCulture;
        w.WriteLine($"minimize {Objective}");
        w.WriteLine($"  method {Method}, {Dtype}");
        w.WriteLine();
        w.WriteLine(Success ? $"status: converged ({Status})" : $"status: NOT converged ({Status})");
        w.WriteLine($"  {Message}");
        w.WriteLine();
        w.WriteLine($"{"f",-22}: {FitReport.Fmt(Fun)}");
        w.WriteLine($"{"|g| (infinity norm)",-22}: {FitReport.Fmt(GradientNorm)}");
        w.WriteLine(string.Create(c, $"{"iterations",-22}: {Nit}"));
        w.WriteLine(string.Create(c, $"{"evaluations",-22}: f {Nfev}, gradient {Njev}, Hessian {Nhev}"));
        w.WriteLine(string.Create(c, $"{"time",-22}: {ElapsedSeconds:F4} s"));
        w.WriteLine();
        int width = Math.Max(8, Variables.Count == 0 ? 0 : Variables.Max(v => v.Name.Length));
        w.WriteLine($"{"variable".PadRight(width)}  {"value",-20}  {"gradient",-14}  {"start",-12}  bounds");
        foreach (var v in Variables)
        {
            var bounds = v.Lower is null && v.Upper is null ? "" : $"[{(v.Lower is { } l ? FitReport.Fmt(l) : "-inf")}, {(v.Upper is { } u ? FitReport.Fmt(u) : "inf")}]";
            w.WriteLine($"{v.Name.PadRight(width)}  {FitReport.Fmt(v.Value),-20}  {v.Gradient.ToString("G6", c),-14}  {FitReport.Fmt(v.Initial),-12}  {bounds}");
        }

        if (Constraints.Count > 0)
        {
            w.WriteLine();
            w.WriteLine($"{"max constraint violation",-26}: {FitReport.Fmt(MaxConstraintViolation)}");
            foreach (var k in Constraints)
            {
                var multiplier = k.Multiplier is { } mu ? $", multiplier {FitReport.Fmt(mu)}" : "";
                w.WriteLine($"  {k.Constraint}: value {FitReport.Fmt(k.Value)}, violation {FitReport.Fmt(k.Violation)}{multiplier}");
            }
        }
    }
}
