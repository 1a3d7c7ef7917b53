namespace Adjoint.Optimize.Methods.Slsqp;

/// <summary>Options of <c>SLSQP</c> (scipy <c>minimize(method='SLSQP')</c>), Kraft's sequential least-squares quadratic programming.</summary>
/// <remarks>
/// Defaults as scipy: <see cref="MinimizeOptions.MaxIterations"/> (<c>maxiter</c>) 100;
/// <see cref="MinimizeOptions.FunctionTolerance"/> (<c>ftol</c>, Kraft's <c>acc</c>) 1e-6, used in Kraft's tests
/// (|f_{k+1} - f_k| &lt; acc or ‖s‖₂ &lt; acc, or the subproblem's predicted change |∇fᵀd| + Σ|νⱼ gⱼ| &lt; acc, each with
/// the summed constraint violation below acc); <see cref="MinimizeOptions.Tolerance"/> (<c>tol</c>) sets ftol, as scipy.
/// Unlike scipy, Kraft's tests alone do not make a success: a run succeeds when the Lagrangian gradient's infinity norm
/// ‖∇f + Jᵀλ + μ‖∞ is at most <see cref="MinimizeOptions.GradientTolerance"/> (gtol, default 1e-5) with the constraints
/// satisfied to <see cref="ResolvedSettings.ConstraintTolerance"/>, and when Kraft's test holds on five consecutive
/// iterations without that, the run ends as <see cref="TerminationReason.NoProgress"/>. The finite-difference step
/// (scipy <c>eps</c>) belongs to the objective's <see cref="Differentiation"/> setting.
/// </remarks>
public sealed record SlsqpOptions : MinimizeOptions
{
    /// <inheritdoc/>
    public override string MethodName => "SLSQP";

    /// <inheritdoc/>
    public override ResolvedSettings Resolve(int n, Tensors.DType dtype)
    {
        var r = base.Resolve(n, dtype);
        return r with
        {
            MaxIterations = MaxIterations ?? 100,
            FunctionTolerance = FunctionTolerance ?? Tolerance ?? 1e-6,
        };
    }
}
