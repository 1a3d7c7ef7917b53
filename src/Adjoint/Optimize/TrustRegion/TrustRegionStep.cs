namespace Adjoint.Optimize.TrustRegion;

/// <summary>What a subproblem solver returns besides the step.</summary>
/// <param name="ModelChange">m(p) - f = gᵀp + ½ pᵀBp, the predicted change (negative for a predicted decrease).</param>
/// <param name="HitsBoundary">Whether the step lies on the boundary ‖p‖ = Δ (the radius may then grow).</param>
/// <param name="Failure">Set when the subproblem cannot be solved (e.g. dogleg with an indefinite Hessian).</param>
/// <param name="Detail">A sentence for the message when <paramref name="Failure"/> is set.</param>
internal readonly record struct TrustRegionStep(double ModelChange, bool HitsBoundary, TerminationReason? Failure = null, string? Detail = null);
