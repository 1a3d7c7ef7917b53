namespace Adjoint.Calculus;

/// <summary>Settings of an initial value problem solve, with scipy <c>solve_ivp</c>'s names and defaults.</summary>
/// <remarks>
/// A step is accepted when the error estimate e satisfies sqrt(mean_i (e_i / (atol_i + rtol |y_i|))^2) &lt;= 1, with
/// |y_i| the larger of the component's magnitude at the step's start and end (scipy's rule).
/// </remarks>
public sealed record OdeOptions
{
    /// <summary>The integration method (scipy <c>method</c>); default <see cref="OdeMethod.Rk45"/>.</summary>
    public OdeMethod Method { get; init; } = OdeMethod.Rk45;

    /// <summary>The relative tolerance rtol (scipy <c>rtol</c>); default 1e-3. Values below 100 times machine epsilon are raised to it, as scipy does.</summary>
    public double RelativeTolerance { get; init; } = 1e-3;

    /// <summary>The absolute tolerance atol for every component (scipy <c>atol</c> as a scalar); default 1e-6.</summary>
    public double AbsoluteTolerance { get; init; } = 1e-6;

    /// <summary>Per-component absolute tolerances (scipy <c>atol</c> as an array); when given it replaces <see cref="AbsoluteTolerance"/>.</summary>
    public IReadOnlyList<double>? AbsoluteTolerances { get; init; }

    /// <summary>The times at which to store the solution (scipy <c>t_eval</c>), inside the span and sorted in its direction; null stores every step's end.</summary>
    public IReadOnlyList<double>? TEval { get; init; }

    /// <summary>Whether to keep the continuous solution <see cref="OdeSolution.Sol"/> (scipy <c>dense_output</c>); default false.</summary>
    public bool DenseOutput { get; init; }

    /// <summary>Event functions to locate (scipy <c>events</c>); null for none.</summary>
    public IReadOnlyList<OdeEvent>? Events { get; init; }

    /// <summary>The first step's size (scipy <c>first_step</c>); null chooses it by Hairer, Nørsett and Wanner's algorithm (HNW I, II.4).</summary>
    public double? FirstStep { get; init; }

    /// <summary>The largest step size allowed (scipy <c>max_step</c>); default unbounded.</summary>
    public double MaxStep { get; init; } = double.PositiveInfinity;

    /// <summary>The most steps (accepted and rejected) before giving up with <see cref="OdeStatus.TooManySteps"/>; default 100000. scipy has no such limit.</summary>
    public int MaxSteps { get; init; } = 100_000;

    /// <summary>
    /// Whether the step-size control also measures the error of the sensitivities (when derivatives are tracked); default
    /// false: the error is controlled on the state only, and the sensitivities follow the state's steps.
    /// </summary>
    public bool SensitivityErrorControl { get; init; }

    /// <summary>
    /// Whether the right-hand side may be recorded once and replayed on fixed buffers (default true): stage evaluations,
    /// the Radau Jacobian and the sensitivity equation then run without tensor allocation or taping. The replay is used
    /// only where it reproduces fresh evaluations of f (see docs/ode.md); f runs as tensor operations otherwise, and
    /// always when this is false. f is then called only while the solve is set up and at the periodic checks, so a
    /// right-hand side with side effects (counting its calls, printing) should turn it off.
    /// </summary>
    public bool Replay { get; init; } = true;

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A tolerance is negative or not finite, MaxStep is not positive, FirstStep is not positive, or MaxSteps is not positive.</exception>
    public void Validate()
    {
        if (!(RelativeTolerance >= 0) || !double.IsFinite(RelativeTolerance))
        {
            throw new ArgumentOutOfRangeException(nameof(RelativeTolerance), RelativeTolerance, "rtol must be finite and non-negative.");
        }

        if (AbsoluteTolerances is { } list)
        {
            foreach (double a in list)
            {
                if (!(a >= 0) || !double.IsFinite(a))
                {
                    throw new ArgumentOutOfRangeException(nameof(AbsoluteTolerances), a, "Every atol must be finite and non-negative.");
                }
            }
        }
        else if (!(AbsoluteTolerance >= 0) || !double.IsFinite(AbsoluteTolerance))
        {
            throw new ArgumentOutOfRangeException(nameof(AbsoluteTolerance), AbsoluteTolerance, "atol must be finite and non-negative.");
        }

        if (!(MaxStep > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxStep), MaxStep, "max_step must be positive.");
        }

        if (FirstStep is { } h && (!(h > 0) || !double.IsFinite(h)))
        {
            throw new ArgumentOutOfRangeException(nameof(FirstStep), h, "first_step must be positive and finite.");
        }

        if (MaxSteps <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSteps), MaxSteps, "MaxSteps must be positive.");
        }
    }
}
