using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Adjoint.Tensors.Kernels;

/// <summary>
/// A precomputed complex discrete Fourier transform of one length: X_k = sum_j x_j exp(-+2 pi i j k / n), unnormalized,
/// on interleaved (real, imaginary) pairs. Plans are cached per (length, element type) and are immutable, so one plan
/// serves every thread.
/// </summary>
/// <remarks>
/// <para>Lengths whose prime factors are all at most <see cref="LargestDirectRadix"/> run a self-sorting (Stockham)
/// mixed-radix Cooley-Tukey transform: one pass per factor, radix-4 passes first, then 2, 3, 5 and generic odd radices;
/// each pass reads one buffer and writes the other, so no bit-reversal permutation is needed. Each pass of radix p over
/// the current sub-length L = p m, with s the product of the radices already done, computes for every j &lt; m and
/// q &lt; s the p-point DFT of x[q + s (j + r m)], r &lt; p, and writes output u times the twiddle w_L^(u j) to
/// y[q + s (p j + u)].</para>
/// <para>Other lengths use Bluestein's chirp-z algorithm: with w_k = exp(-i pi k^2 / n), X_k = w_k sum_j (x_j w_j)
/// conj(w_(k-j)), a circular convolution evaluated by power-of-two transforms of length M &gt;= 2n - 1. The chirp uses
/// k^2 mod 2n in integers so the phases stay exact for large n.</para>
/// <para>Twiddles are computed in double precision and rounded once to the element type.</para>
/// <para>References: Van Loan (1992), Computational Frameworks for the Fast Fourier Transform, sections 1.7 and 2.3
/// (Stockham autosort, mixed radix); Bluestein (1970), A linear filtering approach to the computation of the discrete
/// Fourier transform; Rabiner, Schafer &amp; Rader (1969), The chirp z-transform algorithm.</para>
/// </remarks>
/// <typeparam name="T">float or double.</typeparam>
internal sealed class FftPlan<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Prime factors up to this size get a direct pass; a larger one sends the length to Bluestein's algorithm.</summary>
    public const int LargestDirectRadix = 31;

    private static readonly ConcurrentDictionary<int, FftPlan<T>> s_cache = new();

    private readonly int[] _radices;
    private readonly T[][] _forwardTwiddles;
    private readonly T[][] _inverseTwiddles;
    private readonly T[][] _forwardRoots;
    private readonly T[][] _inverseRoots;

    // Bluestein: the inner power-of-two plan, the chirp w_k (interleaved) and the transformed, 1/M-scaled kernel.
    private readonly FftPlan<T>? _inner;
    private readonly T[]? _chirp;
    private readonly T[]? _kernel;

    private FftPlan(int n)
    {
        Length = n;
        var factors = Factor(n);
        if (factors.Exists(f => f > LargestDirectRadix))
        {
            int m = 1;
            while (m < (2 * n) - 1)
            {
                m *= 2;
            }

            _inner = For(m);
            _radices = [];
            _forwardTwiddles = _inverseTwiddles = _forwardRoots = _inverseRoots = [];
            _chirp = new T[2 * n];
            long twoN = 2L * n;
            for (long k = 0; k < n; k++)
            {
                long k2 = k * k % twoN;
                double angle = -Math.PI * k2 / n;
                _chirp[2 * k] = T.CreateChecked(Math.Cos(angle));
                _chirp[(2 * k) + 1] = T.CreateChecked(Math.Sin(angle));
            }

            // b_m = conj(w_|m|) for |m| < n, placed circularly, transformed, and scaled by 1/M.
            var b = new T[2 * m];
            for (int k = 0; k < n; k++)
            {
                T re = _chirp[2 * k], im = -_chirp[(2 * k) + 1];
                b[2 * k] = re;
                b[(2 * k) + 1] = im;
                if (k > 0)
                {
                    b[2 * (m - k)] = re;
                    b[(2 * (m - k)) + 1] = im;
                }
            }

            var work = new T[2 * m];
            _inner.Transform(b, work, inverse: false);
            T inv = T.One / T.CreateChecked(m);
            for (int i = 0; i < b.Length; i++)
            {
                b[i] *= inv;
            }

            _kernel = b;
            ScratchLength = 4 * m;
            return;
        }

        _radices = Radices(factors);
        _forwardTwiddles = new T[_radices.Length][];
        _inverseTwiddles = new T[_radices.Length][];
        _forwardRoots = new T[_radices.Length][];
        _inverseRoots = new T[_radices.Length][];
        int length = n;
        for (int stage = 0; stage < _radices.Length; stage++)
        {
            int p = _radices[stage];
            int mm = length / p;
            var fw = new T[2 * (p - 1) * mm];
            var iw = new T[fw.Length];
            for (int j = 0; j < mm; j++)
            {
                for (int u = 1; u < p; u++)
                {
                    // exp(-2 pi i u j / L), with u j reduced modulo L.
                    double angle = 2 * Math.PI * (u * (long)j % length) / length;
                    double c = Math.Cos(angle), s = Math.Sin(angle);
                    int at = 2 * ((j * (p - 1)) + u - 1);
                    fw[at] = T.CreateChecked(c);
                    fw[at + 1] = T.CreateChecked(-s);
                    iw[at] = T.CreateChecked(c);
                    iw[at + 1] = T.CreateChecked(s);
                }
            }

            _forwardTwiddles[stage] = fw;
            _inverseTwiddles[stage] = iw;
            if (p > 5)
            {
                var fr = new T[2 * p];
                var ir = new T[2 * p];
                for (int t = 0; t < p; t++)
                {
                    double angle = 2 * Math.PI * t / p;
                    fr[2 * t] = ir[2 * t] = T.CreateChecked(Math.Cos(angle));
                    fr[(2 * t) + 1] = T.CreateChecked(-Math.Sin(angle));
                    ir[(2 * t) + 1] = T.CreateChecked(Math.Sin(angle));
                }

                _forwardRoots[stage] = fr;
                _inverseRoots[stage] = ir;
            }
            else
            {
                _forwardRoots[stage] = _inverseRoots[stage] = [];
            }

            length = mm;
        }

        ScratchLength = 2 * n;
    }

    /// <summary>The transform length n (complex points).</summary>
    public int Length { get; }

    /// <summary>How many elements of scratch <see cref="Transform"/> needs.</summary>
    public int ScratchLength { get; }

    /// <summary>Whether the plan runs Bluestein's algorithm (some prime factor is larger than <see cref="LargestDirectRadix"/>).</summary>
    public bool UsesBluestein => _inner is not null;

    /// <summary>The cached plan of length <paramref name="n"/>.</summary>
    public static FftPlan<T> For(int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        return s_cache.TryGetValue(n, out var plan) ? plan : s_cache.GetOrAdd(n, new FftPlan<T>(n));
    }

    /// <summary>
    /// Transforms <paramref name="data"/> (2n interleaved values) in place: the forward DFT (exponent sign -) or, when
    /// <paramref name="inverse"/>, the unnormalized inverse (sign +). <paramref name="scratch"/> holds at least
    /// <see cref="ScratchLength"/> values.
    /// </summary>
    public void Transform(Span<T> data, Span<T> scratch, bool inverse)
    {
        if (_inner is not null)
        {
            Bluestein(data, scratch, inverse);
            return;
        }

        TransformBatch(data, scratch, inverse, 1);
    }

    /// <summary>
    /// Transforms <paramref name="batch"/> interleaved sequences at once, in place: <paramref name="data"/> is [n, batch]
    /// complex (row-major, 2 n batch values) and each column is transformed. Only for plans without Bluestein's
    /// algorithm; <paramref name="scratch"/> holds at least 2 n batch values.
    /// </summary>
    /// <remarks>
    /// A Stockham pass of stride s addresses x[q + s (j + r m)], q &lt; s; the element i of column k of the batch sits at
    /// i + batch k, so every column is transformed by the same passes started at stride batch instead of 1.
    /// </remarks>
    public void TransformBatch(Span<T> data, Span<T> scratch, bool inverse, int batch)
    {
        if (_inner is not null)
        {
            throw new InvalidOperationException("A Bluestein plan transforms one sequence at a time.");
        }

        int n = Length;
        if (data.Length < 2 * n * batch || scratch.Length < 2 * n * batch)
        {
            throw new ArgumentException($"An FFT of {batch} sequences of length {n} needs {2 * n * batch} values of data and of scratch.");
        }

        if (n == 1)
        {
            return;
        }

        Span<T> x = data[..(2 * n * batch)];
        Span<T> y = scratch[..(2 * n * batch)];
        int s = batch, length = n;
        for (int stage = 0; stage < _radices.Length; stage++)
        {
            int p = _radices[stage];
            int m = length / p;
            var tw = inverse ? _inverseTwiddles[stage] : _forwardTwiddles[stage];
            switch (p)
            {
                case 4:
                    Radix4(x, y, m, s, tw, inverse);
                    break;
                case 2:
                    Radix2(x, y, m, s, tw);
                    break;
                case 3:
                    Radix3(x, y, m, s, tw, inverse);
                    break;
                case 5:
                    Radix5(x, y, m, s, tw, inverse);
                    break;
                default:
                    RadixOdd(x, y, p, m, s, tw, inverse ? _inverseRoots[stage] : _forwardRoots[stage]);
                    break;
            }

            var t = x;
            x = y;
            y = t;
            s *= p;
            length = m;
        }

        if (_radices.Length % 2 == 1)
        {
            x.CopyTo(data);
        }
    }

    private void Bluestein(Span<T> data, Span<T> scratch, bool inverse)
    {
        int n = Length;
        int m = _inner!.Length;
        var chirp = _chirp!;
        var kernel = _kernel!;
        var a = scratch[..(2 * m)];
        var work = scratch.Slice(2 * m, 2 * m);

        // The inverse is conj(DFT(conj(x))): the input and output are conjugated around the forward algorithm.
        T sign = inverse ? -T.One : T.One;
        for (int k = 0; k < n; k++)
        {
            T xr = data[2 * k], xi = sign * data[(2 * k) + 1];
            T wr = chirp[2 * k], wi = chirp[(2 * k) + 1];
            a[2 * k] = (xr * wr) - (xi * wi);
            a[(2 * k) + 1] = (xr * wi) + (xi * wr);
        }

        a[(2 * n)..].Clear();
        _inner.Transform(a, work, inverse: false);
        for (int k = 0; k < m; k++)
        {
            T ar = a[2 * k], ai = a[(2 * k) + 1];
            T br = kernel[2 * k], bi = kernel[(2 * k) + 1];
            a[2 * k] = (ar * br) - (ai * bi);
            a[(2 * k) + 1] = (ar * bi) + (ai * br);
        }

        _inner.Transform(a, work, inverse: true);
        for (int k = 0; k < n; k++)
        {
            T ar = a[2 * k], ai = a[(2 * k) + 1];
            T wr = chirp[2 * k], wi = chirp[(2 * k) + 1];
            data[2 * k] = (ar * wr) - (ai * wi);
            data[(2 * k) + 1] = sign * ((ar * wi) + (ai * wr));
        }
    }

    private static void Radix2(Span<T> x, Span<T> y, int m, int s, T[] tw)
    {
        ref T xs = ref MemoryMarshal.GetReference(x);
        ref T ys = ref MemoryMarshal.GetReference(y);
        int s2 = 2 * s;
        for (int j = 0; j < m; j++)
        {
            T wr = tw[2 * j], wi = tw[(2 * j) + 1];
            ref T a = ref Unsafe.Add(ref xs, s2 * j);
            ref T b = ref Unsafe.Add(ref xs, s2 * (j + m));
            ref T c = ref Unsafe.Add(ref ys, s2 * 2 * j);
            ref T d = ref Unsafe.Add(ref c, s2);
            for (int q = 0; q < s2; q += 2)
            {
                T ar = Unsafe.Add(ref a, q), ai = Unsafe.Add(ref a, q + 1);
                T br = Unsafe.Add(ref b, q), bi = Unsafe.Add(ref b, q + 1);
                Unsafe.Add(ref c, q) = ar + br;
                Unsafe.Add(ref c, q + 1) = ai + bi;
                T dr = ar - br, di = ai - bi;
                Unsafe.Add(ref d, q) = (dr * wr) - (di * wi);
                Unsafe.Add(ref d, q + 1) = (dr * wi) + (di * wr);
            }
        }
    }

    // The radix-2, 3 and 4 passes (those of most lengths) access elements through references: TransformBatch checked
    // that x and y hold p m s complex values and the plan sized tw to (p - 1) m, so the loops carry no bounds checks.
    private static void Radix4(Span<T> x, Span<T> y, int m, int s, T[] tw, bool inverse)
    {
        ref T xs = ref MemoryMarshal.GetReference(x);
        ref T ys = ref MemoryMarshal.GetReference(y);
        ref T ws = ref MemoryMarshal.GetArrayDataReference(tw);
        int s2 = 2 * s;
        for (int j = 0; j < m; j++)
        {
            int t = 6 * j;
            T w1r = Unsafe.Add(ref ws, t), w1i = Unsafe.Add(ref ws, t + 1);
            T w2r = Unsafe.Add(ref ws, t + 2), w2i = Unsafe.Add(ref ws, t + 3);
            T w3r = Unsafe.Add(ref ws, t + 4), w3i = Unsafe.Add(ref ws, t + 5);
            ref T a0 = ref Unsafe.Add(ref xs, s2 * j);
            ref T a1 = ref Unsafe.Add(ref xs, s2 * (j + m));
            ref T a2 = ref Unsafe.Add(ref xs, s2 * (j + (2 * m)));
            ref T a3 = ref Unsafe.Add(ref xs, s2 * (j + (3 * m)));
            ref T b0 = ref Unsafe.Add(ref ys, s2 * 4 * j);
            ref T b1 = ref Unsafe.Add(ref b0, s2);
            ref T b2 = ref Unsafe.Add(ref b1, s2);
            ref T b3 = ref Unsafe.Add(ref b2, s2);
            for (int q = 0; q < s2; q += 2)
            {
                T a0r = Unsafe.Add(ref a0, q), a0i = Unsafe.Add(ref a0, q + 1);
                T a1r = Unsafe.Add(ref a1, q), a1i = Unsafe.Add(ref a1, q + 1);
                T a2r = Unsafe.Add(ref a2, q), a2i = Unsafe.Add(ref a2, q + 1);
                T a3r = Unsafe.Add(ref a3, q), a3i = Unsafe.Add(ref a3, q + 1);
                T t0r = a0r + a2r, t0i = a0i + a2i;
                T t1r = a0r - a2r, t1i = a0i - a2i;
                T t2r = a1r + a3r, t2i = a1i + a3i;

                // (a1 - a3) times -i (forward) or +i (inverse).
                T dr = a1r - a3r, di = a1i - a3i;
                T t3r = inverse ? -di : di, t3i = inverse ? dr : -dr;
                Unsafe.Add(ref b0, q) = t0r + t2r;
                Unsafe.Add(ref b0, q + 1) = t0i + t2i;
                T c1r = t1r + t3r, c1i = t1i + t3i;
                T c2r = t0r - t2r, c2i = t0i - t2i;
                T c3r = t1r - t3r, c3i = t1i - t3i;
                Unsafe.Add(ref b1, q) = (c1r * w1r) - (c1i * w1i);
                Unsafe.Add(ref b1, q + 1) = (c1r * w1i) + (c1i * w1r);
                Unsafe.Add(ref b2, q) = (c2r * w2r) - (c2i * w2i);
                Unsafe.Add(ref b2, q + 1) = (c2r * w2i) + (c2i * w2r);
                Unsafe.Add(ref b3, q) = (c3r * w3r) - (c3i * w3i);
                Unsafe.Add(ref b3, q + 1) = (c3r * w3i) + (c3i * w3r);
            }
        }
    }

    private static void Radix3(Span<T> x, Span<T> y, int m, int s, T[] tw, bool inverse)
    {
        T half = T.CreateChecked(0.5);
        // omega = exp(-+2 pi i / 3) = -1/2 + i d.
        T d = T.CreateChecked(inverse ? Math.Sqrt(3) / 2 : -Math.Sqrt(3) / 2);
        ref T xs = ref MemoryMarshal.GetReference(x);
        ref T ys = ref MemoryMarshal.GetReference(y);
        int s2 = 2 * s;
        for (int j = 0; j < m; j++)
        {
            int t = 4 * j;
            T w1r = tw[t], w1i = tw[t + 1], w2r = tw[t + 2], w2i = tw[t + 3];
            ref T x0 = ref Unsafe.Add(ref xs, s2 * j);
            ref T x1 = ref Unsafe.Add(ref xs, s2 * (j + m));
            ref T x2 = ref Unsafe.Add(ref xs, s2 * (j + (2 * m)));
            ref T y0 = ref Unsafe.Add(ref ys, s2 * 3 * j);
            ref T y1 = ref Unsafe.Add(ref y0, s2);
            ref T y2 = ref Unsafe.Add(ref y1, s2);
            for (int q = 0; q < s2; q += 2)
            {
                T a0r = Unsafe.Add(ref x0, q), a0i = Unsafe.Add(ref x0, q + 1);
                T a1r = Unsafe.Add(ref x1, q), a1i = Unsafe.Add(ref x1, q + 1);
                T a2r = Unsafe.Add(ref x2, q), a2i = Unsafe.Add(ref x2, q + 1);
                T sr = a1r + a2r, si = a1i + a2i;
                T cr = a0r - (half * sr), ci = a0i - (half * si);

                // i d (a1 - a2)
                T er = -d * (a1i - a2i), ei = d * (a1r - a2r);
                Unsafe.Add(ref y0, q) = a0r + sr;
                Unsafe.Add(ref y0, q + 1) = a0i + si;
                T b1r = cr + er, b1i = ci + ei;
                T b2r = cr - er, b2i = ci - ei;
                Unsafe.Add(ref y1, q) = (b1r * w1r) - (b1i * w1i);
                Unsafe.Add(ref y1, q + 1) = (b1r * w1i) + (b1i * w1r);
                Unsafe.Add(ref y2, q) = (b2r * w2r) - (b2i * w2i);
                Unsafe.Add(ref y2, q + 1) = (b2r * w2i) + (b2i * w2r);
            }
        }
    }

    private static void Radix5(Span<T> x, Span<T> y, int m, int s, T[] tw, bool inverse)
    {
        T c1 = T.CreateChecked(Math.Cos(2 * Math.PI / 5)), c2 = T.CreateChecked(Math.Cos(4 * Math.PI / 5));
        double sign = inverse ? 1 : -1;
        T e1 = T.CreateChecked(sign * Math.Sin(2 * Math.PI / 5)), e2 = T.CreateChecked(sign * Math.Sin(4 * Math.PI / 5));
        int s2 = 2 * s;
        for (int j = 0; j < m; j++)
        {
            int t = 8 * j;
            int i0 = s2 * j, i1 = s2 * (j + m), i2 = s2 * (j + (2 * m)), i3 = s2 * (j + (3 * m)), i4 = s2 * (j + (4 * m));
            int o0 = s2 * 5 * j;
            for (int q = 0; q < s2; q += 2)
            {
                T a0r = x[i0 + q], a0i = x[i0 + q + 1];
                T s1r = x[i1 + q] + x[i4 + q], s1i = x[i1 + q + 1] + x[i4 + q + 1];
                T d1r = x[i1 + q] - x[i4 + q], d1i = x[i1 + q + 1] - x[i4 + q + 1];
                T s2r = x[i2 + q] + x[i3 + q], s2i = x[i2 + q + 1] + x[i3 + q + 1];
                T d2r = x[i2 + q] - x[i3 + q], d2i = x[i2 + q + 1] - x[i3 + q + 1];
                y[o0 + q] = a0r + s1r + s2r;
                y[o0 + q + 1] = a0i + s1i + s2i;

                // b1, b4 = A1 +- i B1; b2, b3 = A2 +- i B2.
                T a1r = a0r + (c1 * s1r) + (c2 * s2r), a1i = a0i + (c1 * s1i) + (c2 * s2i);
                T bb1r = (e1 * d1r) + (e2 * d2r), bb1i = (e1 * d1i) + (e2 * d2i);
                T a2r = a0r + (c2 * s1r) + (c1 * s2r), a2i = a0i + (c2 * s1i) + (c1 * s2i);
                T bb2r = (e2 * d1r) - (e1 * d2r), bb2i = (e2 * d1i) - (e1 * d2i);
                Store(y, o0 + s2 + q, a1r - bb1i, a1i + bb1r, tw, t);
                Store(y, o0 + (2 * s2) + q, a2r - bb2i, a2i + bb2r, tw, t + 2);
                Store(y, o0 + (3 * s2) + q, a2r + bb2i, a2i - bb2r, tw, t + 4);
                Store(y, o0 + (4 * s2) + q, a1r + bb1i, a1i - bb1r, tw, t + 6);
            }
        }
    }

    private static void Store(Span<T> y, int at, T br, T bi, T[] tw, int t)
    {
        T wr = tw[t], wi = tw[t + 1];
        y[at] = (br * wr) - (bi * wi);
        y[at + 1] = (br * wi) + (bi * wr);
    }

    /// <summary>A pass of odd radix p by pairs: b_u, b_(p-u) = A_u +- i B_u with A_u = a_0 + sum_r cos(2 pi r u / p) (a_r + a_(p-r)).</summary>
    private static void RadixOdd(Span<T> x, Span<T> y, int p, int m, int s, T[] tw, T[] roots)
    {
        int half = p / 2;
        Span<T> sums = stackalloc T[2 * half];
        Span<T> diffs = stackalloc T[2 * half];
        int s2 = 2 * s;
        for (int j = 0; j < m; j++)
        {
            int t = 2 * (p - 1) * j;
            int o0 = s2 * p * j;
            for (int q = 0; q < s2; q += 2)
            {
                T a0r = x[(s2 * j) + q], a0i = x[(s2 * j) + q + 1];
                T totr = a0r, toti = a0i;
                for (int r = 1; r <= half; r++)
                {
                    int ia = (s2 * (j + (r * m))) + q, ib = (s2 * (j + ((p - r) * m))) + q;
                    T sr = x[ia] + x[ib], si = x[ia + 1] + x[ib + 1];
                    sums[2 * (r - 1)] = sr;
                    sums[(2 * (r - 1)) + 1] = si;
                    diffs[2 * (r - 1)] = x[ia] - x[ib];
                    diffs[(2 * (r - 1)) + 1] = x[ia + 1] - x[ib + 1];
                    totr += sr;
                    toti += si;
                }

                y[o0 + q] = totr;
                y[o0 + q + 1] = toti;
                for (int u = 1; u <= half; u++)
                {
                    T ar = a0r, ai = a0i, br = T.Zero, bi = T.Zero;
                    int ru = 0;
                    for (int r = 1; r <= half; r++)
                    {
                        ru += u;
                        if (ru >= p)
                        {
                            ru -= p;
                        }

                        T c = roots[2 * ru], e = roots[(2 * ru) + 1];
                        ar += c * sums[2 * (r - 1)];
                        ai += c * sums[(2 * (r - 1)) + 1];
                        br += e * diffs[2 * (r - 1)];
                        bi += e * diffs[(2 * (r - 1)) + 1];
                    }

                    Store(y, o0 + (s2 * u) + q, ar - bi, ai + br, tw, t + (2 * (u - 1)));
                    Store(y, o0 + (s2 * (p - u)) + q, ar + bi, ai - br, tw, t + (2 * (p - u - 1)));
                }
            }
        }
    }

    private static List<int> Factor(int n)
    {
        var f = new List<int>();
        int rest = n;
        for (int d = 2; (long)d * d <= rest; d++)
        {
            while (rest % d == 0)
            {
                f.Add(d);
                rest /= d;
            }
        }

        if (rest > 1)
        {
            f.Add(rest);
        }

        return f;
    }

    /// <summary>Pass radices: pairs of 2 become 4 (fewer passes), then 2, then the odd factors in increasing order.</summary>
    private static int[] Radices(List<int> factors)
    {
        int twos = factors.Count(f => f == 2);
        var r = new List<int>();
        for (int i = 0; i < twos / 2; i++)
        {
            r.Add(4);
        }

        if (twos % 2 == 1)
        {
            r.Add(2);
        }

        r.AddRange(factors.Where(f => f != 2));
        return [.. r];
    }
}
