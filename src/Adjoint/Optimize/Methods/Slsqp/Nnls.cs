using MathNet.Numerics.LinearAlgebra;

namespace Adjoint.Optimize.Methods.Slsqp;

/// <summary>
/// Non-negative least squares, min ‖A x - b‖ subject to x ≥ 0, by the active-set method of Lawson and Hanson
/// (Solving Least Squares Problems, 1974, Chapter 23, Algorithm NNLS).
/// </summary>
/// <remarks>
/// The passive set P holds the indices allowed to be positive. Each outer iteration moves into P the index of the largest
/// component of the dual vector w = Aᵀ(b - A x) (when positive), rejecting a column numerically dependent on those in P or
/// whose least-squares coefficient would not be positive (Lawson-Hanson's test against cycling); the inner loop then
/// interpolates back towards feasibility, moving to the zero set every index whose coefficient reaches zero. The
/// factorization A_P = Q R of the passive columns is updated, not recomputed: a Householder reflection appends a column
/// (O(m²) with Qᵀ kept explicitly), Givens rotations restore R after a column leaves (O(m p)). As in Kraft's SLSQP, the
/// number of least-squares solves is capped at 3 n; reaching the cap is reported, not hidden.
/// </remarks>
internal static class Nnls
{
    /// <summary>Solves the problem; returns the status, x and ‖A x - b‖.</summary>
    public static (SubproblemStatus Status, Vector<double> X, double ResidualNorm) Solve(Matrix<double> matrix, Vector<double> rhs)
    {
        int m = matrix.RowCount, n = matrix.ColumnCount;
        var a = matrix.ToArray();
        var b = rhs.ToArray();
        var x = new double[n];
        if (n == 0)
        {
            return (SubproblemStatus.Solved, Vector<double>.Build.Dense(0), rhs.L2Norm());
        }

        var f = new Factor(m, Math.Min(m, n), b);
        var passive = new bool[n];
        var rejected = new bool[n];
        var column = new double[m];
        var residual = new double[m];
        var w = new double[n];
        var z = new double[Math.Min(m, n)];
        int maxSolves = 3 * n, solves = 0;
        double scale = matrix.FrobeniusNorm() * Math.Max(rhs.L2Norm(), 1e-300);
        double dualTolerance = 10 * Eps * scale;
        var status = SubproblemStatus.Solved;
        while (status == SubproblemStatus.Solved && f.Count < Math.Min(m, n))
        {
            Residual(a, b, x, residual);
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int i = 0; i < m; i++)
                {
                    s += a[i, j] * residual[i];
                }

                w[j] = s;
            }

            int t = -1;
            double best = dualTolerance;
            for (int j = 0; j < n; j++)
            {
                if (!passive[j] && !rejected[j] && w[j] > best)
                {
                    best = w[j];
                    t = j;
                }
            }

            if (t < 0)
            {
                break;
            }

            for (int i = 0; i < m; i++)
            {
                column[i] = a[i, t];
            }

            if (!f.TryAppend(t, column))
            {
                rejected[t] = true;
                continue;
            }

            passive[t] = true;
            Array.Clear(rejected);
            while (true)
            {
                if (++solves > maxSolves)
                {
                    status = SubproblemStatus.IterationLimit;
                    break;
                }

                f.Solve(z);
                double alpha = double.PositiveInfinity;
                int leaving = -1;
                for (int k = 0; k < f.Count; k++)
                {
                    int j = f.Index(k);
                    if (z[k] <= 0)
                    {
                        double ratio = x[j] / (x[j] - z[k]);
                        if (ratio < alpha)
                        {
                            alpha = ratio;
                            leaving = j;
                        }
                    }
                }

                if (leaving < 0)
                {
                    for (int k = 0; k < f.Count; k++)
                    {
                        x[f.Index(k)] = z[k];
                    }

                    break;
                }

                for (int k = 0; k < f.Count; k++)
                {
                    int j = f.Index(k);
                    x[j] += alpha * (z[k] - x[j]);
                }

                for (int k = f.Count - 1; k >= 0; k--)
                {
                    int j = f.Index(k);
                    if (j == leaving || x[j] <= 0)
                    {
                        x[j] = 0;
                        passive[j] = false;
                        f.Remove(k);
                    }
                }
            }
        }

        Residual(a, b, x, residual);
        double norm = 0;
        foreach (double v in residual)
        {
            norm += v * v;
        }

        return (status, Vector<double>.Build.DenseOfArray(x), Math.Sqrt(norm));
    }

    private static readonly double Eps = Math.BitIncrement(1.0) - 1.0;

    /// <summary>b - A x.</summary>
    private static void Residual(double[,] a, double[] b, double[] x, double[] r)
    {
        int m = b.Length, n = x.Length;
        for (int i = 0; i < m; i++)
        {
            double s = b[i];
            for (int j = 0; j < n; j++)
            {
                s -= a[i, j] * x[j];
            }

            r[i] = s;
        }
    }

    /// <summary>A_P = Q R for the passive columns in order, with Qᵀ (m × m) and Qᵀb kept explicitly.</summary>
    private sealed class Factor
    {
        private readonly int _m;
        private readonly double[,] _qt;
        private readonly double[] _qtb;
        private readonly double[,] _r;
        private readonly int[] _order;
        private readonly double[] _w;

        public Factor(int m, int capacity, double[] b)
        {
            _m = m;
            _qt = new double[m, m];
            for (int i = 0; i < m; i++)
            {
                _qt[i, i] = 1;
            }

            _qtb = (double[])b.Clone();
            _r = new double[m, capacity];
            _order = new int[capacity];
            _w = new double[m];
        }

        public int Count { get; private set; }

        public int Index(int k) => _order[k];

        /// <summary>
        /// Appends column <paramref name="a"/> as index <paramref name="j"/> when it is independent of the passive columns
        /// (new diagonal above 100 ε ‖a‖) and its least-squares coefficient would be positive; otherwise leaves the factor.
        /// </summary>
        public bool TryAppend(int j, double[] a)
        {
            int p = Count, m = _m;
            double anorm = 0;
            for (int i = 0; i < m; i++)
            {
                double s = 0;
                for (int k = 0; k < m; k++)
                {
                    s += _qt[i, k] * a[k];
                }

                _w[i] = s;
                anorm += a[i] * a[i];
            }

            anorm = Math.Sqrt(anorm);
            double tail = 0;
            for (int i = p; i < m; i++)
            {
                tail += _w[i] * _w[i];
            }

            tail = Math.Sqrt(tail);
            if (!(tail > 100 * Eps * anorm))
            {
                return false;
            }

            // Householder H = I - β v vᵀ on rows p..m-1 mapping w[p..] to (diag, 0, ..., 0).
            double diag = _w[p] > 0 ? -tail : tail;
            double v0 = _w[p] - diag;
            double beta = 1 / (tail * Math.Abs(v0)); // 2 / vᵀv with vᵀv = 2 tail |v0|
            double dot = v0 * _qtb[p];
            for (int i = p + 1; i < m; i++)
            {
                dot += _w[i] * _qtb[i];
            }

            // The coefficient of the new column in the least-squares solution, from the last row of R z = (Qᵀb)[..p+1].
            double newQtb = _qtb[p] - (beta * dot * v0);
            if (!(newQtb / diag > 0))
            {
                return false;
            }

            _qtb[p] = newQtb;
            for (int i = p + 1; i < m; i++)
            {
                _qtb[i] -= beta * dot * _w[i];
            }

            for (int c = 0; c < m; c++)
            {
                double s = v0 * _qt[p, c];
                for (int i = p + 1; i < m; i++)
                {
                    s += _w[i] * _qt[i, c];
                }

                s *= beta;
                _qt[p, c] -= s * v0;
                for (int i = p + 1; i < m; i++)
                {
                    _qt[i, c] -= s * _w[i];
                }
            }

            for (int i = 0; i < p; i++)
            {
                _r[i, p] = _w[i];
            }

            _r[p, p] = diag;
            _order[p] = j;
            Count = p + 1;
            return true;
        }

        /// <summary>Removes the column at position <paramref name="k"/> and restores R with Givens rotations.</summary>
        public void Remove(int k)
        {
            int p = Count, m = _m;
            for (int c = k; c < p - 1; c++)
            {
                _order[c] = _order[c + 1];
                for (int i = 0; i <= c + 1; i++)
                {
                    _r[i, c] = _r[i, c + 1];
                }
            }

            for (int i = 0; i < p; i++)
            {
                _r[i, p - 1] = 0;
            }

            for (int c = k; c < p - 1; c++)
            {
                double a = _r[c, c], bb = _r[c + 1, c];
                if (bb == 0)
                {
                    continue;
                }

                double h = Math.Sqrt((a * a) + (bb * bb));
                double cs = a / h, sn = bb / h;
                for (int col = c; col < p - 1; col++)
                {
                    double u = _r[c, col], v = _r[c + 1, col];
                    _r[c, col] = (cs * u) + (sn * v);
                    _r[c + 1, col] = (-sn * u) + (cs * v);
                }

                _r[c + 1, c] = 0;
                for (int col = 0; col < m; col++)
                {
                    double u = _qt[c, col], v = _qt[c + 1, col];
                    _qt[c, col] = (cs * u) + (sn * v);
                    _qt[c + 1, col] = (-sn * u) + (cs * v);
                }

                double ub = _qtb[c], vb = _qtb[c + 1];
                _qtb[c] = (cs * ub) + (sn * vb);
                _qtb[c + 1] = (-sn * ub) + (cs * vb);
            }

            Count = p - 1;
        }

        /// <summary>The least-squares coefficients of the passive columns, by position: R z = (Qᵀb)[..p].</summary>
        public void Solve(double[] z)
        {
            int p = Count;
            for (int i = p - 1; i >= 0; i--)
            {
                double s = _qtb[i];
                for (int c = i + 1; c < p; c++)
                {
                    s -= _r[i, c] * z[c];
                }

                z[i] = s / _r[i, i];
            }
        }
    }
}
