using MathNet.Numerics.LinearAlgebra;

namespace Adjoint.Optimize.TrustRegion;

/// <summary>Helpers for subproblems on a dense symmetric matrix stored row-major (equal to column-major by symmetry).</summary>
internal static class DenseModel
{
    /// <summary>gᵀp + ½ pᵀHp.</summary>
    public static double ModelChange(double[] h, int n, ReadOnlySpan<double> g, ReadOnlySpan<double> p)
    {
        double lin = 0, quad = 0;
        for (int i = 0; i < n; i++)
        {
            double hp = 0;
            int row = i * n;
            for (int j = 0; j < n; j++)
            {
                hp += h[row + j] * p[j];
            }

            lin += g[i] * p[i];
            quad += p[i] * hp;
        }

        return lin + (0.5 * quad);
    }

    /// <summary>vᵀHv.</summary>
    public static double Quadratic(double[] h, int n, ReadOnlySpan<double> v)
    {
        double quad = 0;
        for (int i = 0; i < n; i++)
        {
            double hv = 0;
            int row = i * n;
            for (int j = 0; j < n; j++)
            {
                hv += h[row + j] * v[j];
            }

            quad += v[i] * hv;
        }

        return quad;
    }

    /// <summary>A MathNet matrix holding H + λI (a copy).</summary>
    public static Matrix<double> Shifted(double[] h, int n, double lambda)
    {
        var a = new double[n * n];
        Array.Copy(h, a, n * n);
        for (int i = 0; i < n; i++)
        {
            a[(i * n) + i] += lambda;
        }

        return Matrix<double>.Build.Dense(n, n, a);
    }

    /// <summary>The Cholesky factorization of H + λI by MathNet, or null when the matrix is not positive definite.</summary>
    public static MathNet.Numerics.LinearAlgebra.Factorization.Cholesky<double>? TryCholesky(double[] h, int n, double lambda) =>
        TryCholesky(Shifted(h, n, lambda));

    /// <summary>
    /// For H + λI known not to be positive definite: the order k of its first leading submatrix that is not positive
    /// definite (the pivot at which a Cholesky factorization breaks down, LAPACK's <c>info</c>), and the MathNet Cholesky
    /// factor of the leading (k - 1) × (k - 1) block (null when k = 1).
    /// </summary>
    /// <remarks>Positive definiteness of the leading blocks is monotone in their order, so k is found by bisection with
    /// O(log n) factorizations of leading blocks.</remarks>
    public static (int Order, Matrix<double>? LeadingFactor) FirstIndefiniteLeadingBlock(double[] h, int n, double lambda)
    {
        var a = Shifted(h, n, lambda);
        // Invariant: the leading block of order good is positive definite (order 0 trivially), that of order bad is not.
        int good = 0, bad = n;
        Matrix<double>? factor = null;
        while (bad - good > 1)
        {
            int mid = (good + bad) / 2;
            var c = TryCholesky(a.SubMatrix(0, mid, 0, mid));
            if (c is null)
            {
                bad = mid;
            }
            else
            {
                good = mid;
                factor = c.Factor;
            }
        }

        return (bad, factor);
    }

    private static MathNet.Numerics.LinearAlgebra.Factorization.Cholesky<double>? TryCholesky(Matrix<double> a)
    {
        int n = a.RowCount;
        try
        {
            var c = a.Cholesky();
            var l = c.Factor;
            for (int i = 0; i < n; i++)
            {
                double d = l[i, i];
                if (!(d > 0) || !double.IsFinite(d))
                {
                    return null;
                }
            }

            return c;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
