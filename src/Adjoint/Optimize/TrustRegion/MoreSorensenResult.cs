namespace Adjoint.Optimize.TrustRegion;

/// <summary>What <see cref="MoreSorensen.Solve"/> returns besides the step.</summary>
/// <param name="ModelChange">m(p) - f = gᵀp + ½ pᵀHp at the returned step.</param>
/// <param name="Lambda">The multiplier λ ≥ 0 of the returned step (0 for an interior Newton step).</param>
/// <param name="LambdaLowerBound">The final lower bound λ_L on λ*; it stays valid for a smaller radius with the same H and
/// g, so the next solve at the same iterate may start from it.</param>
/// <param name="HitsBoundary">False only for the interior Newton step (λ = 0 and ‖p‖ ≤ Δ).</param>
/// <param name="Iterations">Passes through the λ loop (one Cholesky factorization each, plus one per Newton update tried
/// from inside the region).</param>
internal readonly record struct MoreSorensenResult(double ModelChange, double Lambda, double LambdaLowerBound, bool HitsBoundary, int Iterations);
