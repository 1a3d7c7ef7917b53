using MathNet.Numerics.LinearAlgebra;
using TP = System.Numerics.Tensors.TensorPrimitives;

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
/// (O(m²) with Q kept explicitly), Givens rotations restore R after a column leaves (O(m p)). As in Kraft's SLSQP, the
/// number of least-squares solves is capped at 3 n; reaching the cap is reported, not hidden. A is held column by column
/// (contiguous columns), so that the residual, the dual vector and the updates are contiguous vector operations.
/// </remarks>
internal static class Nnls
{
    /// <summary>Solves the problem; returns the status, x and ‖A x - b‖.</summary>
    public static (SubproblemStatus Status, Vector<double> X, double ResidualNorm) Solve(Matrix<double> matrix, Vector<double> rhs)
    {
        int m = matrix.RowCount, n = matrix.ColumnCount;

        // MathNet's dense storage is column-major: its array is A by columns.
        var columns = matrix.ToColumnMajorArray();
        var x = new double[n];
        var (status, norm) = Solve(columns, m, n, rhs.ToArray(), x);
        return (status, Vector<double>.Build.DenseOfArray(x), norm);
    }

    /// <summary>
    /// Solves the problem for A given by columns (<paramref name="columns"/>[j·m + i] = Aᵢⱼ, m × n) into
    /// <paramref name="x"/> (length n); returns the status and ‖A x - b‖.
    /// </summary>
    /// <param name="columns">A by columns.</param>
    /// <param name="m">The rows of A.</param>
    /// <param name="n">The columns of A.</param>
    /// <param name="b">b.</param>
    /// <param name="x">The solution.</param>
    /// <param name="memory">The passive set of the previous solve, used as the start from <see cref="WarmStartColumns"/>
    /// rows on and replaced by this solve's (or null).</param>
    public static (SubproblemStatus Status, double ResidualNorm) Solve(double[] columns, int m, int n, double[] b, double[] x,
        ActiveSetMemory? memory = null)
    {
        Array.Clear(x, 0, n);
        if (n == 0)
        {
            return (SubproblemStatus.Solved, TP.Norm<double>(b.AsSpan(0, m)));
        }

        var a = columns.AsSpan(0, m * n);
        var f = new Factor(m, Math.Min(m, n), b);
        var passive = new bool[n];
        var rejected = new bool[n];
        var residual = new double[m];
        var z = new double[Math.Min(m, n)];
        int maxSolves = 3 * n, solves = 0;
        double scale = TP.Norm<double>(a) * Math.Max(TP.Norm<double>(b.AsSpan(0, m)), 1e-300);
        double dualTolerance = 10 * Eps * scale;
        var status = SubproblemStatus.Solved;
        bool warm = memory is not null && m >= WarmStartColumns;
        if (warm && memory!.Columns == n)
        {
            var t0 = Prof.Now;
            WarmStart(a, m, memory.Passive, f, passive, x, z);
            Prof.Add("     nnls warm", t0);
        }

        while (status == SubproblemStatus.Solved && f.Count < Math.Min(m, n))
        {
            Residual(a, m, b, x, residual);
            int t = -1;
            double best = dualTolerance;
            for (int j = 0; j < n; j++)
            {
                if (!passive[j] && !rejected[j])
                {
                    double wj = Dot(a.Slice(j * m, m), residual);
                    if (wj > best)
                    {
                        best = wj;
                        t = j;
                    }
                }
            }

            if (t < 0)
            {
                break;
            }

            Prof.Add("     nnls append", 0);
            if (!f.TryAppend(t, a.Slice(t * m, m)))
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
                        f.Remove(k); Prof.Add("     nnls remove", 0);
                    }
                }
            }
        }

        if (warm)
        {
            var kept = new int[f.Count];
            for (int k = 0; k < kept.Length; k++)
            {
                kept[k] = f.Index(k);
            }

            memory!.Columns = n;
            memory.Passive = kept;
        }

        Residual(a, m, b, x, residual);
        return (status, Math.Sqrt(Dot(residual, residual)));
    }

    private static readonly double Eps = Math.BitIncrement(1.0) - 1.0;

    /// <summary>The row count of A from which a remembered passive set starts the solve.</summary>
    public const int WarmStartColumns = 64;

    /// <summary>
    /// Enters the remembered columns (each through the same independence and sign tests as in the main loop), then
    /// drops columns until the least-squares coefficients on the passive set are all positive, so that the main loop
    /// starts from its invariant: x ≥ 0 is the least-squares solution on the passive set, positive there.
    /// </summary>
    private static void WarmStart(ReadOnlySpan<double> a, int m, int[] start, Factor f, bool[] passive, double[] x, double[] z)
    {
        int capacity = Math.Min(m, passive.Length);
        foreach (int j in start)
        {
            if (j >= 0 && j < passive.Length && !passive[j] && f.Count < capacity && f.TryAppend(j, a.Slice(j * m, m)))
            {
                passive[j] = true;
            }
        }

        while (f.Count > 0)
        {
            f.Solve(z);
            bool positive = true;
            for (int k = f.Count - 1; k >= 0; k--)
            {
                if (!(z[k] > 0))
                {
                    positive = false;
                    passive[f.Index(k)] = false;
                    f.Remove(k);
                }
            }

            if (positive)
            {
                for (int k = 0; k < f.Count; k++)
                {
                    x[f.Index(k)] = z[k];
                }

                return;
            }
        }
    }

    /// <summary>b - A x, column by column over the nonzero components of x (in index order, so that each entry is
    /// b_i - a_i0 x_0 - a_i1 x_1 - … in that order).</summary>
    private static void Residual(ReadOnlySpan<double> a, int m, double[] b, double[] x, double[] r)
    {
        b.AsSpan(0, m).CopyTo(r);
        for (int j = 0; j < x.Length; j++)
        {
            double xj = x[j];
            if (xj != 0)
            {
                SubtractScaled(a.Slice(j * m, m), xj, r);
            }
        }
    }

    /// <summary>Σ uᵢvᵢ: in index order for short vectors, by SIMD partial sums from <see cref="Wide"/> entries.</summary>
    private static double Dot(ReadOnlySpan<double> u, ReadOnlySpan<double> v)
    {
        if (u.Length >= Wide)
        {
            return TP.Dot<double>(u, v);
        }

        double s = 0;
        for (int i = 0; i < u.Length; i++)
        {
            s += u[i] * v[i];
        }

        return s;
    }

    /// <summary>y ← y - a·u, entry by entry (the product rounded, then the difference).</summary>
    private static void SubtractScaled(ReadOnlySpan<double> u, double a, Span<double> y)
    {
        if (u.Length >= Wide)
        {
            TP.MultiplyAdd<double>(u, -a, y, y);
            return;
        }

        for (int i = 0; i < u.Length; i++)
        {
            y[i] -= u[i] * a;
        }
    }

    /// <summary>The vector length from which sums use SIMD partial sums (a different, width-dependent order of the
    /// same terms); shorter ones, as in small problems, are summed in index order.</summary>
    private const int Wide = 64;

    /// <summary>A_P = Q R for the passive columns in order, with Q (m × m, row-major) and Qᵀb kept explicitly.</summary>
    private sealed class Factor
    {
        private readonly int _m;
        private readonly int _capacity;
        private readonly double[] _q;
        private readonly double[] _qtb;
        private readonly double[] _r;
        private readonly int[] _order;
        private readonly double[] _w;
        private readonly double[] _v;

        public Factor(int m, int capacity, double[] b)
        {
            _m = m;
            _capacity = capacity;
            _q = new double[m * m];
            for (int i = 0; i < m; i++)
            {
                _q[(i * m) + i] = 1;
            }

            _qtb = b.AsSpan(0, m).ToArray();
            _r = new double[m * capacity];
            _order = new int[capacity];
            _w = new double[m];
            _v = new double[m];
        }

        public int Count { get; private set; }

        public int Index(int k) => _order[k];

        private ref double R(int i, int c) => ref _r[(i * _capacity) + c];

        /// <summary>
        /// Appends column <paramref name="a"/> as index <paramref name="j"/> when it is independent of the passive columns
        /// (new diagonal above 100 ε ‖a‖) and its least-squares coefficient would be positive; otherwise leaves the factor.
        /// </summary>
        public bool TryAppend(int j, ReadOnlySpan<double> a)
        {
            int p = Count, m = _m;

            // w = Qᵀa, accumulated over the rows of Q.
            var w = _w.AsSpan();
            w.Clear();
            for (int k = 0; k < m; k++)
            {
                double ak = a[k];
                if (ak != 0)
                {
                    SubtractScaled(_q.AsSpan(k * m, m), -ak, w);
                }
            }

            double anorm = Math.Sqrt(Dot(a, a));
            double tail = Math.Sqrt(Dot(w[p..], w[p..]));
            if (!(tail > 100 * Eps * anorm))
            {
                return false;
            }

            // Householder H = I - β v vᵀ on rows p..m-1 mapping w[p..] to (diag, 0, ..., 0).
            double diag = _w[p] > 0 ? -tail : tail;
            double v0 = _w[p] - diag;
            double beta = 1 / (tail * Math.Abs(v0)); // 2 / vᵀv with vᵀv = 2 tail |v0|
            var v = _v.AsSpan(0, m - p);
            w[p..].CopyTo(v);
            v[0] = v0;
            double dot = Dot(v, _qtb.AsSpan(p, m - p));

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

            // Q ← Q H: each row of Q changes in its columns p..m-1.
            for (int c = 0; c < m; c++)
            {
                var row = _q.AsSpan((c * m) + p, m - p);
                double s = Dot(v, row) * beta;
                if (s != 0)
                {
                    SubtractScaled(v, s, row);
                }
            }

            for (int i = 0; i < p; i++)
            {
                R(i, p) = _w[i];
            }

            R(p, p) = diag;
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
                    R(i, c) = R(i, c + 1);
                }
            }

            for (int i = 0; i < p; i++)
            {
                R(i, p - 1) = 0;
            }

            for (int c = k; c < p - 1; c++)
            {
                double a = R(c, c), bb = R(c + 1, c);
                if (bb == 0)
                {
                    continue;
                }

                double h = Math.Sqrt((a * a) + (bb * bb));
                double cs = a / h, sn = bb / h;
                for (int col = c; col < p - 1; col++)
                {
                    double u = R(c, col), v = R(c + 1, col);
                    R(c, col) = (cs * u) + (sn * v);
                    R(c + 1, col) = (-sn * u) + (cs * v);
                }

                R(c + 1, c) = 0;
                for (int row = 0; row < m; row++)
                {
                    int at = row * m;
                    double u = _q[at + c], v = _q[at + c + 1];
                    _q[at + c] = (cs * u) + (sn * v);
                    _q[at + c + 1] = (-sn * u) + (cs * v);
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
                var row = _r.AsSpan((i * _capacity) + i + 1, p - i - 1);
                double s = _qtb[i];
                if (row.Length >= Wide)
                {
                    s -= TP.Dot<double>(row, z.AsSpan(i + 1, row.Length));
                }
                else
                {
                    for (int c = 0; c < row.Length; c++)
                    {
                        s -= row[c] * z[i + 1 + c];
                    }
                }

                z[i] = s / R(i, i);
            }
        }
    }
}
