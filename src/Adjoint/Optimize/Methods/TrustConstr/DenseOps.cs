namespace Adjoint.Optimize.Methods.TrustConstr;

/// <summary>The small dense vector and matrix products of the trust-constr internals (row-major m×n matrices).</summary>
internal static class DenseOps
{
    /// <summary>Euclidean norm.</summary>
    public static double Norm(ReadOnlySpan<double> x)
    {
        double s = 0;
        foreach (double v in x)
        {
            s += v * v;
        }

        return Math.Sqrt(s);
    }

    /// <summary>Infinity norm (0 for an empty vector).</summary>
    public static double InfNorm(ReadOnlySpan<double> x)
    {
        double s = 0;
        foreach (double v in x)
        {
            s = Math.Max(s, Math.Abs(v));
        }

        return double.IsNaN(s) ? double.NaN : s;
    }

    /// <summary>x·y.</summary>
    public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += x[i] * y[i];
        }

        return s;
    }

    /// <summary>y = A x for the m×n <paramref name="a"/>.</summary>
    public static void Multiply(double[,] a, ReadOnlySpan<double> x, Span<double> y)
    {
        int m = a.GetLength(0), n = a.GetLength(1);
        for (int i = 0; i < m; i++)
        {
            double s = 0;
            for (int j = 0; j < n; j++)
            {
                s += a[i, j] * x[j];
            }

            y[i] = s;
        }
    }

    /// <summary>y = Aᵀ x for the m×n <paramref name="a"/>.</summary>
    public static void MultiplyTransposed(double[,] a, ReadOnlySpan<double> x, Span<double> y)
    {
        int m = a.GetLength(0), n = a.GetLength(1);
        y[..n].Clear();
        for (int i = 0; i < m; i++)
        {
            double xi = x[i];
            if (xi == 0)
            {
                continue;
            }

            for (int j = 0; j < n; j++)
            {
                y[j] += a[i, j] * xi;
            }
        }
    }

    /// <summary>Frobenius norm.</summary>
    public static double FrobeniusNorm(double[,] a)
    {
        double s = 0;
        foreach (double v in a)
        {
            s += v * v;
        }

        return Math.Sqrt(s);
    }
}
