namespace Adjoint.Optimize.Methods.Cobyla;

// Symbols (Powell 1994, section 3): the step d from the pole solves, approximately,
//     minimize g·d  subject to  c_i + a_i·d >= 0 (i < m),  ‖d‖₂ <= ρ,
// in two phases. Phase 1 (only when some c_i < 0) minimizes the greatest linearized violation
// t(d) = max_i max(0, -(c_i + a_i·d)); phase 2 minimizes g·d while no linearized violation exceeds the t* phase 1 reached.
// Both phases follow the same piecewise-linear path: from the current point move along the steepest descent direction of
// the phase's objective projected onto the null space of the active constraint normals (a_i·s = 0), add the first
// constraint that blocks, drop an active constraint whose multiplier is negative, and stop at the optimum or when the path
// reaches the trust-region boundary (Powell's TRSTLP also ends there, which keeps the step a continuous function of the data).
// Phase 1 runs in the n + 1 variables (d, t): minimize t subject to a_i·d + t >= -c_i and t >= 0, the ball on d only; its
// projected steepest-descent direction in d is parallel to Powell's direction that lowers every active violation at one rate.
// The active normals are kept as an orthonormal basis Q with A_S = Q R (modified Gram-Schmidt, applied twice), so the
// projection is s = -(q - Q Qᵀ q) and the multipliers solve R λ = Qᵀ q.

/// <summary>The trust-region linear program of COBYLA (the part Powell calls TRSTLP), solved by an active-set path.</summary>
internal sealed class TrustRegionLinearProgram
{
    private readonly int _n;
    private readonly int _m;
    private readonly double[][] _normals; // m + 1 rows of n + 1: (a_i, 1) for phase 1, the last row the bound t >= 0
    private readonly double[] _rhs;
    private readonly double[] _x;
    private readonly double[] _q;
    private readonly double[] _s;
    private readonly double[][] _basis;
    private readonly double[,] _r;
    private readonly double[] _proj;
    private readonly double[] _lambda;
    private readonly int[] _active;
    private readonly bool[] _isActive;
    private int _k;

    /// <summary>Allocates the workspace for <paramref name="n"/> variables and <paramref name="m"/> linearized constraints.</summary>
    public TrustRegionLinearProgram(int n, int m)
    {
        _n = n;
        _m = m;
        int dim = n + 1;
        _normals = new double[m + 1][];
        for (int i = 0; i <= m; i++)
        {
            _normals[i] = new double[dim];
        }

        _rhs = new double[m + 1];
        _x = new double[dim];
        _q = new double[dim];
        _s = new double[dim];
        _basis = new double[dim][];
        for (int i = 0; i < dim; i++)
        {
            _basis[i] = new double[dim];
        }

        _r = new double[dim, dim];
        _proj = new double[dim];
        _lambda = new double[dim];
        _active = new int[dim];
        _isActive = new bool[m + 1];
    }

    /// <summary>The greatest linearized violation the step keeps to (t* of phase 1; 0 when the linearization is feasible in the ball).</summary>
    public double PhaseOneViolation { get; private set; }

    /// <summary>
    /// Computes the step into <paramref name="d"/>. Returns true when the path ended on the trust-region boundary
    /// (Powell's IFULL = 1), false when it ended at the optimum of the linear program inside the ball.
    /// </summary>
    /// <param name="a">The constraint gradients a_i (m rows of n).</param>
    /// <param name="c">The constraint values c_i at the pole (feasible when >= 0).</param>
    /// <param name="g">The objective gradient.</param>
    /// <param name="rho">The trust-region radius.</param>
    /// <param name="d">Receives the step (n values).</param>
    public bool Solve(double[][] a, ReadOnlySpan<double> c, ReadOnlySpan<double> g, double rho, Span<double> d)
    {
        int n = _n, m = _m;
        double v0 = 0;
        for (int i = 0; i < m; i++)
        {
            v0 = Math.Max(v0, -c[i]);
        }

        Array.Clear(_x);
        bool boundary = false;
        double tStar = 0;
        if (v0 > 0)
        {
            // Phase 1 in (d, t): constraints a_i·d + t >= -c_i and t >= 0; objective t; start at (0, v0).
            for (int i = 0; i < m; i++)
            {
                a[i].AsSpan(0, n).CopyTo(_normals[i]);
                _normals[i][n] = 1;
                _rhs[i] = -c[i];
            }

            Array.Clear(_normals[m]);
            _normals[m][n] = 1;
            _rhs[m] = 0;
            Array.Clear(_q);
            _q[n] = 1;
            _x[n] = v0;
            boundary = Path(n + 1, m + 1, rho);
            tStar = Math.Max(_x[n], 0);
            // A violation of rounding size relative to the start is no violation: phase 2 then keeps the constraints.
            if (tStar <= 1e-14 * v0)
            {
                tStar = 0;
            }
        }

        PhaseOneViolation = tStar;
        if (boundary)
        {
            // Phase 1 used the whole ball: the step is the least-violation point the path reached (Powell ends here too).
            _x.AsSpan(0, n).CopyTo(d);
            return true;
        }

        // Phase 2 in d: constraints a_i·d >= -c_i - t*; objective g; start where phase 1 ended.
        for (int i = 0; i < m; i++)
        {
            Array.Clear(_normals[i]);
            a[i].AsSpan(0, n).CopyTo(_normals[i]);
            _rhs[i] = -c[i] - tStar;
        }

        _x[n] = 0;
        Array.Clear(_q);
        g.CopyTo(_q);
        bool onBoundary = Path(n, m, rho);
        double dd = 0;
        for (int i = 0; i < n; i++)
        {
            dd += _x[i] * _x[i];
        }

        _x.AsSpan(0, n).CopyTo(d);
        return onBoundary || dd >= rho * rho * (1 - 1e-10);
    }

    /// <summary>
    /// The active-set path for minimize q·x subject to normal_i·x >= rhs_i (i &lt; rows), ‖x[0..n)‖ &lt;= ρ, from the
    /// feasible point in <see cref="_x"/>. Returns true when it stopped on the ball's boundary.
    /// </summary>
    private bool Path(int dim, int rows, double rho)
    {
        int n = _n;
        _k = 0;
        Array.Clear(_isActive);
        double qNorm = Norm(_q.AsSpan(0, dim));
        if (qNorm == 0)
        {
            return false;
        }

        int maxIterations = (4 * (rows + dim)) + 20;
        for (int iteration = 0; iteration < maxIterations; iteration++)
        {
            // Multipliers of the active constraints (q = Σ λ_i normal_i); drop the most negative until none is.
            for (int drops = 0; drops <= dim; drops++)
            {
                Multipliers(dim);
                int worst = -1;
                double worstValue = 0;
                for (int j = 0; j < _k; j++)
                {
                    double scaled = _lambda[j] * Norm(_normals[_active[j]].AsSpan(0, dim));
                    if (scaled < -1e-12 * qNorm && scaled < worstValue)
                    {
                        worstValue = scaled;
                        worst = j;
                    }
                }

                if (worst < 0)
                {
                    break;
                }

                Drop(worst, dim);
            }

            // s = -(q - Q Qᵀ q): steepest descent in the null space of the active normals.
            for (int i = 0; i < dim; i++)
            {
                _s[i] = -_q[i];
            }

            for (int j = 0; j < _k; j++)
            {
                var b = _basis[j];
                double p = Dot(b.AsSpan(0, dim), _q.AsSpan(0, dim));
                for (int i = 0; i < dim; i++)
                {
                    _s[i] += p * b[i];
                }
            }

            double sNorm = Norm(_s.AsSpan(0, dim));
            if (sNorm <= 1e-12 * qNorm)
            {
                return false;
            }

            // The first inactive constraint the path meets.
            double alpha = double.PositiveInfinity;
            int blocking = -1;
            for (int i = 0; i < rows; i++)
            {
                if (_isActive[i])
                {
                    continue;
                }

                var a = _normals[i].AsSpan(0, dim);
                double rate = Dot(a, _s.AsSpan(0, dim));
                if (rate < -1e-12 * Norm(a) * sNorm)
                {
                    double slack = Math.Max(Dot(a, _x.AsSpan(0, dim)) - _rhs[i], 0);
                    double step = slack / -rate;
                    if (step < alpha)
                    {
                        alpha = step;
                        blocking = i;
                    }
                }
            }

            // The ball ‖x_d + α s_d‖ = ρ on the first n coordinates.
            double ss = 0, xs = 0, xx = 0;
            for (int i = 0; i < n; i++)
            {
                ss += _s[i] * _s[i];
                xs += _x[i] * _s[i];
                xx += _x[i] * _x[i];
            }

            double ball = double.PositiveInfinity;
            if (ss > 0)
            {
                double room = Math.Max((rho * rho) - xx, 0);
                double disc = Math.Sqrt((xs * xs) + (ss * room));
                // The positive root, written to avoid cancellation when xs > 0.
                ball = xs > 0 ? room / (xs + disc) : (disc - xs) / ss;
            }

            if (ball <= alpha)
            {
                for (int i = 0; i < dim; i++)
                {
                    _x[i] += ball * _s[i];
                }

                return true;
            }

            if (blocking < 0)
            {
                // Unbounded direction in t only (cannot happen with t >= 0 present); stop where we are.
                return false;
            }

            for (int i = 0; i < dim; i++)
            {
                _x[i] += alpha * _s[i];
            }

            if (!Add(blocking, dim))
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>λ with R λ = Qᵀ q for the active set.</summary>
    private void Multipliers(int dim)
    {
        for (int j = 0; j < _k; j++)
        {
            _proj[j] = Dot(_basis[j].AsSpan(0, dim), _q.AsSpan(0, dim));
        }

        for (int j = _k - 1; j >= 0; j--)
        {
            double sum = _proj[j];
            for (int l = j + 1; l < _k; l++)
            {
                sum -= _r[j, l] * _lambda[l];
            }

            _lambda[j] = sum / _r[j, j];
        }
    }

    /// <summary>Appends constraint <paramref name="row"/> to the active set; false when its normal is dependent.</summary>
    private bool Add(int row, int dim)
    {
        if (_k >= dim)
        {
            return false;
        }

        var a = _normals[row];
        var u = _basis[_k];
        for (int i = 0; i < dim; i++)
        {
            u[i] = a[i];
        }

        for (int l = 0; l < _k; l++)
        {
            _r[l, _k] = 0;
        }

        for (int pass = 0; pass < 2; pass++)
        {
            for (int l = 0; l < _k; l++)
            {
                var b = _basis[l];
                double p = Dot(b.AsSpan(0, dim), u.AsSpan(0, dim));
                _r[l, _k] += p;
                for (int i = 0; i < dim; i++)
                {
                    u[i] -= p * b[i];
                }
            }
        }

        double norm = Norm(u.AsSpan(0, dim));
        if (!(norm > 1e-13 * Norm(a.AsSpan(0, dim))))
        {
            return false;
        }

        for (int i = 0; i < dim; i++)
        {
            u[i] /= norm;
        }

        _r[_k, _k] = norm;
        _active[_k] = row;
        _isActive[row] = true;
        _k++;
        return true;
    }

    /// <summary>Removes the active constraint at position <paramref name="position"/> and refactors the rest.</summary>
    private void Drop(int position, int dim)
    {
        _isActive[_active[position]] = false;
        int count = _k;
        for (int j = position; j < count - 1; j++)
        {
            _active[j] = _active[j + 1];
        }

        count--;
        Span<int> rows = count <= 64 ? stackalloc int[count] : new int[count];
        _active.AsSpan(0, count).CopyTo(rows);
        _k = 0;
        foreach (int row in rows)
        {
            _isActive[row] = false;
            Add(row, dim);
        }
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }

    private static double Norm(ReadOnlySpan<double> a) => Math.Sqrt(Dot(a, a));
}
