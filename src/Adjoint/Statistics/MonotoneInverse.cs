namespace Adjoint.Statistics;

/// <summary>
/// Solves F(z) = target for a nondecreasing F on an interval: bracket expansion from a start, then bisection
/// (geometric where the bracket spans orders of magnitude on one side of 0) to full double precision.
/// </summary>
internal static class MonotoneInverse
{
    /// <summary>The z in [lower, upper] with F(z) = target (the left end of a flat stretch is not guaranteed).</summary>
    /// <param name="f">Nondecreasing function.</param>
    /// <param name="target">The value to reach.</param>
    /// <param name="lower">Lower end of the domain (may be -inf).</param>
    /// <param name="upper">Upper end of the domain (may be +inf).</param>
    /// <param name="start">A point inside the domain to expand from.</param>
    public static double Solve(Func<double, double> f, double target, double lower, double upper, double start)
    {
        double lo, hi;
        if (f(start) < target)
        {
            lo = start;
            double step = Math.Max(1, Math.Abs(start));
            hi = Math.Min(upper, start + step);
            while (f(hi) < target)
            {
                if (hi >= upper || double.IsInfinity(hi))
                {
                    return upper;
                }

                lo = hi;
                step *= 2;
                hi = Math.Min(upper, hi + step);
            }
        }
        else
        {
            hi = start;
            double step = Math.Max(1, Math.Abs(start));
            lo = Math.Max(lower, start - step);
            if (double.IsFinite(lower) && lower > 0)
            {
                lo = Math.Max(lower, start / 2);
            }

            while (f(lo) >= target)
            {
                if (lo <= lower || double.IsInfinity(lo))
                {
                    return lower;
                }

                hi = lo;
                step *= 2;
                lo = double.IsFinite(lower) && lower >= 0 ? Math.Max(lower, lo / 4) : Math.Max(lower, lo - step);
                if (lo == hi)
                {
                    return lo;
                }
            }
        }

        for (int i = 0; i < 2000; i++)
        {
            double mid = lo > 0 && hi > 4 * lo ? Math.Sqrt(lo * hi) : hi < 0 && lo < 4 * hi ? -Math.Sqrt(lo * hi) : lo + (0.5 * (hi - lo));
            if (mid <= lo || mid >= hi)
            {
                break;
            }

            if (f(mid) < target)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return Math.Abs(f(lo) - target) < Math.Abs(f(hi) - target) ? lo : hi;
    }
}
