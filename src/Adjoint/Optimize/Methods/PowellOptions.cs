namespace Adjoint.Optimize.Methods;

/// <summary>Options of <c>Powell</c> (scipy <c>minimize(method='Powell')</c>).</summary>
/// <remarks>
/// Defaults as scipy: <see cref="MinimizeOptions.StepTolerance"/> (<c>xtol</c>) 1e-4, the line searches' tolerance
/// (Brent with relative tolerance 100·xtol, or bounded Brent to absolute xatol = xtol); <see cref="MinimizeOptions.FunctionTolerance"/>
/// (<c>ftol</c>) 1e-4: stop when 2 (f_start - f_end) ≤ ftol (|f_start| + |f_end|) + 1e-20 over a sweep;
/// <see cref="MinimizeOptions.Tolerance"/> (<c>tol</c>) sets both; <see cref="MinimizeOptions.MaxIterations"/> (<c>maxiter</c>)
/// and <see cref="MinimizeOptions.MaxFunctionEvaluations"/> (<c>maxfev</c>) 1000·n each when neither is given (the other is
/// unlimited when one is); <see cref="InitialDirections"/> (<c>direc</c>) the identity.
/// </remarks>
public sealed record PowellOptions : MinimizeOptions
{
    /// <inheritdoc/>
    public override string MethodName => "Powell";

    /// <summary>The initial set of n search directions, one per row (scipy <c>direc</c>); null is the coordinate directions.</summary>
    public double[][]? InitialDirections { get; init; }

    /// <inheritdoc/>

    public override ResolvedSettings Resolve(int n, Tensors.DType dtype)
    {
        var r = base.Resolve(n, dtype);
        int both = 1000 * Math.Max(n, 1);
        return r with
        {
            MaxIterations = MaxIterations ?? (MaxFunctionEvaluations is null ? both : int.MaxValue),
            MaxFunctionEvaluations = MaxFunctionEvaluations ?? (MaxIterations is null ? both : int.MaxValue),
            StepTolerance = StepTolerance ?? Tolerance ?? 1e-4,
            FunctionTolerance = FunctionTolerance ?? Tolerance ?? 1e-4,
        };
    }
}
