using MathNet.Numerics;

namespace Adjoint.Statistics;

/// <summary>
/// Binomial probabilities and beta quantiles for the binomial test and the proportion intervals, from MathNet's
/// regularized incomplete beta function: P(X &lt;= c) = I_(1-p)(n - c, c + 1) and P(X &gt;= c) = I_p(c, n - c + 1).
/// </summary>
internal static class BinomTestProbabilities
{
    /// <summary>P(X = c) for X ~ Binomial(n, p).</summary>
    public static double Pmf(int c, int n, double p)
    {
        if (c < 0 || c > n)
        {
            return 0;
        }

        if (p == 0)
        {
            return c == 0 ? 1 : 0;
        }

        if (p == 1)
        {
            return c == n ? 1 : 0;
        }

        return Math.Exp(SpecialFunctions.BinomialLn(n, c) + (c * Math.Log(p)) + ((n - c) * double.LogP1(-p)));
    }

    /// <summary>P(X &lt;= c).</summary>
    public static double Cdf(int c, int n, double p)
    {
        if (c < 0)
        {
            return 0;
        }

        if (c >= n)
        {
            return 1;
        }

        if (p == 0)
        {
            return 1;
        }

        if (p == 1)
        {
            return 0;
        }

        return SpecialFunctions.BetaRegularized(n - c, c + 1, 1 - p);
    }

    /// <summary>P(X &gt; c) = 1 - P(X &lt;= c), computed without cancellation.</summary>
    public static double Survival(int c, int n, double p)
    {
        if (c < 0)
        {
            return 1;
        }

        if (c >= n)
        {
            return 0;
        }

        if (p == 0)
        {
            return 0;
        }

        if (p == 1)
        {
            return 1;
        }

        return SpecialFunctions.BetaRegularized(c + 1, n - c, p);
    }

    /// <summary>
    /// The beta quantile: the x in [0, 1] with I_x(a, b) = q, by bisection to the resolution of double precision
    /// (I_x is increasing in x).
    /// </summary>
    public static double BetaQuantile(double q, double a, double b)
    {
        double lo = 0, hi = 1;
        for (int i = 0; i < 1100; i++)
        {
            double mid = 0.5 * (lo + hi);
            if (mid <= lo || mid >= hi)
            {
                break;
            }

            if (SpecialFunctions.BetaRegularized(a, b, mid) < q)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return 0.5 * (lo + hi);
    }

    /// <summary>The standard normal quantile Phi^-1(q).</summary>
    public static double NormalQuantile(double q) => MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, q);
}
