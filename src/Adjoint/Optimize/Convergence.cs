namespace Adjoint.Optimize;

/// <summary>Shared optimality measures, so every method reports the same gradient norm.</summary>
internal static class Convergence
{
    /// <summary>
    /// The infinity norm of the projected gradient P(x - g) - x, where P projects onto the box [lower, upper];
    /// without bounds, the infinity norm of g.
    /// </summary>
    public static double ProjectedGradientNorm(ReadOnlySpan<double> x, ReadOnlySpan<double> g, double[]? lower, double[]? upper)
    {
        double m = 0;
        if (lower is null || upper is null)
        {
            for (int i = 0; i < g.Length; i++)
            {
                double a = Math.Abs(g[i]);
                m = a > m || double.IsNaN(a) ? a : m;
            }

            return m;
        }

        for (int i = 0; i < g.Length; i++)
        {
            double p = Math.Clamp(x[i] - g[i], lower[i], upper[i]) - x[i];
            double a = Math.Abs(p);
            m = a > m || double.IsNaN(a) ? a : m;
        }

        return m;
    }

    /// <summary>The infinity norm of a vector.</summary>
    public static double InfNorm(ReadOnlySpan<double> v)
    {
        double m = 0;
        foreach (double a in v)
        {
            m = Math.Max(m, Math.Abs(a));
        }

        return m;
    }

    /// <summary>Whether every element is finite.</summary>
    public static bool AllFinite(ReadOnlySpan<double> v)
    {
        foreach (double a in v)
        {
            if (!double.IsFinite(a))
            {
                return false;
            }
        }

        return true;
    }
}
