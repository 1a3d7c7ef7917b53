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
/// that Krylov space. From x a local polish takes damped Newton steps s = -(H + μI)⁻¹g (μ from 0 up to the largest
/// curvature until f falls; up to three iterations while they keep gaining, one on the Lanczos route), and f is
/// tried along the most negative curvature direction at four lengths each way, and downhill along the gradient's
/// part in directions of nearly zero curvature (|λ| at most 1e-4 times the largest) at four lengths when that slope could matter. The point is a verified local
/// minimizer when these lower f by at most <see cref="Threshold"/> = 1e-3 · (|f(x)| + √ε₆₄ · (f(x0) - f(x))) +
/// 16 ε (1 + |f(x)|), with ε the evaluation dtype's machine epsilon: a thousandth of f's own scale (which for a
/// zero minimum is the progress made times √ε₆₄), plus rounding. A saddle is significant negative curvature (below
/// -1e-4 times the largest curvature) along which f falls by more than 1e-6 of the progress: the run restarts from
/// the lower point (at most three times in all) and reports <see cref="TerminationReason.SaddlePoint"/> if it keeps
/// returning to saddles. A point a polish improves materially restarts the run from the polished point the same way
/// and, once restarts are used up, ends as <see cref="TerminationReason.NoProgress"/> (or
/// <see cref="TerminationReason.PrecisionLimit"/> in float32). A gradient and Hessian that are exactly zero mark a flat
/// start (at x0) or a flat region. A method that stopped on its own test without meeting gtol (ftol, xtol, a failed
/// line search) becomes <see cref="TerminationReason.VerifiedMinimum"/> when the point is verified and the quadratic model is well determined: every
/// curvature above √ε₆₄ times the largest, and the Newton step's predicted decrease ½ gᵀH⁻¹g below the threshold as
/// well. Where the Hessian is nearly singular (badly scaled problems such as Meyer or Osborne 1) a Newton step says
/// nothing about the flat directions, and the method's own failure stands.</para>
/// <para>Cost: one gradient, the Hessian (n Hessian-vector products up to 64 variables; 20 Lanczos steps up to 10^5
/// variables, 5 above) and a few function evaluations (one when the first Newton step confirms the point; up to about 25), all counted in the result's nfev, njev and nhev. Runs that
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

    /// <summary>The decrease above which the point is not a minimizer: 1e-3 of the scale of f plus rounding.</summary>
    public double Threshold { get; init; } = double.NaN;

    /// <summary>How many times the run was restarted from a better point the check found (a saddle escaped, a Newton step taken).</summary>
    public int Restarts { get; init; }

    /// <summary>Variables whose gradient is exactly zero at the start and at the solution: the objective may not depend on them.</summary>
    public IReadOnlyList<string> ZeroGradientVariables { get; init; } = [];

    /// <summary>Function evaluations the check spent (included in the result's nfev; not charged against the evaluation limit).</summary>
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
