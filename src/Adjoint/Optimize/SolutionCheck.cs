using System.Globalization;
using Adjoint.Tensors;

namespace Adjoint.Optimize;

/// <summary>
/// What the final check found at the end of a minimization: the curvature of the objective there and whether a Newton
/// step (or a step along negative curvature) still lowers f materially. <see cref="MinimizeResult.Success"/> is true
/// only where this check, when it could be performed, found a local minimizer.
/// </summary>
/// <remarks>
/// <para>The rule: at the returned point x the gradient g and the Hessian H are evaluated in float64 (in the evaluation
/// dtype when the objective cannot be evaluated in float64), restricted to the variables not held at a bound. Up to
/// <see cref="SolutionVerifier.DenseLimit"/> free variables the Hessian is formed and decomposed exactly; above that a
/// few Lanczos steps on Hessian-vector products started from g give its extreme curvatures and the Newton step in
/// that Krylov space. f is then evaluated at x + s for the Newton step s (halved up to three times when f rises) and,
/// when the smallest curvature is below -√ε times the largest, along the negative-curvature direction at four
/// lengths each way. The point is a verified local minimizer when none of these lowers f by more than
/// <see cref="Threshold"/> = 1e-3 · (f(x0) - f(x)) + 16 ε (1 + |f(x)|), with ε the evaluation dtype's machine epsilon:
/// a thousandth of the progress made, or rounding. A saddle is significant negative curvature (below -1e-4 times the
/// largest curvature) along which f falls by more than 1e-6 of the progress: the run restarts from the lower point
/// (at most three times) and reports <see cref="TerminationReason.SaddlePoint"/> if it keeps returning to saddles.
/// A gradient and Hessian that are exactly zero mark a flat start (at x0) or a flat region. A method that stopped on
/// its own test without meeting gtol (ftol, xtol, a failed line search) becomes
/// <see cref="TerminationReason.VerifiedMinimum"/> when no trial step gains more than min(1e-3, √ε) of the progress.</para>
/// <para>Cost: one gradient, the Hessian (n Hessian-vector products up to 64 variables; 20 Lanczos steps up to 10^5
/// variables, 5 above) and 1 to 12 function evaluations, all counted in the result's nfev, njev and nhev. Runs that
/// stop on a limit, cancellation, a callback or a non-finite value are not checked.</para>
/// </remarks>
public sealed record SolutionCheck
{
    /// <summary>Whether the check ran; when false, <see cref="Note"/> says why not.</summary>
    public required bool Performed { get; init; }

    /// <summary>Whether the check found a local minimizer (false when not performed).</summary>
    public bool Verified { get; init; }

    /// <summary>The dtype the check evaluated the objective in.</summary>
    public DType Precision { get; init; }

    /// <summary>The smallest curvature found (eigenvalue of the free-variable Hessian, or its Lanczos estimate).</summary>
    public double SmallestCurvature { get; init; } = double.NaN;

    /// <summary>The largest curvature in magnitude.</summary>
    public double LargestCurvature { get; init; } = double.NaN;

    /// <summary>The largest decrease of f the Newton and negative-curvature trial steps achieved (0 when none lowered f).</summary>
    public double PolishDecrease { get; init; } = double.NaN;

    /// <summary>The decrease above which the point is not a minimizer: 1e-3 of the progress made plus rounding.</summary>
    public double Threshold { get; init; } = double.NaN;

    /// <summary>How many times the run was restarted from a better point the check found (a saddle escaped, a Newton step taken).</summary>
    public int Restarts { get; init; }

    /// <summary>Variables whose gradient is exactly zero at the start and at the solution: the objective may not depend on them.</summary>
    public IReadOnlyList<string> ZeroGradientVariables { get; init; } = [];

    /// <summary>Function evaluations the check spent (included in the result's nfev).</summary>
    public int FunctionEvaluations { get; init; }

    /// <summary>Gradient evaluations the check spent (included in the result's njev).</summary>
    public int GradientEvaluations { get; init; }

    /// <summary>Hessian and Hessian-vector product evaluations the check spent (included in the result's nhev).</summary>
    public int HessianEvaluations { get; init; }

    /// <summary>A sentence with the numbers, or the reason the check did not run.</summary>
    public string Note { get; init; } = "";

    /// <inheritdoc/>
    public override string ToString() => Note;

    internal static string Format(double v) => v.ToString("G3", CultureInfo.InvariantCulture);
}
