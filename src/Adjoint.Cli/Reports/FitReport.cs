using System.Globalization;

namespace Adjoint.Cli.Reports;

/// <summary>Everything <c>adjoint fit</c> reports; the text report and the JSON hold the same numbers.</summary>
public sealed record FitReport
{
    /// <summary>The command that made the report ("fit").</summary>
    public string Command { get; init; } = "fit";

    /// <summary>The model as written.</summary>
    public required string Model { get; init; }

    /// <summary>The data file.</summary>
    public required string Data { get; init; }

    /// <summary>The predictor columns.</summary>
    public required IReadOnlyList<string> X { get; init; }

    /// <summary>The response column.</summary>
    public required string Y { get; init; }

    /// <summary>The uncertainty column, or null.</summary>
    public string? Sigma { get; init; }

    /// <summary>Whether sigma is absolute (the covariance is not scaled by the reduced chi-square).</summary>
    public bool AbsoluteSigma { get; init; }

    /// <summary>The method that ran (lm, trf or dogbox).</summary>
    public required string Method { get; init; }

    /// <summary>The loss (linear, soft_l1, huber, cauchy, arctan).</summary>
    public required string Loss { get; init; }

    /// <summary>The termination reason's name.</summary>
    public required string Status { get; init; }

    /// <summary>Whether the fit converged (the status is a success).</summary>
    public required bool Success { get; init; }

    /// <summary>The solver's message in words.</summary>
    public required string Message { get; init; }

    /// <summary>The number of data rows used.</summary>
    public required int Observations { get; init; }

    /// <summary>The number of invalid rows skipped (--skip-invalid).</summary>
    public int SkippedRows { get; init; }

    /// <summary>The number of fitted (free) parameters.</summary>
    public required int FreeParameters { get; init; }

    /// <summary>Degrees of freedom: observations minus free parameters.</summary>
    public required int DegreesOfFreedom { get; init; }

    /// <summary>The final weighted sum of squares of residuals (WSSR, chi-square when sigma is given).</summary>
    public required double SumOfSquares { get; init; }

    /// <summary>sqrt(WSSR / dof) (gnuplot's FIT_STDFIT, "rms of residuals").</summary>
    public required double RmsOfResiduals { get; init; }

    /// <summary>WSSR / dof, the reduced chi-square (variance of residuals).</summary>
    public required double ReducedChiSquare { get; init; }

    /// <summary>The probability that a chi-square with dof degrees of freedom exceeds WSSR (gnuplot's FIT_P); null without sigma.</summary>
    public double? PValue { get; init; }

    /// <summary>The coefficient of determination.</summary>
    public required double RSquared { get; init; }

    /// <summary>Residual function evaluations.</summary>
    public required int Nfev { get; init; }

    /// <summary>Jacobian evaluations.</summary>
    public required int Njev { get; init; }

    /// <summary>The condition number of the column-scaled Jacobian.</summary>
    public required double ConditionNumber { get; init; }

    /// <summary>A warning about the covariance (rank deficiency, ill-conditioning), or null.</summary>
    public string? CovarianceWarning { get; init; }

    /// <summary>The parameters with their standard errors.</summary>
    public required IReadOnlyList<FitParameterReport> Parameters { get; init; }

    /// <summary>The correlation matrix of the parameters, row by row.</summary>
    public required double[][] Correlation { get; init; }

    /// <summary>The covariance matrix the fit reports (scaled unless absolute sigma), row by row.</summary>
    public required double[][] Covariance { get; init; }

    /// <summary>Writes the text report.</summary>
    /// <param name="w">Where to write.</param>
    public void WriteText(TextWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        var c = CultureInfo.InvariantCulture;
        w.WriteLine($"fit of {Model}");
        w.WriteLine(string.Create(c, $"  data {Data}: {Observations} points, x = {string.Join(", ", X)}, y = {Y}, sigma = {(Sigma is null ? "none (unit weights)" : Sigma + (AbsoluteSigma ? " (absolute)" : " (relative)"))}"));
        if (SkippedRows > 0)
        {
            w.WriteLine(string.Create(c, $"  {SkippedRows} invalid rows skipped"));
        }

        w.WriteLine($"  method {Method}, loss {Loss}");
        w.WriteLine();
        w.WriteLine(Success ? $"status: converged ({Status})" : $"status: NOT converged ({Status})");
        w.WriteLine($"  {Message}");
        w.WriteLine(string.Create(c, $"  {Nfev} function evaluations, {Njev} Jacobian evaluations"));
        w.WriteLine();
        Line(w, "final sum of squares of residuals", Fmt(SumOfSquares));
        Line(w, "degrees of freedom (ndf)", DegreesOfFreedom.ToString(c));
        Line(w, "rms of residuals, sqrt(WSSR/ndf)", Fmt(RmsOfResiduals));
        Line(w, "reduced chi-square, WSSR/ndf", Fmt(ReducedChiSquare));
        if (PValue is { } p)
        {
            Line(w, "p-value of the chi-square (ndf)", Fmt(p));
        }

        Line(w, "R^2", Fmt(RSquared));
        Line(w, "condition number of J", Fmt(ConditionNumber));
        if (CovarianceWarning is not null)
        {
            w.WriteLine($"warning: {CovarianceWarning}");
        }

        w.WriteLine();
        int width = Math.Max(9, Parameters.Count == 0 ? 0 : Parameters.Max(q => q.Name.Length));
        var scaledLabel = AbsoluteSigma ? "std. error (scaled)" : "std. error (scaled, reported)";
        var absoluteLabel = AbsoluteSigma ? "std. error (absolute sigma, reported)" : "std. error (unscaled, absolute sigma)";
        w.WriteLine($"{"parameter".PadRight(width)}  {"value",-20}  {scaledLabel,-30}  {"percent",-10}  {absoluteLabel}");
        w.WriteLine($"{new string('=', width)}  {new string('=', 20)}  {new string('=', 30)}  {new string('=', 10)}  {new string('=', absoluteLabel.Length)}");
        foreach (var q in Parameters)
        {
            var pct = double.IsFinite(q.PercentError) ? string.Create(c, $"({q.PercentError:F4}%)") : "";
            var fixedNote = q.Fixed ? "  (fixed)" : "";
            w.WriteLine($"{q.Name.PadRight(width)}  {Fmt(q.Value),-20}  {"+/- " + Fmt(q.StandardError),-30}  {pct,-10}  +/- {Fmt(q.StandardErrorAbsolute)}{fixedNote}");
        }

        if (Parameters.Count > 1)
        {
            w.WriteLine();
            w.WriteLine("correlation matrix of the fit parameters:");
            w.Write(new string(' ', width + 2));
            foreach (var q in Parameters)
            {
                w.Write($"{Trim(q.Name, 8),8} ");
            }

            w.WriteLine();
            for (int i = 0; i < Parameters.Count; i++)
            {
                w.Write(Parameters[i].Name.PadRight(width) + "  ");
                for (int j = 0; j <= i; j++)
                {
                    w.Write(string.Create(c, $"{Correlation[i][j],8:F4} "));
                }

                w.WriteLine();
            }
        }
    }

    internal static string Fmt(double v) => v.ToString("G10", CultureInfo.InvariantCulture);

    private static string Trim(string s, int n) => s.Length <= n ? s : s[..n];

    private static void Line(TextWriter w, string label, string value) => w.WriteLine($"{label,-36}: {value}");
}
