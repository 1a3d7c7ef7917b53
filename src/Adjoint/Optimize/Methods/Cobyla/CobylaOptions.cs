namespace Adjoint.Optimize.Methods.Cobyla;

/// <summary>Options of <c>COBYLA</c> (scipy <c>minimize(method='COBYLA')</c>).</summary>
/// <remarks>
/// Defaults as scipy: <see cref="InitialTrustRadius"/> (<c>rhobeg</c>) 1.0; <see cref="FinalTrustRadius"/> (<c>tol</c>,
/// Powell's <c>rhoend</c>) 1e-4, which <see cref="MinimizeOptions.Tolerance"/> also sets;
/// <see cref="MinimizeOptions.MaxFunctionEvaluations"/> 1000 (scipy's COBYLA <c>maxiter</c>, which counts evaluations);
/// <see cref="MinimizeOptions.ConstraintTolerance"/> (<c>catol</c>) 2e-4. <see cref="MinimizeOptions.MaxIterations"/> is
/// unlimited by default: every iteration evaluates at most one point, so the evaluation limit bounds the run.
/// </remarks>
public sealed record CobylaOptions : MinimizeOptions
{
    /// <summary>The default of <see cref="FinalTrustRadius"/> (scipy's <c>tol</c>).</summary>
    internal const double DefaultFinalTrustRadius = 1e-4;

    /// <summary>The default of <see cref="MinimizeOptions.ConstraintTolerance"/> (scipy's <c>catol</c>).</summary>
    internal const double DefaultConstraintTolerance = 2e-4;

    /// <inheritdoc/>
    public override string MethodName => "COBYLA";

    /// <summary>
    /// ρ_beg, the first trust-region radius and the edge of the starting simplex x0 + ρ_beg·e_j (scipy <c>rhobeg</c>,
    /// default 1.0); about a tenth of the expected distance to the solution is a good choice.
    /// </summary>
    public double InitialTrustRadius { get; init; } = 1.0;

    /// <summary>
    /// ρ_end, the final trust-region radius: the run ends when ρ has been reduced to it and no further step is worth
    /// evaluating, so it is roughly the accuracy of x (scipy <c>tol</c>, Powell's <c>rhoend</c>); null takes
    /// <see cref="MinimizeOptions.Tolerance"/>, else 1e-4.
    /// </summary>
    public double? FinalTrustRadius { get; init; }

    /// <summary>ρ_end with its default filled in.</summary>
    internal double ResolvedFinalTrustRadius => FinalTrustRadius ?? Tolerance ?? DefaultFinalTrustRadius;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        if (!(InitialTrustRadius > 0) || double.IsInfinity(InitialTrustRadius))
        {
            throw new ArgumentOutOfRangeException(nameof(InitialTrustRadius), InitialTrustRadius, "InitialTrustRadius must be positive and finite.");
        }

        if (FinalTrustRadius is { } end && !(end > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(FinalTrustRadius), end, "FinalTrustRadius must be positive.");
        }

        if (!(ResolvedFinalTrustRadius > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, "Tolerance (rhoend) must be positive for COBYLA.");
        }

        if (ResolvedFinalTrustRadius > InitialTrustRadius)
        {
            throw new ArgumentOutOfRangeException(nameof(FinalTrustRadius), ResolvedFinalTrustRadius,
                $"FinalTrustRadius must not exceed InitialTrustRadius ({InitialTrustRadius}).");
        }
    }

    /// <inheritdoc/>
    public override ResolvedSettings Resolve(int n, Tensors.DType dtype)
    {
        var r = base.Resolve(n, dtype);
        return r with
        {
            MaxIterations = MaxIterations ?? int.MaxValue,
            MaxFunctionEvaluations = MaxFunctionEvaluations ?? 1000,
            StepTolerance = ResolvedFinalTrustRadius,
            ConstraintTolerance = ConstraintTolerance ?? DefaultConstraintTolerance,
        };
    }
}
