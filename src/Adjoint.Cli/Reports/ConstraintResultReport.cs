namespace Adjoint.Cli.Reports;

/// <summary>One constraint of a <see cref="MinimizeReport"/> at the solution.</summary>
/// <param name="Constraint">The constraint as written.</param>
/// <param name="Value">The value of its body there.</param>
/// <param name="Lower">The lower bound on the body (-Infinity when none).</param>
/// <param name="Upper">The upper bound on the body (Infinity when none).</param>
/// <param name="Violation">How far the body is outside its bounds (0 when satisfied).</param>
/// <param name="Multiplier">The Lagrange multiplier, or null when the method gives none.</param>
public sealed record ConstraintResultReport(string Constraint, double Value, double Lower, double Upper, double Violation, double? Multiplier);
