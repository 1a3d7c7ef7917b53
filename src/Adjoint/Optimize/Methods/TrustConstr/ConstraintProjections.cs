using MathNet.Numerics.LinearAlgebra;

namespace Adjoint.Optimize.Methods.TrustConstr;

/// <summary>
/// The three operators of the constraint Jacobian A (m×n) that the Byrd-Omojokun SQP step needs: the projection onto
/// the null space of A, the least-squares solution of Aᵀv ≈ x (the multiplier estimate) and the minimum-norm solution
/// of A y = b (the row-space step).
/// </summary>
/// <remarks>
/// A thin QR factorization Aᵀ = Q R (MathNet) gives P x = x - Aᵀ R⁻¹ Qᵀ x, LS(x) = R⁻¹ Qᵀ x and Y b = Q R⁻ᵀ b. When R
/// has a (relatively) zero diagonal entry, or m &gt; n, A is rank deficient and the operators come from a thin SVD
/// A = U Σ Vᵀ instead, keeping the singular values above max(1e-15, max(m, n)·ε·σ₁) (pseudo-inverse). The null-space
/// projection is refined, x ← x - Aᵀ v again, while the orthogonality measure ‖A z‖ / (‖A‖_F ‖z‖) exceeds 1e-12,
/// at most three times (Gould, Hribar, Nocedal 2001).
/// <para>References: Lalee, Nocedal, Plantenga (1998), section 2; Nocedal &amp; Wright (2006), section 16.3.</para>
/// </remarks>
internal sealed class ConstraintProjections : IConstraintOperator
{
    private const double OrthogonalityTolerance = 1e-12;
    private const int MaxRefinements = 3;

    private readonly double[,] _a;
    private readonly int _m;
    private readonly int _n;
    private readonly double _normA;
    // QR: Q n×m (column-major in a MathNet matrix), R m×m upper.
    private readonly Matrix<double>? _q;
    private readonly Matrix<double>? _r;
    // SVD: U m×r, s r, V n×r.
    private readonly Matrix<double>? _u;
    private readonly double[]? _s;
    private readonly Matrix<double>? _v;
    private readonly double[] _work;
    private readonly int _rank;

    /// <summary>Factorizes <paramref name="a"/> (m×n, row-major; referenced, not copied).</summary>
    public ConstraintProjections(double[,] a)
    {
        _a = a;
        _m = a.GetLength(0);
        _n = a.GetLength(1);
        _work = new double[Math.Max(_m, _n)];
        if (_m == 0)
        {
            return;
        }

        _normA = DenseOps.FrobeniusNorm(a);
        if (!double.IsFinite(_normA))
        {
            // A non-finite Jacobian: every operator returns NaN, so the step is rejected and the run ends on its own tests.
            NonFinite = true;
            RankDeficient = true;
            return;
        }

        var at = Matrix<double>.Build.Dense(_n, _m, (i, j) => a[j, i]);
        if (_m <= _n)
        {
            var qr = at.QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin);
            double maxDiag = 0, minDiag = double.PositiveInfinity;
            for (int i = 0; i < _m; i++)
            {
                double d = Math.Abs(qr.R[i, i]);
                maxDiag = Math.Max(maxDiag, d);
                minDiag = Math.Min(minDiag, d);
            }

            if (maxDiag > 0 && minDiag > 1e-12 * maxDiag && double.IsFinite(maxDiag))
            {
                _q = qr.Q;
                _r = qr.R;
                return;
            }
        }

        RankDeficient = true;
        var svd = Matrix<double>.Build.Dense(_m, _n, (i, j) => a[i, j]).Svd(computeVectors: true);
        var sigma = svd.S;
        double sMax = sigma.Count > 0 ? sigma[0] : 0;
        double tol = Math.Max(1e-15, Math.Max(_m, _n) * 2.220446049250313e-16 * sMax);
        int r = 0;
        while (r < sigma.Count && sigma[r] > tol)
        {
            r++;
        }

        _rank = r;
        _s = new double[r];
        for (int k = 0; k < r; k++)
        {
            _s[k] = sigma[k];
        }

        _u = svd.U.SubMatrix(0, _m, 0, r);
        _v = svd.VT.SubMatrix(0, r, 0, _n).Transpose();
    }

    /// <inheritdoc/>
    public int Rows => _m;

    /// <inheritdoc/>
    public int Columns => _n;

    /// <inheritdoc/>
    public void Multiply(ReadOnlySpan<double> x, Span<double> y) => DenseOps.Multiply(_a, x, y);

    /// <inheritdoc/>
    public void MultiplyTransposed(ReadOnlySpan<double> v, Span<double> y) => DenseOps.MultiplyTransposed(_a, v, y);

    /// <summary>Whether A has a NaN or infinite entry (every operator then returns NaN).</summary>
    public bool NonFinite { get; }

    /// <summary>Whether A was found rank deficient (the operators then come from the SVD).</summary>
    public bool RankDeficient { get; }

    /// <summary>The numerical rank used by the SVD operators (m when A has full row rank).</summary>
    public int Rank => RankDeficient ? _rank : _m;

    /// <summary>z = P x, the projection of x onto the null space of A.</summary>
    public void NullSpace(ReadOnlySpan<double> x, Span<double> z)
    {
        x.CopyTo(z);
        if (_m == 0)
        {
            return;
        }

        if (NonFinite)
        {
            z[.._n].Fill(double.NaN);
            return;
        }

        var v = new double[_m];
        var atv = new double[_n];
        for (int k = 0; k <= MaxRefinements; k++)
        {
            if (k > 0 && Orthogonality(z) <= OrthogonalityTolerance)
            {
                break;
            }

            LeastSquares(z, v);
            DenseOps.MultiplyTransposed(_a, v, atv);
            for (int i = 0; i < _n; i++)
            {
                z[i] -= atv[i];
            }
        }
    }

    /// <summary>v = argmin ‖Aᵀ v - x‖ (minimum norm when A is rank deficient).</summary>
    public void LeastSquares(ReadOnlySpan<double> x, Span<double> v)
    {
        if (_m == 0)
        {
            return;
        }

        if (NonFinite)
        {
            v[.._m].Fill(double.NaN);
            return;
        }

        if (_q is not null)
        {
            // v = R⁻¹ Qᵀ x
            for (int j = 0; j < _m; j++)
            {
                double s = 0;
                for (int i = 0; i < _n; i++)
                {
                    s += _q[i, j] * x[i];
                }

                _work[j] = s;
            }

            for (int i = _m - 1; i >= 0; i--)
            {
                double s = _work[i];
                for (int j = i + 1; j < _m; j++)
                {
                    s -= _r![i, j] * v[j];
                }

                v[i] = s / _r![i, i];
            }

            return;
        }

        // v = U Σ⁻¹ Vᵀ x
        int r = _s!.Length;
        for (int k = 0; k < r; k++)
        {
            double s = 0;
            for (int i = 0; i < _n; i++)
            {
                s += _v![i, k] * x[i];
            }

            _work[k] = s / _s[k];
        }

        for (int i = 0; i < _m; i++)
        {
            double s = 0;
            for (int k = 0; k < r; k++)
            {
                s += _u![i, k] * _work[k];
            }

            v[i] = s;
        }
    }

    /// <summary>y = Aᵀ (A Aᵀ)⁻¹ b, the minimum-norm solution of A y = b (least squares when A is rank deficient).</summary>
    public void RowSpace(ReadOnlySpan<double> b, Span<double> y)
    {
        y[.._n].Clear();
        if (_m == 0)
        {
            return;
        }

        if (NonFinite)
        {
            y[.._n].Fill(double.NaN);
            return;
        }

        if (_q is not null)
        {
            // w = R⁻ᵀ b (forward substitution), y = Q w
            for (int i = 0; i < _m; i++)
            {
                double s = b[i];
                for (int j = 0; j < i; j++)
                {
                    s -= _r![j, i] * _work[j];
                }

                _work[i] = s / _r![i, i];
            }

            for (int i = 0; i < _n; i++)
            {
                double s = 0;
                for (int j = 0; j < _m; j++)
                {
                    s += _q[i, j] * _work[j];
                }

                y[i] = s;
            }

            return;
        }

        // y = V Σ⁻¹ Uᵀ b
        int r = _s!.Length;
        for (int k = 0; k < r; k++)
        {
            double s = 0;
            for (int i = 0; i < _m; i++)
            {
                s += _u![i, k] * b[i];
            }

            _work[k] = s / _s[k];
        }

        for (int i = 0; i < _n; i++)
        {
            double s = 0;
            for (int k = 0; k < r; k++)
            {
                s += _v![i, k] * _work[k];
            }

            y[i] = s;
        }
    }

    /// <summary>‖A z‖ / (‖A‖_F ‖z‖), 0 when either norm is 0.</summary>
    private double Orthogonality(ReadOnlySpan<double> z)
    {
        double nz = DenseOps.Norm(z);
        if (nz == 0 || _normA == 0)
        {
            return 0;
        }

        var az = new double[_m];
        DenseOps.Multiply(_a, z, az);
        return DenseOps.Norm(az) / (_normA * nz);
    }
}
