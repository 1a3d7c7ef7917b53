using Adjoint.Tensors.Kernels;
using MathNet.Numerics.LinearAlgebra;

namespace Adjoint.Optimize.Methods.TrustConstr;

/// <summary>
/// The projections of <see cref="ConstraintProjections"/> for the barrier Jacobian with bound rows kept in structure:
/// A = [[F_e, 0, 0], [F_g, S_g, 0], [B, 0, S_b]], with general rows F (equalities, then inequalities with their slack
/// diagonal S_g) and bound rows B that have one entry βₖ in the column of their variable and the slack sₖ in their own
/// slack column.
/// </summary>
/// <remarks>
/// The operators solve the normal equations A Aᵀ u = r. Rows of one variable's bounds couple only with each other, so
/// the bound block C = B Bᵀ + S_b² is block diagonal (Sherman-Morrison per variable) and its Schur complement is
/// K = F diag(1 / (1 + tᵢ)) Fᵀ + diag(0, S_g²) with tᵢ = Σ βₖ² / sₖ² over the bounds of xᵢ: only K, of the size of the
/// general rows, is factorized (Cholesky, MathNet). Sparse general rows (most entries zero) are kept compressed.
/// Each solve takes one step of iterative refinement on the normal equations, and the null-space projection is refined
/// while ‖A z‖ / (‖A‖_F ‖z‖) exceeds 1e-12, at most three times, as in scipy's 'NormalEquation' projections. A matrix
/// whose K is not numerically positive definite (Cholesky diagonal ratio below 1e-7, or a non-finite entry) is refused
/// by <see cref="TryCreate"/>, so the caller falls back to the dense QR/SVD operators.
/// <para>References: Gould, Hribar, Nocedal (2001), section 3; Nocedal &amp; Wright (2006), section 16.3.</para>
/// </remarks>
internal sealed class BoundedProjections : IConstraintOperator
{
    private const double OrthogonalityTolerance = 1e-12;
    private const int MaxRefinements = 3;
    private const double PivotRatio = 1e-7;
    private const double SparseDensity = 0.25;

    private readonly int _n, _ne, _ng, _nb, _mg, _m, _cols;
    private readonly double[] _f;
    private readonly double[] _s;
    private readonly int[] _var;
    private readonly double[] _beta;
    private readonly double[] _t;
    // the other bound row of the same variable, -1 when the variable has one bound row
    private readonly int[] _partner;
    private readonly double _normA;
    // compressed general rows (null when dense)
    private readonly int[]? _rowStart;
    private readonly int[]? _colIndex;
    private readonly double[]? _values;
    // K split into the diagonal blocks of its connected components (rows that share no variable do not couple):
    // block b holds rows _blockRows[_blockStart[b].._blockStart[b + 1]], factorized by MathNet (a 1×1 block keeps its pivot).
    private int[] _blockStart = [];
    private int[] _blockRows = [];
    private MathNet.Numerics.LinearAlgebra.Factorization.Cholesky<double>?[] _blockChol = [];
    private double[] _pivot = [];
    private readonly double[] _u, _rhs, _px, _res, _corr, _tmpN;

    private BoundedProjections(int n, int ne, double[] general, ReadOnlySpan<double> slacks, int[] boundVariables, double[] boundCoefficients)
    {
        _n = n;
        _ne = ne;
        _nb = boundVariables.Length;
        _ng = slacks.Length - _nb;
        _mg = ne + _ng;
        _m = _mg + _nb;
        _cols = n + slacks.Length;
        _f = general;
        _s = slacks.ToArray();
        _var = boundVariables;
        _beta = boundCoefficients;
        _t = new double[n];
        _partner = new int[_nb];
        _u = new double[_m];
        _rhs = new double[_m];
        _px = new double[n];
        _res = new double[Math.Max(_m, _cols)];
        _corr = new double[Math.Max(_m, _cols)];
        _tmpN = new double[_cols];

        double norm2 = 0;
        long nnz = 0;
        for (int i = 0; i < _mg * n; i++)
        {
            double v = general[i];
            norm2 += v * v;
            if (v != 0)
            {
                nnz++;
            }
        }

        foreach (double v in _s)
        {
            norm2 += v * v;
        }

        for (int k = 0; k < _nb; k++)
        {
            norm2 += _beta[k] * _beta[k];
            _t[_var[k]] += _beta[k] * _beta[k] / (_s[_ng + k] * _s[_ng + k]);
        }

        _normA = Math.Sqrt(norm2);
        var first = new int[n];
        Array.Fill(first, -1);
        for (int k = 0; k < _nb; k++)
        {
            _partner[k] = -1;
            int i = _var[k];
            if (first[i] >= 0)
            {
                if (_partner[first[i]] >= 0)
                {
                    // A third bound row on one variable: not the structure this class solves; refused in Factorize.
                    _t[i] = double.NaN;
                }

                _partner[k] = first[i];
                _partner[first[i]] = k;
            }
            else
            {
                first[i] = k;
            }
        }

        if (nnz <= SparseDensity * _mg * (double)n)
        {
            _rowStart = new int[_mg + 1];
            _colIndex = new int[nnz];
            _values = new double[nnz];
            int p = 0;
            for (int r = 0; r < _mg; r++)
            {
                _rowStart[r] = p;
                int off = r * n;
                for (int j = 0; j < n; j++)
                {
                    double v = general[off + j];
                    if (v != 0)
                    {
                        _colIndex[p] = j;
                        _values[p++] = v;
                    }
                }
            }

            _rowStart[_mg] = p;
        }
    }

    /// <summary>
    /// The operators of A for general rows <paramref name="general"/> (row-major (ne + ng)×n: ne equality rows, then ng
    /// inequality rows; referenced, not copied), slacks (ng general, then one per bound row) and bound rows given by their
    /// variable and coefficient; null when A has a non-finite entry or its Schur complement is not safely positive
    /// definite.
    /// </summary>
    public static BoundedProjections? TryCreate(int n, int ne, double[] general, ReadOnlySpan<double> slacks,
        int[] boundVariables, double[] boundCoefficients)
    {
        var p = new BoundedProjections(n, ne, general, slacks, boundVariables, boundCoefficients);
        return p.Factorize() ? p : null;
    }

    /// <inheritdoc/>
    public int Rows => _m;

    /// <inheritdoc/>
    public int Columns => _cols;

    private bool Factorize()
    {
        if (!double.IsFinite(_normA))
        {
            return false;
        }

        foreach (double t in _t)
        {
            if (double.IsNaN(t))
            {
                return false;
            }
        }

        foreach (double s in _s)
        {
            if (!(s > 0))
            {
                return false;
            }
        }

        if (_mg == 0)
        {
            return true;
        }

        var w = new double[_n];
        for (int i = 0; i < _n; i++)
        {
            w[i] = 1 / (1 + _t[i]);
        }

        // K = F diag(w) Fᵀ + diag(0, S_g²), column-major for MathNet (symmetric, so either order).
        var k = new double[_mg * _mg];
        if (_rowStart is not null)
        {
            // Column lists of the compressed rows: K gets Σ_j w_j F_rj F_sj over the rows r, s that share column j.
            var count = new int[_n + 1];
            foreach (int j in _colIndex!)
            {
                count[j + 1]++;
            }

            for (int j = 0; j < _n; j++)
            {
                count[j + 1] += count[j];
            }

            var fill = (int[])count.Clone();
            var rowOf = new int[_colIndex.Length];
            var valOf = new double[_colIndex.Length];
            for (int r = 0; r < _mg; r++)
            {
                for (int p = _rowStart[r]; p < _rowStart[r + 1]; p++)
                {
                    int q = fill[_colIndex[p]]++;
                    rowOf[q] = r;
                    valOf[q] = _values![p];
                }
            }

            for (int j = 0; j < _n; j++)
            {
                for (int p = count[j]; p < count[j + 1]; p++)
                {
                    double a = w[j] * valOf[p];
                    int r = rowOf[p];
                    for (int q = count[j]; q < count[j + 1]; q++)
                    {
                        k[(r * _mg) + rowOf[q]] += a * valOf[q];
                    }
                }
            }
        }
        else
        {
            var scaled = new double[_mg * _n];
            for (int r = 0; r < _mg; r++)
            {
                int off = r * _n;
                for (int j = 0; j < _n; j++)
                {
                    scaled[off + j] = _f[off + j] * w[j];
                }
            }

            MatMulKernels.Gemm(false, true, _mg, _mg, _n, scaled, _f, k, accumulate: false);
            // Symmetrize against the rounding of the blocked product.
            for (int r = 0; r < _mg; r++)
            {
                for (int c = r + 1; c < _mg; c++)
                {
                    double avg = 0.5 * (k[(r * _mg) + c] + k[(c * _mg) + r]);
                    k[(r * _mg) + c] = avg;
                    k[(c * _mg) + r] = avg;
                }
            }
        }

        for (int g = 0; g < _ng; g++)
        {
            int r = _ne + g;
            k[(r * _mg) + r] += _s[g] * _s[g];
        }

        Split(k);
        int blocks = _blockStart.Length - 1;
        _blockChol = new MathNet.Numerics.LinearAlgebra.Factorization.Cholesky<double>?[blocks];
        _pivot = new double[_mg];
        double maxDiag = 0, minDiag = double.PositiveInfinity;
        try
        {
            for (int b = 0; b < blocks; b++)
            {
                int start = _blockStart[b], size = _blockStart[b + 1] - start;
                if (size == 1)
                {
                    int r = _blockRows[start];
                    double kk = k[(r * _mg) + r];
                    if (!(kk > 0))
                    {
                        return false;
                    }

                    _pivot[r] = kk;
                    double d = Math.Sqrt(kk);
                    maxDiag = Math.Max(maxDiag, d);
                    minDiag = Math.Min(minDiag, d);
                    continue;
                }

                var block = Matrix<double>.Build.Dense(size, size,
                    (i, j) => k[(_blockRows[start + i] * _mg) + _blockRows[start + j]]);
                var chol = block.Cholesky();
                var l = chol.Factor;
                for (int i = 0; i < size; i++)
                {
                    double d = Math.Abs(l[i, i]);
                    maxDiag = Math.Max(maxDiag, d);
                    minDiag = Math.Min(minDiag, d);
                }

                _blockChol[b] = chol;
            }
        }
        catch (ArgumentException)
        {
            return false;
        }

        return maxDiag > 0 && double.IsFinite(maxDiag) && minDiag > PivotRatio * maxDiag;
    }

    /// <summary>The connected components of K's nonzero pattern (union-find), as blocks of row indices.</summary>
    private void Split(double[] k)
    {
        var parent = new int[_mg];
        for (int i = 0; i < _mg; i++)
        {
            parent[i] = i;
        }

        int Find(int i)
        {
            while (parent[i] != i)
            {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }

            return i;
        }

        for (int r = 0; r < _mg; r++)
        {
            int off = r * _mg;
            for (int c = r + 1; c < _mg; c++)
            {
                if (k[off + c] != 0)
                {
                    int a = Find(r), b = Find(c);
                    if (a != b)
                    {
                        parent[Math.Max(a, b)] = Math.Min(a, b);
                    }
                }
            }
        }

        // Blocks in the order of their smallest row, rows ascending within a block.
        var blockOf = new int[_mg];
        var sizes = new List<int>();
        for (int r = 0; r < _mg; r++)
        {
            int root = Find(r);
            if (root == r)
            {
                blockOf[r] = sizes.Count;
                sizes.Add(0);
            }
            else
            {
                blockOf[r] = blockOf[root];
            }

            sizes[blockOf[r]]++;
        }

        _blockStart = new int[sizes.Count + 1];
        for (int b = 0; b < sizes.Count; b++)
        {
            _blockStart[b + 1] = _blockStart[b] + sizes[b];
        }

        var fill = (int[])_blockStart.Clone();
        _blockRows = new int[_mg];
        for (int r = 0; r < _mg; r++)
        {
            _blockRows[fill[blockOf[r]]++] = r;
        }
    }

    /// <inheritdoc/>
    public void Multiply(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int r = 0; r < _mg; r++)
        {
            double s = 0;
            if (_rowStart is not null)
            {
                for (int p = _rowStart[r]; p < _rowStart[r + 1]; p++)
                {
                    s += _values![p] * x[_colIndex![p]];
                }
            }
            else
            {
                var row = _f.AsSpan(r * _n, _n);
                for (int j = 0; j < _n; j++)
                {
                    s += row[j] * x[j];
                }
            }

            if (r >= _ne)
            {
                s += _s[r - _ne] * x[_n + r - _ne];
            }

            y[r] = s;
        }

        for (int k = 0; k < _nb; k++)
        {
            y[_mg + k] = (_beta[k] * x[_var[k]]) + (_s[_ng + k] * x[_n + _ng + k]);
        }
    }

    /// <inheritdoc/>
    public void MultiplyTransposed(ReadOnlySpan<double> v, Span<double> y)
    {
        y[.._n].Clear();
        GeneralTransposed(v, y);
        for (int k = 0; k < _nb; k++)
        {
            y[_var[k]] += _beta[k] * v[_mg + k];
        }

        for (int g = 0; g < _ng; g++)
        {
            y[_n + g] = _s[g] * v[_ne + g];
        }

        for (int k = 0; k < _nb; k++)
        {
            y[_n + _ng + k] = _s[_ng + k] * v[_mg + k];
        }
    }

    /// <inheritdoc/>
    public void NullSpace(ReadOnlySpan<double> x, Span<double> z)
    {
        x.CopyTo(z);
        if (_m == 0)
        {
            return;
        }

        for (int k = 0; k <= MaxRefinements; k++)
        {
            if (k > 0 && Orthogonality(z) <= OrthogonalityTolerance)
            {
                break;
            }

            Multiply(z, _res);
            Solve(_res, _u);
            MultiplyTransposed(_u, _corr);
            for (int i = 0; i < _cols; i++)
            {
                z[i] -= _corr[i];
            }
        }
    }

    /// <inheritdoc/>
    public void LeastSquares(ReadOnlySpan<double> x, Span<double> v)
    {
        if (_m == 0)
        {
            return;
        }

        Multiply(x, _res);
        Solve(_res, v);
        // One refinement: v += (A Aᵀ)⁻¹ A (x - Aᵀ v).
        MultiplyTransposed(v, _tmpN);
        for (int i = 0; i < _cols; i++)
        {
            _tmpN[i] = x[i] - _tmpN[i];
        }

        Multiply(_tmpN, _res);
        Solve(_res, _u);
        for (int i = 0; i < _m; i++)
        {
            v[i] += _u[i];
        }
    }

    /// <inheritdoc/>
    public void RowSpace(ReadOnlySpan<double> b, Span<double> y)
    {
        y[.._cols].Clear();
        if (_m == 0)
        {
            return;
        }

        Solve(b, _u);
        MultiplyTransposed(_u, y);
        // One refinement: y += Aᵀ (A Aᵀ)⁻¹ (b - A y).
        Multiply(y, _res);
        for (int i = 0; i < _m; i++)
        {
            _res[i] = b[i] - _res[i];
        }

        Solve(_res, _u);
        MultiplyTransposed(_u, _corr);
        for (int i = 0; i < _cols; i++)
        {
            y[i] += _corr[i];
        }
    }

    /// <summary>y[..n] += F_xᵀ v[..mg] (the x-part of the general rows).</summary>
    private void GeneralTransposed(ReadOnlySpan<double> v, Span<double> y)
    {
        for (int r = 0; r < _mg; r++)
        {
            double vr = v[r];
            if (vr == 0)
            {
                continue;
            }

            if (_rowStart is not null)
            {
                for (int p = _rowStart[r]; p < _rowStart[r + 1]; p++)
                {
                    y[_colIndex![p]] += _values![p] * vr;
                }
            }
            else
            {
                var row = _f.AsSpan(r * _n, _n);
                for (int j = 0; j < _n; j++)
                {
                    y[j] += row[j] * vr;
                }
            }
        }
    }

    /// <summary>u = (A Aᵀ)⁻¹ r by the Schur complement of the bound block (r and u of length m; r may alias no buffer of this object but <c>_res</c>).</summary>
    private void Solve(ReadOnlySpan<double> r, Span<double> u)
    {
        // q = C⁻¹ r₂, then the x-vector Bᵀ q.
        BoundSolve(r[_mg..], u[_mg..]);
        Array.Clear(_px);
        for (int k = 0; k < _nb; k++)
        {
            _px[_var[k]] += _beta[k] * u[_mg + k];
        }

        if (_mg > 0)
        {
            // K u₁ = r₁ - F Bᵀ q
            for (int i = 0; i < _mg; i++)
            {
                double s = 0;
                if (_rowStart is not null)
                {
                    for (int p = _rowStart[i]; p < _rowStart[i + 1]; p++)
                    {
                        s += _values![p] * _px[_colIndex![p]];
                    }
                }
                else
                {
                    var row = _f.AsSpan(i * _n, _n);
                    for (int j = 0; j < _n; j++)
                    {
                        s += row[j] * _px[j];
                    }
                }

                _rhs[i] = r[i] - s;
            }

            for (int b = 0; b + 1 < _blockStart.Length; b++)
            {
                int start = _blockStart[b], size = _blockStart[b + 1] - start;
                var chol = _blockChol[b];
                if (chol is null)
                {
                    int row = _blockRows[start];
                    u[row] = _rhs[row] / _pivot[row];
                    continue;
                }

                var rhs = Vector<double>.Build.Dense(size, i => _rhs[_blockRows[start + i]]);
                var sol = chol.Solve(rhs);
                for (int i = 0; i < size; i++)
                {
                    u[_blockRows[start + i]] = sol[i];
                }
            }

            if (_nb > 0)
            {
                // u₂ = C⁻¹ (r₂ - B Fᵀ u₁)
                Array.Clear(_px);
                GeneralTransposed(u, _px);
                for (int k = 0; k < _nb; k++)
                {
                    _rhs[_mg + k] = r[_mg + k] - (_beta[k] * _px[_var[k]]);
                }

                BoundSolve(_rhs.AsSpan(_mg, _nb), u[_mg..]);
            }
        }
    }

    /// <summary>q = C⁻¹ r for the bound block C = B Bᵀ + S_b² (Sherman-Morrison per variable).</summary>
    private void BoundSolve(ReadOnlySpan<double> r, Span<double> q)
    {
        if (_nb == 0)
        {
            return;
        }

        // One row: (s² + β²) q = r. Two rows k, l of one variable: the 2×2 system [[s_k² + β_k², β_k β_l],
        // [β_k β_l, s_l² + β_l²]] by Cramer's rule with det = s_k² s_l² + s_k² β_l² + s_l² β_k² (no cancellation).
        for (int k = 0; k < _nb; k++)
        {
            double sk2 = _s[_ng + k] * _s[_ng + k];
            double bk = _beta[k];
            int l = _partner[k];
            if (l < 0)
            {
                q[k] = r[k] / (sk2 + (bk * bk));
                continue;
            }

            double sl2 = _s[_ng + l] * _s[_ng + l];
            double bl = _beta[l];
            double det = (sk2 * sl2) + (sk2 * bl * bl) + (sl2 * bk * bk);
            q[k] = (((sl2 + (bl * bl)) * r[k]) - (bk * bl * r[l])) / det;
        }
    }

    /// <summary>‖A z‖ / (‖A‖_F ‖z‖), 0 when either norm is 0.</summary>
    private double Orthogonality(ReadOnlySpan<double> z)
    {
        double nz = DenseOps.Norm(z[.._cols]);
        if (nz == 0 || _normA == 0)
        {
            return 0;
        }

        Multiply(z, _corr);
        return DenseOps.Norm(_corr.AsSpan(0, _m)) / (_normA * nz);
    }
}
