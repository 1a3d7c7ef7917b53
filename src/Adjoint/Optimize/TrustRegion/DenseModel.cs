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
    public static MathNet.Numerics.LinearAlgebra.Factorization.Cholesky<double>? TryCholesky(double[] h, int n, double lambda)
    {
        var a = Shifted(h, n, lambda);
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
