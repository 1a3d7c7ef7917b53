namespace Adjoint.Optimize.TrustRegion;

/// <summary>
/// A solver of the trust-region subproblem min_p m(p) = f + gᵀp + ½ pᵀBp subject to ‖p‖ ≤ Δ, the part in which the
/// trust-region methods differ (Nocedal &amp; Wright, Chapter 4).
/// </summary>
/// <remarks>One instance serves one run. The model curvature B comes from the driver (<see cref="TrustRegionModel"/>), so a
/// subproblem works on an exact Hessian or a quasi-Newton matrix alike. <see cref="Reset"/> is called whenever the iterate
/// changes, so what was computed at x (a factorization) can be reused while steps are rejected and only Δ changes.</remarks>
internal interface ITrustRegionSubproblem
{
    /// <summary>Whether the subproblem reads B as a dense matrix (then the result reports it as the Hessian).</summary>
    bool UsesDenseModel { get; }

    /// <summary>Forgets everything computed at the previous iterate.</summary>
    void Reset();

    /// <summary>Writes an (approximate) minimizer of the model into <paramref name="p"/>.</summary>
    /// <param name="model">B at the current iterate x_k, dense or as products.</param>
    /// <param name="g">∇f(x_k), not zero.</param>
    /// <param name="radius">Δ_k.</param>
    /// <param name="p">Receives the step p_k.</param>
    TrustRegionStep Solve(TrustRegionModel model, double[] g, double radius, double[] p);
}
