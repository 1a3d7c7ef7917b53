using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace HonestyAudit;

/// <summary>The eigendecomposition of a symmetric matrix, computed on the matrix scaled to unit largest entry so that huge finite entries do not overflow.</summary>
/// <param name="Values">The eigenvalues (unscaled).</param>
/// <param name="Vectors">The orthonormal eigenvectors, one per column.</param>
internal sealed record SymmetricEigen(double[] Values, Matrix<double> Vectors)
{
    /// <summary>Decomposes <paramref name="h"/>; null when the decomposition fails or is not finite.</summary>
    public static SymmetricEigen? TryCompute(Matrix<double> h)
    {
        ArgumentNullException.ThrowIfNull(h);
        double scale = h.Enumerate().Select(Math.Abs).DefaultIfEmpty(0).Max();
        if (!double.IsFinite(scale))
        {
            return null;
        }

        if (scale == 0)
        {
            return new SymmetricEigen(new double[h.RowCount], Matrix<double>.Build.DenseIdentity(h.RowCount));
        }

        try
        {
            var evd = (h / scale).Evd(Symmetricity.Symmetric);
            var values = evd.EigenValues.Select(e => e.Real * scale).ToArray();
            return values.All(double.IsFinite) && evd.EigenVectors.Enumerate().All(double.IsFinite) ? new SymmetricEigen(values, evd.EigenVectors) : null;
        }
        catch (Exception ex) when (ex is IndexOutOfRangeException or ArgumentException or ArithmeticException or InvalidOperationException)
        {
            return null;
        }
    }
}
