using Adjoint.Optimize.LineSearch;

namespace Adjoint.Optimize.Methods;

/// <summary>Options of <c>CG</c> (scipy <c>minimize(method='CG')</c>).</summary>
/// <remarks>
/// Defaults as scipy: <see cref="MinimizeOptions.GradientTolerance"/> (<c>gtol</c>) 1e-5 (both dtypes) on ‖∇f‖∞;
/// <see cref="MinimizeOptions.MaxIterations"/> (<c>maxiter</c>) 200·n; <see cref="MinimizeOptions.Tolerance"/> (<c>tol</c>) sets gtol.
/// </remarks>
public sealed record ConjugateGradientOptions : MinimizeOptions
{
    /// <inheritdoc/>
    public override string MethodName => "CG";

    /// <summary>Armijo constant of the line search (scipy <c>c1</c>, default 1e-4).</summary>
    public double C1 { get; init; } = 1e-4;

    /// <summary>Curvature constant of the line search (scipy <c>c2</c>, default 0.4).</summary>
    public double C2 { get; init; } = 0.4;

    /// <summary>
    /// The line search: strategy, constants and limits (<see cref="LineSearchOptions"/>); default
    /// <see cref="LineSearchOptions.Default"/>, scipy's search for CG. Its null constants take <c>C1</c> and <c>C2</c> above.
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
            throw new ArgumentOutOfRangeException(nameof(C1), $"CG needs 0 < C1 < C2 < 1; got C1={C1}, C2={C2}.");
        }
    }
}
