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
        if (rows < n)
        {
            var svd = new DenseMatrix(rows, n, a).Svd(computeVectors: true);
            var projected = f is null ? null : svd.U.TransposeThisAndMultiply(new DenseVector(f));
            return Unpack(svd, n, projected);
        }

        var (r, qtf) = Triangularize(a, rows, n, f);
        return FromTriangular(r, n, qtf);
    }

    /// <summary>
    /// The SVD of an n x n factor R (column-major) given with c = Q^T f: returns the singular values (descending), V and
    /// U_R^T c when c is given.
    /// </summary>
    public static (double[] S, double[] V, double[]? Uf) FromTriangular(double[] r, int n, double[]? qtf)
    {
        var svd = new DenseMatrix(n, n, (double[])r.Clone()).Svd(computeVectors: true);
        var projected = qtf is null ? null : svd.U.TransposeThisAndMultiply(new DenseVector(qtf));
        return Unpack(svd, n, projected);
    }

    private static (double[] S, double[] V, double[]? Uf) Unpack(Svd<double> svd, int n, Vector<double>? projected)
    {
        int k = svd.S.Count;
        var s = new double[k];
        var v = new double[n * k];
        double[]? uf = projected is null ? null : new double[k];
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

    /// <summary>
    /// R (n x n, column-major, upper triangular) of A = Q R and, when f is given, Q^T f, for rows &gt;= n: Gram-Schmidt
    /// on [A f] (Householder when a column is exactly dependent on the previous ones). The array a is not changed.
    /// </summary>
    public static (double[] R, double[]? Qtf) Triangularize(double[] a, int rows, int n, double[]? f)
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
                var values = ((DenseMatrix)factor).Values;
                var r = new double[n * n];
                for (int j = 0; j < n; j++)
                {
                    Array.Copy(values, j * columns, r, j * n, j + 1);
                }

                double[]? qtf = null;
                if (f is not null)
                {
                    qtf = new double[n];
                    Array.Copy(values, n * columns, qtf, 0, n);
                }

                return (r, qtf);
            }
            catch (ArgumentException)
            {
                // A column (of A, or f itself) lies exactly in the span of the previous ones.
            }
        }

        var qr = new DenseMatrix(rows, n, (double[])a.Clone()).QR(QRMethod.Thin);
        var upper = new double[n * n];
        for (int j = 0; j < n; j++)
        {
            for (int i = 0; i <= j; i++)
            {
                upper[i + (j * n)] = qr.R[i, j];
            }
        }

        return (upper, f is null ? null : qr.Q.TransposeThisAndMultiply(new DenseVector(f)).ToArray());
    }
}
