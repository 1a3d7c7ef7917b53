namespace Adjoint.Optimize;

/// <summary>
/// Why a minimization or a least-squares solve stopped: the one status vocabulary of <c>Minimize</c>, <c>LeastSquares</c>
/// and <c>CurveFit</c>. <see cref="TerminationReasons.IsSuccess"/> decides every result's <c>Success</c>, and
/// <see cref="TerminationReasons.Describe"/> gives its sentence.
/// </summary>
public enum TerminationReason
{
    /// <summary>The (projected) gradient's infinity norm fell to gtol or below: a first-order stationary point was found.</summary>
    GradientTolerance,

    /// <summary>The relative decrease of the objective fell below ftol while the (projected) gradient norm is at most gtol (for derivative-free methods such as Powell, the relative decrease alone).</summary>
    FunctionTolerance,

    /// <summary>The step fell below xtol while the (projected) gradient norm is at most gtol.</summary>
    StepTolerance,

    /// <summary>Both the function and the step tolerances were met (least squares, scipy status 4).</summary>
    FunctionAndStepTolerance,

    /// <summary>
    /// The method stopped on a test other than the gradient tolerance (ftol, xtol, a line search failing at rounding
    /// level, the precision limit) and the final check verified a local minimizer: no significant negative curvature,
    /// and no Newton step from the point lowers f by more than a small fraction of the progress made.
    /// </summary>
    VerifiedMinimum,

    /// <summary>The derivative-free optimality test holds: the simplex (or pattern) became smaller than xatol in x with values spread less than fatol, or (COBYLA) the trust radius reached rhoend with the constraints held to catol.</summary>
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

    /// <summary>
    /// Rounding in the evaluation dtype stopped progress before the optimality test held (typically float32): f and x no
    /// longer change in that precision, yet the point is not verified (the gradient is above tolerance, or a float64
    /// Newton step from it still lowers f materially). Not a success; the message gives the numbers.
    /// </summary>
    PrecisionLimit,

    /// <summary>The gradient is (nearly) zero but the Hessian has significant negative curvature: a saddle point, not a minimizer.</summary>
    SaddlePoint,

    /// <summary>
    /// The gradient and the Hessian are exactly zero at the starting point (a flat region, or a start where every term
    /// vanishes): nothing tells the method where to go. Start elsewhere. Not a success.
    /// </summary>
    FlatStart,

    /// <summary>
    /// The objective (or the residuals) does not depend on the variables as the tape sees them: its value was computed
    /// from host copies (<c>ToArray</c>, <c>Item</c>), detached tensors or constants, so every derivative is zero. Write it
    /// with tensor operations, or choose finite differences ('2-point'). Not a success.
    /// </summary>
    Disconnected,

    /// <summary>No feasible point exists for the constraints, or the method could not find one.</summary>
    Infeasible,
}
