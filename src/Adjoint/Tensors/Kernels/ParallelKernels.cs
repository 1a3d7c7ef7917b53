using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Adjoint.Tensors.Kernels;

/// <summary>
/// Splits long elementwise kernels across the machine's cores. Memory-bound passes over large tensors run up to
/// twice as fast on two cores; short ones stay on the calling thread, where a split would cost more than it saves.
/// </summary>
internal static class ParallelKernels
{
    /// <summary>Below this many elements a kernel runs on the calling thread.</summary>
    public const int MinElements = 1 << 17;

    /// <summary>The most threads a kernel uses (settable for measurements; defaults to the core count).</summary>
    public static int MaxThreads { get; set; } = Environment.ProcessorCount;

    /// <summary>Whether a kernel over <paramref name="n"/> elements should be split.</summary>
    public static bool ShouldSplit(int n) => n >= MinElements && MaxThreads > 1;

    /// <summary>Runs <paramref name="body"/>(start, length) over contiguous chunks that cover 0..n-1.</summary>
    public static void For(int n, Action<int, int> body)
    {
        int parts = Math.Min(MaxThreads, Math.Max(1, n / (MinElements / 2)));
        if (parts <= 1)
        {
            body(0, n);
            return;
        }

        // Chunks aligned to 64 elements keep each thread's writes on cache lines of its own.
        // Rounded up, so that the parts cover every element.
        int chunk = (((n + parts - 1) / parts) + 63) & ~63;
        Parallel.For(0, parts, p =>
        {
            int start = p * chunk;
            int len = Math.Min(chunk, n - start);
            if (len > 0)
            {
                body(start, len);
            }
        });
    }

    /// <summary>The dot product of two equal-length vectors, split over the cores when long.</summary>
    public static double Dot(double[] a, double[] b) =>
        ShouldSplit(a.Length)
            ? SumOverChunks(a.Length, (start, len) => System.Numerics.Tensors.TensorPrimitives.Dot(a.AsSpan(start, len), b.AsSpan(start, len)))
            : System.Numerics.Tensors.TensorPrimitives.Dot(a, b);

    /// <summary>Σ chunk(start, length) over two contiguous chunks (aligned to 64 elements) computed in parallel.</summary>
    private static double SumOverChunks(int n, Func<int, int, double> chunk)
    {
        int parts = Math.Min(MaxThreads, 2);
        var partial = new double[parts];
        int size = (((n + parts - 1) / parts) + 63) & ~63;
        Parallel.For(0, parts, p =>
        {
            int start = p * size;
            int len = Math.Min(size, n - start);
            partial[p] = len > 0 ? chunk(start, len) : 0;
        });
        double total = 0;
        foreach (double v in partial)
        {
            total += v;
        }

        return total;
    }

    /// <summary>destination = x * scale + addend, split over the cores when long (destination may alias addend).</summary>
    public static void MultiplyAdd(double[] x, double scale, double[] addend, double[] destination)
    {
        if (!ShouldSplit(x.Length))
        {
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(x, scale, addend, destination);
            return;
        }

        For(x.Length, (start, len) => System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(
            x.AsSpan(start, len), scale, addend.AsSpan(start, len), destination.AsSpan(start, len)));
    }

    /// <summary>
    /// destination = (source + a x) c, returning w · destination (0 when <paramref name="w"/> is null): an update and the
    /// next dot product in one pass over memory, split over the cores when long (destination may alias source).
    /// </summary>
    public static double UpdateThenDot(double[] source, double a, double[] x, double c, double[] destination, double[]? w)
    {
        int n = source.Length;
        return ShouldSplit(n)
            ? SumOverChunks(n, (start, len) => UpdateThenDotChunk(source, a, x, c, destination, w, start, len))
            : UpdateThenDotChunk(source, a, x, c, destination, w, 0, n);
    }

    private static double UpdateThenDotChunk(double[] source, double a, double[] x, double c, double[] destination, double[]? w, int start, int length)
    {
        if (length == 0)
        {
            return 0;
        }

        ref double src = ref source[start];
        ref double xs = ref x[start];
        ref double dst = ref destination[start];
        int i = 0;
        double dot = 0;
        if (Vector512.IsHardwareAccelerated && length >= 16)
        {
            var av = Vector512.Create(a);
            var cv = Vector512.Create(c);
            var acc0 = Vector512<double>.Zero;
            var acc1 = Vector512<double>.Zero;
            ref double ws = ref w is null ? ref src : ref w[start];
            for (; i <= length - 16; i += 16)
            {
                nuint o = (nuint)i;
                var t0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref xs, o), av, Vector512.LoadUnsafe(ref src, o)) * cv;
                var t1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref xs, o + 8), av, Vector512.LoadUnsafe(ref src, o + 8)) * cv;
                t0.StoreUnsafe(ref dst, o);
                t1.StoreUnsafe(ref dst, o + 8);
                if (w is not null)
                {
                    acc0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref ws, o), t0, acc0);
                    acc1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref ws, o + 8), t1, acc1);
                }
            }

            dot = Vector512.Sum(acc0 + acc1);
        }

        for (; i < length; i++)
        {
            double t = (Unsafe.Add(ref src, i) + (a * Unsafe.Add(ref xs, i))) * c;
            Unsafe.Add(ref dst, i) = t;
            if (w is not null)
            {
                dot += w[start + i] * t;
            }
        }

        return dot;
    }
}
