using MathNet.Numerics;

namespace Adjoint.Tensors.Kernels;

/// <summary>
/// Scalar and span kernels of the special functions: error function and its inverse, log-gamma, digamma, polygamma,
/// the logarithm of the standard normal cdf. Float64 throughout; the float32 spans widen, evaluate and round once.
/// </summary>
/// <remarks>
/// <para>erf, erfc and erfinv are Math.NET's (rational approximations after Boost, within a few ulp).
/// lgamma: Taylor series in zeta values about 1 (|x - 1| &lt; 0.2) and about 2 (DLMF 5.7.3, merged with log1p so nothing
/// cancels at the zero at 2) on [0.5, 2.5]; the recurrence down to (1.5, 2.5] (positive terms only) below 10;
/// Stirling's series from 10; below 0.5 the reflection log|pi / sin(pi x)| - lgamma(1 - x).</para>
/// <para>digamma shifts x upward by the recurrence psi(x) = psi(x + 1) - 1/x until x &gt;= 10 and then sums the
/// asymptotic series ln x - 1/(2x) - sum B_2k / (2k x^2k) (DLMF 5.11.2); below 0 the reflection
/// psi(x) = psi(1 - x) - pi cot(pi x) (DLMF 5.5.4). Its relative accuracy degrades within about 1e-3 of its positive
/// zero 1.4616... (the absolute error stays near 1e-16 there).</para>
/// <para>polygamma of order n &gt;= 1 is (-1)^(n+1) n! zeta(n + 1, x) (DLMF 5.15.2), the Hurwitz zeta function summed
/// term by term up to x + m &gt;= 20 + n and completed by its Euler-Maclaurin tail (DLMF 25.11.43 with Bernoulli
/// numbers). Negative non-integer x is summed the same way (exact terms, no reflection).</para>
/// <para>log ndtr(x) = log Phi(x): log(erfc(-x / sqrt 2) / 2) for -20 &lt; x &lt;= 0, log1p(-erfc(x / sqrt 2) / 2)
/// above 0, and for x &lt;= -20 the asymptotic series -x^2/2 - log(-x) - log(2 pi)/2 + log(1 - 1/x^2 + 3/x^4 - ...)
/// (DLMF 7.12.1) that never underflows.</para>
/// </remarks>
internal static class SpecialKernels
{
    private const double HalfLogTwoPi = 0.91893853320467274178032973640562;
    private const double EulerGamma = 0.57721566490153286060651209008240;

    /// <summary>B_2k / (2k) for k = 1..9, the coefficients of the asymptotic series of digamma.</summary>
    private static readonly double[] DigammaSeries =
    [
        1.0 / 12, -1.0 / 120, 1.0 / 252, -1.0 / 240, 1.0 / 132, -691.0 / 32760, 1.0 / 12, -3617.0 / 8160, 43867.0 / 14364,
    ];

    private const double DigammaRootHigh = 1569415565.0 / 1073741824.0;
    private const double DigammaRootMiddle = 381566830.0 / 1073741824.0 / 1073741824.0;
    private const double DigammaRootLow = 0.9016312093258695918615325266959189453125e-19;

    /// <summary>B_2k / (2k (2k - 1)) for k = 1..9, the coefficients of Stirling's series.</summary>
    private static readonly double[] StirlingSeries =
    [
        1.0 / 12, -1.0 / 360, 1.0 / 1260, -1.0 / 1680, 1.0 / 1188, -691.0 / 360360, 1.0 / 156, -3617.0 / 122400, 43867.0 / 244188,
    ];

    /// <summary>B_2k / (2k)! for k = 1..12, the coefficients of the Euler-Maclaurin tail of the Hurwitz zeta function.</summary>
    private static readonly double[] ZetaTail = BernoulliOverFactorial();

    /// <summary>zeta(k) for k = 0..29 (index k), for the Taylor series of lgamma about 1.</summary>
    private static readonly double[] ZetaValues = RiemannZetaValues();

    /// <summary>zeta(k) - 1 = zeta(k, 2) for k = 2..49 (index k), for the Taylor series of lgamma about 2.</summary>
    private static readonly double[] ZetaMinusOne = [0, 0, .. Enumerable.Range(2, 48).Select(k => HurwitzZeta(k, 2))];

    /// <summary>psi^(k+1)(x0) / (k+1)! for k = 0..19, the Taylor coefficients of psi about its positive zero.</summary>
    private static readonly double[] DigammaRootTaylor = Enumerable.Range(1, 20)
        .Select(k => Polygamma(k, DigammaRootHigh + DigammaRootMiddle) / SpecialFunctions.Factorial(k)).ToArray();

    public static double Erf(double x) => SpecialFunctions.Erf(x);

    public static double Erfc(double x) => SpecialFunctions.Erfc(x);

    public static double ErfInv(double x) => x == 1 ? double.PositiveInfinity : x == -1 ? double.NegativeInfinity : x is > 1 or < -1 || double.IsNaN(x) ? double.NaN : SpecialFunctions.ErfInv(x);

    /// <summary>log|Gamma(x)|; +inf at the poles 0, -1, -2, ...</summary>
    public static double LogGamma(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        if (double.IsInfinity(x))
        {
            return double.PositiveInfinity;
        }

        if (x < 0.5)
        {
            if (x == Math.Floor(x))
            {
                return double.PositiveInfinity;
            }

            // |Gamma(x)| = pi / (|sin(pi x)| Gamma(1 - x)).
            return Math.Log(Math.PI / Math.Abs(SinPi(x))) - LogGamma(1 - x);
        }

        if (x < 1.5)
        {
            double e1 = x - 1;
            // Near 1 the series about 1; elsewhere lgamma(x) = lgamma(x + 1) - log x with the series about 2.
            return Math.Abs(e1) < 0.2 ? LogGammaOnePlus(e1) : LogGammaTwoPlus(e1) - Math.Log(x);
        }

        if (x <= 2.5)
        {
            return LogGammaTwoPlus(x - 2);
        }

        if (x < 10)
        {
            // lgamma(x) = lgamma(x - m) + log((x - 1)(x - 2)...(x - m)), x - m in (1.5, 2.5]: positive terms only.
            double product = 1;
            while (x > 2.5)
            {
                x -= 1;
                product *= x;
            }

            return LogGammaTwoPlus(x - 2) + Math.Log(product);
        }

        return LogGammaStirling(x);
    }

    /// <summary>Stirling's series (x - 1/2) ln x - x + ln(2 pi)/2 + sum B_2k / (2k (2k - 1) x^(2k-1)) (DLMF 5.11.1), x &gt;= 10.</summary>
    private static double LogGammaStirling(double x)
    {
        double inv = 1 / x;
        double inv2 = inv * inv;
        double series = 0;
        for (int k = StirlingSeries.Length - 1; k >= 0; k--)
        {
            series = (series * inv2) + StirlingSeries[k];
        }

        return ((x - 0.5) * Math.Log(x)) - x + HalfLogTwoPi + (series * inv);
    }

    /// <summary>lgamma(1 + e) = -gamma e + sum_{k&gt;=2} (-1)^k zeta(k) e^k / k (DLMF 5.7.3), |e| &lt; 0.2.</summary>
    private static double LogGammaOnePlus(double e)
    {
        double sum = 0;
        double power = -e;
        for (int k = 2; k < ZetaValues.Length; k++)
        {
            power *= -e;
            sum += ZetaValues[k] * power / k;
        }

        return (-EulerGamma * e) + sum;
    }

    /// <summary>
    /// lgamma(2 + e) = lgamma(1 + e) + log1p(e) = (1 - gamma) e + sum_{k&gt;=2} (-1)^k (zeta(k) - 1) e^k / k, |e| &lt; 0.2:
    /// the two series merged, so nothing cancels near the zero at 2.
    /// </summary>
    private static double LogGammaTwoPlus(double e)
    {
        double sum = 0;
        double power = -e;
        for (int k = 2; k < ZetaMinusOne.Length; k++)
        {
            power *= -e;
            sum += ZetaMinusOne[k] * power / k;
        }

        return ((1 - EulerGamma) * e) + sum;
    }

    /// <summary>psi(x) = Gamma'(x) / Gamma(x); -inf at 0, NaN at the negative integers (as scipy).</summary>
    public static double Digamma(double x)
    {
        if (double.IsNaN(x) || x == double.NegativeInfinity)
        {
            return double.NaN;
        }

        if (x == double.PositiveInfinity)
        {
            return double.PositiveInfinity;
        }

        if (x <= 0)
        {
            if (x == 0)
            {
                return double.NegativeInfinity;
            }

            if (x == Math.Floor(x))
            {
                return double.NaN;
            }

            // psi(x) = psi(1 - x) - pi cot(pi x), cot taken on the fractional part for accuracy.
            double frac = x - Math.Floor(x);
            return Digamma(1 - x) - (Math.PI / Math.Tan(Math.PI * frac));
        }

        if (Math.Abs(x - DigammaRootHigh) < 0.15)
        {
            return DigammaNearRoot(x);
        }

        double shift = 0;
        while (x < 10)
        {
            shift -= 1 / x;
            x += 1;
        }

        double inv2 = 1 / (x * x);
        double series = 0;
        for (int k = DigammaSeries.Length - 1; k >= 0; k--)
        {
            series = (series * inv2) + DigammaSeries[k];
        }

        return shift + Math.Log(x) - (0.5 / x) - (series * inv2);
    }

    /// <summary>
    /// psi near its positive zero x0 = 1.4616...: the Taylor series sum_k psi^(k)(x0) / k! d^k with d = x - x0 taken
    /// against x0 as a sum of three doubles (the split Boost's digamma uses), so the value keeps full relative precision.
    /// </summary>
    private static double DigammaNearRoot(double x)
    {
        double d = (x - DigammaRootHigh) - DigammaRootMiddle - DigammaRootLow;
        double sum = 0;
        for (int k = DigammaRootTaylor.Length - 1; k >= 0; k--)
        {
            sum = (sum * d) + DigammaRootTaylor[k];
        }

        return sum * d;
    }

    /// <summary>The polygamma function psi^(n)(x), n &gt;= 1: (-1)^(n+1) n! zeta(n + 1, x).</summary>
    public static double Polygamma(int n, double x)
    {
        if (n == 0)
        {
            return Digamma(x);
        }

        if (double.IsNaN(x) || x == double.NegativeInfinity)
        {
            return double.NaN;
        }

        double sign = n % 2 == 1 ? 1 : -1;
        if (x <= 0 && x == Math.Floor(x))
        {
            return sign * double.PositiveInfinity;
        }

        if (x == double.PositiveInfinity)
        {
            return 0;
        }

        double factorial = SpecialFunctions.Factorial(n);
        if (n == 1 && x < 0)
        {
            // psi'(x) + psi'(1 - x) = pi^2 / sin^2(pi x).
            double s = SinPi(x);
            return (Math.PI * Math.PI / (s * s)) - Polygamma(1, 1 - x);
        }

        return sign * factorial * HurwitzZeta(n + 1, x);
    }

    /// <summary>The Hurwitz zeta function zeta(s, x) = sum_k (x + k)^-s for integer s &gt;= 2 and x not a non-positive integer.</summary>
    public static double HurwitzZeta(int s, double x)
    {
        double head = 0;
        double threshold = 20 + s;
        while (x < threshold)
        {
            head += Math.Pow(x, -s);
            x += 1;
        }

        // Euler-Maclaurin: x^(1-s)/(s-1) + x^-s/2 + sum_k B_2k/(2k)! s(s+1)...(s+2k-2) x^(-s-2k+1).
        double xs = Math.Pow(x, -s);
        double tail = (x * xs / (s - 1)) + (0.5 * xs);
        double rising = s;
        double power = xs / x;
        for (int k = 0; k < ZetaTail.Length; k++)
        {
            double term = ZetaTail[k] * rising * power;
            tail += term;
            if (Math.Abs(term) < 1e-18 * Math.Abs(tail))
            {
                break;
            }

            rising *= (s + (2 * k) + 1) * (s + (2 * k) + 2);
            power /= x * x;
        }

        return head + tail;
    }

    /// <summary>log Phi(x), the logarithm of the standard normal cdf, without underflow in the lower tail.</summary>
    public static double LogNdtr(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        if (x > 0)
        {
            return LogOnePlus(-0.5 * SpecialFunctions.Erfc(x / Math.Sqrt(2)));
        }

        if (x > -20)
        {
            return Math.Log(0.5 * SpecialFunctions.Erfc(-x / Math.Sqrt(2)));
        }

        if (x == double.NegativeInfinity)
        {
            return double.NegativeInfinity;
        }

        // Phi(x) = phi(x) / (-x) * (1 - 1/x^2 + 3/x^4 - 15/x^6 + ...), terms (2k-1)!! (-1/x^2)^k.
        double inv2 = 1 / (x * x);
        double sum = 1;
        double term = 1;
        for (int k = 1; k <= 12; k++)
        {
            term *= -((2 * k) - 1) * inv2;
            sum += term;
        }

        return (-0.5 * x * x) - Math.Log(-x) - HalfLogTwoPi + Math.Log(sum);
    }

    /// <summary>sin(pi x) with the argument reduced exactly to [-1/2, 1/2] first.</summary>
    public static double SinPi(double x)
    {
        double r = x - (2 * Math.Round(x / 2));
        // r in [-1, 1]; sin(pi r) = sin(pi (1 - r)) for r &gt; 1/2.
        if (r > 0.5)
        {
            r = 1 - r;
        }
        else if (r < -0.5)
        {
            r = -1 - r;
        }

        return Math.Sin(Math.PI * r);
    }

    private static double LogOnePlus(double x) => Math.Abs(x) < 1e-4 ? x * (1 - (x * (0.5 - (x / 3)))) : Math.Log(1 + x);

    private static double[] BernoulliOverFactorial()
    {
        // B_2, B_4, ..., B_24 over (2k)!.
        double[] bernoulli = [1.0 / 6, -1.0 / 30, 1.0 / 42, -1.0 / 30, 5.0 / 66, -691.0 / 2730, 7.0 / 6, -3617.0 / 510, 43867.0 / 798, -174611.0 / 330, 854513.0 / 138, -236364091.0 / 2730];
        var result = new double[bernoulli.Length];
        for (int k = 0; k < bernoulli.Length; k++)
        {
            result[k] = bernoulli[k] / SpecialFunctions.Factorial(2 * (k + 1));
        }

        return result;
    }

    private static double[] RiemannZetaValues()
    {
        var z = new double[30];
        z[0] = -0.5;
        z[1] = double.PositiveInfinity;
        for (int k = 2; k < z.Length; k++)
        {
            z[k] = HurwitzZeta(k, 1);
        }

        return z;
    }

    // ---- span forms (float64 evaluation, float32 rounds once) ------------------------------------------------

    public static void Map(ReadOnlySpan<double> x, Span<double> y, Func<double, double> f)
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = f(x[i]);
        }
    }

    public static void Map(ReadOnlySpan<float> x, Span<float> y, Func<double, double> f)
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = (float)f(x[i]);
        }
    }
}
