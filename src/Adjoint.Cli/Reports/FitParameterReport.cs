namespace Adjoint.Cli.Reports;

/// <summary>One fitted parameter of a <see cref="FitReport"/>.</summary>
/// <param name="Name">The parameter's name.</param>
/// <param name="Value">The fitted value.</param>
/// <param name="StandardError">The standard error scaled by sqrt(reduced chi-square) (gnuplot's "asymptotic standard error", scipy's default).</param>
/// <param name="StandardErrorAbsolute">The unscaled standard error sqrt(diag((J^T W J)^-1)), right when sigma is in the units of y (scipy's absolute_sigma=True).</param>
/// <param name="PercentError">The scaled standard error as a percentage of |value| (NaN at 0).</param>
/// <param name="Initial">The starting value.</param>
/// <param name="Fixed">Whether the parameter was held fixed (equal bounds).</param>
public sealed record FitParameterReport(string Name, double Value, double StandardError, double StandardErrorAbsolute, double PercentError, double Initial, bool Fixed);
