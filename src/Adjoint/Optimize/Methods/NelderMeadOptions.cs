namespace Adjoint.Optimize.Methods;

/// <summary>Options of <c>Nelder-Mead</c> (scipy <c>minimize(method='Nelder-Mead')</c>).</summary>
/// <remarks>
/// Defaults as scipy: <see cref="MinimizeOptions.MaxIterations"/> (<c>maxiter</c>) and
/// <see cref="MinimizeOptions.MaxFunctionEvaluations"/> (<c>maxfev</c>) 200·n each; <see cref="XAbsoluteTolerance"/>
/// (<c>xatol</c>) and <see cref="FAbsoluteTolerance"/> (<c>fatol</c>) 1e-4; <see cref="MinimizeOptions.Tolerance"/>
/// (<c>tol</c>) sets both; <see cref="Adaptive"/> (<c>adaptive</c>) false.
/// </remarks>
public sealed record NelderMeadOptions : MinimizeOptions
{
    /// <inheritdoc/>
    public override string MethodName => "Nelder-Mead";

    /// <summary>Stop when max |x_i - x_0| over the simplex vertices is at most this (and the f test holds); scipy <c>xatol</c>, default 1e-4.</summary>
    public double? XAbsoluteTolerance { get; init; }

    /// <summary>Stop when max |f_i - f_0| over the vertices is at most this (and the x test holds); scipy <c>fatol</c>, default 1e-4.</summary>
    public double? FAbsoluteTolerance { get; init; }

    /// <summary>Dimension-dependent coefficients (Gao and Han 2012): expansion 1 + 2/n, contraction 0.75 - 1/(2n), shrink 1 - 1/n; scipy <c>adaptive</c>.</summary>
    public bool Adaptive { get; init; }

    /// <summary>The starting simplex (n + 1 rows of n), scipy <c>initial_simplex</c>; null builds scipy's (5% of each nonzero coordinate, 0.00025 for zeros).</summary>
    public double[][]? InitialSimplex { get; init; }

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        NonNegative(XAbsoluteTolerance, nameof(XAbsoluteTolerance));
        NonNegative(FAbsoluteTolerance, nameof(FAbsoluteTolerance));
    }

    /// <inheritdoc/>

    public override ResolvedSettings Resolve(int n, Tensors.DType dtype)
    {
        var r = base.Resolve(n, dtype);
        int both = 200 * Math.Max(n, 1);
        return r with
        {
            MaxIterations = MaxIterations ?? (MaxFunctionEvaluations is null ? both : int.MaxValue),
            MaxFunctionEvaluations = MaxFunctionEvaluations ?? (MaxIterations is null ? both : int.MaxValue),
            StepTolerance = XAbsoluteTolerance ?? StepTolerance ?? Tolerance ?? 1e-4,
            FunctionTolerance = FAbsoluteTolerance ?? FunctionTolerance ?? Tolerance ?? 1e-4,
        };
    }
}
