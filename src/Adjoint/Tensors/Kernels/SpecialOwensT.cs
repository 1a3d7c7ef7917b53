using Adjoint.Calculus;
using MathNet.Numerics;

namespace Adjoint.Tensors.Kernels;

/// <summary>
/// Owen's T function T(h, a) = (1 / 2 pi) integral_0^a exp(-h^2 (1 + x^2) / 2) / (1 + x^2) dx and the skew-normal cdf
/// Phi(z) - 2 T(z, a) built on it, in float64.
/// </summary>
/// <remarks>
/// <para>For 0 &lt; a &lt;= 1 the integral is taken directly: exp(-h^2 / 2) / (2 pi) times the integral of
/// exp(-h^2 x^2 / 2) / (1 + x^2) over [0, min(a, sqrt(80) / h)] (beyond that the integrand is below e^-40 of its value
/// at 0) by 48-point Gauss-Legendre, which is exact to rounding there (the integrand is entire but for the poles at
/// +-i, and h x stays below 9). For a &gt; 1 the reflection T(h, a) = Q(h) / 2 + Q(a h) / 2 - Q(h) Q(a h) - T(a h, 1 / a)
/// with Q = 1 - Phi (Owen 1956, eq. 2.3) brings the shape into (0, 1); T is even in h and odd in a.</para>
/// <para>The skew-normal cdf Phi(z) - 2 T(z, a) cancels where it is small (z and a of opposite signs, |a z| large); there
/// it is (1 / pi) integral_a^inf exp(-z^2 (1 + x^2) / 2) / (1 + x^2) dx (the same integral from a to infinity, since
/// Phi(z) = 2 T(z, inf) for z &lt; 0), a sum of positive terms taken by the same rule over the stretch where the
/// integrand is above e^-40 of its value at a.</para>
/// <para>References: Owen, D. B. (1956), Tables for computing bivariate normal probabilities, Ann. Math. Statist. 27;
/// Azzalini, A. (1985), A class of distributions which includes the normal ones, Scand. J. Statist. 12.</para>
/// </remarks>
internal static class SpecialOwensT
{
    private const double TwoPi = 2 * Math.PI;

    /// <summary>Where the integrand is truncated: exp(-40) relative to its largest value.</summary>
    private const double TailExponent = 80;

    private static readonly double[] Nodes;
    private static readonly double[] Weights;

    static SpecialOwensT()
    {
        // numpy's leggauss nodes (Math.NET's tabulated 48-point rule is off by about 3e-12).
        (Nodes, Weights) = GaussLegendre.Rule(48);
    }

    /// <summary>Owen's T function T(h, a); NaN when either argument is NaN.</summary>
    public static double OwensT(double h, double a)
    {
        if (double.IsNaN(h) || double.IsNaN(a))
        {
            return double.NaN;
        }

        double sign = a < 0 ? -1 : 1;
        h = Math.Abs(h);
        a = Math.Abs(a);
        if (a == 0)
        {
            return 0;
        }

        if (h == 0)
        {
            return sign * Math.Atan(a) / TwoPi;
        }

        if (double.IsPositiveInfinity(h))
        {
            return 0;
        }

        if (a <= 1)
        {
            return sign * Small(h, a);
        }

        double qh = UpperNormal(h);
        if (double.IsPositiveInfinity(a))
        {
            return sign * 0.5 * qh;
        }

        double ah = a * h;
        double qah = UpperNormal(ah);
        return sign * ((0.5 * qh) + (0.5 * qah) - (qh * qah) - Small(ah, 1 / a));
    }

    /// <summary>The standard skew-normal cdf P(Z &lt;= z) for shape a.</summary>
    public static double SkewNormalCdf(double z, double a)
    {
        if (double.IsNaN(z) || double.IsNaN(a))
        {
            return double.NaN;
        }

        if (double.IsNegativeInfinity(z))
        {
            return 0;
        }

        if (double.IsPositiveInfinity(z))
        {
            return 1;
        }

        if (a * z < -0.5)
        {
            // Opposite signs and far out: the small side directly, the other as its complement.
            return z < 0 ? UpperIntegral(z, a) : 1 - UpperIntegral(-z, -a);
        }

        double cdf = (0.5 * SpecialFunctions.Erfc(-z / Math.Sqrt(2))) - (2 * OwensT(z, a));
        return Math.Clamp(cdf, 0, 1);
    }

    /// <summary>The standard skew-normal survival function P(Z &gt; z) = cdf(-z; -a).</summary>
    public static double SkewNormalSf(double z, double a) => SkewNormalCdf(-z, -a);

    /// <summary>Q(x) = 1 - Phi(x) = erfc(x / sqrt 2) / 2.</summary>
    private static double UpperNormal(double x) => 0.5 * SpecialFunctions.Erfc(x / Math.Sqrt(2));

    /// <summary>T(h, a) for h &gt; 0 and 0 &lt; a &lt;= 1.</summary>
    private static double Small(double h, double a)
    {
        double front = Math.Exp(-0.5 * h * h) / TwoPi;
        if (front == 0)
        {
            return 0;
        }

        double b = Math.Min(a, Math.Sqrt(TailExponent) / h);
        double half = 0.5 * b, sum = 0;
        for (int i = 0; i < Nodes.Length; i++)
        {
            double x = half * (1 + Nodes[i]);
            sum += Weights[i] * Math.Exp(-0.5 * h * h * x * x) / (1 + (x * x));
        }

        return front * half * sum;
    }

    /// <summary>(1 / pi) integral_a^inf exp(-z^2 (1 + x^2) / 2) / (1 + x^2) dx for z &lt; 0 &lt; a.</summary>
    private static double UpperIntegral(double z, double a)
    {
        double z2 = z * z;
        double front = Math.Exp(-0.5 * z2 * (1 + (a * a))) / Math.PI;
        if (front == 0)
        {
            return 0;
        }

        // exp(-z^2 (x^2 - a^2) / 2) falls below e^-40 at x = sqrt(a^2 + 80 / z^2).
        double upper = Math.Sqrt((a * a) + (TailExponent / z2));
        double half = 0.5 * (upper - a), sum = 0;
        for (int i = 0; i < Nodes.Length; i++)
        {
            double u = half * (1 + Nodes[i]);
            double x = a + u;
            sum += Weights[i] * Math.Exp(-0.5 * z2 * u * (x + a)) / (1 + (x * x));
        }

        return front * half * sum;
    }
}
