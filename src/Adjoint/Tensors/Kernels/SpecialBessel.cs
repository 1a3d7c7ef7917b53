using MathNet.Numerics;

namespace Adjoint.Tensors.Kernels;

/// <summary>
/// The exponentially scaled modified Bessel functions of the first kind i0e(x) = exp(-|x|) I0(x) and
/// i1e(x) = exp(-|x|) I1(x) (scipy <c>i0e</c>, <c>i1e</c>), in float64.
/// </summary>
/// <remarks>
/// Math.NET's I0 and I1 (Cephes' Chebyshev expansions on [0, 8] and in 32 / x beyond, within a few ulp) times exp(-|x|)
/// up to |x| = 700, where exp(|x|) still fits; beyond, Math.NET's scaled Bessel function of order 0 or 1 (Amos'
/// algorithm).
/// </remarks>
internal static class SpecialBessel
{
    private const double Overflow = 700;

    /// <summary>i0e(x) = exp(-|x|) I0(x), even.</summary>
    public static double I0e(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        double ax = Math.Abs(x);
        if (double.IsPositiveInfinity(ax))
        {
            return 0;
        }

        return ax <= Overflow ? SpecialFunctions.BesselI0(ax) * Math.Exp(-ax) : SpecialFunctions.BesselIScaled(0, ax);
    }

    /// <summary>i1e(x) = exp(-|x|) I1(x), odd.</summary>
    public static double I1e(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        double ax = Math.Abs(x);
        if (double.IsPositiveInfinity(ax))
        {
            return Math.Sign(x) * 0.0;
        }

        double v = ax <= Overflow ? SpecialFunctions.BesselI1(ax) * Math.Exp(-ax) : SpecialFunctions.BesselIScaled(1, ax);
        return x < 0 ? -v : v;
    }
}
