using Adjoint.Autodiff;
using Adjoint.Tensors;

namespace Adjoint.Optimize.Constraints;

/// <summary>
/// A constraint lower &lt;= c(x) &lt;= upper on the variables of a minimization (scipy's <c>constraints</c>): a
/// <see cref="NonlinearConstraint"/> written with tensor operations, or a <see cref="LinearConstraint"/> A x. Rows whose
/// lower and upper bounds are equal are equalities; ±infinity leaves a side open.
/// </summary>
/// <remarks>
/// <para>The factories <see cref="Equality(Func{Tensor, Tensor}, string?)"/> (c(x) = 0) and
/// <see cref="Inequality(Func{Tensor, Tensor}, string?)"/> (c(x) &gt;= 0) are scipy's dict-style
/// <c>{'type': 'eq' | 'ineq', 'fun': ...}</c>.</para>
/// <para>A constraint may return a tensor of any shape; its elements are its rows, in row-major order. Lower and upper
/// are one value for every row, or one per row. NaN in a bound, or lower &gt; upper, throws
/// <see cref="ArgumentException"/> here; a count that does not match the rows throws when the problem is set up.</para>
/// <para><see cref="Name"/> appears in messages and in the result's constraint reports; without one a constraint
/// is called "constraint k" after its position in the list (from 0).</para>
/// </remarks>
/// <example><code>
/// var budget = Constraint.Equality(x => x.Sum() - 1, "budget");                       // sum(x) = 1
/// var floor = Constraint.Inequality(x => x[0] - 2 * x[1] + 2, "floor");               // x0 - 2 x1 + 2 &gt;= 0
/// var ring = new NonlinearConstraint(x => x.Square().Sum(), 1.0, 4.0) { Name = "ring" };   // 1 &lt;= |x|² &lt;= 4
/// var rows = new LinearConstraint(new double[,] { { 1, 2 }, { 3, -1 } }, [double.NegativeInfinity, 0], [4, 0]);
/// var r = Minimizer.Minimize(f, x0, constraints: [budget, floor, ring, rows]);
/// </code></example>
public abstract record Constraint
{
    private protected Constraint(double[] lower, double[] upper)
    {
        ArgumentNullException.ThrowIfNull(lower);
        ArgumentNullException.ThrowIfNull(upper);
        if (lower.Length == 0 || upper.Length == 0)
        {
            throw new ArgumentException("A constraint's lower and upper bounds need at least one value each.", nameof(lower));
        }

        if (lower.Length != upper.Length && lower.Length != 1 && upper.Length != 1)
        {
            throw new ArgumentException($"The constraint has {lower.Length} lower and {upper.Length} upper bounds; give one value or one per row for each.", nameof(upper));
        }

        int m = Math.Max(lower.Length, upper.Length);
        for (int i = 0; i < m; i++)
        {
            double l = lower[lower.Length == 1 ? 0 : i], u = upper[upper.Length == 1 ? 0 : i];
            if (double.IsNaN(l) || double.IsNaN(u))
            {
                throw new ArgumentException($"The constraint's bound for row {i} is NaN.", nameof(lower));
            }

            if (l > u)
            {
                throw new ArgumentException($"The constraint's lower bound {l} exceeds its upper bound {u} for row {i}.", nameof(lower));
            }

            if (l == double.PositiveInfinity || u == double.NegativeInfinity)
            {
                throw new ArgumentException($"The constraint's bounds for row {i} ([{l}, {u}]) admit no finite value.", nameof(lower));
            }
        }

        Lower = (double[])lower.Clone();
        Upper = (double[])upper.Clone();
    }

    /// <summary>The name used in messages and results, or null for "constraint k".</summary>
    public string? Name { get; init; }

    /// <summary>Lower bounds: one for every row, or one per row (-∞ for none).</summary>
    public IReadOnlyList<double> Lower { get; }

    /// <summary>Upper bounds: one for every row, or one per row (+∞ for none).</summary>
    public IReadOnlyList<double> Upper { get; }

    /// <summary>An equality c(x) = 0 (scipy <c>{'type': 'eq', 'fun': c}</c>) on a function of one tensor.</summary>
    /// <param name="function">c, of the tensor shaped as x0, returning a tensor of any shape.</param>
    /// <param name="name">A name for messages and results.</param>
    public static NonlinearConstraint Equality(Func<Tensor, Tensor> function, string? name = null) => new(function, 0.0, 0.0) { Name = name };

    /// <summary>An equality c(x) = 0 on a function of named variables.</summary>
    /// <param name="function">c, of the named variables of x0, returning a tensor of any shape.</param>
    /// <param name="name">A name for messages and results.</param>
    public static NonlinearConstraint Equality(Func<Variables, Tensor> function, string? name = null) => new(function, 0.0, 0.0) { Name = name };

    /// <summary>An inequality c(x) &gt;= 0 (scipy <c>{'type': 'ineq', 'fun': c}</c>) on a function of one tensor.</summary>
    /// <param name="function">c, of the tensor shaped as x0, returning a tensor of any shape.</param>
    /// <param name="name">A name for messages and results.</param>
    public static NonlinearConstraint Inequality(Func<Tensor, Tensor> function, string? name = null) =>
        new(function, 0.0, double.PositiveInfinity) { Name = name };

    /// <summary>An inequality c(x) &gt;= 0 on a function of named variables.</summary>
    /// <param name="function">c, of the named variables of x0, returning a tensor of any shape.</param>
    /// <param name="name">A name for messages and results.</param>
    public static NonlinearConstraint Inequality(Func<Variables, Tensor> function, string? name = null) =>
        new(function, 0.0, double.PositiveInfinity) { Name = name };
}
