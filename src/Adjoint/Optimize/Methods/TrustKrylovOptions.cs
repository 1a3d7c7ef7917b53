using Adjoint.Optimize.TrustRegion;

namespace Adjoint.Optimize.Methods;

/// <summary>Options of <c>trust-krylov</c> (scipy <c>minimize(method='trust-krylov')</c>).</summary>
/// <remarks>
/// Defaults as scipy: <see cref="TrustRegionOptions.InitialTrustRadius"/> (<c>initial_trust_radius</c>) 1,
/// <see cref="TrustRegionOptions.MaxTrustRadius"/> (<c>max_trust_radius</c>) 1000, <see cref="TrustRegionOptions.Eta"/>
/// (<c>eta</c>) 0.15, <see cref="MinimizeOptions.GradientTolerance"/> (<c>gtol</c>) 1e-5 (both dtypes),
/// <see cref="MinimizeOptions.MaxIterations"/> (<c>maxiter</c>) 200·n. <see cref="Inexact"/> (<c>inexact</c>) true.
/// </remarks>
public sealed record TrustKrylovOptions : TrustRegionOptions
{
    /// <inheritdoc/>
    public override string MethodName => "trust-krylov";

    /// <summary>
    /// Solve the subproblem only to the accuracy Newton-type convergence needs (scipy <c>inexact</c>, default true): the
    /// Lanczos loop stops at residual min(0.5, √‖g‖)‖g‖; false asks for 1e-8·‖g‖ (more Hessian-vector products per step).
    /// </summary>
    public bool Inexact { get; init; } = true;
}
