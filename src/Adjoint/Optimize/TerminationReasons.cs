namespace Adjoint.Optimize;

/// <summary>Properties of <see cref="TerminationReason"/> members: success and a sentence for each.</summary>
public static class TerminationReasons
{
    /// <summary>Whether the reason means the method's optimality test held (or the callback declared success).</summary>
    public static bool IsSuccess(this TerminationReason reason) => reason is TerminationReason.GradientTolerance
        or TerminationReason.FunctionTolerance or TerminationReason.StepTolerance
        or TerminationReason.SimplexConverged or TerminationReason.CallbackConverged
        or TerminationReason.FunctionAndStepTolerance or TerminationReason.VerifiedMinimum;

    /// <summary>A sentence describing the reason, for messages and reports.</summary>
    public static string Describe(this TerminationReason reason) => reason switch
    {
        TerminationReason.GradientTolerance => "Optimization terminated successfully: the gradient norm is below gtol.",
        TerminationReason.FunctionTolerance => "Optimization terminated successfully: the relative reduction of f is below ftol (and the gradient norm below gtol for gradient methods).",
        TerminationReason.StepTolerance => "Optimization terminated successfully: the step is below xtol and the gradient norm is below gtol.",
        TerminationReason.FunctionAndStepTolerance => "Optimization terminated successfully: both the ftol and the xtol conditions are satisfied.",
        TerminationReason.VerifiedMinimum => "Optimization terminated successfully: the method stopped on its own test and the final check verified a local minimizer (no significant negative curvature; no Newton step lowers f materially).",
        TerminationReason.SimplexConverged => "Optimization terminated successfully: the derivative-free test holds (the simplex is smaller than xatol with values spread less than fatol; for COBYLA, the trust radius reached rhoend with the constraints held to catol).",
        TerminationReason.NoProgress => "Stopped without convergence: f or x stopped changing while the gradient norm is above gtol.",
        TerminationReason.MaxIterations => "Maximum number of iterations has been exceeded.",
        TerminationReason.MaxEvaluations => "Maximum number of function evaluations has been exceeded.",
        TerminationReason.TimeLimit => "The time limit has been reached.",
        TerminationReason.Cancelled => "Cancelled; the best point found so far is returned.",
        TerminationReason.CallbackStopped => "The callback asked to stop.",
        TerminationReason.CallbackConverged => "The callback declared convergence.",
        TerminationReason.LineSearchFailed => "The line search failed to find an acceptable step (desired error not necessarily achieved due to precision loss).",
        TerminationReason.TrustRegionTooSmall => "The trust region became too small.",
        TerminationReason.NonFiniteValue => "The objective or its gradient became NaN or infinite; the best finite point is returned.",
        TerminationReason.PrecisionLimit => "Stopped at the precision limit: rounding in the evaluation dtype stopped progress before the optimality test held; not a verified minimum.",
        TerminationReason.SaddlePoint => "Stopped at a saddle point: the gradient is nearly zero but the Hessian has significant negative curvature.",
        TerminationReason.FlatStart => "The gradient and the Hessian are exactly zero at the starting point: nothing indicates a descent direction; start elsewhere.",
        TerminationReason.Disconnected => "The objective does not depend on the variables as automatic differentiation sees them (host copies, Detach or constants): every derivative is zero. Write it with tensor operations, or use finite differences ('2-point').",
        TerminationReason.Infeasible => "No feasible point was found.",
        _ => reason.ToString(),
    };
}
