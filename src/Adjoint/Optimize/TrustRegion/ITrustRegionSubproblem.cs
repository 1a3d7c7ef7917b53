namespace Adjoint.Optimize.TrustRegion;

/// <summary>
/// A solver of the trust-region subproblem min_p m(p) = f + gᵀp + ½ pᵀBp subject to ‖p‖ ≤ Δ, the part in which the
/// trust-region methods differ (Nocedal &amp; Wright, Chapter 4).
/// </summary>
/// <remarks>One instance serves one run. <see cref="Reset"/> is called whenever the iterate changes, so derivatives
/// computed at x (a dense Hessian, a factorization) can be reused while steps are rejected and only Δ changes.</remarks>
internal interface ITrustRegionSubproblem
{
    /// <summary>
    /// The dense Hessian at <paramref name="x"/> (row-major, n·n) for subproblems that use one, evaluating it if this iterate
    /// has none yet; null for Hessian-free subproblems.
    /// </summary>
    double[]? HessianAt(MinimizationProblem problem, double[] x);

    /// <summary>Forgets everything computed at the previous iterate.</summary>
    void Reset();

    /// <summary>Writes an (approximate) minimizer of the model into <paramref name="p"/>.</summary>
    /// <param name="problem">The problem, for Hessian or Hessian-vector evaluations at <paramref name="x"/>.</param>
    /// <param name="x">The current iterate x_k.</param>
    /// <param name="g">∇f(x_k), not zero.</param>
    /// <param name="radius">Δ_k.</param>
    /// <param name="p">Receives the step p_k.</param>
    TrustRegionStep Solve(MinimizationProblem problem, double[] x, double[] g, double radius, double[] p);
}
