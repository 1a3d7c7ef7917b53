using Adjoint.Tensors;

namespace Adjoint.Optimize.Methods.TrustConstr;

/// <summary>Options of <c>trust-constr</c> (scipy <c>minimize(method='trust-constr')</c>).</summary>
/// <remarks>
/// Defaults as scipy 1.10: <see cref="MinimizeOptions.GradientTolerance"/> (<c>gtol</c>) 1e-8: success when
/// ‖∇f + Jᵀλ + μ‖∞ &lt; gtol and the constraint violation &lt; gtol; <see cref="MinimizeOptions.StepTolerance"/>
/// (<c>xtol</c>) 1e-8: stop when the trust radius Δ &lt; xtol (and, with inequalities or bounds, the barrier parameter
/// &lt; <see cref="BarrierTolerance"/>); <see cref="MinimizeOptions.MaxIterations"/> (<c>maxiter</c>) 1000;
/// <see cref="MinimizeOptions.Tolerance"/> (<c>tol</c>) sets gtol, xtol and barrier_tol at once, as scipy.
/// The factorization is a dense QR (SVD when the Jacobian is rank deficient); scipy's <c>factorization_method</c> has
/// no counterpart.
/// </remarks>
public sealed record TrustConstrOptions : MinimizeOptions
{
    /// <inheritdoc/>
    public override string MethodName => "trust-constr";

    /// <summary>The trust radius Δ₀ of the first iteration (scipy <c>initial_tr_radius</c>, default 1).</summary>
    public double InitialTrustRadius { get; init; } = 1.0;

    /// <summary>The merit function's initial penalty ν₀ in φ = f + ν‖c‖₂ (scipy <c>initial_constr_penalty</c>, default 1).</summary>
    public double InitialConstraintPenalty { get; init; } = 1.0;

    /// <summary>The initial barrier parameter μ₀ of the interior point loop (scipy <c>initial_barrier_parameter</c>, default 0.1).</summary>
    public double InitialBarrierParameter { get; init; } = 0.1;

    /// <summary>The initial tolerance of the first barrier subproblem (scipy <c>initial_barrier_tolerance</c>, default 0.1); it shrinks with μ by 0.2 per subproblem.</summary>
    public double InitialBarrierTolerance { get; init; } = 0.1;

    /// <summary>The barrier parameter below which the xtol test may end an interior point run (scipy <c>barrier_tol</c>, default 1e-8; null takes <see cref="MinimizeOptions.Tolerance"/> or 1e-8).</summary>
    public double? BarrierTolerance { get; init; }

    /// <summary>Where the Lagrangian Hessian comes from (default <c>Exact</c>: exact Hessian-vector products).</summary>
    public HessianApproximation HessianApproximation { get; init; } = HessianApproximation.Exact;

    /// <summary>Try the second-order correction step when a step is rejected with a small normal component (default true, as scipy).</summary>
    public bool SecondOrderCorrection { get; init; } = true;

    /// <summary>
    /// Require the complementarity of the inequality rows for success as well: max |λᵢ·(cᵢ - boundᵢ)| &lt; gtol and every
    /// multiplier of the right sign within gtol (default true). scipy tests only ‖∇ₓL‖∞ and the violation, which can end a
    /// run inside an early barrier subproblem, where λᵢ sᵢ ≈ μ: on HS21 scipy stops at x₁ = 2.0008 with the bound x₁ ≥ 2
    /// active at the solution. False reproduces scipy's iterations exactly.
    /// </summary>
    public bool RequireComplementarity { get; init; } = true;

    /// <summary>
    /// Keep every iterate inside the box bounds (default true). Besides the bound rows of the barrier problem: x₀ moves
    /// min(0.01·max(1, |bound|), 0.01·(u - l)) inside a bound it lies on or near; the step's x-part is computed in
    /// variables scaled by Dᵢ = min(1, distance to the nearest bound) and limited to x + D d ∈ [l + (1 - τ)(x - l),
    /// u - (1 - τ)(u - x)], τ = 0.995. False treats bounds as ordinary inequality rows, as scipy's default
    /// <c>Bounds(keep_feasible=False)</c> does: iterates may then leave the box and only the end point must satisfy it.
    /// </summary>
    public bool KeepBoundsFeasible { get; init; } = true;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        PositiveValue(InitialTrustRadius, nameof(InitialTrustRadius));
        PositiveValue(InitialConstraintPenalty, nameof(InitialConstraintPenalty));
        PositiveValue(InitialBarrierParameter, nameof(InitialBarrierParameter));
        PositiveValue(InitialBarrierTolerance, nameof(InitialBarrierTolerance));
        NonNegative(BarrierTolerance, nameof(BarrierTolerance));
        if (!Enum.IsDefined(HessianApproximation))
        {
            throw new ArgumentOutOfRangeException(nameof(HessianApproximation), HessianApproximation, "Unknown Hessian approximation.");
        }
    }

    /// <inheritdoc/>
    public override ResolvedSettings Resolve(int n, DType dtype)
    {
        var r = base.Resolve(n, dtype);
        return r with
        {
            MaxIterations = MaxIterations ?? 1000,
            GradientTolerance = GradientTolerance ?? Tolerance ?? 1e-8,
            StepTolerance = StepTolerance ?? Tolerance ?? 1e-8,
            StopOnGradient = false,
        };
    }

    /// <summary>barrier_tol as resolved: <see cref="BarrierTolerance"/>, else <see cref="MinimizeOptions.Tolerance"/>, else 1e-8.</summary>
    internal double ResolvedBarrierTolerance => BarrierTolerance ?? Tolerance ?? 1e-8;

    private static void PositiveValue(double value, string name)
    {
        if (!(value > 0) || !double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive and finite.");
        }
    }
}
