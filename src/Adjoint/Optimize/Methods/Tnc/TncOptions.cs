using Adjoint.Optimize.LineSearch;

namespace Adjoint.Optimize.Methods.Tnc;

/// <summary>Options of <c>TNC</c> (scipy <c>minimize(method='TNC')</c>).</summary>
/// <remarks>
/// Defaults as scipy, with ε the evaluation dtype's machine epsilon and accuracy = √ε:
/// <see cref="MinimizeOptions.MaxFunctionEvaluations"/> (<c>maxfun</c>) max(100, 10·n) (Hessian-vector products are exact
/// and counted in nhev, not here); <see cref="MinimizeOptions.MaxIterations"/> unlimited (scipy has none);
/// <see cref="MinimizeOptions.FunctionTolerance"/> (<c>ftol</c>) accuracy: stop when |f_k - f_{k+1}| ≤ ftol on the
/// rescaled objective; <see cref="MinimizeOptions.StepTolerance"/> (<c>xtol</c>) √ε: stop when α‖p‖ ≤ xtol in scaled
/// variables; <see cref="ProjectedGradientTolerance"/> (scipy <c>gtol</c>, TNC's pgtol) 1e-2·√accuracy on the scaled
/// projected gradient's 2-norm; <see cref="MaxCGIterations"/> (<c>maxCGit</c>) max(1, min(50, n/2)); <see cref="Eta"/>
/// (<c>eta</c>) 0.25; <see cref="StepMax"/> (<c>stepmx</c>) 10; <see cref="MinimumEstimate"/> (<c>minfev</c>) 0;
/// <see cref="Rescale"/> (<c>rescale</c>) 1.3; <see cref="Scale"/> (<c>scale</c>) up - low for variables bounded on both
/// sides, 1 + |x0| otherwise. scipy's <c>offset</c> has no counterpart: with exact Hessian-vector products and this line
/// search the method is invariant under shifts of the variables. The finite-difference <c>accuracy</c> only sets the
/// ftol and pgtol defaults here.
/// <see cref="MinimizeOptions.GradientTolerance"/> keeps its library meaning: success needs the (unscaled) projected
/// gradient's infinity norm at most 1e-5 (both dtypes); set it explicitly to also stop on it.
/// </remarks>
public sealed record TncOptions : MinimizeOptions
{
    /// <inheritdoc/>
    public override string MethodName => "TNC";

    /// <summary>Maximum Hessian-vector products per iteration (scipy <c>maxCGit</c>); null is max(1, min(50, n/2)); 0 gives steepest descent.</summary>
    public int? MaxCGIterations { get; init; }

    /// <summary>Severity of the line search, its curvature constant (scipy <c>eta</c>, default 0.25, in (0, 1)).</summary>
    public double Eta { get; init; } = 0.25;

    /// <summary>Initial bound on the step in scaled variables (scipy <c>stepmx</c>, default 10); multiplied by 100 whenever a step reaches 90% of it.</summary>
    public double StepMax { get; init; } = 10;

    /// <summary>An estimate of the minimum value of f, used for the first trial step (scipy <c>minfev</c>, default 0).</summary>
    public double MinimumEstimate { get; init; }

    /// <summary>Rescale f when |log10 ‖g‖| exceeds this (scipy <c>rescale</c>, default 1.3).</summary>
    public double Rescale { get; init; } = 1.3;

    /// <summary>TNC's pgtol: stop when the scaled projected gradient's 2-norm is at most this times the f scale (scipy <c>gtol</c>); null is 1e-2·√accuracy.</summary>
    public double? ProjectedGradientTolerance { get; init; }

    /// <summary>Per-variable scaling factors (scipy <c>scale</c>); null takes scipy's defaults.</summary>
    public double[]? Scale { get; init; }

    /// <summary>
    /// The line search (<see cref="LineSearchOptions"/>); default <see cref="LineSearchOptions.TncDefault"/>. Only
    /// <see cref="LineSearchStrategy.MoreThuente"/> is supported; a null c2 takes <see cref="Eta"/>.
    /// </summary>
    public LineSearchOptions LineSearch { get; init; } = LineSearchOptions.TncDefault;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        if (MaxCGIterations is { } m && m < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxCGIterations), m, "MaxCGIterations must be non-negative.");
        }

        InOpenInterval(Eta, 0, 1, nameof(Eta));
        ArgumentNullException.ThrowIfNull(LineSearch);
        LineSearch.Validate(1e-4, Eta);
        if (LineSearch.Strategy != LineSearchStrategy.MoreThuente)
        {
            throw new ArgumentOutOfRangeException(nameof(LineSearch), LineSearch.Strategy, "TNC runs the Moré-Thuente search only.");
        }
        if (!(StepMax > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(StepMax), StepMax, "StepMax must be positive.");
        }

        if (!(Rescale >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(Rescale), Rescale, "Rescale must be non-negative.");
        }

        NonNegative(ProjectedGradientTolerance, nameof(ProjectedGradientTolerance));
    }

    /// <inheritdoc/>

    public override ResolvedSettings Resolve(int n, Tensors.DType dtype)
    {
        var r = base.Resolve(n, dtype);
        double accuracy = Math.Sqrt(r.MachineEpsilon);
        return r with
        {
            MaxIterations = MaxIterations ?? int.MaxValue,
            MaxFunctionEvaluations = MaxFunctionEvaluations ?? Math.Max(100, 10 * n),
            FunctionTolerance = FunctionTolerance ?? Tolerance ?? accuracy,
            StepTolerance = StepTolerance ?? Math.Sqrt(r.MachineEpsilon),
            StopOnGradient = GradientTolerance is not null,
        };
    }
}
