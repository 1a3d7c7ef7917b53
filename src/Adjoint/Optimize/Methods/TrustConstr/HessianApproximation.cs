namespace Adjoint.Optimize.Methods.TrustConstr;

/// <summary>How <c>trust-constr</c> obtains the Hessian of the Lagrangian ∇²f + Σ λᵢ ∇²cᵢ that its SQP steps multiply by.</summary>
public enum HessianApproximation
{
    /// <summary>Exact Hessian-vector products of the Lagrangian (reverse over reverse autodiff, or the user's second derivatives); one Hessian evaluation each.</summary>
    Exact,

    /// <summary>
    /// A dense BFGS approximation of the Lagrangian Hessian, updated with s = x₊ - x and y = ∇ₓL(x₊, λ₊) - ∇ₓL(x, λ₊),
    /// Powell-damped when sᵀy &lt; 0.2 sᵀBs (Nocedal &amp; Wright 2006, Procedure 18.2); B₀ = (yᵀy / yᵀs) I at the first update.
    /// </summary>
    Bfgs,

    /// <summary>
    /// A dense symmetric rank-one approximation of the Lagrangian Hessian (same s and y as <see cref="Bfgs"/>), skipped when
    /// |sᵀ(y - Bs)| &lt; 1e-8 ‖s‖ ‖y - Bs‖ (Nocedal &amp; Wright 2006, section 6.2); it may be indefinite, which the
    /// trust-region subproblem handles.
    /// </summary>
    Sr1,
}
