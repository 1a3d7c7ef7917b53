namespace Adjoint.Calculus;

/// <summary>Evaluates an integrand at a whole panel of points at once, in float64.</summary>
/// <param name="points">The points.</param>
/// <param name="values">Receives one value per point.</param>
internal delegate void PanelFunction(ReadOnlySpan<double> points, Span<double> values);
