namespace Adjoint.Optimize;

/// <summary>Why a minimization stopped. <see cref="TerminationReasons.IsSuccess"/> decides <see cref="MinimizeResult.Success"/>.</summary>
public enum TerminationReason
{
    /// <summary>The (projected) gradient's infinity norm fell to gtol or below: a first-order stationary point was found.</summary>
    GradientTolerance,

    /// <summary>The relative decrease of the objective fell below ftol while the (projected) gradient norm is at most gtol (for derivative-free methods such as Powell, the relative decrease alone).</summary>
    FunctionTolerance,

    /// <summary>The step fell below xtol while the (projected) gradient norm is at most gtol.</summary>
    StepTolerance,

    /// <summary>The simplex (or pattern) became smaller than xatol in x and its values spread less than fatol: the derivative-free optimality test holds.</summary>
    SimplexConverged,

    /// <summary>The objective or the step stopped changing while the gradient norm is still above gtol: a flat region, noise or an inaccurate gradient; not a verified minimum.</summary>
    NoProgress,

    /// <summary>The iteration limit (maxiter) was reached before the optimality test held.</summary>
    MaxIterations,

    /// <summary>The function-evaluation limit (maxfev, maxfun) was reached before the optimality test held.</summary>
    MaxEvaluations,

    /// <summary>The time limit elapsed before the optimality test held.</summary>
    TimeLimit,

    /// <summary>The cancellation token was signalled; the best point found so far is returned.</summary>
    Cancelled,

    /// <summary>The callback asked to stop; the optimality test had not been checked to hold.</summary>
    CallbackStopped,

    /// <summary>The callback declared the current point good enough and asked to stop.</summary>
    CallbackConverged,

    /// <summary>The line search could not find a step satisfying its conditions (often rounding errors near a minimum, or an inaccurate gradient).</summary>
    LineSearchFailed,

    /// <summary>The trust region shrank below its smallest allowed radius without an acceptable step.</summary>
    TrustRegionTooSmall,

    /// <summary>The objective or its gradient became NaN or infinite and the method could not back off to finite values; X is the best finite point.</summary>
    NonFiniteValue,

    /// <summary>No feasible point exists for the constraints, or the method could not find one.</summary>
    Infeasible,
}
