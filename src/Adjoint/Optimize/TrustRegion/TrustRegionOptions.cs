namespace Adjoint.Optimize.TrustRegion;

/// <summary>Settings shared by the trust-region methods (scipy's dogleg, trust-ncg, trust-exact, trust-krylov).</summary>
/// <remarks>
/// Defaults as scipy: <see cref="InitialTrustRadius"/> (<c>initial_trust_radius</c>) 1, <see cref="MaxTrustRadius"/>
/// (<c>max_trust_radius</c>) 1000, <see cref="Eta"/> (<c>eta</c>) 0.15, gtol 1e-4 in float64 (max(1e-4, √ε)).
/// </remarks>
public abstract record TrustRegionOptions : MinimizeOptions
{
    /// <summary>Δ₀ (scipy <c>initial_trust_radius</c>, default 1).</summary>
    public double InitialTrustRadius { get; init; } = 1;

    /// <summary>Δ_max (scipy <c>max_trust_radius</c>, default 1000).</summary>
    public double MaxTrustRadius { get; init; } = 1000;

    /// <summary>Accept a step when the actual/predicted reduction ratio exceeds η (scipy <c>eta</c>, default 0.15, in [0, 0.25)).</summary>
    public double Eta { get; init; } = 0.15;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        if (!(InitialTrustRadius > 0 && InitialTrustRadius <= MaxTrustRadius))
        {
            throw new ArgumentOutOfRangeException(nameof(InitialTrustRadius), InitialTrustRadius, "Need 0 < InitialTrustRadius <= MaxTrustRadius.");
        }

        if (!(Eta >= 0 && Eta < 0.25))
        {
            throw new ArgumentOutOfRangeException(nameof(Eta), Eta, "Eta must lie in [0, 0.25).");
        }
    }

    internal override ResolvedSettings Resolve(int n, Tensors.DType dtype)
    {
        var r = base.Resolve(n, dtype);
        return r with { GradientTolerance = GradientTolerance ?? Tolerance ?? Math.Max(1e-4, Math.Sqrt(r.MachineEpsilon)) };
    }
}
