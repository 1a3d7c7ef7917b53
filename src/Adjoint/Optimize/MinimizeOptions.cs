using Adjoint.Tensors;

namespace Adjoint.Optimize;

/// <summary>
/// Settings shared by every method (immutable data; change them with <c>with</c>). Each method derives a sealed
/// record that adds its own settings and documents its scipy names and defaults.
/// </summary>
/// <remarks>
/// Unset (null) tolerances take the method's default, derived from the evaluation dtype's machine epsilon ε
/// (<see cref="Tensors.Precision.MachineEpsilon"/>), so that float32 runs do not chase precision they cannot reach.
/// <see cref="Validate"/> throws <see cref="ArgumentOutOfRangeException"/> naming the offending property.
/// </remarks>
public abstract record MinimizeOptions
{
    /// <summary>The registry name of the method these options select (scipy's <c>method</c>).</summary>
    public abstract string MethodName { get; }

    /// <summary>Maximum iterations (scipy <c>maxiter</c>); null takes the method's default.</summary>
    public int? MaxIterations { get; init; }

    /// <summary>
    /// Maximum objective evaluations (scipy <c>maxfev</c>/<c>maxfun</c>), a hard bound on the method's evaluations; null
    /// takes the method's default. The final check (<see cref="VerifySolution"/>) spends a bounded number of its own on
    /// top, included in the result's counts and reported in <see cref="MinimizeResult.Check"/>.
    /// </summary>
    public int? MaxFunctionEvaluations { get; init; }

    /// <summary>
    /// Stop when the infinity norm of the (projected) gradient is at most this (scipy <c>gtol</c>/<c>pgtol</c>).
    /// Default 1e-5 (scipy's) in both dtypes: a float32 run aims as low as a float64 one, and where float32 rounding
    /// stops it first the final check decides between <see cref="TerminationReason.VerifiedMinimum"/> and
    /// <see cref="TerminationReason.PrecisionLimit"/> (see <see cref="SolutionCheck"/>).
    /// </summary>
    public double? GradientTolerance { get; init; }

    /// <summary>Relative function-decrease tolerance (scipy <c>ftol</c>); the meaning and default are the method's.</summary>
    public double? FunctionTolerance { get; init; }

    /// <summary>Step tolerance (scipy <c>xtol</c>); the meaning and default are the method's.</summary>
    public double? StepTolerance { get; init; }

    /// <summary>scipy's <c>tol</c>: sets the method's main tolerances at once (see each method's options).</summary>
    public double? Tolerance { get; init; }

    /// <summary>
    /// The largest constraint violation a constrained run may end with and still succeed, in the constraints' own units:
    /// max over rows of max(lower − c(x), c(x) − upper, 0), box bounds included (scipy's <c>catol</c> for COBYLA). Default
    /// 1e-6 in float64 and 1e-4 in float32, or the method's own.
    /// </summary>
    public double? ConstraintTolerance { get; init; }

    /// <summary>Stop after this much wall-clock time (<see cref="TerminationReason.TimeLimit"/>).</summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>The dtype the objective and its derivatives are evaluated in; null takes x0's. Method state is always float64.</summary>
    public DType? Precision { get; init; }

    /// <summary>Print scipy-like iteration lines and a summary (scipy <c>disp</c>).</summary>
    public bool Verbose { get; init; }

    /// <summary>
    /// Check the solution before reporting success (default true): curvature and a Newton trial step at the end, a
    /// restart from a better point when one is found, and a saddle, flat start or improvable point reported as such
    /// (the rule and its cost: <see cref="SolutionCheck"/>). False reports the method's own test unchecked, as scipy does.
    /// </summary>
    public bool VerifySolution { get; init; } = true;

    /// <summary>Record every iteration in <see cref="MinimizeResult.Trace"/>.</summary>
    public bool RecordTrace { get; init; }

    /// <summary>Checks every setting; throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid one.</summary>
    public virtual void Validate()
    {
        Positive(MaxIterations, nameof(MaxIterations), allowZero: true);
        Positive(MaxFunctionEvaluations, nameof(MaxFunctionEvaluations), allowZero: false);
        NonNegative(GradientTolerance, nameof(GradientTolerance));
        NonNegative(FunctionTolerance, nameof(FunctionTolerance));
        NonNegative(StepTolerance, nameof(StepTolerance));
        NonNegative(Tolerance, nameof(Tolerance));
        NonNegative(ConstraintTolerance, nameof(ConstraintTolerance));
        if (TimeLimit is { } t && t <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(TimeLimit), t, "TimeLimit must be positive.");
        }
    }

    /// <summary>The settings with method defaults filled in for a problem of <paramref name="n"/> variables evaluated in <paramref name="dtype"/>.</summary>
    /// <remarks>A method's options record overrides this to supply its own defaults (start from <c>base.Resolve(n, dtype)</c> and change
    /// what differs with <c>with</c>); the driver and the method read only the resolved values.</remarks>
    /// <param name="n">The number of scalar variables.</param>
    /// <param name="dtype">The evaluation dtype, whose machine epsilon scales the default tolerances.</param>
    public virtual ResolvedSettings Resolve(int n, DType dtype)
    {
        double eps = Tensors.Precision.MachineEpsilon(dtype);
        return new ResolvedSettings(
            MaxIterations ?? 200 * Math.Max(n, 1),
            MaxFunctionEvaluations ?? int.MaxValue,
            GradientTolerance ?? Tolerance ?? DefaultGradientTolerance,
            FunctionTolerance ?? 0,
            StepTolerance ?? 0,
            TimeLimit,
            eps)
        {
            ConstraintTolerance = ConstraintTolerance ?? (dtype == DType.Float64 ? 1e-6 : 1e-4),
        };
    }

    /// <summary>The default gtol, 1e-5 whatever the dtype.</summary>
    internal const double DefaultGradientTolerance = 1e-5;

    /// <summary>Throws when a value is negative or NaN.</summary>
    protected static void NonNegative(double? value, string name)
    {
        if (value is { } v && !(v >= 0))
        {
            throw new ArgumentOutOfRangeException(name, v, $"{name} must be non-negative.");
        }
    }

    /// <summary>Throws when a value is not positive (or negative, with <paramref name="allowZero"/>).</summary>
    protected static void Positive(int? value, string name, bool allowZero)
    {
        if (value is { } v && (v < 0 || (!allowZero && v == 0)))
        {
            throw new ArgumentOutOfRangeException(name, v, $"{name} must be {(allowZero ? "non-negative" : "positive")}.");
        }
    }

    /// <summary>Throws when a value is not in the open interval (lo, hi).</summary>
    protected static void InOpenInterval(double value, double lo, double hi, string name)
    {
        if (!(value > lo && value < hi))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must lie in ({lo}, {hi}).");
        }
    }
}
