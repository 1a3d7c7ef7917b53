using Adjoint.Optimize.LineSearch;

namespace Adjoint.Optimize.Methods;

/// <summary>Options of <c>BFGS</c> (scipy <c>minimize(method='BFGS')</c>).</summary>
/// <remarks>
/// Defaults: <see cref="MinimizeOptions.GradientTolerance"/> (scipy <c>gtol</c>) 1e-5 (both dtypes), infinity norm;
/// <see cref="MinimizeOptions.MaxIterations"/> (<c>maxiter</c>) 200·n; <see cref="MinimizeOptions.Tolerance"/> (<c>tol</c>) sets gtol;
/// <see cref="MinimizeOptions.FunctionTolerance"/> default 0 (off): stop when the relative decrease of f is at most this;
/// <see cref="MinimizeOptions.StepTolerance"/> (scipy <c>xrtol</c>) default 0 (off): stop when ‖s‖ ≤ xrtol (xrtol + ‖x‖).
/// </remarks>
public sealed record BfgsOptions : MinimizeOptions
{
    /// <inheritdoc/>
    public override string MethodName => "BFGS";

    /// <summary>Armijo (sufficient decrease) constant of the strong Wolfe line search (scipy <c>c1</c>, default 1e-4).</summary>
    public double C1 { get; init; } = 1e-4;

    /// <summary>Curvature constant of the strong Wolfe line search (scipy <c>c2</c>, default 0.9).</summary>
    public double C2 { get; init; } = 0.9;

    /// <summary>Maximum function evaluations per line search (default 100, as MINPACK's dcsrch driver in scipy).</summary>
    public int MaxLineSearch { get; init; } = 100;

    /// <summary>
    /// Scale the initial H₀ = I to (yᵀs / yᵀy) I before the first update (Nocedal &amp; Wright Eq. 6.20). Default false,
    /// as scipy (which starts from H₀ = I unscaled).
    /// </summary>
    public bool ScaleInitialHessian { get; init; }

    /// <summary>
    /// The line search: strategy, constants and limits (<see cref="LineSearchOptions"/>); default
    /// <see cref="LineSearchOptions.Default"/>, scipy's search for BFGS. Its null constants take <c>C1</c> and <c>C2</c> above.
    /// </summary>
    public LineSearchOptions LineSearch { get; init; } = LineSearchOptions.Default;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        ArgumentNullException.ThrowIfNull(LineSearch);
        LineSearch.Validate(C1, C2);
        if (!(C1 > 0 && C1 < C2 && C2 < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(C1), $"BFGS needs 0 < C1 < C2 < 1; got C1={C1}, C2={C2}.");
        }

        Positive(MaxLineSearch, nameof(MaxLineSearch), allowZero: false);
    }
}
