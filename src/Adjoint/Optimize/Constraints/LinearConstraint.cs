namespace Adjoint.Optimize.Constraints;

/// <summary>
/// lower &lt;= A x &lt;= upper over the flat vector of all variables, in variable order (scipy's
/// <c>LinearConstraint(A, lb, ub)</c>). Its Jacobian is A, exactly, and it adds nothing to the Hessian of the Lagrangian.
/// </summary>
public sealed record LinearConstraint : Constraint
{
    private readonly double[,] _a;

    /// <summary>lower &lt;= A x &lt;= upper, the same bounds for every row.</summary>
    /// <param name="a">A, one row per constraint row and one column per element of the flat x.</param>
    /// <param name="lower">The lower bound (-∞ for none).</param>
    /// <param name="upper">The upper bound (+∞ for none).</param>
    public LinearConstraint(double[,] a, double lower, double upper)
        : this(a, [lower], [upper])
    {
    }

    /// <summary>lower &lt;= A x &lt;= upper with one bound per row (or one for all).</summary>
    /// <param name="a">A, one row per constraint row and one column per element of the flat x.</param>
    /// <param name="lower">Lower bounds (-∞ for none).</param>
    /// <param name="upper">Upper bounds (+∞ for none).</param>
    /// <exception cref="ArgumentException">A is empty, holds NaN or infinity, or the bound counts do not match its rows.</exception>
    public LinearConstraint(double[,] a, double[] lower, double[] upper)
        : base(lower, upper)
    {
        ArgumentNullException.ThrowIfNull(a);
        if (a.GetLength(0) == 0 || a.GetLength(1) == 0)
        {
            throw new ArgumentException("The linear constraint's matrix A is empty.", nameof(a));
        }

        foreach (double v in a)
        {
            if (!double.IsFinite(v))
            {
                throw new ArgumentException($"The linear constraint's matrix A holds {v}; every entry must be finite.", nameof(a));
            }
        }

        int m = a.GetLength(0);
        if ((lower.Length != 1 && lower.Length != m) || (upper.Length != 1 && upper.Length != m))
        {
            throw new ArgumentException($"The linear constraint has {m} rows but {lower.Length} lower and {upper.Length} upper bounds.", nameof(lower));
        }

        _a = (double[,])a.Clone();
    }

    /// <summary>One row, lower &lt;= aᵀx &lt;= upper.</summary>
    /// <param name="row">The coefficients, one per element of the flat x.</param>
    /// <param name="lower">The lower bound (-∞ for none).</param>
    /// <param name="upper">The upper bound (+∞ for none).</param>
    public LinearConstraint(double[] row, double lower, double upper)
        : this(ToMatrix(row), [lower], [upper])
    {
    }

    /// <summary>The number of rows of A.</summary>
    public int Rows => _a.GetLength(0);

    /// <summary>The number of columns of A (the number of elements of the flat x it applies to).</summary>
    public int Columns => _a.GetLength(1);

    /// <summary>A copy of A.</summary>
    public double[,] A => (double[,])_a.Clone();

    /// <summary>Aᵢⱼ without copying.</summary>
    /// <param name="row">The row.</param>
    /// <param name="column">The column.</param>
    public double this[int row, int column] => _a[row, column];

    private static double[,] ToMatrix(double[] row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var a = new double[1, row.Length];
        for (int j = 0; j < row.Length; j++)
        {
            a[0, j] = row[j];
        }

        return a;
    }
}
