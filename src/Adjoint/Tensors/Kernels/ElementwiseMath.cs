using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Adjoint.Tensors.Kernels;

/// <summary>
/// Accurate, vectorized elementwise transcendental kernels over spans.
/// </summary>
/// <remarks>
/// <para>
/// All kernels evaluate in float64. The float64 results are within about one ulp of the exact
/// value everywhere (including tiny and subnormal inputs, where tanh, expm1 and log1p return the
/// argument with full relative precision). The float32 overloads widen to float64, evaluate the
/// same kernels and round once, so they are within about half a float ulp.
/// </para>
/// <para>
/// The input and output spans must have the same length. They may be the same span (in-place),
/// but must not otherwise overlap.
/// </para>
/// <para>
/// Building blocks: exp/expm1 use the reduction x = k ln2 + r, |r| &lt;= ln2/2, with the rounding
/// error of r carried separately, and a degree-13 Taylor polynomial for expm1(r); the result is
/// rebuilt as 2^k expm1(r) + (2^k - 1), which keeps full relative precision near 0. log1p forms
/// u = 1 + x exactly as a sum of two doubles, splits u = 2^m f with f in [sqrt(1/2), sqrt(2)),
/// and evaluates log f = 2 atanh(s), s = (f - 1)/(f + 1), in the usual "f - f^2/2 + s(f^2/2 + R)"
/// arrangement, adding the low part of u as c/u. tanh uses a rational approximation for
/// |x| &lt; 0.625 and 1 - 2E/(1 + E), E = exp(-2|x|), above, with one correction step for the
/// division. sigmoid evaluates exp(-|x|) as an unevaluated sum hi + lo and applies the same
/// correction to 1/(1 + e) or e/(1 + e); softplus passes the low part on to log1p.
/// </para>
/// </remarks>
internal static class ElementwiseMath
{
    /// <summary>y = tanh(x).</summary>
    public static void Tanh(ReadOnlySpan<double> x, Span<double> y) => Apply<TanhOp>(x, y);

    /// <summary>y = tanh(x).</summary>
    /// <remarks>
    /// float32 runs natively in single precision (twice the lanes of the double path): an odd Taylor polynomial
    /// through x^19 below |x| = 0.55, and 1 - 2/(e^(2|x|) + 1) above, with the sign restored; at most 2 ulp.
    /// </remarks>
    public static void Tanh(ReadOnlySpan<float> x, Span<float> y)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException("Input and output spans must have the same length.", nameof(y));
        }

        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            i = TanhFloat512(x, y);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            i = TanhFloat256(x, y);
        }

        if (i < x.Length)
        {
            Apply<TanhOp>(x[i..], y[i..]);
        }
    }

    // Taylor coefficients of tanh: x + c3 x^3 + ... + c19 x^19 (exact rationals rounded to float).
    private const float TanhC3 = -1f / 3, TanhC5 = 2f / 15, TanhC7 = -17f / 315, TanhC9 = 62f / 2835, TanhC11 = -1382f / 155925;
    private const float TanhC13 = 21844f / 6081075, TanhC15 = -929569f / 638512875, TanhC17 = 6404582f / 10854718875;
    private const float TanhC19 = -443861162f / 1856156927625;

    private static int TanhFloat512(ReadOnlySpan<float> x, Span<float> y)
    {
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        int n = x.Length, i = 0;
        for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
        {
            TanhFloat(Vector512.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
        }

        if (i < n)
        {
            // The tail goes through the same vector code on a padded copy, so every element is computed alike.
            Span<float> pad = stackalloc float[Vector512<float>.Count];
            pad.Clear();
            x[i..].CopyTo(pad);
            TanhFloat(Vector512.Create<float>(pad)).CopyTo(pad);
            pad[..(n - i)].CopyTo(y[i..]);
            i = n;
        }

        return i;
    }

    private static Vector512<float> TanhFloat(Vector512<float> v)
    {
        var one = Vector512<float>.One;
        var two = Vector512.Create(2f);
        var ax = Vector512.Abs(v);
        var z = v * v;
        var poly = Vector512.Create(TanhC19);
        poly = (poly * z) + Vector512.Create(TanhC17);
        poly = (poly * z) + Vector512.Create(TanhC15);
        poly = (poly * z) + Vector512.Create(TanhC13);
        poly = (poly * z) + Vector512.Create(TanhC11);
        poly = (poly * z) + Vector512.Create(TanhC9);
        poly = (poly * z) + Vector512.Create(TanhC7);
        poly = (poly * z) + Vector512.Create(TanhC5);
        poly = (poly * z) + Vector512.Create(TanhC3);
        var small = Vector512.CopySign(v + (v * z * poly), v);
        var large = Vector512.CopySign(one - (two / (Vector512.Exp(ax * two) + one)), v);
        return Vector512.ConditionalSelect(Vector512.LessThan(ax, Vector512.Create(0.55f)), small, large);
    }

    private static int TanhFloat256(ReadOnlySpan<float> x, Span<float> y)
    {
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        int n = x.Length, i = 0;
        for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
        {
            TanhFloat(Vector256.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
        }

        if (i < n)
        {
            Span<float> pad = stackalloc float[Vector256<float>.Count];
            pad.Clear();
            x[i..].CopyTo(pad);
            TanhFloat(Vector256.Create<float>(pad)).CopyTo(pad);
            pad[..(n - i)].CopyTo(y[i..]);
            i = n;
        }

        return i;
    }

    private static Vector256<float> TanhFloat(Vector256<float> v)
    {
        var one = Vector256<float>.One;
        var two = Vector256.Create(2f);
        var ax = Vector256.Abs(v);
        var z = v * v;
        var poly = Vector256.Create(TanhC19);
        poly = (poly * z) + Vector256.Create(TanhC17);
        poly = (poly * z) + Vector256.Create(TanhC15);
        poly = (poly * z) + Vector256.Create(TanhC13);
        poly = (poly * z) + Vector256.Create(TanhC11);
        poly = (poly * z) + Vector256.Create(TanhC9);
        poly = (poly * z) + Vector256.Create(TanhC7);
        poly = (poly * z) + Vector256.Create(TanhC5);
        poly = (poly * z) + Vector256.Create(TanhC3);
        var small = Vector256.CopySign(v + (v * z * poly), v);
        var large = Vector256.CopySign(one - (two / (Vector256.Exp(ax * two) + one)), v);
        return Vector256.ConditionalSelect(Vector256.LessThan(ax, Vector256.Create(0.55f)), small, large);
    }

    /// <summary>y = 1 / (1 + exp(-x)), without overflow for large |x|.</summary>
    public static void Sigmoid(ReadOnlySpan<double> x, Span<double> y) => Apply<SigmoidOp>(x, y);

    /// <summary>y = 1 / (1 + exp(-x)), without overflow for large |x|.</summary>
    public static void Sigmoid(ReadOnlySpan<float> x, Span<float> y) => Apply<SigmoidOp>(x, y);

    /// <summary>y = log(1 + exp(x)), computed as max(x, 0) + log1p(exp(-|x|)).</summary>
    public static void Softplus(ReadOnlySpan<double> x, Span<double> y) => Apply<SoftplusOp>(x, y);

    /// <summary>y = log(1 + exp(x)), computed as max(x, 0) + log1p(exp(-|x|)).</summary>
    public static void Softplus(ReadOnlySpan<float> x, Span<float> y) => Apply<SoftplusOp>(x, y);

    /// <summary>y = exp(x) - 1, accurate near 0.</summary>
    public static void Expm1(ReadOnlySpan<double> x, Span<double> y) => Apply<Expm1Op>(x, y);

    /// <summary>y = exp(x) - 1, accurate near 0.</summary>
    public static void Expm1(ReadOnlySpan<float> x, Span<float> y) => Apply<Expm1Op>(x, y);

    /// <summary>y = log(1 + x), accurate near 0; x = -1 gives -inf, x &lt; -1 gives NaN.</summary>
    public static void Log1p(ReadOnlySpan<double> x, Span<double> y) => Apply<Log1pOp>(x, y);

    /// <summary>y = log(1 + x), accurate near 0; x = -1 gives -inf, x &lt; -1 gives NaN.</summary>
    public static void Log1p(ReadOnlySpan<float> x, Span<float> y) => Apply<Log1pOp>(x, y);

    // ------------------------------------------------------------------------------------------
    // Drivers
    // ------------------------------------------------------------------------------------------

    private static void Apply<TOp>(ReadOnlySpan<double> x, Span<double> y)
        where TOp : struct, IOp
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException("Input and output spans must have the same length.", nameof(y));
        }

        if (Vector512.IsHardwareAccelerated)
        {
            Run<TOp, Vector512<double>, V512>(x, y);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            Run<TOp, Vector256<double>, V256>(x, y);
        }
        else
        {
            Run<TOp, Vector128<double>, V128>(x, y);
        }
    }

    private static void Apply<TOp>(ReadOnlySpan<float> x, Span<float> y)
        where TOp : struct, IOp
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException("Input and output spans must have the same length.", nameof(y));
        }

        if (Vector512.IsHardwareAccelerated)
        {
            Run<TOp, Vector512<double>, V512>(x, y);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            Run<TOp, Vector256<double>, V256>(x, y);
        }
        else
        {
            Run<TOp, Vector128<double>, V128>(x, y);
        }
    }

    private const int MaxLanes = 8; // doubles in the widest vector used

    private static void Run<TOp, TV, TO>(ReadOnlySpan<double> x, Span<double> y)
        where TOp : struct, IOp
        where TV : struct
        where TO : struct, IOps<TV>
    {
        ref double xr = ref MemoryMarshal.GetReference(x);
        ref double yr = ref MemoryMarshal.GetReference(y);
        nuint n = (nuint)x.Length;
        nuint w = (nuint)TO.Count;
        nuint i = 0;
        // Two independent vectors per iteration: the kernels are long dependency chains.
        for (; i + (2 * w) <= n; i += 2 * w)
        {
            TV a = TO.Load(ref xr, i);
            TV b = TO.Load(ref xr, i + w);
            a = TOp.Eval<TV, TO>(a);
            b = TOp.Eval<TV, TO>(b);
            TO.Store(a, ref yr, i);
            TO.Store(b, ref yr, i + w);
        }

        for (; i + w <= n; i += w)
        {
            TO.Store(TOp.Eval<TV, TO>(TO.Load(ref xr, i)), ref yr, i);
        }

        if (i < n)
        {
            // Tail: evaluate one padded vector so tails get exactly the same arithmetic.
            int start = (int)i;
            int rem = x.Length - start;
            Span<double> buf = stackalloc double[MaxLanes];
            buf.Clear();
            x.Slice(start, rem).CopyTo(buf);
            ref double br = ref MemoryMarshal.GetReference(buf);
            TO.Store(TOp.Eval<TV, TO>(TO.Load(ref br, 0)), ref br, 0);
            buf[..rem].CopyTo(y[start..]);
        }
    }

    private static void Run<TOp, TV, TO>(ReadOnlySpan<float> x, Span<float> y)
        where TOp : struct, IOp
        where TV : struct
        where TO : struct, IOps<TV>
    {
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        nuint n = (nuint)x.Length;
        nuint w = (nuint)(2 * TO.Count);
        nuint i = 0;
        for (; i + w <= n; i += w)
        {
            TO.LoadWiden(ref xr, i, out TV lo, out TV hi);
            TO.StoreNarrow(TOp.Eval<TV, TO>(lo), TOp.Eval<TV, TO>(hi), ref yr, i);
        }

        if (i < n)
        {
            int start = (int)i;
            int rem = x.Length - start;
            Span<float> buf = stackalloc float[2 * MaxLanes];
            buf.Clear();
            x.Slice(start, rem).CopyTo(buf);
            ref float br = ref MemoryMarshal.GetReference(buf);
            TO.LoadWiden(ref br, 0, out TV lo, out TV hi);
            TO.StoreNarrow(TOp.Eval<TV, TO>(lo), TOp.Eval<TV, TO>(hi), ref br, 0);
            buf[..rem].CopyTo(y[start..]);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Constants
    // ------------------------------------------------------------------------------------------

    private const double Shifter = 6755399441055744.0;          // 1.5 * 2^52: x + Shifter rounds x to an integer
    private const long ShifterBits = 0x4338000000000000;
    private const double InvLn2 = 1.4426950408889634;           // 1/ln2
    private const double Ln2HiE = 0.6931471805599453;           // ln2 rounded to double
    private const double Ln2LoE = 2.3190468138462996e-17;       // ln2 - Ln2HiE
    private const double Ln2HiL = 6.93147180369123816490e-01;   // ln2 with 32 significant bits (0x3FE62E42FEE00000): m*Ln2HiL is exact
    private const double Ln2LoL = 1.90821492927058770002e-10;   // ln2 - Ln2HiL

    // Taylor coefficients 1/n! of expm1, n = 2..13 (degree 13 covers |r| <= ln2/2 to below 2^-56 relative).
    private const double E2 = 1.0 / 2;
    private const double E3 = 1.0 / 6;
    private const double E4 = 1.0 / 24;
    private const double E5 = 1.0 / 120;
    private const double E6 = 1.0 / 720;
    private const double E7 = 1.0 / 5040;
    private const double E8 = 1.0 / 40320;
    private const double E9 = 1.0 / 362880;
    private const double E10 = 1.0 / 3628800;
    private const double E11 = 1.0 / 39916800;
    private const double E12 = 1.0 / 479001600;
    private const double E13 = 1.0 / 6227020800;

    // log(1+g) = 2 atanh(s), s = g/(2+g): R(z) = sum_k 2 z^k/(2k+1), z = s^2 <= 0.0295, k = 1..10.
    private const double LogSeriesLimit = 9.5367431640625e-07; // 2^-20
    private const double L1 = 2.0 / 3;
    private const double L2 = 2.0 / 5;
    private const double L3 = 2.0 / 7;
    private const double L4 = 2.0 / 9;
    private const double L5 = 2.0 / 11;
    private const double L6 = 2.0 / 13;
    private const double L7 = 2.0 / 15;
    private const double L8 = 2.0 / 17;
    private const double L9 = 2.0 / 19;
    private const double L10 = 2.0 / 21;

    // tanh(x) = x + x z P(z)/Q(z), z = x^2, |x| < 0.625 (Cephes-style minimax rational).
    private const double TanhSmall = 0.625;
    private const double TP0 = -9.64399179425052238628e-1;
    private const double TP1 = -9.92877231001918586564e1;
    private const double TP2 = -1.61468768441708447952e3;
    private const double TQ0 = 1.12811678491632931402e2;
    private const double TQ1 = 2.23548839060100448583e3;
    private const double TQ2 = 4.84406305325125486048e3;

    // ------------------------------------------------------------------------------------------
    // Shared cores (generic over the vector width)
    // ------------------------------------------------------------------------------------------

    /// <summary>max(v, lo), keeping NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV ClampBelow<TV, T>(TV v, double lo)
        where TV : struct
        where T : struct, IOps<TV>
        => T.Select(T.LessThan(v, T.C(lo)), T.C(lo), v);

    /// <summary>min(v, hi), keeping NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV ClampAbove<TV, T>(TV v, double hi)
        where TV : struct
        where T : struct, IOps<TV>
        => T.Select(T.LessThan(T.C(hi), v), T.C(hi), v);

    /// <summary>Range reduction for exp: x = k ln2 + r + c, returns t (k + Shifter), r and c.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Reduce<TV, T>(TV x, out TV r, out TV c)
        where TV : struct
        where T : struct, IOps<TV>
    {
        TV t = T.Fma(x, T.C(InvLn2), T.C(Shifter));
        TV kd = T.Sub(t, T.C(Shifter));
        TV r1 = T.Fma(kd, T.C(-Ln2HiE), x);     // exact (x and k ln2 share enough leading bits)
        TV lo = T.Mul(kd, T.C(Ln2LoE));
        r = T.Sub(r1, lo);
        c = T.Sub(T.Sub(r1, r), lo);            // rounding error of r
        return t;
    }

    /// <summary>expm1(r + c) for |r| &lt;= ln2/2 and tiny c.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Expm1Reduced<TV, T>(TV r, TV c)
        where TV : struct
        where T : struct, IOps<TV>
        => Expm1Reduced<TV, T>(r, c, out _);

    /// <summary>expm1(r + c) = result + lo for |r| &lt;= ln2/2 and tiny c.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Expm1Reduced<TV, T>(TV r, TV c, out TV lo)
        where TV : struct
        where T : struct, IOps<TV>
    {
        // q(r) = sum_{n=2..13} r^(n-2)/n!, Estrin's scheme (short dependency chains).
        TV r2 = T.Mul(r, r);
        TV r4 = T.Mul(r2, r2);
        TV r8 = T.Mul(r4, r4);
        TV a0 = T.Fma(T.C(E3), r, T.C(E2));
        TV a1 = T.Fma(T.C(E5), r, T.C(E4));
        TV a2 = T.Fma(T.C(E7), r, T.C(E6));
        TV a3 = T.Fma(T.C(E9), r, T.C(E8));
        TV a4 = T.Fma(T.C(E11), r, T.C(E10));
        TV a5 = T.Fma(T.C(E13), r, T.C(E12));
        TV b0 = T.Fma(a1, r2, a0);
        TV b1 = T.Fma(a3, r2, a2);
        TV b2 = T.Fma(a5, r2, a4);
        TV q = T.Fma(b2, r8, T.Fma(b1, r4, b0));
        TV h = T.Fma(r2, q, T.Fma(c, r, c));    // r^2 q(r) + c (1 + r)
        TV p = T.Add(r, h);
        lo = T.Add(T.Sub(r, p), h);             // |h| <= |r|: exact rounding error of p
        return p;
    }

    /// <summary>expm1(x) for x already clamped to [-40, 710].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Expm1Clamped<TV, T>(TV x)
        where TV : struct
        where T : struct, IOps<TV>
    {
        TV t = Reduce<TV, T>(x, out TV r, out TV c);
        TV p = Expm1Reduced<TV, T>(r, c, out TV plo);
        TV s = T.Pow2(t, 1022);                 // 2^(k-1): k = 1024 still representable
        // expm1(x) = 2^k (1 + p) - 1 = 2 (a + b + s plo), a = s - 1/2 and b = s p both exact
        // (|k| <= 53; beyond, a's rounding is far below the result's ulp). a + b via TwoSum.
        TV a = T.Sub(s, T.C(0.5));
        TV b = T.Mul(s, p);
        TV sum = T.Add(a, b);
        TV bb = T.Sub(sum, a);
        TV err = T.Add(T.Sub(a, T.Sub(sum, bb)), T.Sub(b, bb));
        return T.Mul(T.Add(sum, T.Fma(s, plo, err)), T.C(2.0));
    }

    /// <summary>exp(x) for x in [-40, 0].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV ExpSmall<TV, T>(TV x)
        where TV : struct
        where T : struct, IOps<TV>
    {
        TV t = Reduce<TV, T>(x, out TV r, out TV c);
        TV p = Expm1Reduced<TV, T>(r, c);
        TV s = T.Pow2(t, 1023);                 // 2^k
        return T.Fma(s, p, s);
    }

    /// <summary>exp(x) = hi + lo for x in [-746, 0] (hi may be subnormal; lo is then inexact).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV ExpNonPositive<TV, T>(TV x, out TV lo)
        where TV : struct
        where T : struct, IOps<TV>
    {
        TV t = Reduce<TV, T>(x, out TV r, out TV c);
        TV p = Expm1Reduced<TV, T>(r, c, out TV plo);
        T.Pow2Split(t, out TV s1, out TV s2);   // 2^k = s1 s2, both normal
        TV hi1 = T.Fma(s1, p, s1);
        TV lo1 = T.Fma(s1, plo, T.Fma(s1, p, T.Sub(s1, hi1)));   // s1 - hi1 is exact
        lo = T.Mul(lo1, s2);
        return T.Mul(hi1, s2);
    }

    /// <summary>log1p(x + xlo) for finite x &gt; -1 and |xlo| tiny (no special-value handling).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Log1pCore<TV, T>(TV x, TV xlo)
        where TV : struct
        where T : struct, IOps<TV>
    {
        TV one = T.C(1.0);
        TV u = T.Add(one, x);
        TV bb = T.Sub(u, one);
        TV c = T.Add(T.Add(T.Sub(one, T.Sub(u, bb)), T.Sub(x, bb)), xlo); // u + c = 1 + x + xlo
        T.LogSplit(u, out TV m, out TV f);
        TV g = T.Sub(f, one);                                  // exact
        TV s = T.Div(g, T.Add(g, T.C(2.0)));
        TV z = T.Mul(s, s);
        // R(z) = z (L1 + L2 z + ... + L10 z^9), Estrin's scheme.
        TV z2 = T.Mul(z, z);
        TV z4 = T.Mul(z2, z2);
        TV z8 = T.Mul(z4, z4);
        TV c0 = T.Fma(T.C(L2), z, T.C(L1));
        TV c1 = T.Fma(T.C(L4), z, T.C(L3));
        TV c2 = T.Fma(T.C(L6), z, T.C(L5));
        TV c3 = T.Fma(T.C(L8), z, T.C(L7));
        TV c4 = T.Fma(T.C(L10), z, T.C(L9));
        TV rr = T.Fma(c4, z8, T.Fma(T.Fma(c3, z2, c2), z4, T.Fma(c1, z2, c0)));
        rr = T.Mul(rr, z);
        TV hf = T.Mul(T.Mul(g, g), T.C(0.5));
        TV lo = T.Fma(m, T.C(Ln2LoL), T.Div(c, u));
        TV body = T.Sub(g, T.Sub(hf, T.Fma(s, T.Add(hf, rr), lo)));
        TV general = T.Fma(m, T.C(Ln2HiL), body);
        // |x| < 2^-20: x - x^2/2 + x^3/3 (error below 2^-62 relative). Avoids the rounding of g and
        // c (same size, opposite signs) when x is comparable to ulp(1).
        TV series = T.Add(x, T.Fma(T.Mul(x, x), T.Fma(x, T.C(1.0 / 3), T.C(-0.5)), xlo));
        return T.Select(T.LessThan(T.Abs(x), T.C(LogSeriesLimit)), series, general);
    }

    // ------------------------------------------------------------------------------------------
    // Operations
    // ------------------------------------------------------------------------------------------

    private interface IOp
    {
        static abstract TV Eval<TV, T>(TV x)
            where TV : struct
            where T : struct, IOps<TV>;
    }

    private readonly struct TanhOp : IOp
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Eval<TV, T>(TV x)
            where TV : struct
            where T : struct, IOps<TV>
        {
            TV ax = T.Abs(x);
            TV one = T.C(1.0);
            // Large branch: tanh|x| = 1 - w, w = 2E/(1 + E), E = exp(-2|x|) in [0, 0.29).
            TV ee = ExpSmall<TV, T>(ClampBelow<TV, T>(T.Mul(ax, T.C(-2.0)), -40.0));
            TV d = T.Add(one, ee);
            TV dlo = T.Add(T.Sub(one, d), ee);                 // d + dlo = 1 + E exactly
            // Small branch: tanh|x| = |x| + |x| z P(z)/Q(z).
            TV z = T.Mul(ax, ax);
            TV p = T.Fma(T.Fma(T.C(TP0), z, T.C(TP1)), z, T.C(TP2));
            TV q = T.Fma(T.Fma(T.Add(z, T.C(TQ0)), z, T.C(TQ1)), z, T.C(TQ2));
            TV small = T.LessThan(ax, T.C(TanhSmall));
            TV num = T.Select(small, T.Mul(z, p), T.Add(ee, ee));
            TV den = T.Select(small, q, d);
            TV ratio = T.Div(num, den);
            // Large branch correction: w = ratio + (rem - ratio dlo)/d, with 1/d = 1 - ratio/2.
            TV rem = T.Fma(T.Mul(ratio, T.C(-1.0)), d, num);
            TV corr = T.Mul(T.Fma(T.Mul(ratio, T.C(-1.0)), dlo, rem), T.Fma(ratio, T.C(-0.5), one));
            TV hi = T.Sub(one, ratio);
            TV lo = T.Sub(T.Sub(one, hi), ratio);
            TV large = T.Add(hi, T.Sub(lo, corr));
            TV res = T.Select(small, T.Fma(ax, ratio, ax), large);
            return T.Xor(res, T.And(x, T.C(-0.0)));  // restore the sign (keeps -0)
        }
    }

    private readonly struct SigmoidOp : IOp
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Eval<TV, T>(TV x)
            where TV : struct
            where T : struct, IOps<TV>
        {
            // e = exp(-|x|) in [0, 1]; x >= 0: 1/(1+e), x < 0: e/(1+e).
            TV one = T.C(1.0);
            TV e = ExpNonPositive<TV, T>(ClampBelow<TV, T>(T.Mul(T.Abs(x), T.C(-1.0)), -746.0), out TV elo);
            TV d = T.Add(one, e);
            TV dlo = T.Add(T.Add(T.Sub(one, d), e), elo);      // d + dlo = 1 + e + elo
            TV neg = T.LessThan(x, T.C(0.0));
            TV num = T.Select(neg, e, one);
            TV q = T.Div(num, d);
            // One correction step: (num + nlo)/(d + dlo) = q + (rem + nlo - q dlo)/d, 1/d = (x < 0 ? 1 - q : q).
            TV rem = T.Add(T.Fma(T.Mul(q, T.C(-1.0)), d, num), T.And(neg, elo));
            TV inv = T.Select(neg, T.Sub(one, q), q);
            return T.Fma(T.Fma(T.Mul(q, T.C(-1.0)), dlo, rem), inv, q);
        }
    }

    private readonly struct SoftplusOp : IOp
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Eval<TV, T>(TV x)
            where TV : struct
            where T : struct, IOps<TV>
        {
            TV e = ExpNonPositive<TV, T>(ClampBelow<TV, T>(T.Mul(T.Abs(x), T.C(-1.0)), -746.0), out TV elo);
            return T.Add(ClampBelow<TV, T>(x, 0.0), Log1pCore<TV, T>(e, elo));
        }
    }

    private readonly struct Expm1Op : IOp
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Eval<TV, T>(TV x)
            where TV : struct
            where T : struct, IOps<TV>
        {
            TV y = Expm1Clamped<TV, T>(ClampAbove<TV, T>(ClampBelow<TV, T>(x, -40.0), 710.0));
            // |x| < 2^-60: expm1(x) rounds to x (also keeps -0 and the last bit of subnormals).
            return T.Select(T.LessThan(T.Abs(x), T.C(8.673617379884035e-19)), x, y);
        }
    }

    private readonly struct Log1pOp : IOp
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Eval<TV, T>(TV x)
            where TV : struct
            where T : struct, IOps<TV>
        {
            TV y = Log1pCore<TV, T>(x, T.C(0.0));
            TV inf = T.C(double.PositiveInfinity);
            // Regular lanes: -1 < x < inf and x != 0. Others: 0 -> x, inf -> inf, -1 -> -inf, else NaN.
            TV regular = T.AndNot(T.And(T.LessThan(T.C(-1.0), x), T.LessThan(x, inf)), T.Eq(x, T.C(0.0)));
            TV special = T.Select(T.Eq(x, T.C(-1.0)), T.C(double.NegativeInfinity), T.C(double.NaN));
            special = T.Select(T.Or(T.Eq(x, inf), T.Eq(x, T.C(0.0))), x, special);
            return T.Select(regular, y, special);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Vector-width abstraction (JIT-specialized per struct; all members inline)
    // ------------------------------------------------------------------------------------------

    private interface IOps<TV>
        where TV : struct
    {
        static abstract int Count { get; }
        static abstract TV Load(ref double p, nuint i);
        static abstract void Store(TV v, ref double p, nuint i);
        static abstract void LoadWiden(ref float p, nuint i, out TV lo, out TV hi);
        static abstract void StoreNarrow(TV lo, TV hi, ref float p, nuint i);
        static abstract TV C(double v);
        static abstract TV Add(TV a, TV b);
        static abstract TV Sub(TV a, TV b);
        static abstract TV Mul(TV a, TV b);
        static abstract TV Div(TV a, TV b);
        static abstract TV Fma(TV a, TV b, TV c);   // a * b + c, single rounding
        static abstract TV Abs(TV a);
        static abstract TV LessThan(TV a, TV b);     // lane mask
        static abstract TV Eq(TV a, TV b);       // lane mask
        static abstract TV Select(TV mask, TV a, TV b);
        static abstract TV And(TV a, TV b);
        static abstract TV AndNot(TV a, TV b);       // a & ~b
        static abstract TV Or(TV a, TV b);
        static abstract TV Xor(TV a, TV b);

        /// <summary>2^(k + bias - 1023) where t = k + Shifter.</summary>
        static abstract TV Pow2(TV t, long bias);

        /// <summary>s1 * s2 = 2^k (both normal for -1076 &lt;= k &lt;= 0) where t = k + Shifter.</summary>
        static abstract void Pow2Split(TV t, out TV s1, out TV s2);

        /// <summary>u = 2^m f with f in [sqrt(1/2), sqrt(2)) for positive normal u.</summary>
        static abstract void LogSplit(TV u, out TV m, out TV f);
    }

    private const long SqrtHalfBits = 0x3FE6A09E667F3BCD;
    private const long ExponentMask = unchecked((long)0xFFF0000000000000);

    private readonly struct V512 : IOps<Vector512<double>>
    {
        public static int Count => Vector512<double>.Count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> Load(ref double p, nuint i) => Vector512.LoadUnsafe(ref p, i);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(Vector512<double> v, ref double p, nuint i) => v.StoreUnsafe(ref p, i);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void LoadWiden(ref float p, nuint i, out Vector512<double> lo, out Vector512<double> hi)
        {
            (lo, hi) = Vector512.Widen(Vector512.LoadUnsafe(ref p, i));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void StoreNarrow(Vector512<double> lo, Vector512<double> hi, ref float p, nuint i)
            => Vector512.Narrow(lo, hi).StoreUnsafe(ref p, i);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> C(double v) => Vector512.Create(v);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> Add(Vector512<double> a, Vector512<double> b) => a + b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> Sub(Vector512<double> a, Vector512<double> b) => a - b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> Mul(Vector512<double> a, Vector512<double> b) => a * b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> Div(Vector512<double> a, Vector512<double> b) => a / b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> Fma(Vector512<double> a, Vector512<double> b, Vector512<double> c)
            => Vector512.FusedMultiplyAdd(a, b, c);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> Abs(Vector512<double> a) => Vector512.Abs(a);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> LessThan(Vector512<double> a, Vector512<double> b) => Vector512.LessThan(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> Eq(Vector512<double> a, Vector512<double> b) => Vector512.Equals(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> Select(Vector512<double> mask, Vector512<double> a, Vector512<double> b)
            => Vector512.ConditionalSelect(mask, a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> And(Vector512<double> a, Vector512<double> b) => a & b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> AndNot(Vector512<double> a, Vector512<double> b) => Vector512.AndNot(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> Or(Vector512<double> a, Vector512<double> b) => a | b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> Xor(Vector512<double> a, Vector512<double> b) => a ^ b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> Pow2(Vector512<double> t, long bias)
            => Vector512.ShiftLeft(t.AsInt64() + Vector512.Create(bias), 52).AsDouble();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Pow2Split(Vector512<double> t, out Vector512<double> s1, out Vector512<double> s2)
        {
            Vector512<long> k = t.AsInt64() - Vector512.Create(ShifterBits);
            Vector512<long> k1 = Vector512.ShiftRightArithmetic(k, 1);
            Vector512<long> bias = Vector512.Create(1023L);
            s1 = Vector512.ShiftLeft(k1 + bias, 52).AsDouble();
            s2 = Vector512.ShiftLeft(k - k1 + bias, 52).AsDouble();
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void LogSplit(Vector512<double> u, out Vector512<double> m, out Vector512<double> f)
        {
            Vector512<long> ix = u.AsInt64();
            Vector512<long> tmp = ix - Vector512.Create(SqrtHalfBits);
            Vector512<long> mi = Vector512.ShiftRightArithmetic(tmp, 52);
            m = (mi + Vector512.Create(ShifterBits)).AsDouble() - Vector512.Create(Shifter);
            f = (ix - (tmp & Vector512.Create(ExponentMask))).AsDouble();
        }
    }

    private readonly struct V256 : IOps<Vector256<double>>
    {
        public static int Count => Vector256<double>.Count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> Load(ref double p, nuint i) => Vector256.LoadUnsafe(ref p, i);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(Vector256<double> v, ref double p, nuint i) => v.StoreUnsafe(ref p, i);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void LoadWiden(ref float p, nuint i, out Vector256<double> lo, out Vector256<double> hi)
        {
            (lo, hi) = Vector256.Widen(Vector256.LoadUnsafe(ref p, i));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void StoreNarrow(Vector256<double> lo, Vector256<double> hi, ref float p, nuint i)
            => Vector256.Narrow(lo, hi).StoreUnsafe(ref p, i);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> C(double v) => Vector256.Create(v);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> Add(Vector256<double> a, Vector256<double> b) => a + b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> Sub(Vector256<double> a, Vector256<double> b) => a - b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> Mul(Vector256<double> a, Vector256<double> b) => a * b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> Div(Vector256<double> a, Vector256<double> b) => a / b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> Fma(Vector256<double> a, Vector256<double> b, Vector256<double> c)
            => Vector256.FusedMultiplyAdd(a, b, c);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> Abs(Vector256<double> a) => Vector256.Abs(a);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> LessThan(Vector256<double> a, Vector256<double> b) => Vector256.LessThan(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> Eq(Vector256<double> a, Vector256<double> b) => Vector256.Equals(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> Select(Vector256<double> mask, Vector256<double> a, Vector256<double> b)
            => Vector256.ConditionalSelect(mask, a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> And(Vector256<double> a, Vector256<double> b) => a & b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> AndNot(Vector256<double> a, Vector256<double> b) => Vector256.AndNot(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> Or(Vector256<double> a, Vector256<double> b) => a | b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> Xor(Vector256<double> a, Vector256<double> b) => a ^ b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> Pow2(Vector256<double> t, long bias)
            => Vector256.ShiftLeft(t.AsInt64() + Vector256.Create(bias), 52).AsDouble();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Pow2Split(Vector256<double> t, out Vector256<double> s1, out Vector256<double> s2)
        {
            Vector256<long> k = t.AsInt64() - Vector256.Create(ShifterBits);
            Vector256<long> k1 = Vector256.ShiftRightArithmetic(k, 1);
            Vector256<long> bias = Vector256.Create(1023L);
            s1 = Vector256.ShiftLeft(k1 + bias, 52).AsDouble();
            s2 = Vector256.ShiftLeft(k - k1 + bias, 52).AsDouble();
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void LogSplit(Vector256<double> u, out Vector256<double> m, out Vector256<double> f)
        {
            Vector256<long> ix = u.AsInt64();
            Vector256<long> tmp = ix - Vector256.Create(SqrtHalfBits);
            Vector256<long> mi = Vector256.ShiftRightArithmetic(tmp, 52);
            m = (mi + Vector256.Create(ShifterBits)).AsDouble() - Vector256.Create(Shifter);
            f = (ix - (tmp & Vector256.Create(ExponentMask))).AsDouble();
        }
    }

    private readonly struct V128 : IOps<Vector128<double>>
    {
        public static int Count => Vector128<double>.Count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> Load(ref double p, nuint i) => Vector128.LoadUnsafe(ref p, i);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(Vector128<double> v, ref double p, nuint i) => v.StoreUnsafe(ref p, i);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void LoadWiden(ref float p, nuint i, out Vector128<double> lo, out Vector128<double> hi)
        {
            (lo, hi) = Vector128.Widen(Vector128.LoadUnsafe(ref p, i));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void StoreNarrow(Vector128<double> lo, Vector128<double> hi, ref float p, nuint i)
            => Vector128.Narrow(lo, hi).StoreUnsafe(ref p, i);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> C(double v) => Vector128.Create(v);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> Add(Vector128<double> a, Vector128<double> b) => a + b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> Sub(Vector128<double> a, Vector128<double> b) => a - b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> Mul(Vector128<double> a, Vector128<double> b) => a * b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> Div(Vector128<double> a, Vector128<double> b) => a / b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> Fma(Vector128<double> a, Vector128<double> b, Vector128<double> c)
            => Vector128.FusedMultiplyAdd(a, b, c);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> Abs(Vector128<double> a) => Vector128.Abs(a);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> LessThan(Vector128<double> a, Vector128<double> b) => Vector128.LessThan(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> Eq(Vector128<double> a, Vector128<double> b) => Vector128.Equals(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> Select(Vector128<double> mask, Vector128<double> a, Vector128<double> b)
            => Vector128.ConditionalSelect(mask, a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> And(Vector128<double> a, Vector128<double> b) => a & b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> AndNot(Vector128<double> a, Vector128<double> b) => Vector128.AndNot(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> Or(Vector128<double> a, Vector128<double> b) => a | b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> Xor(Vector128<double> a, Vector128<double> b) => a ^ b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> Pow2(Vector128<double> t, long bias)
            => Vector128.ShiftLeft(t.AsInt64() + Vector128.Create(bias), 52).AsDouble();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Pow2Split(Vector128<double> t, out Vector128<double> s1, out Vector128<double> s2)
        {
            Vector128<long> k = t.AsInt64() - Vector128.Create(ShifterBits);
            Vector128<long> k1 = Vector128.ShiftRightArithmetic(k, 1);
            Vector128<long> bias = Vector128.Create(1023L);
            s1 = Vector128.ShiftLeft(k1 + bias, 52).AsDouble();
            s2 = Vector128.ShiftLeft(k - k1 + bias, 52).AsDouble();
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void LogSplit(Vector128<double> u, out Vector128<double> m, out Vector128<double> f)
        {
            Vector128<long> ix = u.AsInt64();
            Vector128<long> tmp = ix - Vector128.Create(SqrtHalfBits);
            Vector128<long> mi = Vector128.ShiftRightArithmetic(tmp, 52);
            m = (mi + Vector128.Create(ShifterBits)).AsDouble() - Vector128.Create(Shifter);
            f = (ix - (tmp & Vector128.Create(ExponentMask))).AsDouble();
        }
    }
}
