using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace Adjoint.Fit;

/// <summary>
/// The thin SVD A = U S V^T of a column-major matrix, computed with Math.NET: for a tall A, a QR factorization A = Q R
/// followed by the SVD of the small n x n factor R = U_R S V^T, so that U = Q U_R and U^T f = U_R^T (Q^T f).
/// </summary>
/// <remarks>
/// <para>Least-squares Jacobians are tall and thin (m in the hundreds, n below ten): reducing to R first costs O(m n^2)
/// and never forms the m x m U that a full SVD of A builds. A wide A (rows &lt; n) goes to the Math.NET SVD directly.</para>
/// <para>The QR factorization is Math.NET's modified Gram-Schmidt applied to the augmented matrix [A f]: its last column
/// of R is Q^T f, which is the backward-stable way to project f with Gram-Schmidt (Björck 1967), and R itself is as
/// accurate as a Householder factor. It is several times faster than Math.NET's Householder QR on these small matrices
/// (which also runs its column updates in parallel). When a column is exactly dependent on the previous ones (Gram-Schmidt
/// cannot normalize it) the Householder thin QR is used instead.</para>
/// <para>References: Å. Björck, "Solving linear least squares problems by Gram-Schmidt orthogonalization", BIT 7 (1967)
/// 1-21; Å. Björck, C. C. Paige, "Loss and recapture of orthogonality in the modified Gram-Schmidt algorithm", SIAM J.
/// Matrix Anal. Appl. 13(1) (1992) 176-190.</para>
/// </remarks>
internal static class ReducedSvd
{
    /// <summary>
    /// Returns the k = min(rows, n) singular values (descending), V (n x k, column-major) and, when f is given, the
    /// first k entries of U^T f. The array a may be overwritten.
    /// </summary>
    public static (double[] S, double[] V, double[]? Uf) Decompose(double[] a, int rows, int n, double[]? f)
    {
        Svd<double> svd;
        Vector<double>? projected = null;
        if (rows < n)
        {
            svd = new DenseMatrix(rows, n, a).Svd(computeVectors: true);
            if (f is not null)
            {
                projected = svd.U.TransposeThisAndMultiply(new DenseVector(f));
            }
        }
        else
        {
            var (r, qtf) = Triangularize(a, rows, n, f);
            svd = r.Svd(computeVectors: true);
            if (qtf is not null)
            {
                projected = svd.U.TransposeThisAndMultiply(qtf);
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

    /// <summary>R (n x n) of A = Q R and, when f is given, Q^T f, for rows &gt;= n.</summary>
    private static (Matrix<double> R, Vector<double>? Qtf) Triangularize(double[] a, int rows, int n, double[]? f)
    {
        int columns = f is null ? n : n + 1;
        if (rows >= columns)
        {
            var augmented = new double[rows * columns];
            Array.Copy(a, augmented, rows * n);
            f?.CopyTo(augmented, rows * n);
            try
            {
                var factor = new DenseMatrix(rows, columns, augmented).GramSchmidt().R;
                var r = factor.SubMatrix(0, n, 0, n);
                return (r, f is null ? null : factor.Column(n, 0, n));
            }
            catch (ArgumentException)
            {
                // A column (of A, or f itself) lies exactly in the span of the previous ones.
            }
        }

        var qr = new DenseMatrix(rows, n, a).QR(QRMethod.Thin);
        return (qr.R, f is null ? null : qr.Q.TransposeThisAndMultiply(new DenseVector(f)));
    }
}
