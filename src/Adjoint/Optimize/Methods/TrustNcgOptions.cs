using Adjoint.Optimize.TrustRegion;

namespace Adjoint.Optimize.Methods;

/// <summary>Options of <c>trust-ncg</c> (scipy <c>minimize(method='trust-ncg')</c>).</summary>
/// <remarks>
/// Defaults as scipy: <see cref="TrustRegionOptions.InitialTrustRadius"/> (<c>initial_trust_radius</c>) 1,
/// <see cref="TrustRegionOptions.MaxTrustRadius"/> (<c>max_trust_radius</c>) 1000, <see cref="TrustRegionOptions.Eta"/>
/// (<c>eta</c>) 0.15, <see cref="MinimizeOptions.GradientTolerance"/> (<c>gtol</c>) 1e-5 (both dtypes),
/// <see cref="MinimizeOptions.MaxIterations"/> (<c>maxiter</c>) 200·n.
/// </remarks>
public sealed record TrustNcgOptions : TrustRegionOptions
{
    /// <inheritdoc/>
    public override string MethodName => "trust-ncg";
}
