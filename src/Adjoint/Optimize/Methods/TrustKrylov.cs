using Adjoint.Optimize.TrustRegion;

namespace Adjoint.Optimize.Methods;

// Symbols (Nocedal & Wright, Algorithm 4.1; Gould et al. 1999): x = x_k, g = ∇f_k, H v = ∇²f_k v (exact Hessian-vector
// products), Q_k the Lanczos basis, T_k the tridiagonal Lanczos matrix, p = Q_k h_k, Δ = Δ_k, ρ = ρ_k. See KrylovSubproblem.

/// <summary>Generalized Lanczos trust-region method (scipy <c>method='trust-krylov'</c>).</summary>
/// <remarks>
/// <para>The shared <see cref="TrustRegionDriver{TOptions}"/> with the <see cref="KrylovSubproblem"/> (GLTR): the subproblem
/// restricted to Krylov spaces of the Hessian built by Lanczos on exact Hessian-vector products, each tridiagonal
/// problem solved nearly exactly. Fewer outer iterations than trust-ncg on indefinite problems, at more Hessian-vector
/// products per iteration.</para>
/// <para>References: N. I. M. Gould, S. Lucidi, M. Roma, Ph. L. Toint (1999), "Solving the trust-region subproblem using
/// the Lanczos method", SIAM J. Optim. 9(2); Nocedal &amp; Wright (2006), Algorithm 4.1.</para>
/// </remarks>
internal sealed class TrustKrylov(TrustKrylovOptions options) : TrustRegionDriver<TrustKrylovOptions>(options)
{
    public override string Name => "trust-krylov";

    public override MethodCapabilities Capabilities { get; } = new(UsesGradient: true, UsesHessianProduct: true);

    protected override ITrustRegionSubproblem CreateSubproblem(MinimizationProblem problem) =>
        new KrylovSubproblem(problem.Dimension, Options.Inexact);
}
