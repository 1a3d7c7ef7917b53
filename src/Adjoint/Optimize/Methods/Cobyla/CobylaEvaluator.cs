namespace Adjoint.Optimize.Methods.Cobyla;

/// <summary>
/// One evaluation of a COBYLA problem at <paramref name="x"/>: returns f(x) and writes the constraint values into
/// <paramref name="constraints"/>, each feasible when it is at least 0.
/// </summary>
/// <param name="x">The point (inside the box when the problem has bounds).</param>
/// <param name="constraints">Receives the m constraint values c_i(x), feasible when c_i(x) >= 0.</param>
/// <returns>The objective value.</returns>
internal delegate double CobylaEvaluator(ReadOnlySpan<double> x, Span<double> constraints);
