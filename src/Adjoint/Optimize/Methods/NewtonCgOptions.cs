using Adjoint.Optimize.LineSearch;

namespace Adjoint.Optimize.Methods;

/// <summary>Options of <c>Newton-CG</c> (scipy <c>minimize(method='Newton-CG')</c>).</summary>
/// <remarks>
/// Defaults as scipy: <see cref="MinimizeOptions.StepTolerance"/> (<c>xtol</c>, scipy's average tolerance per variable)
/// 1e-5: stop when ‖α p‖₁ ≤ n·xtol; <see cref="MinimizeOptions.Tolerance"/> (<c>tol</c>) sets xtol;
/// <see cref="MinimizeOptions.MaxIterations"/> (<c>maxiter</c>) 200·n. The step test stops the run; success additionally
/// needs ‖∇f‖∞ ≤ <see cref="MinimizeOptions.GradientTolerance"/> (default 1e-5 (both dtypes); set it to also stop on it).
/// </remarks>
public sealed record NewtonCgOptions : MinimizeOptions
{
    /// <inheritdoc/>
    public override string MethodName => "Newton-CG";

    /// <summary>Armijo constant of the line search (scipy <c>c1</c>, default 1e-4).</summary>
    public double C1 { get; init; } = 1e-4;

    /// <summary>Curvature constant of the line search (scipy <c>c2</c>, default 0.9).</summary>
    public double C2 { get; init; } = 0.9;

    /// <summary>Maximum inner CG iterations per Newton step; null is 20·n (scipy's <c>cg_maxiter</c>).</summary>
    public int? MaxInnerIterations { get; init; }

    /// <summary>
    /// The line search: strategy, constants and limits (<see cref="LineSearchOptions"/>); default
    /// <see cref="LineSearchOptions.NewtonCgDefault"/>, scipy's search for Newton-CG. Its null constants take <c>C1</c> and <c>C2</c> above.
    /// </summary>
    public LineSearchOptions LineSearch { get; init; } = LineSearchOptions.NewtonCgDefault;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        ArgumentNullException.ThrowIfNull(LineSearch);
        LineSearch.Validate(C1, C2);
        if (!(C1 > 0 && C1 < C2 && C2 < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(C1), $"Newton-CG needs 0 < C1 < C2 < 1; got C1={C1}, C2={C2}.");
        }

        Positive(MaxInnerIterations, nameof(MaxInnerIterations), allowZero: false);
    }

    /// <inheritdoc/>

    public override ResolvedSettings Resolve(int n, Tensors.DType dtype)
    {
        var r = base.Resolve(n, dtype);
        return r with
        {
            GradientTolerance = GradientTolerance ?? DefaultGradientTolerance,
            StepTolerance = StepTolerance ?? Tolerance ?? 1e-5,
            StopOnGradient = GradientTolerance is not null,
        };
    }
}
