using Adjoint.Optimize.TrustRegion;

namespace Adjoint.Optimize.Methods;

// Symbols (Nocedal & Wright, Algorithm 4.1 with the dogleg step of Section 4.1): x = x_k, g = ∇f_k, B = ∇²f_k (exact, dense),
// p^B = -B⁻¹g, p^U = -(gᵀg / gᵀBg) g, Δ = Δ_k, ρ = ρ_k, η = eta. See DoglegStep and TrustRegionDriver.

/// <summary>The dogleg trust-region method on the exact dense Hessian (scipy <c>method='dogleg'</c>).</summary>
/// <remarks>
/// <para>The shared <see cref="TrustRegionDriver{TOptions}"/> with the <see cref="DoglegStep"/> subproblem: the Newton step
/// when it fits in the region, else the piecewise-linear path from the Cauchy point p^U to the Newton point p^B cut at
/// ‖p‖ = Δ. Where the Hessian is not positive definite (scipy raises LinAlgError there), the model uses the Hessian plus
/// the smallest multiple of the identity that makes it so (Nocedal &amp; Wright, Algorithm 3.3). The dense Hessian comes from autodiff
/// (or the user's <c>hess</c>), one evaluation per accepted iterate; <see cref="MinimizeResult.Hess"/> returns it.</para>
/// <para>References: Nocedal &amp; Wright (2006), Section 4.1 and Algorithm 4.1; M. J. D. Powell (1970), "A new algorithm
/// for unconstrained optimization", in Nonlinear Programming, Academic Press.</para>
/// </remarks>
internal sealed class Dogleg(DoglegOptions options) : TrustRegionDriver<DoglegOptions>(options)
{
    public override string Name => "dogleg";

    public override MethodCapabilities Capabilities { get; } = new(UsesGradient: true, UsesHessian: true);

    protected override ITrustRegionSubproblem CreateSubproblem(MinimizationProblem problem) => new DoglegStep(problem.Dimension);
}
