using MathNet.Numerics.LinearAlgebra.Double;

namespace Adjoint.Fit;

/// <summary>
/// The SVD A = U S V^T of a tall column-major matrix through a Householder QR with column pivoting, A P = Q R, and
/// the Math.NET SVD of the small n x n factor R: then V = P V_R and U^T f = U_R^T (Q^T f).
/// </summary>
/// <remarks>
/// Least-squares Jacobians are tall and thin (m in the hundreds, n below ten): reducing to R first costs O(m n^2)
/// and never forms the m x m U that a direct SVD builds. The QR is MINPACK's <c>qrfac</c> (shared with
/// <see cref="LevenbergMarquardt"/>), single-threaded and allocation-light.
/// </remarks>
internal static class ReducedSvd
{
    /// <summary>
    /// Returns the k = min(rows, n) singular values (descending), V (n x k, column-major) and, when f is given, the
    /// first k entries of U^T f. The array a is overwritten.
    /// </summary>
    public static (double[] S, double[] V, double[]? Uf) Decompose(double[] a, int rows, int n, double[]? f)
    {
        if (rows < n)
        {
            var mat = new DenseMatrix(rows, n, a);
            var direct = mat.Svd(computeVectors: true);
            int kd = rows;
            var sd = new double[kd];
            var vd = new double[n * kd];
            double[]? ufd = f is null ? null : new double[kd];
            for (int c = 0; c < kd; c++)
            {
                sd[c] = direct.S[c];
                for (int i = 0; i < n; i++)
                {
                    vd[i + (c * n)] = direct.VT[c, i];
                }

                if (ufd is not null)
                {
                    double sum = 0;
                    for (int row = 0; row < rows; row++)
                    {
                        sum += direct.U[row, c] * f![row];
                    }

                    ufd[c] = sum;
                }
            }

            return (sd, vd, ufd);
        }

        var ipvt = new int[n];
        var rdiag = new double[n];
        var acnorm = new double[n];
        var wa = new double[n];
        LevenbergMarquardt.QrFactor(rows, n, a, ipvt, rdiag, acnorm, wa);

        double[]? qtf = null;
        if (f is not null)
        {
            var w = (double[])f.Clone();
            qtf = new double[n];
            for (int j = 0; j < n; j++)
            {
                int cj = j * rows;
                if (a[cj + j] != 0)
                {
                    double sum = 0;
                    for (int i = j; i < rows; i++)
                    {
                        sum += a[cj + i] * w[i];
                    }

                    double t = -sum / a[cj + j];
                    for (int i = j; i < rows; i++)
                    {
                        w[i] += a[cj + i] * t;
                    }
                }

                qtf[j] = w[j];
            }
        }

        var r = new DenseMatrix(n, n);
        for (int j = 0; j < n; j++)
        {
            for (int i = 0; i < j; i++)
            {
                r[i, j] = a[(j * rows) + i];
            }

            r[j, j] = rdiag[j];
        }

        var svd = r.Svd(computeVectors: true);
        var s = new double[n];
        var v = new double[n * n];
        double[]? uf = f is null ? null : new double[n];
        for (int c = 0; c < n; c++)
        {
            s[c] = svd.S[c];
            for (int k = 0; k < n; k++)
            {
                v[ipvt[k] + (c * n)] = svd.VT[c, k];
            }

            if (uf is not null)
            {
                double sum = 0;
                for (int k = 0; k < n; k++)
                {
                    sum += svd.U[k, c] * qtf![k];
                }

                uf[c] = sum;
            }
        }

        return (s, v, uf);
    }
}
