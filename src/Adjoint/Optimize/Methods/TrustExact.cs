using Adjoint.Optimize.TrustRegion;

namespace Adjoint.Optimize.Methods;

// Symbols (Nocedal & Wright, Algorithm 4.1 with Algorithm 4.3): x = x_k, g = ∇f_k, B = ∇²f_k (exact, dense),
// λ the multiplier with (B + λI)p = -g, Δ = Δ_k, ρ = ρ_k, η = eta. See MoreSorensen.

/// <summary>Nearly exact trust-region method on the dense Hessian (scipy <c>method='trust-exact'</c>).</summary>
/// <remarks>
/// <para>The shared <see cref="TrustRegionDriver{TOptions}"/> with the <see cref="ExactSubproblem"/>: the subproblem solved
/// by Moré-Sorensen iterations on λ with MathNet Cholesky factorizations, stopped by scipy's k_easy = 0.1 and
/// k_hard = 0.2 tests, with the LINPACK estimate of the smallest singular value of the Cholesky factor for the hard case
/// (see <see cref="MoreSorensen"/>). Handles indefinite Hessians; converges quadratically near a minimizer. Costs O(n³) per iteration; the Hessian
/// at the returned point is in <see cref="MinimizeResult.Hess"/> (evaluated once more when the last step was accepted).</para>
/// <para>References: Nocedal &amp; Wright (2006), Section 4.3; J. J. Moré and D. C. Sorensen (1983), "Computing a trust
/// region step", SIAM J. Sci. Stat. Comput. 4(3); Conn, Gould, Toint (2000), "Trust-Region Methods", Chapter 7.</para>
/// </remarks>
internal sealed class TrustExact(TrustExactOptions options) : TrustRegionDriver<TrustExactOptions>(options)
{
    public override string Name => "trust-exact";

    public override MethodCapabilities Capabilities { get; } = new(UsesGradient: true, UsesHessian: true);

    protected override ITrustRegionSubproblem CreateSubproblem(MinimizationProblem problem) => new ExactSubproblem(problem.Dimension);
}
