namespace Adjoint.Cli.Input;

/// <summary>One <c>name=lower:upper</c> entry of <c>--bounds</c>; a side left empty (or <c>inf</c>) is open.</summary>
/// <param name="Name">The name.</param>
/// <param name="Lower">The lower bound, or null.</param>
/// <param name="Upper">The upper bound, or null.</param>
public sealed record NamedRange(string Name, double? Lower, double? Upper);
