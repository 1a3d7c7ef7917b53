namespace Adjoint.Optimize.QuasiNewton;

/// <summary>A method's approximation H ≈ ∇²f⁻¹ at the solution, as a linear operator (scipy's <c>hess_inv</c>).</summary>
public abstract class InverseHessianApproximation
{
    /// <summary>The number of variables.</summary>
    public abstract int Dimension { get; }

    /// <summary>Writes H v into <paramref name="result"/>.</summary>
    public abstract void Multiply(ReadOnlySpan<double> v, Span<double> result);

    /// <summary>The dense matrix (n·n memory; for small problems).</summary>
    public virtual double[,] ToDense()
    {
        int n = Dimension;
        var m = new double[n, n];
        var e = new double[n];
        var col = new double[n];
        for (int j = 0; j < n; j++)
        {
            e[j] = 1;
            Multiply(e, col);
            e[j] = 0;
            for (int i = 0; i < n; i++)
            {
                m[i, j] = col[i];
            }
        }

        return m;
    }
}
