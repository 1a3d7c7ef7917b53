using Adjoint.Optimize.TrustRegion;

namespace Adjoint.Optimize.Methods;

// Symbols (Nocedal & Wright, Algorithm 4.1 with Algorithm 7.2 "CG-Steihaug"): x = x_k, g = ∇f_k, B d = ∇²f_k d (exact
// Hessian-vector products), z_j, r_j, d_j the inner CG iterates, Δ = Δ_k, ρ = ρ_k, η = eta. See SteihaugCg.

/// <summary>Newton conjugate-gradient trust-region method (scipy <c>method='trust-ncg'</c>).</summary>
/// <remarks>
/// <para>The shared <see cref="TrustRegionDriver{TOptions}"/> with the <see cref="SteihaugCg"/> subproblem: truncated CG
/// on exact Hessian-vector products (double backward; the Hessian is never formed), stopped by the residual
/// min(0.5, √‖g‖)‖g‖, the boundary, or negative curvature. Suited to large problems; handles indefinite Hessians.</para>
/// <para>References: Nocedal &amp; Wright (2006), Algorithms 4.1 and 7.2; T. Steihaug (1983), SIAM J. Numer. Anal. 20(3).</para>
/// </remarks>
internal sealed class TrustNcg(TrustNcgOptions options) : TrustRegionDriver<TrustNcgOptions>(options)
{
    public override string Name => "trust-ncg";

    public override MethodCapabilities Capabilities { get; } = new(UsesGradient: true, UsesHessianProduct: true);

    protected override ITrustRegionSubproblem CreateSubproblem(MinimizationProblem problem) => new SteihaugCg(problem.Dimension);
}
