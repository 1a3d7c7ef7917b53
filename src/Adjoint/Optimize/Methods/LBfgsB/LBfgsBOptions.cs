using Adjoint.Optimize.LineSearch;
using Adjoint.Tensors;

namespace Adjoint.Optimize.Methods.LBfgsB;

/// <summary>Options of <c>L-BFGS-B</c> (scipy <c>minimize(method='L-BFGS-B')</c>).</summary>
/// <remarks>
/// Defaults as scipy: <see cref="MaxCorrections"/> (<c>maxcor</c>) 10; <see cref="MinimizeOptions.FunctionTolerance"/>
/// (<c>ftol</c> = factr·ε₆₄) 2.2e-9 in both dtypes (in float32 rounding usually stops the run first; the final check then decides): stop when (f_k - f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) ≤ ftol;
/// <see cref="MinimizeOptions.GradientTolerance"/> (<c>gtol</c>, <c>pgtol</c>) 1e-5 (both dtypes) on the projected gradient's
/// infinity norm; <see cref="MinimizeOptions.MaxIterations"/> (<c>maxiter</c>) 15000;
/// <see cref="MinimizeOptions.MaxFunctionEvaluations"/> (<c>maxfun</c>) 15000; <see cref="MaxLineSearch"/> (<c>maxls</c>) 20.
/// <see cref="MinimizeOptions.Tolerance"/> (<c>tol</c>) sets both ftol and gtol, as scipy.
/// </remarks>
public sealed record LBfgsBOptions : MinimizeOptions
{
    /// <inheritdoc/>
    public override string MethodName => "L-BFGS-B";

    /// <summary>The number of correction pairs kept (scipy <c>maxcor</c>, m; default 10).</summary>
    public int MaxCorrections { get; init; } = 10;

    /// <summary>Maximum function evaluations per line search (scipy <c>maxls</c>, default 20).</summary>
    public int MaxLineSearch { get; init; } = 20;

    /// <summary>
    /// The line search (<see cref="LineSearchOptions"/>); default <see cref="LineSearchOptions.LBfgsBDefault"/>, the search of
    /// the L-BFGS-B code. Only <see cref="LineSearchStrategy.MoreThuente"/> is supported; its evaluation limit defaults to
    /// <see cref="MaxLineSearch"/>, and the largest step comes from the bounds.
    /// </summary>
    public LineSearchOptions LineSearch { get; init; } = LineSearchOptions.LBfgsBDefault;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        ArgumentNullException.ThrowIfNull(LineSearch);
        LineSearch.Validate(1e-3, 0.9);
        if (LineSearch.Strategy != LineSearchStrategy.MoreThuente)
        {
            throw new ArgumentOutOfRangeException(nameof(LineSearch), LineSearch.Strategy, "L-BFGS-B runs the Moré-Thuente search only.");
        }
        Positive(MaxCorrections, nameof(MaxCorrections), allowZero: false);
        Positive(MaxLineSearch, nameof(MaxLineSearch), allowZero: false);
    }

    /// <inheritdoc/>

    public override ResolvedSettings Resolve(int n, Tensors.DType dtype)
    {
        var r = base.Resolve(n, dtype);
        return r with
        {
            MaxIterations = MaxIterations ?? 15000,
            MaxFunctionEvaluations = MaxFunctionEvaluations ?? 15000,
            FunctionTolerance = FunctionTolerance ?? Tolerance ?? (1e7 * Precision<double>.MachineEpsilon),
        };
    }
}
