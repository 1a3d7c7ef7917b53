using System.Buffers;
using System.Collections.Concurrent;
using System.Numerics;

namespace Adjoint.Tensors.Kernels;

/// <summary>
/// Span steps of the Fourier transforms along one axis of a row-major array viewed as [outer, n, inner] (complex
/// arrays carry a trailing pair of real and imaginary parts): complex to complex, real to half-spectrum, and
/// half-spectrum to real. The eager forwards and the replay steps both run these.
/// </summary>
/// <remarks>
/// The real transforms of even length n pack the input as n/2 complex points z_j = x_(2j) + i x_(2j+1), run one
/// complex transform of length n/2 and separate the even and odd halves with the twiddles exp(-2 pi i k / n):
/// X_k = E_k + exp(-2 pi i k / n) O_k with E_k = (Z_k + conj Z_(n/2-k)) / 2 and O_k = (Z_k - conj Z_(n/2-k)) / 2i;
/// the half-spectrum to real transform runs the same steps backwards. Odd lengths use a full complex transform.
/// <para>References: Press et al. (2007), Numerical Recipes, 3rd ed., section 12.3.</para>
/// </remarks>
internal static class FftKernels
{
    /// <summary>How many lines along an inner axis are gathered and transformed together.</summary>
    private const int LineBatch = 8;

    /// <summary>
    /// y = scale * DFT(x) along the middle axis of [outer, n, inner, 2], exponent sign - (or + when
    /// <paramref name="inverse"/>, unnormalized).
    /// </summary>
    public static void Complex<T>(ReadOnlySpan<T> x, Span<T> y, int outer, int n, int inner, bool inverse, T scale)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var plan = FftPlan<T>.For(n);
        int block = 2 * n * inner;

        if (inner > 1 && !plan.UsesBluestein)
        {
            // Every line along the inner axis at once: the passes run with the batch as their innermost stride.
            var buffer = ArrayPool<T>.Shared.Rent(block);
            try
            {
                for (int o = 0; o < outer; o++)
                {
                    var dst = y.Slice(o * block, block);
                    x.Slice(o * block, block).CopyTo(dst);
                    plan.TransformBatch(dst, buffer, inverse, inner);
                    Scale(dst, scale);
                }
            }
            finally
            {
                ArrayPool<T>.Shared.Return(buffer);
            }

            return;
        }

        // Lines along an inner axis are copied out a few at a time (LineBatch neighbours share cache lines).
        int batch = inner == 1 ? 0 : Math.Min(LineBatch, inner);
        var rented = ArrayPool<T>.Shared.Rent(plan.ScratchLength + (2 * n * batch));
        try
        {
            var scratch = rented.AsSpan(0, plan.ScratchLength);
            var lines = rented.AsSpan(plan.ScratchLength, 2 * n * batch);
            for (int o = 0; o < outer; o++)
            {
                var src = x.Slice(o * block, block);
                var dst = y.Slice(o * block, block);
                if (inner == 1)
                {
                    src.CopyTo(dst);
                    plan.Transform(dst, scratch, inverse);
                    Scale(dst, scale);
                    continue;
                }

                for (int i0 = 0; i0 < inner; i0 += batch)
                {
                    int b = Math.Min(batch, inner - i0);
                    for (int k = 0; k < n; k++)
                    {
                        int at = 2 * ((k * inner) + i0);
                        for (int t = 0; t < b; t++)
                        {
                            lines[(2 * n * t) + (2 * k)] = src[at + (2 * t)];
                            lines[(2 * n * t) + (2 * k) + 1] = src[at + (2 * t) + 1];
                        }
                    }

                    for (int t = 0; t < b; t++)
                    {
                        plan.Transform(lines.Slice(2 * n * t, 2 * n), scratch, inverse);
                    }

                    for (int k = 0; k < n; k++)
                    {
                        int at = 2 * ((k * inner) + i0);
                        for (int t = 0; t < b; t++)
                        {
                            dst[at + (2 * t)] = scale * lines[(2 * n * t) + (2 * k)];
                            dst[at + (2 * t) + 1] = scale * lines[(2 * n * t) + (2 * k) + 1];
                        }
                    }
                }
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// y = scale * w_k * DFT(x)_k for k = 0 .. n/2 along the middle axis: x is real [outer, n, inner], y is
    /// [outer, n/2 + 1, inner, 2]; w_k is <paramref name="middleWeight"/> for 0 &lt; k &lt; n - k and 1 at k = 0 and
    /// k = n/2. The imaginary parts at k = 0 (and k = n/2 for even n) are exactly zero.
    /// </summary>
    public static void RealToHalfSpectrum<T>(ReadOnlySpan<T> x, Span<T> y, int outer, int n, int inner, T scale, int middleWeight)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int h = (n / 2) + 1;
        bool even = n % 2 == 0;
        int half = n / 2;
        var plan = FftPlan<T>.For(even && n > 1 ? half : n);
        int work = 2 * plan.Length;
        var rented = ArrayPool<T>.Shared.Rent(plan.ScratchLength + work + (2 * h));
        try
        {
            var scratch = rented.AsSpan(0, plan.ScratchLength);
            var z = rented.AsSpan(plan.ScratchLength, work);
            var spectrum = rented.AsSpan(plan.ScratchLength + work, 2 * h);
            var packing = even && n > 1 ? RealTwiddles<T>.For(n) : null;
            T mid = T.CreateChecked(middleWeight) * scale;
            for (int o = 0; o < outer; o++)
            {
                for (int i = 0; i < inner; i++)
                {
                    int inBase = o * n * inner, outBase = o * h * inner;
                    if (packing is not null)
                    {
                        for (int j = 0; j < n; j++)
                        {
                            z[j] = x[inBase + (j * inner) + i];
                        }

                        plan.Transform(z, scratch, inverse: false);
                        Separate(z, spectrum, half, packing);
                    }
                    else
                    {
                        for (int j = 0; j < n; j++)
                        {
                            z[2 * j] = x[inBase + (j * inner) + i];
                            z[(2 * j) + 1] = T.Zero;
                        }

                        plan.Transform(z, scratch, inverse: false);
                        z[..(2 * h)].CopyTo(spectrum);
                        spectrum[1] = T.Zero;
                    }

                    for (int k = 0; k < h; k++)
                    {
                        bool end = k == 0 || (even && k == half);
                        T f = end ? scale : mid;
                        int at = 2 * (outBase + (k * inner) + i);
                        y[at] = f * spectrum[2 * k];
                        y[at + 1] = f * spectrum[(2 * k) + 1];
                    }
                }
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// y_j = scale * Re sum_(k=0..n/2) w_k X_k exp(+2 pi i j k / n) along the middle axis: X is [outer, n/2 + 1,
    /// inner, 2], y is real [outer, n, inner]; w_k is <paramref name="middleWeight"/> for 0 &lt; k &lt; n - k and 1 at
    /// the ends, whose imaginary parts are ignored. With weight 2 this is the unnormalized inverse of the half-spectrum
    /// of a real signal (numpy's irfft times n).
    /// </summary>
    public static void HalfSpectrumToReal<T>(ReadOnlySpan<T> x, Span<T> y, int outer, int n, int inner, T scale, int middleWeight)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int h = (n / 2) + 1;
        bool even = n % 2 == 0;
        int half = n / 2;
        var plan = FftPlan<T>.For(even && n > 1 ? half : n);
        int work = 2 * plan.Length;
        var rented = ArrayPool<T>.Shared.Rent(plan.ScratchLength + work + (2 * h));
        try
        {
            var scratch = rented.AsSpan(0, plan.ScratchLength);
            var z = rented.AsSpan(plan.ScratchLength, work);
            var spectrum = rented.AsSpan(plan.ScratchLength + work, 2 * h);
            var packing = even && n > 1 ? RealTwiddles<T>.For(n) : null;

            // Written as a full Hermitian sum: the middle bins enter with weight middleWeight / 2 on each of k and n - k.
            T midFactor = T.CreateChecked(middleWeight) / T.CreateChecked(2);
            for (int o = 0; o < outer; o++)
            {
                for (int i = 0; i < inner; i++)
                {
                    int inBase = o * h * inner, outBase = o * n * inner;
                    for (int k = 0; k < h; k++)
                    {
                        int at = 2 * (inBase + (k * inner) + i);
                        bool end = k == 0 || (even && k == half);
                        spectrum[2 * k] = end ? x[at] : midFactor * x[at];
                        spectrum[(2 * k) + 1] = end ? T.Zero : midFactor * x[at + 1];
                    }

                    if (packing is not null)
                    {
                        Combine(spectrum, z, half, packing);
                        plan.Transform(z, scratch, inverse: true);
                        for (int j = 0; j < n; j++)
                        {
                            y[outBase + (j * inner) + i] = scale * z[j];
                        }
                    }
                    else
                    {
                        spectrum.CopyTo(z);
                        for (int k = 1; k < h; k++)
                        {
                            z[2 * (n - k)] = spectrum[2 * k];
                            z[(2 * (n - k)) + 1] = -spectrum[(2 * k) + 1];
                        }

                        plan.Transform(z, scratch, inverse: true);
                        for (int j = 0; j < n; j++)
                        {
                            y[outBase + (j * inner) + i] = scale * z[2 * j];
                        }
                    }
                }
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(rented);
        }
    }

    /// <summary>From Z = DFT of the packed pairs (length h = n/2) to the half-spectrum X_0 .. X_h of the real signal.</summary>
    private static void Separate<T>(Span<T> z, Span<T> spectrum, int h, T[] tw)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T half = T.CreateChecked(0.5);
        spectrum[0] = z[0] + z[1];
        spectrum[1] = T.Zero;
        spectrum[2 * h] = z[0] - z[1];
        spectrum[(2 * h) + 1] = T.Zero;
        for (int k = 1; k < h; k++)
        {
            T ar = z[2 * k], ai = z[(2 * k) + 1];
            T br = z[2 * (h - k)], bi = -z[(2 * (h - k)) + 1];

            // E = (Z_k + conj Z_(h-k)) / 2, O = (Z_k - conj Z_(h-k)) / 2i, X_k = E + w^k O.
            T er = half * (ar + br), ei = half * (ai + bi);
            T or = half * (ai - bi), oi = -half * (ar - br);
            T wr = tw[2 * k], wi = tw[(2 * k) + 1];
            spectrum[2 * k] = er + ((or * wr) - (oi * wi));
            spectrum[(2 * k) + 1] = ei + ((or * wi) + (oi * wr));
        }
    }

    /// <summary>
    /// From the Hermitian half-spectrum to Z_k = E'_k + i O'_k (E' = X_k + conj X_(h-k), O' = (X_k - conj X_(h-k))
    /// conj(w^k)), whose unnormalized inverse transform is y_(2j) + i y_(2j+1).
    /// </summary>
    private static void Combine<T>(Span<T> spectrum, Span<T> z, int h, T[] tw)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int k = 0; k < h; k++)
        {
            T ar = spectrum[2 * k], ai = spectrum[(2 * k) + 1];
            T br = spectrum[2 * (h - k)], bi = -spectrum[(2 * (h - k)) + 1];
            T er = ar + br, ei = ai + bi;
            T dr = ar - br, di = ai - bi;
            T wr = tw[2 * k], wi = -tw[(2 * k) + 1];
            T or = (dr * wr) - (di * wi), oi = (dr * wi) + (di * wr);
            z[2 * k] = er - oi;
            z[(2 * k) + 1] = ei + or;
        }
    }

    private static void Scale<T>(Span<T> data, T scale)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (scale == T.One)
        {
            return;
        }

        if (typeof(T) == typeof(double))
        {
            var d = System.Runtime.InteropServices.MemoryMarshal.Cast<T, double>(data);
            System.Numerics.Tensors.TensorPrimitives.Multiply(d, double.CreateTruncating(scale), d);
        }
        else
        {
            var f = System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(data);
            System.Numerics.Tensors.TensorPrimitives.Multiply(f, float.CreateTruncating(scale), f);
        }
    }

    /// <summary>The twiddles exp(-2 pi i k / n), k &lt; n/2, of the even-length real transforms, cached per length.</summary>
    private static class RealTwiddles<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private static readonly ConcurrentDictionary<int, T[]> s_cache = new();

        public static T[] For(int n) => s_cache.GetOrAdd(n, static n =>
        {
            var w = new T[n];
            for (int k = 0; k < n / 2; k++)
            {
                double angle = 2 * Math.PI * k / n;
                w[2 * k] = T.CreateChecked(Math.Cos(angle));
                w[(2 * k) + 1] = T.CreateChecked(-Math.Sin(angle));
            }

            return w;
        });
    }
}
