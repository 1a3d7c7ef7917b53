namespace Adjoint.Optimize.Methods.TrustConstr;

/// <summary>
/// The problem trust-constr's internals solve, in the canonical form of Byrd, Hribar, Nocedal (1999):
/// minimize f(x) subject to h(x) = 0 (equality rows) and g(x) ≤ 0 (inequality rows, bounds among them).
/// </summary>
/// <remarks>
/// Multipliers v follow ∇f + ∇hᵀ v_eq + ∇gᵀ v_ineq = 0, so v_ineq ≥ 0 at a solution. Evaluations write into the caller's
/// buffers; Jacobians are row-major (rows × n).
/// </remarks>
internal abstract class NonlinearProgram
{
    /// <summary>The number of variables n.</summary>
    public abstract int Dimension { get; }

    /// <summary>The number of equality rows.</summary>
    public abstract int EqualityCount { get; }

    /// <summary>The number of inequality rows g(x) ≤ 0.</summary>
    public abstract int InequalityCount { get; }

    /// <summary>
    /// Lower bounds on x that every trial point must keep (null for none): the step's x-part is limited to the
    /// fraction-to-the-boundary box x + d ≥ l + (1 - τ)(x - l), τ = 0.995. The bound rows stay in the program as well.
    /// </summary>
    public virtual double[]? StrictLower => null;

    /// <summary>Upper bounds on x that every trial point must keep (null for none); see <see cref="StrictLower"/>.</summary>
    public virtual double[]? StrictUpper => null;

    /// <summary>
    /// How many of the trailing inequality rows are simple bounds, each with one Jacobian entry (see
    /// <see cref="BoundRow"/>); 0 by default. <see cref="Jacobians"/> may then be given an inequality buffer without
    /// those rows.
    /// </summary>
    public virtual int BoundRowCount => 0;

    /// <summary>The variable and Jacobian entry of bound row <paramref name="k"/> (inequality row InequalityCount - BoundRowCount + k).</summary>
    public virtual (int Variable, double Coefficient) BoundRow(int k) => throw new ArgumentOutOfRangeException(nameof(k));

    /// <summary>f(x), writing ∇f(x) into <paramref name="gradient"/>.</summary>
    public abstract double ValueAndGradient(double[] x, double[] gradient);

    /// <summary>h(x) and g(x).</summary>
    public abstract void Constraints(double[] x, double[] equality, double[] inequality);

    /// <summary>
    /// The Jacobians of h and g at <paramref name="x"/>; an inequality buffer with InequalityCount - BoundRowCount rows
    /// receives the rows before the bound rows only.
    /// </summary>
    public abstract void Jacobians(double[] x, double[,] equality, double[,] inequality);

    /// <summary>(∇²f + Σ v_eq ∇²h + Σ v_ineq ∇²g)(x) p.</summary>
    public abstract void LagrangianHessianProduct(double[] x, double[] equalityMultipliers, double[] inequalityMultipliers,
        ReadOnlySpan<double> p, Span<double> result);

    /// <summary>The constraint violation at h and g: max(‖h‖∞, max gᵢ, 0).</summary>
    public virtual double Violation(double[] equality, double[] inequality)
    {
        double v = DenseOps.InfNorm(equality);
        foreach (double gi in inequality)
        {
            v = Math.Max(v, gi);
        }

        return v;
    }
}
