namespace Adjoint.Optimize;

/// <summary>
/// A run's settings with every default filled in for one problem (from <see cref="MinimizeOptions.Resolve"/>): what the
/// shared <see cref="Driver"/> and the method read, through <see cref="MinimizationProblem.Settings"/>.
/// </summary>
/// <remarks>
/// The driver enforces <see cref="MaxIterations"/>, <see cref="TimeLimit"/> and (with <see cref="StopOnGradient"/>) the
/// <see cref="GradientTolerance"/> test; the problem enforces <see cref="MaxFunctionEvaluations"/>. A method uses
/// <see cref="FunctionTolerance"/> and <see cref="StepTolerance"/> in its own stopping tests, with its own meaning.
/// </remarks>
/// <param name="MaxIterations">The most iterations the driver runs (scipy <c>maxiter</c>).</param>
/// <param name="MaxFunctionEvaluations">The most objective evaluations, a hard bound enforced by the problem (scipy <c>maxfev</c>).</param>
/// <param name="GradientTolerance">Success when the infinity norm of the (projected) gradient is at most this (scipy <c>gtol</c>).</param>
/// <param name="FunctionTolerance">The method's function-change tolerance (scipy <c>ftol</c>); 0 when unused.</param>
/// <param name="StepTolerance">The method's step tolerance (scipy <c>xtol</c>); 0 when unused.</param>
/// <param name="TimeLimit">Wall-clock limit, or null for none.</param>
/// <param name="MachineEpsilon">ε of the evaluation dtype.</param>
/// <param name="StopOnGradient">Whether the driver stops as soon as the gradient norm reaches gtol (false for methods whose
/// own stopping test is a step test, such as Newton-CG; gtol then only verifies success).</param>
public sealed record ResolvedSettings(
    int MaxIterations,
    int MaxFunctionEvaluations,
    double GradientTolerance,
    double FunctionTolerance,
    double StepTolerance,
    TimeSpan? TimeLimit,
    double MachineEpsilon,
    bool StopOnGradient = true)
{
    /// <summary>The largest constraint violation (constraints' own units, box bounds included) a constrained run may end
    /// with and succeed; the driver's success test and the final constrained check use it.</summary>
    public double ConstraintTolerance { get; init; } = 1e-6;
}
