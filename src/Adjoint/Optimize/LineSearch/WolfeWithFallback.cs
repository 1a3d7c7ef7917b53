namespace Adjoint.Optimize.LineSearch;

/// <summary>
/// The line search of scipy's BFGS, CG and Newton-CG (<c>_line_search_wolfe12</c>): Moré-Thuente first, and when it fails
/// or its step fails the extra acceptance test, the bracketing-and-zoom search, in which the extra test is part of acceptance.
/// </summary>
/// <remarks>
/// The first search counts as successful only with <see cref="LineSearchStatus.Converged"/> (MINPACK's warnings, such as a
/// step at the maximum, count as failures, as in scipy). Both searches start from the same initial step, each with its
/// own largest step (scipy's <c>amax</c>: 1e100 for both in BFGS and CG; 50 for the first and none for the second in
/// Newton-CG). The step the caller may take is given by <see cref="Acceptable"/>.
/// Either search may be absent (<see cref="LineSearchStrategy"/>): without the first, the zoom runs alone; without the
/// fallback, the first search's result is returned as it is.
/// </remarks>
internal sealed class WolfeWithFallback(StrongWolfe? primary, double primaryMaxStep, StrongWolfeZoom? fallback, double fallbackMaxStep)
{
    public StrongWolfe? Primary { get; } = primary;

    public StrongWolfeZoom? Fallback { get; } = fallback;

    /// <summary>Searches along <paramref name="phi"/>; <paramref name="accept"/> may read <paramref name="phi"/>'s point and gradient, which are those of the step asked about.</summary>
    public LineSearchResult Search(LineRestriction phi, double phi0, double dphi0, double initialStep, StepAcceptance? accept) =>
        Search(phi, phi0, dphi0, initialStep, accept, out _);

    /// <summary>As the other overload, also giving the first search's own result (whether or not the fallback ran).</summary>
    public LineSearchResult Search(LineRestriction phi, double phi0, double dphi0, double initialStep, StepAcceptance? accept, out LineSearchResult first)
    {
        if (Primary is null)
        {
            first = Fallback!.Search(phi, phi0, dphi0, initialStep, fallbackMaxStep, accept);
            return first;
        }

        first = Primary.Search(phi, phi0, dphi0, initialStep, primaryMaxStep);
        if (Fallback is null)
        {
            return first;
        }

        if (first.Status == LineSearchStatus.Converged)
        {
            if (accept is null)
            {
                return first;
            }

            phi.EnsureAt(first.Step);
            if (accept(first.Step, first.Value, first.Derivative))
            {
                return first;
            }
        }

        var second = Fallback.Search(phi, phi0, dphi0, initialStep, fallbackMaxStep, accept);
        int evaluations = first.Evaluations + second.Evaluations;
        if (!Acceptable(second) && first.Status == LineSearchStatus.NonFinite)
        {
            return first with { Evaluations = evaluations };
        }

        return second with { Evaluations = evaluations };
    }

    /// <summary>
    /// scipy's first trial step min(1, 2.02 (f_k - f_{k-1}) / φ'(0)): 1 when there is no f_{k-1} (NaN) or the ratio is
    /// negative or undefined, and 0 when f did not change in the last iteration, where scipy's searches fail at once
    /// (the caller stops with <see cref="TerminationReason.LineSearchFailed"/>).
    /// </summary>
    public static double InitialStep(double f, double previousF, double dphi0)
    {
        if (f == previousF)
        {
            return 0;
        }

        double alpha = 2.02 * (f - previousF) / dphi0;
        return alpha > 0 && double.IsFinite(alpha) ? Math.Min(1, alpha) : 1;
    }

    /// <summary>
    /// Whether the method takes the step: the conditions hold, or the fallback ran out of doublings with sufficient decrease
    /// at its last step (which scipy accepts as well).
    /// </summary>
    public static bool Acceptable(LineSearchResult result) =>
        result.Succeeded || (result.Status == LineSearchStatus.ExpansionLimit && result.Step > 0);
}
