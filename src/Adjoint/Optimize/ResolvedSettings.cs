namespace Adjoint.Optimize;

/// <summary>Options with defaults filled in for one problem: what the driver and methods read.</summary>
/// <param name="MaxIterations">maxiter.</param>
/// <param name="MaxFunctionEvaluations">maxfev (hard).</param>
/// <param name="GradientTolerance">gtol (infinity norm).</param>
/// <param name="FunctionTolerance">ftol (relative decrease).</param>
/// <param name="StepTolerance">xtol.</param>
/// <param name="TimeLimit">Wall-clock limit.</param>
/// <param name="MachineEpsilon">ε of the evaluation dtype.</param>
/// <param name="StopOnGradient">Whether the driver stops as soon as the gradient norm reaches gtol (false for methods whose
/// own stopping test is a step test, such as Newton-CG; gtol then only verifies success).</param>
internal sealed record ResolvedSettings(
    int MaxIterations,
    int MaxFunctionEvaluations,
    double GradientTolerance,
    double FunctionTolerance,
    double StepTolerance,
    TimeSpan? TimeLimit,
    double MachineEpsilon,
    bool StopOnGradient = true);
