namespace Adjoint.Optimize.QuasiNewton;

/// <summary>An inverse-Hessian approximation stored as a dense row-major n×n matrix (BFGS's <c>hess_inv</c>).</summary>
public sealed class DenseInverseHessian : InverseHessianApproximation
{
    private readonly double[] _h;

    /// <summary>Wraps (does not copy) a row-major n×n matrix.</summary>
    public DenseInverseHessian(double[] matrix, int n)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (matrix.Length != n * n)
        {
            throw new ArgumentException($"Expected {n * n} elements, got {matrix.Length}.", nameof(matrix));
        }

        _h = matrix;
        Dimension = n;
    }

    /// <inheritdoc/>
    public override int Dimension { get; }

    /// <inheritdoc/>
    public override void Multiply(ReadOnlySpan<double> v, Span<double> result)
    {
        int n = Dimension;
        for (int i = 0; i < n; i++)
        {
            result[i] = System.Numerics.Tensors.TensorPrimitives.Dot(_h.AsSpan(i * n, n), v);
        }
    }

    /// <inheritdoc/>
    public override double[,] ToDense()
    {
        int n = Dimension;
        var m = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                m[i, j] = _h[(i * n) + j];
            }
        }

        return m;
    }
}
