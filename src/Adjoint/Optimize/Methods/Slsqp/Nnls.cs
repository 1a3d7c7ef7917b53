using Adjoint.Tensors.Kernels;
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
            WarmStart(a, m, memory.Passive, f, passive, x, z);
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
                        f.Remove(k);
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
        var candidates = new List<int>(start.Length);
        var seen = new bool[passive.Length];
        foreach (int j in start)
        {
            if (j >= 0 && j < passive.Length && !seen[j])
            {
                seen[j] = true;
                candidates.Add(j);
            }
        }

        foreach (int j in f.AppendBatch(a, candidates))
        {
            passive[j] = true;
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

    /// <summary>The reflectors of one block of <see cref="Factor.AppendBatch"/>.</summary>
    private const int Block = 32;

    /// <summary>
    /// A_P = Q R for the passive columns in order, with R and Qᵀb explicit. From <see cref="WarmStartColumns"/> rows on,
    /// Q is kept as the product of the transformations that built it: Householder reflections (one per appended column,
    /// those of a batch in blocks I - V T Vᵀ) and the Givens rotations of removed columns; only Qᵀa for a new column is
    /// ever needed, and applying the transformations to one vector costs O(m p), without the O(m²) update of an explicit
    /// Q at every step. Smaller problems keep Q explicitly (m × m, row-major), updated at every step.
    /// </summary>
    private sealed class Factor
    {
        private readonly int _m;
        private readonly int _capacity;
        private readonly double[] _qtb;
        private readonly double[] _r;
        private readonly int[] _order;
        private readonly double[] _w;
        private readonly List<Transformation> _q = [];
        private readonly double[]? _explicitQ;
        private readonly double[]? _v;

        public Factor(int m, int capacity, double[] b)
        {
            _m = m;
            if (m < WarmStartColumns)
            {
                _explicitQ = new double[m * m];
                for (int i = 0; i < m; i++)
                {
                    _explicitQ[(i * m) + i] = 1;
                }

                _v = new double[m];
            }

            _capacity = capacity;
            _qtb = b.AsSpan(0, m).ToArray();
            _r = new double[m * capacity];
            _order = new int[capacity];
            _w = new double[m];
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
            if (_explicitQ is not null)
            {
                return TryAppendExplicit(j, a);
            }

            var w = _w.AsSpan();
            a.CopyTo(w);
            ApplyTransposed(w);
            if (!Accept(j, w, Math.Sqrt(Dot(a, a)), out double beta))
            {
                return false;
            }

            int p = Count - 1;
            _q.Add(Transformation.Reflection(w[p..].ToArray(), beta, p));
            return true;
        }

        /// <summary><see cref="TryAppend"/> with Q explicit: w = Qᵀa over the rows of Q, then Q ← Q H.</summary>
        private bool TryAppendExplicit(int j, ReadOnlySpan<double> a)
        {
            int p = Count, m = _m;
            var q = _explicitQ!;

            // w = Qᵀa, accumulated over the rows of Q.
            var w = _w.AsSpan();
            w.Clear();
            for (int k = 0; k < m; k++)
            {
                double ak = a[k];
                if (ak != 0)
                {
                    SubtractScaled(q.AsSpan(k * m, m), -ak, w);
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
                var row = q.AsSpan((c * m) + p, m - p);
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

        /// <summary>
        /// Appends the <paramref name="candidates"/> in order, each through the tests of <see cref="TryAppend"/>, until
        /// the factor is full; returns the indices appended. The reflections of every <see cref="Block"/> accepted
        /// columns are applied to the later candidates at once, as I - V T Vᵀ by the library's matrix kernel (LAPACK's
        /// compact WY form), instead of one at a time.
        /// </summary>
        public List<int> AppendBatch(ReadOnlySpan<double> a, List<int> candidates)
        {
            int m = _m, count = candidates.Count;
            var appended = new List<int>(count);
            if (count == 0)
            {
                return appended;
            }

            if (_explicitQ is not null)
            {
                foreach (int j in candidates)
                {
                    if (Count < _capacity && TryAppendExplicit(j, a.Slice(j * m, m)))
                    {
                        appended.Add(j);
                    }
                }

                return appended;
            }

            // The candidates' columns, each contiguous (the row-major Wᵀ), transformed as the blocks complete.
            var w = new double[count * m];
            for (int c = 0; c < count; c++)
            {
                a.Slice(candidates[c] * m, m).CopyTo(w.AsSpan(c * m, m));
            }

            ApplyTransposed(w, count);
            var vt = new double[Block * m];
            var betas = new double[Block];
            int inBlock = 0, first = Count, next = 0;
            while (next < count && Count < _capacity)
            {
                int c = next++;
                int j = candidates[c];
                var column = w.AsSpan(c * m, m);
                for (int i = 0; i < inBlock; i++)
                {
                    int pi = first + i;
                    var v = vt.AsSpan((i * m) + pi, m - pi);
                    double s = betas[i] * Dot(v, column[pi..]);
                    if (s != 0)
                    {
                        SubtractScaled(v, s, column[pi..]);
                    }
                }

                var original = a.Slice(j * m, m);
                if (Accept(j, column, Math.Sqrt(Dot(original, original)), out double beta))
                {
                    int p = Count - 1;
                    var row = vt.AsSpan(inBlock * m, m);
                    row[..p].Clear();
                    column[p..].CopyTo(row[p..]);
                    betas[inBlock++] = beta;
                    appended.Add(j);
                }

                if (inBlock == Block || (inBlock > 0 && (next == count || Count == _capacity)))
                {
                    var t = BlockFactor(vt, betas, inBlock, m);
                    var block = Transformation.BlockOf(vt.AsSpan(0, inBlock * m).ToArray(), t, inBlock, first);
                    _q.Add(block);
                    if (next < count && Count < _capacity)
                    {
                        block.ApplyTransposed(w.AsSpan(next * m, (count - next) * m), count - next, m);
                    }

                    inBlock = 0;
                    first = Count;
                }
            }

            return appended;
        }

        /// <summary>
        /// The tests and bookkeeping of an append, for column <paramref name="j"/> whose transform Qᵀa is
        /// <paramref name="w"/>: on success R and Qᵀb are extended, w[p] becomes the Householder vector's first entry
        /// (w[p..] is then the vector v of H = I - β v vᵀ) and <paramref name="beta"/> is β.
        /// </summary>
        private bool Accept(int j, Span<double> w, double anorm, out double beta)
        {
            int p = Count, m = _m;
            beta = 0;
            double tail = Math.Sqrt(Dot(w[p..], w[p..]));
            if (!(tail > 100 * Eps * anorm))
            {
                return false;
            }

            // Householder H = I - β v vᵀ on rows p..m-1 mapping w[p..] to (diag, 0, ..., 0).
            double diag = w[p] > 0 ? -tail : tail;
            double v0 = w[p] - diag;
            double b = 1 / (tail * Math.Abs(v0)); // 2 / vᵀv with vᵀv = 2 tail |v0|
            double saved = w[p];
            w[p] = v0;
            double dot = Dot(w[p..], _qtb.AsSpan(p, m - p));

            // The coefficient of the new column in the least-squares solution, from the last row of R z = (Qᵀb)[..p+1].
            double newQtb = _qtb[p] - (b * dot * v0);
            if (!(newQtb / diag > 0))
            {
                w[p] = saved;
                return false;
            }

            _qtb[p] = newQtb;
            for (int i = p + 1; i < m; i++)
            {
                _qtb[i] -= b * dot * w[i];
            }

            for (int i = 0; i < p; i++)
            {
                R(i, p) = w[i];
            }

            R(p, p) = diag;
            _order[p] = j;
            Count = p + 1;
            beta = b;
            return true;
        }

        /// <summary>T (k × k upper triangular, row-major) with H₁ ⋯ H_k = I - V T Vᵀ for the reflectors stored as the rows of
        /// <paramref name="vt"/> (LAPACK's dlarft, forward and by columns): Tᵢᵢ = βᵢ, T[..i, i] = -βᵢ T[..i, ..i] Vᵀ[.., ..i] vᵢ.</summary>
        private static double[] BlockFactor(double[] vt, double[] betas, int k, int m)
        {
            var t = new double[k * k];
            var tmp = new double[k];
            for (int i = 0; i < k; i++)
            {
                var vi = vt.AsSpan(i * m, m);
                for (int j = 0; j < i; j++)
                {
                    tmp[j] = -betas[i] * Dot(vt.AsSpan(j * m, m), vi);
                }

                for (int r = 0; r < i; r++)
                {
                    double s = 0;
                    for (int c = r; c < i; c++)
                    {
                        s += t[(r * k) + c] * tmp[c];
                    }

                    t[(r * k) + i] = s;
                }

                t[(i * k) + i] = betas[i];
            }

            return t;
        }

        /// <summary>w ← Qᵀw for one vector.</summary>
        private void ApplyTransposed(Span<double> w)
        {
            foreach (var step in _q)
            {
                step.ApplyTransposed(w, 1, _m);
            }
        }

        /// <summary>w ← Qᵀw for <paramref name="count"/> contiguous vectors.</summary>
        private void ApplyTransposed(Span<double> w, int count)
        {
            foreach (var step in _q)
            {
                step.ApplyTransposed(w, count, _m);
            }
        }

        /// <summary>Removes the column at position <paramref name="k"/> and restores R with Givens rotations.</summary>
        public void Remove(int k)
        {
            int p = Count;
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
                if (_explicitQ is { } q)
                {
                    for (int row = 0; row < _m; row++)
                    {
                        int at = row * _m;
                        double u = q[at + c], v = q[at + c + 1];
                        q[at + c] = (cs * u) + (sn * v);
                        q[at + c + 1] = (-sn * u) + (cs * v);
                    }
                }
                else
                {
                    _q.Add(Transformation.Rotation(c, cs, sn));
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

    /// <summary>
    /// One factor of Q: a Householder reflection I - β v vᵀ acting on rows p.. (v = <see cref="_v"/>), a block
    /// I - V T Vᵀ of k reflections (the rows of <see cref="_v"/> are the vᵢ over all m rows, zero above row p), or the
    /// rotation of columns c, c + 1 by (cos, sin) that restores R after a removal.
    /// </summary>
    private sealed class Transformation
    {
        private readonly double[] _v;
        private readonly double[]? _t;
        private readonly double _beta;
        private readonly int _p;
        private readonly int _k;
        private readonly double _sin;

        private Transformation(double[] v, double[]? t, double beta, int p, int k, double sin)
        {
            (_v, _t, _beta, _p, _k, _sin) = (v, t, beta, p, k, sin);
        }

        public static Transformation Reflection(double[] v, double beta, int p) => new(v, null, beta, p, 1, 0);

        public static Transformation BlockOf(double[] vt, double[] t, int k, int p) => new(vt, t, 0, p, k, 0);

        public static Transformation Rotation(int c, double cos, double sin) => new([], null, cos, c, 0, sin);

        /// <summary>w ← Hᵀw for <paramref name="count"/> contiguous vectors of length <paramref name="m"/>.</summary>
        public void ApplyTransposed(Span<double> w, int count, int m)
        {
            if (_k == 0)
            {
                for (int c = 0; c < count; c++)
                {
                    ref double u = ref w[(c * m) + _p];
                    ref double v = ref w[(c * m) + _p + 1];
                    double a = u, b = v;
                    u = (_beta * a) + (_sin * b);
                    v = (-_sin * a) + (_beta * b);
                }

                return;
            }

            if (_t is null)
            {
                for (int c = 0; c < count; c++)
                {
                    var x = w.Slice((c * m) + _p, m - _p);
                    double s = _beta * Dot(_v, x);
                    if (s != 0)
                    {
                        SubtractScaled(_v, s, x);
                    }
                }

                return;
            }

            int k = _k;
            if (count == 1)
            {
                // x = Vᵀw, y = Tᵀx, w -= V y.
                Span<double> x = stackalloc double[k];
                for (int i = 0; i < k; i++)
                {
                    x[i] = Dot(_v.AsSpan((i * m) + _p, m - _p), w[_p..m]);
                }

                for (int j = k - 1; j >= 0; j--)
                {
                    double s = 0;
                    for (int i = 0; i <= j; i++)
                    {
                        s += _t[(i * k) + j] * x[i];
                    }

                    x[j] = s;
                }

                for (int j = 0; j < k; j++)
                {
                    if (x[j] != 0)
                    {
                        SubtractScaled(_v.AsSpan((j * m) + _p, m - _p), x[j], w[_p..m]);
                    }
                }

                return;
            }

            // Row form for the count × m matrix W whose rows are the vectors: W ← W - (W V) T Vᵀ.
            var wv = new double[count * k];
            MatMulKernels.Gemm(false, true, count, k, m, w[..(count * m)], _v, wv, accumulate: false);
            var y = new double[count * k];
            MatMulKernels.Gemm(false, false, count, k, k, wv, _t, y, accumulate: false);
            TP.Negate<double>(y, y);
            MatMulKernels.Gemm(false, false, count, m, k, y, _v, w[..(count * m)], accumulate: true);
        }
    }
}
