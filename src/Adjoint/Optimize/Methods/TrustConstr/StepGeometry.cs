namespace Adjoint.Optimize.Methods.TrustConstr;

/// <summary>
/// Where the segment (or line) z + t d, 0 ≤ t ≤ 1 (any t with <c>entireLine</c>), meets the ball ‖·‖ ≤ Δ and the box
/// lb ≤ · ≤ ub: the interval [ta, tb] of t inside, and whether it is non-empty.
/// </summary>
internal static class StepGeometry
{
    /// <summary>The interval of t with ‖z + t d‖ ≤ Δ.</summary>
    public static (double Ta, double Tb, bool Intersect) Sphere(ReadOnlySpan<double> z, ReadOnlySpan<double> d, double radius, bool entireLine = false)
    {
        if (DenseOps.Norm(d) == 0)
        {
            return (0, 0, false);
        }

        if (double.IsPositiveInfinity(radius))
        {
            return entireLine ? (double.NegativeInfinity, double.PositiveInfinity, true) : (0, 1, true);
        }

        double a = DenseOps.Dot(d, d);
        double b = 2 * DenseOps.Dot(z, d);
        double c = DenseOps.Dot(z, z) - (radius * radius);
        double disc = (b * b) - (4 * a * c);
        if (disc < 0)
        {
            return (0, 0, false);
        }

        // The two roots without cancellation.
        double aux = b + Math.CopySign(Math.Sqrt(disc), b);
        double t1 = -aux / (2 * a), t2 = -2 * c / aux;
        double ta = Math.Min(t1, t2), tb = Math.Max(t1, t2);
        if (entireLine)
        {
            return (ta, tb, true);
        }

        if (tb < 0 || ta > 1)
        {
            return (0, 0, false);
        }

        return (Math.Max(0, ta), Math.Min(1, tb), true);
    }

    /// <summary>The interval of t with lb ≤ z + t d ≤ ub.</summary>
    public static (double Ta, double Tb, bool Intersect) Box(ReadOnlySpan<double> z, ReadOnlySpan<double> d,
        ReadOnlySpan<double> lb, ReadOnlySpan<double> ub, bool entireLine = false)
    {
        if (DenseOps.Norm(d) == 0)
        {
            return (0, 0, false);
        }

        double ta = double.NegativeInfinity, tb = double.PositiveInfinity;
        for (int i = 0; i < z.Length; i++)
        {
            if (d[i] == 0)
            {
                if (z[i] < lb[i] || z[i] > ub[i])
                {
                    return (0, 0, false);
                }

                continue;
            }

            double tl = (lb[i] - z[i]) / d[i], tu = (ub[i] - z[i]) / d[i];
            ta = Math.Max(ta, Math.Min(tl, tu));
            tb = Math.Min(tb, Math.Max(tl, tu));
        }

        bool intersect = ta <= tb;
        if (!entireLine)
        {
            if (tb < 0 || ta > 1)
            {
                return (0, 0, false);
            }

            ta = Math.Max(0, ta);
            tb = Math.Min(1, tb);
        }

        return (ta, tb, intersect);
    }

    /// <summary>The interval of t inside both the box and the ball.</summary>
    public static (double Ta, double Tb, bool Intersect) BoxSphere(ReadOnlySpan<double> z, ReadOnlySpan<double> d,
        ReadOnlySpan<double> lb, ReadOnlySpan<double> ub, double radius, bool entireLine = false)
    {
        var (tab, tbb, ib) = Box(z, d, lb, ub, entireLine);
        var (tas, tbs, isph) = Sphere(z, d, radius, entireLine);
        double ta = Math.Max(tab, tas), tb = Math.Min(tbb, tbs);
        return (ta, tb, ib && isph && ta <= tb);
    }

    /// <summary>Whether lb ≤ x ≤ ub.</summary>
    public static bool Inside(ReadOnlySpan<double> x, ReadOnlySpan<double> lb, ReadOnlySpan<double> ub)
    {
        for (int i = 0; i < x.Length; i++)
        {
            if (!(lb[i] <= x[i] && x[i] <= ub[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Clips x into [lb, ub] in place.</summary>
    public static void Clip(Span<double> x, ReadOnlySpan<double> lb, ReadOnlySpan<double> ub)
    {
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = Math.Min(Math.Max(x[i], lb[i]), ub[i]);
        }
    }
}
