namespace Adjoint.Optimize.LineSearch;

/// <summary>
/// The line search of a line-search method (BFGS, CG, Newton-CG): which strong Wolfe search runs, its constants and its
/// limits. Immutable; change it with <c>with</c>, as <c>new BfgsOptions { LineSearch = LineSearchOptions.Default with
/// { Strategy = LineSearchStrategy.Zoom } }</c>.
/// </summary>
/// <remarks>
/// A step α is accepted when φ(α) ≤ φ(0) + c1 α φ'(0) and |φ'(α)| ≤ c2 |φ'(0)| (strong Wolfe). Null constants take the
/// method's own (<c>C1</c>, <c>C2</c>, and BFGS's <c>MaxLineSearch</c>), so the method's scipy names keep working. The
/// defaults reproduce scipy's searches exactly: <see cref="Default"/> for BFGS and CG, <see cref="NewtonCgDefault"/> for
/// Newton-CG (scipy's <c>amin</c> = 1e-8 and <c>amax</c> = 50 there).
/// </remarks>
public sealed record LineSearchOptions
{
    /// <summary>scipy's search for BFGS and CG: Moré-Thuente on [1e-100, 1e100] with the zoom on (0, 1e100] as fallback.</summary>
    public static LineSearchOptions Default { get; } = new();

    /// <summary>scipy's search for Newton-CG: Moré-Thuente on [1e-8, 50] with an unbounded zoom as fallback.</summary>
    public static LineSearchOptions NewtonCgDefault { get; } = new() { MinStep = 1e-8, MaxStep = 50, FallbackMaxStep = double.PositiveInfinity };

    /// <summary>
    /// L-BFGS-B's search (the Fortran code's <c>dcsrch</c> call): Moré-Thuente alone with c1 = 1e-3, c2 = 0.9 and interval
    /// tolerance 0.1, from step 0 up to the largest step the bounds allow (computed per iteration, so <see cref="MaxStep"/>
    /// is not used there).
    /// </summary>
    public static LineSearchOptions LBfgsBDefault { get; } =
        new() { Strategy = LineSearchStrategy.MoreThuente, C1 = 1e-3, C2 = 0.9, IntervalTolerance = 0.1, MinStep = 0 };

    /// <summary>
    /// TNC's search: Moré-Thuente alone with c1 = 1e-4, c2 = TNC's <c>eta</c> (null here), at most 64 evaluations, from
    /// step 0 up to the step the bounds and <c>stepmx</c> allow (computed per iteration).
    /// </summary>
    public static LineSearchOptions TncDefault { get; } =
        new() { Strategy = LineSearchStrategy.MoreThuente, C1 = 1e-4, MaxEvaluations = 64, MinStep = 0 };

    /// <summary>Which search runs; default <see cref="LineSearchStrategy.MoreThuenteWithZoomFallback"/>.</summary>
    public LineSearchStrategy Strategy { get; init; } = LineSearchStrategy.MoreThuenteWithZoomFallback;

    /// <summary>Sufficient-decrease constant c1 (scipy <c>c1</c>); null takes the method's <c>C1</c>.</summary>
    public double? C1 { get; init; }

    /// <summary>Curvature constant c2 (scipy <c>c2</c>); null takes the method's <c>C2</c>.</summary>
    public double? C2 { get; init; }

    /// <summary>Most evaluations of φ in one Moré-Thuente search (scipy <c>maxls</c>); null takes the method's
    /// (BFGS <c>MaxLineSearch</c>, otherwise 100).</summary>
    public int? MaxEvaluations { get; init; }

    /// <summary>Relative width of the interval of uncertainty at which Moré-Thuente gives up (MINPACK <c>xtol</c>), default 1e-14.</summary>
    public double IntervalTolerance { get; init; } = 1e-14;

    /// <summary>The smallest Moré-Thuente step (scipy <c>amin</c>), default 1e-100.</summary>
    public double MinStep { get; init; } = 1e-100;

    /// <summary>The largest Moré-Thuente step (scipy <c>amax</c>), default 1e100.</summary>
    public double MaxStep { get; init; } = 1e100;

    /// <summary>The largest step of the zoom search (scipy <c>amax</c> of <c>line_search_wolfe2</c>), default 1e100.</summary>
    public double FallbackMaxStep { get; init; } = 1e100;

    /// <summary>How many times the zoom's bracketing stage may double the step (scipy <c>maxiter</c>), default 10.</summary>
    public int MaxExpansions { get; init; } = 10;

    /// <summary>How many trials the zoom stage may evaluate, default 11 (scipy's zoom stops after its tenth repetition).</summary>
    public int MaxZoomTrials { get; init; } = 11;

    /// <summary>Checks the settings; throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid one.</summary>
    /// <param name="c1">The method's c1, used when <see cref="C1"/> is null.</param>
    /// <param name="c2">The method's c2, used when <see cref="C2"/> is null.</param>
    public void Validate(double c1, double c2)
    {
        double a = C1 ?? c1, b = C2 ?? c2;
        if (!(a > 0 && a < b && b < 1))
        {
            throw Invalid(nameof(C1), $"The line search needs 0 < C1 < C2 < 1; got C1={a}, C2={b}.");
        }

        if (!Enum.IsDefined(Strategy))
        {
            throw Invalid(nameof(Strategy), Strategy, "Unknown line-search strategy.");
        }

        if (MaxEvaluations is { } m && m < 1)
        {
            throw Invalid(nameof(MaxEvaluations), m, "MaxEvaluations must be positive.");
        }

        if (!(IntervalTolerance >= 0 && IntervalTolerance < 1))
        {
            throw Invalid(nameof(IntervalTolerance), IntervalTolerance, "IntervalTolerance must lie in [0, 1).");
        }

        if (!(MinStep >= 0 && MinStep < MaxStep))
        {
            throw Invalid(nameof(MinStep), MinStep, "MinStep must be non-negative and below MaxStep.");
        }

        if (!(FallbackMaxStep > 0))
        {
            throw Invalid(nameof(FallbackMaxStep), FallbackMaxStep, "FallbackMaxStep must be positive.");
        }

        if (MaxExpansions < 1 || MaxZoomTrials < 1)
        {
            throw Invalid(MaxExpansions < 1 ? nameof(MaxExpansions) : nameof(MaxZoomTrials), "The zoom limits must be positive.");
        }
    }

    private static ArgumentOutOfRangeException Invalid(string name, object value, string message) => new(name, value, message);

    private static ArgumentOutOfRangeException Invalid(string name, string message) => new(name, message);

    /// <summary>The Moré-Thuente search these options describe, for methods that run it alone (L-BFGS-B).</summary>
    internal StrongWolfe CreateMoreThuente(double c1, double c2, int maxEvaluations) =>
        new(C1 ?? c1, C2 ?? c2, IntervalTolerance, MaxEvaluations ?? maxEvaluations, minStep: MinStep);

    /// <summary>The search these options describe, with the method's constants where these are null.</summary>
    internal WolfeWithFallback Create(double c1, double c2, int maxEvaluations)
    {
        double a = C1 ?? c1, b = C2 ?? c2;
        var primary = Strategy == LineSearchStrategy.Zoom
            ? null
            : new StrongWolfe(a, b, IntervalTolerance, MaxEvaluations ?? maxEvaluations, minStep: MinStep);
        var fallback = Strategy == LineSearchStrategy.MoreThuente ? null : new StrongWolfeZoom(a, b, MaxExpansions, MaxZoomTrials);
        return new WolfeWithFallback(primary, MaxStep, fallback, FallbackMaxStep);
    }
}
