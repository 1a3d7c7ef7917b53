namespace Adjoint.Cli.Reports;

/// <summary>One variable of a <see cref="MinimizeReport"/>.</summary>
/// <param name="Name">The variable's name.</param>
/// <param name="Initial">The starting value.</param>
/// <param name="Value">The value at the solution.</param>
/// <param name="Gradient">The objective's partial derivative there (NaN when the method kept no gradient).</param>
/// <param name="Lower">The lower bound, or null.</param>
/// <param name="Upper">The upper bound, or null.</param>
public sealed record VariableReport(string Name, double Initial, double Value, double Gradient, double? Lower, double? Upper);
