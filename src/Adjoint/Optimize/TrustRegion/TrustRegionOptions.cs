namespace Adjoint.Optimize.TrustRegion;

/// <summary>Settings shared by the trust-region methods (dogleg, trust-ncg, trust-exact, trust-krylov), with scipy's names and defaults.</summary>
/// <remarks>
/// Defaults as scipy's <c>_minimize_trust_region</c>: <see cref="InitialTrustRadius"/> 1, <see cref="MaxTrustRadius"/> 1000,
/// <see cref="Eta"/> 0.15, <see cref="MinimizeOptions.GradientTolerance"/> (<c>gtol</c>) 1e-5 (both dtypes) on the infinity norm
/// (scipy tests the 2-norm), <see cref="MinimizeOptions.MaxIterations"/> (<c>maxiter</c>) 200·n, counting rejected steps as
/// iterations as scipy does; <see cref="MinimizeOptions.Tolerance"/> (<c>tol</c>) sets gtol.
/// </remarks>
public abstract record TrustRegionOptions : MinimizeOptions
{
    /// <summary>The initial radius Δ₀ (scipy <c>initial_trust_radius</c>, default 1).</summary>
    public double InitialTrustRadius { get; init; } = 1.0;

    /// <summary>The largest radius Δ̂ (scipy <c>max_trust_radius</c>, default 1000).</summary>
    public double MaxTrustRadius { get; init; } = 1000.0;

    /// <summary>Accept a step when ρ = actual / predicted reduction exceeds η (scipy <c>eta</c>, default 0.15, in [0, 0.25)).</summary>
    public double Eta { get; init; } = 0.15;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        if (!(InitialTrustRadius > 0 && double.IsFinite(InitialTrustRadius)))
        {
            throw new ArgumentOutOfRangeException(nameof(InitialTrustRadius), InitialTrustRadius, "InitialTrustRadius must be positive and finite.");
        }

        if (!(MaxTrustRadius >= InitialTrustRadius))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxTrustRadius), MaxTrustRadius, $"MaxTrustRadius must be at least InitialTrustRadius ({InitialTrustRadius}).");
        }

        if (!(Eta >= 0 && Eta < 0.25))
        {
            throw new ArgumentOutOfRangeException(nameof(Eta), Eta, "Eta must lie in [0, 0.25).");
        }
    }
}
