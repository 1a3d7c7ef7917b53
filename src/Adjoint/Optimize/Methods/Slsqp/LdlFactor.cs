using MathNet.Numerics.LinearAlgebra;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Adjoint.Optimize.Methods.Slsqp;

/// <summary>
/// A positive definite matrix B = L D Lᵀ (L unit lower triangular, D diagonal and positive) with rank-one updates
/// B + σ z zᵀ by the method of Fletcher and Powell (1974), and SLSQP's Powell-damped BFGS update built from two of them.
/// </summary>
/// <remarks>
/// <para>Rank-one update: with L p = z, B + σ z zᵀ = L (D + σ p pᵀ) Lᵀ, and D + σ p pᵀ = L̄ D̄ L̄ᵀ with t₀ = 1/σ,
/// tⱼ = tⱼ₋₁ + pⱼ²/dⱼ, d̄ⱼ = dⱼ tⱼ/tⱼ₋₁ and L̄ᵣⱼ = pᵣ pⱼ/(dⱼ tⱼ) (r &gt; j); the product L L̄ is formed column by column
/// while p is recovered from z on the fly. For σ &lt; 0 the t's are computed first: positive definiteness requires
/// tₙ &lt; 0, and when rounding gives tₙ ≥ 0 it is replaced by ε/σ and the t's are recomputed backwards, so that every
/// d̄ⱼ stays positive (Fletcher and Powell's safeguard).</para>
/// <para>References: R. Fletcher, M. J. D. Powell, "On the modification of LDLᵀ factorizations", Math. Comp. 28 (1974)
/// 1067-1087; P. E. Gill, G. H. Golub, W. Murray, M. A. Saunders, "Methods for modifying matrix factorizations",
/// Math. Comp. 28 (1974) 505-535; M. J. D. Powell, "A fast algorithm for nonlinearly constrained optimization
/// calculations", 1978 (the damping).</para>
/// <para>L is stored by columns, so that the column sweeps of the updates, the products and the substitutions are
/// contiguous vector operations; each entry is still computed with the same operations in the same order as the
/// textbook's scalar loops (products rounded, then summed), so the results do not depend on the vector width.</para>
/// </remarks>
internal sealed class LdlFactor
{
    /// <summary>L by columns: Lᵣⱼ at [j·n + r].</summary>
    private readonly double[] _l;
    private readonly double[] _d;
    private readonly double[] _w;
    private readonly double[] _t;
    private readonly double[] _old;

    /// <summary>The identity of order <paramref name="n"/>.</summary>
    public LdlFactor(int n)
    {
        N = n;
        _l = new double[n * n];
        _d = new double[n];
        _w = new double[n];
        _t = new double[n + 1];
        _old = new double[n];
        Reset();
    }

    /// <summary>The order.</summary>
    public int N { get; }

    /// <summary>The diagonal D.</summary>
    public ReadOnlySpan<double> Diagonal => _d;

    /// <summary>Sets B = I.</summary>
    public void Reset()
    {
        Array.Clear(_l);
        for (int i = 0; i < N; i++)
        {
            _l[(i * N) + i] = 1;
            _d[i] = 1;
        }
    }

    /// <summary>
    /// Sets B = RᵀR from an upper triangular R with nonzero diagonal: D = diag(rᵢᵢ²), Lⱼᵢ = rᵢⱼ/rᵢᵢ (j &gt; i).
    /// </summary>
    public void SetFromUpper(Matrix<double> r)
    {
        var rc = r.AsColumnMajorArray() ?? r.ToColumnMajorArray();
        int n = N;
        Array.Clear(_l);
        for (int i = 0; i < n; i++)
        {
            double rii = rc[(i * n) + i];
            _d[i] = rii * rii;
            _l[(i * n) + i] = 1;
            for (int j = i + 1; j < n; j++)
            {
                _l[(i * n) + j] = rc[(j * n) + i] / rii;
            }
        }
    }

    /// <summary>R = D^½ Lᵀ (upper triangular, RᵀR = B).</summary>
    public Matrix<double> UpperFactor()
    {
        int n = N;
        var rc = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            double root = Math.Sqrt(_d[i]);
            for (int j = i; j < n; j++)
            {
                rc[(j * n) + i] = root * _l[(i * n) + j];
            }
        }

        return Matrix<double>.Build.Dense(n, n, rc);
    }

    /// <summary>B as a dense matrix.</summary>
    public Matrix<double> ToMatrix()
    {
        var l = Matrix<double>.Build.Dense(N, N, (double[])_l.Clone());
        return l * Matrix<double>.Build.DenseOfDiagonalArray(_d) * l.Transpose();
    }

    /// <summary>Writes B v into <paramref name="result"/>.</summary>
    public void Multiply(ReadOnlySpan<double> v, Span<double> result)
    {
        // u = D Lᵀ v (column i of L against v, in index order), then L u (column by column, so that each entry sums
        // its terms in index order).
        int n = N;
        for (int i = 0; i < n; i++)
        {
            var column = _l.AsSpan((i * n) + i, n - i);
            var tail = v.Slice(i, n - i);
            double s = 0;
            for (int j = 0; j < column.Length; j++)
            {
                s += column[j] * tail[j];
            }

            _w[i] = _d[i] * s;
        }

        result[..n].Clear();
        for (int j = 0; j < n; j++)
        {
            double wj = _w[j];
            var part = result.Slice(j, n - j);
            TP.MultiplyAdd<double>(_l.AsSpan((j * n) + j, n - j), wj, part, part);
        }
    }

    /// <summary>
    /// The least-squares form of the model ½ dᵀB d + gᵀd: E = D^½ Lᵀ (upper triangular, EᵀE = B) and f = -D^-½ L⁻¹ g
    /// (Eᵀf = -g), so that ½‖E d - f‖² = ½ dᵀB d + gᵀd + const. Written into the leading n × n block of
    /// <paramref name="e"/> and the first n entries of <paramref name="f"/>.
    /// </summary>
    public void LeastSquaresForm(ReadOnlySpan<double> g, Matrix<double> e, Vector<double> f)
    {
        int n = N;
        if (e.RowCount == n && e.ColumnCount == n && e.AsColumnMajorArray() is { } ec)
        {
            // Column j of E holds √dᵢ Lⱼᵢ for i ≤ j.
            for (int j = 0; j < n; j++)
            {
                var column = ec.AsSpan(j * n, n);
                for (int i = 0; i <= j; i++)
                {
                    column[i] = Math.Sqrt(_d[i]) * _l[(i * n) + j];
                }

                column[(j + 1)..].Clear();
            }
        }
        else
        {
            for (int i = 0; i < n; i++)
            {
                double root = Math.Sqrt(_d[i]);
                for (int j = 0; j < n; j++)
                {
                    e[i, j] = j >= i ? root * _l[(i * n) + j] : 0;
                }
            }
        }

        ForwardSolve(g, _w);

        for (int i = 0; i < N; i++)
        {
            f[i] = -_w[i] / Math.Sqrt(_d[i]);
        }
    }

    /// <summary>B ← B + σ z zᵀ; <paramref name="z"/> is overwritten.</summary>
    public void RankOneUpdate(double sigma, Span<double> z)
    {
        if (sigma == 0 || !double.IsFinite(sigma))
        {
            return;
        }

        int n = N;
        if (sigma < 0)
        {
            // p = L⁻¹ z, then tₙ; recompute the t's backwards from a safe tₙ.
            ForwardSolve(z, _w);

            double t = 1 / sigma;
            for (int i = 0; i < n; i++)
            {
                t += _w[i] * _w[i] / _d[i];
            }

            if (t >= 0)
            {
                t = Eps / sigma;
            }

            _t[n] = t;
            for (int i = n - 1; i >= 0; i--)
            {
                t -= _w[i] * _w[i] / _d[i];
                _t[i] = t;
            }
        }
        else
        {
            _t[0] = 1 / sigma;
        }

        double tPrev = _t[0];
        for (int j = 0; j < n; j++)
        {
            double p = z[j];
            double dj = _d[j];
            double tj = sigma < 0 ? _t[j + 1] : tPrev + (p * p / dj);
            double ratio = tj / tPrev;
            _d[j] = dj * ratio;
            double beta = p / (dj * tj);
            var column = _l.AsSpan((j * n) + j + 1, n - j - 1);
            var rest = z[(j + 1)..n];
            if (ratio <= 4)
            {
                // zᵣ -= p Lᵣⱼ, then Lᵣⱼ += β zᵣ.
                TP.MultiplyAdd<double>(column, -p, rest, rest);
                TP.MultiplyAdd<double>(rest, beta, column, column);
            }
            else
            {
                // The same update in the form that is stable when the diagonal grows a lot: Lᵣⱼ = γ Lᵣⱼ + β zᵣ,
                // zᵣ -= p Lᵣⱼ (the old one).
                double gamma = tPrev / tj;
                var old = _old.AsSpan(0, column.Length);
                column.CopyTo(old);
                TP.Multiply<double>(column, gamma, column);
                TP.MultiplyAdd<double>(rest, beta, column, column);
                TP.MultiplyAdd<double>(old, -p, rest, rest);
            }

            tPrev = tj;
        }
    }

    /// <summary>
    /// The damped BFGS update B ← B + y yᵀ/(sᵀy) - B s sᵀB/(sᵀB s), with Powell's damping: when sᵀy &lt; 0.2 sᵀB s,
    /// y is replaced by θ y + (1 - θ) B s with θ = 0.8 sᵀB s/(sᵀB s - sᵀy), so that sᵀy = 0.2 sᵀB s &gt; 0 and B stays
    /// positive definite. <paramref name="y"/> is overwritten. Returns false (and leaves B) when s is zero or sᵀB s
    /// is not positive and finite.
    /// </summary>
    /// <param name="s">s.</param>
    /// <param name="y">y (overwritten).</param>
    /// <param name="reduced">A reduced factor Zᵀ B Z that receives the same two rank-one terms (or null).</param>
    public bool DampedBfgsUpdate(ReadOnlySpan<double> s, Span<double> y, ReducedHessian? reduced = null)
    {
        var bs = new double[N];
        Multiply(s, bs);
        double sbs = 0, sy = 0;
        for (int i = 0; i < N; i++)
        {
            sbs += s[i] * bs[i];
            sy += s[i] * y[i];
        }

        if (!(sbs > 0) || !double.IsFinite(sbs) || !double.IsFinite(sy))
        {
            return false;
        }

        if (sy < 0.2 * sbs)
        {
            double theta = 0.8 * sbs / (sbs - sy);
            for (int i = 0; i < N; i++)
            {
                y[i] = (theta * y[i]) + ((1 - theta) * bs[i]);
            }

            sy = 0.2 * sbs;
        }

        if (reduced is not null)
        {
            // The same terms as below, with the same guards (RankOneUpdate skips a zero or non-finite σ).
            if (1 / sy is double up && up != 0 && double.IsFinite(up))
            {
                reduced.RankOneUpdate(up, y);
            }

            if (-1 / sbs is double down && down != 0 && double.IsFinite(down))
            {
                reduced.RankOneUpdate(down, bs);
            }
        }

        RankOneUpdate(1 / sy, y);
        RankOneUpdate(-1 / sbs, bs);
        return true;
    }

    /// <summary>L w = b (forward substitution column by column: each wᵢ = bᵢ - Lᵢ₀w₀ - Lᵢ₁w₁ - … in that order).</summary>
    private void ForwardSolve(ReadOnlySpan<double> b, Span<double> w)
    {
        int n = N;
        b[..n].CopyTo(w);
        for (int j = 0; j < n - 1; j++)
        {
            var rest = w.Slice(j + 1, n - j - 1);
            TP.MultiplyAdd<double>(_l.AsSpan((j * n) + j + 1, n - j - 1), -w[j], rest, rest);
        }
    }

    private static readonly double Eps = Math.BitIncrement(1.0) - 1.0;
}
