namespace Adjoint.Optimize.Methods.Slsqp;

/// <summary>Options of <c>SLSQP</c> (scipy <c>minimize(method='SLSQP')</c>), Kraft's sequential least-squares quadratic programming.</summary>
/// <remarks>
/// Defaults as scipy: <see cref="MinimizeOptions.MaxIterations"/> (<c>maxiter</c>) 100;
/// <see cref="MinimizeOptions.FunctionTolerance"/> (<c>ftol</c>, Kraft's <c>acc</c>) 1e-6: the method stops when
/// |f_{k+1} - f_k| &lt; acc (or ‖s‖₂ &lt; acc) while the summed constraint violation is below acc, or when the
/// subproblem's predicted change |∇fᵀd| + Σ|νⱼ gⱼ| and the violation are both below acc (Kraft's two tests);
/// <see cref="MinimizeOptions.Tolerance"/> (<c>tol</c>) sets ftol, as scipy. The driver's own test is kept beside them:
/// a run also stops, successfully, when the Lagrangian gradient's infinity norm is at most gtol (default 1e-5) with the
/// constraints satisfied to the constraint tolerance, and a stop on Kraft's tests counts as success only when that
/// first-order test holds too. The finite-difference step (scipy <c>eps</c>) belongs to the objective's
/// <see cref="Differentiation"/> setting.
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
