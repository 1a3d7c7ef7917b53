namespace Adjoint.Fit;

/// <summary>Why a least-squares solve stopped (scipy's <c>status</c> codes, plus MINPACK's precision limits).</summary>
/// <remarks>Use <see cref="LeastSquaresStatusExtensions.Message"/> for the sentence and
/// <see cref="LeastSquaresStatusExtensions.IsSuccess"/> for whether the result is a converged solution.</remarks>
public enum LeastSquaresStatus
{
    /// <summary>The maximum number of function evaluations was reached before any tolerance was met (scipy status 0).</summary>
    MaxFunctionEvaluations,

    /// <summary>The scaled gradient fell below GradientTolerance (scipy status 1).</summary>
    GradientTolerance,

    /// <summary>The relative reduction of the cost fell below FunctionTolerance (scipy status 2).</summary>
    FunctionTolerance,

    /// <summary>The relative step fell below StepTolerance (scipy status 3).</summary>
    StepTolerance,

    /// <summary>Both the function and the step tolerances were met (scipy status 4).</summary>
    FunctionAndStepTolerance,

    /// <summary>
    /// No further reduction of the cost, or of the step, is possible in floating point although the requested
    /// tolerance was not reached (MINPACK info 6 to 8): the point is as accurate as double precision allows.
    /// </summary>
    MachinePrecision,

    /// <summary>The residuals or the Jacobian were not finite at the starting point.</summary>
    NonFiniteValue,
}

/// <summary>Messages and success flags of <see cref="LeastSquaresStatus"/>.</summary>
public static class LeastSquaresStatusExtensions
{
    /// <summary>A one-sentence explanation of the status.</summary>
    public static string Message(this LeastSquaresStatus status) => status switch
    {
        LeastSquaresStatus.MaxFunctionEvaluations => "The maximum number of function evaluations was exceeded.",
        LeastSquaresStatus.GradientTolerance => "`gtol` termination condition is satisfied: the scaled gradient is below the gradient tolerance.",
        LeastSquaresStatus.FunctionTolerance => "`ftol` termination condition is satisfied: the relative reduction of the cost is below the function tolerance.",
        LeastSquaresStatus.StepTolerance => "`xtol` termination condition is satisfied: the relative step is below the step tolerance.",
        LeastSquaresStatus.FunctionAndStepTolerance => "Both `ftol` and `xtol` termination conditions are satisfied.",
        LeastSquaresStatus.MachinePrecision => "No further improvement is possible in double precision: the tolerances are below machine precision and the solution is as accurate as floating point allows.",
        LeastSquaresStatus.NonFiniteValue => "The residuals or the Jacobian are not finite at the starting point.",
        _ => "Unknown status.",
    };

    /// <summary>Whether the status means a converged solution (every status but evaluation exhaustion and non-finite values).</summary>
    public static bool IsSuccess(this LeastSquaresStatus status) =>
        status is not (LeastSquaresStatus.MaxFunctionEvaluations or LeastSquaresStatus.NonFiniteValue);
}
