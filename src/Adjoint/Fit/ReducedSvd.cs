using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace Adjoint.Fit;

/// <summary>
/// The thin SVD A = U S V^T of a column-major matrix, computed with Math.NET: for a tall A, a thin QR A = Q R followed by
/// the SVD of the small n x n factor R = U_R S V^T, so that U = Q U_R and U^T f = U_R^T (Q^T f).
/// </summary>
/// <remarks>
/// Least-squares Jacobians are tall and thin (m in the hundreds, n below ten): reducing to R first costs O(m n^2)
/// and never forms the m x m U that a full SVD of A builds. A wide A (rows &lt; n) goes to the Math.NET SVD directly.
/// </remarks>
internal static class ReducedSvd
{
    /// <summary>
    /// Returns the k = min(rows, n) singular values (descending), V (n x k, column-major) and, when f is given, the
    /// first k entries of U^T f. The array a may be overwritten.
    /// </summary>
    public static (double[] S, double[] V, double[]? Uf) Decompose(double[] a, int rows, int n, double[]? f)
    {
        var matrix = new DenseMatrix(rows, n, a);
        Svd<double> svd;
        Vector<double>? projected = null;
        if (rows < n)
        {
            svd = matrix.Svd(computeVectors: true);
            if (f is not null)
            {
                projected = svd.U.TransposeThisAndMultiply(new DenseVector(f));
            }
        }
        else
        {
            var qr = matrix.QR(QRMethod.Thin);
            svd = qr.R.Svd(computeVectors: true);
            if (f is not null)
            {
                projected = svd.U.TransposeThisAndMultiply(qr.Q.TransposeThisAndMultiply(new DenseVector(f)));
            }
        }

        int k = Math.Min(rows, n);
        var s = new double[k];
        var v = new double[n * k];
        double[]? uf = f is null ? null : new double[k];
        var vt = svd.VT;
        for (int c = 0; c < k; c++)
        {
            s[c] = svd.S[c];
            for (int i = 0; i < n; i++)
            {
                v[i + (c * n)] = vt[c, i];
            }

            if (uf is not null)
            {
                uf[c] = projected![c];
            }
        }

        return (s, v, uf);
    }
}
