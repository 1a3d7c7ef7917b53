namespace Adjoint.Optimize.LineSearch;

/// <summary>
/// An extra acceptance test for a line-search step, asked only about steps that already satisfy the strong Wolfe conditions.
/// </summary>
/// <remarks>
/// It is called immediately after φ was evaluated at <paramref name="step"/>, so a caller whose <see cref="ILineFunction"/>
/// keeps the point and gradient of its last evaluation can inspect them (nonlinear CG uses this to require that the next
/// direction be a sufficient descent direction). Returning false makes the search go on looking for another step.
/// </remarks>
/// <param name="step">The step α.</param>
/// <param name="value">φ(α).</param>
/// <param name="derivative">φ'(α).</param>
/// <returns>Whether the step is accepted.</returns>
public delegate bool StepAcceptance(double step, double value, double derivative);
