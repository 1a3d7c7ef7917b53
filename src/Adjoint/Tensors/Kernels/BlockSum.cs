using System.Numerics;
using System.Runtime.InteropServices;

namespace Adjoint.Tensors.Kernels;

/// <summary>
/// The summation rule for long vectors: the values are cut into blocks of <see cref="BlockLength"/> (the last one
/// shorter), each block is summed by one fixed vector kernel, and the block sums are added in block order in double
/// precision. The result depends only on the values (not on their alignment in memory, the number of threads or where
/// the work was split), so the eager reduction, the replayed reduction and the chunk-by-chunk fused replay
/// (<c>ReplayFusedRun</c>, whose chunks are these blocks) agree bit for bit.
/// </summary>
internal static class BlockSum
{
    /// <summary>The number of elements per block (also the chunk length of fused replay).</summary>
    public const int BlockLength = 2048;

    /// <summary>Whether a full sum of <paramref name="n"/> elements follows this rule (long vectors: the parallel size and up).</summary>
    public static bool Applies(int n) => n >= ParallelKernels.MinElements;

    /// <summary>The number of blocks of <paramref name="n"/> elements.</summary>
    public static int Blocks(int n) => (n + BlockLength - 1) / BlockLength;

    /// <summary>One block's sum: four vector accumulators over the block from its first element, then the tail in order.</summary>
    public static T Block<T>(ReadOnlySpan<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = x.Length;
        int w = Vector<T>.Count;
        int i = 0;
        T sum = T.Zero;
        if (Vector.IsHardwareAccelerated && n >= 4 * w)
        {
            var v = MemoryMarshal.Cast<T, Vector<T>>(x);
            Vector<T> a0 = v[0], a1 = v[1], a2 = v[2], a3 = v[3];
            int k = 4;
            for (; k + 4 <= v.Length; k += 4)
            {
                a0 += v[k];
                a1 += v[k + 1];
                a2 += v[k + 2];
                a3 += v[k + 3];
            }

            for (; k < v.Length; k++)
            {
                a0 += v[k];
            }

            sum = Vector.Sum((a0 + a1) + (a2 + a3));
            i = v.Length * w;
        }

        for (; i < n; i++)
        {
            sum += x[i];
        }

        return sum;
    }

    /// <summary>Writes the sum of each block of <paramref name="x"/> that starts in [first, first + partial.Length) blocks into <paramref name="partial"/>.</summary>
    public static void Partials<T>(ReadOnlySpan<T> x, int first, Span<double> partial)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int b = 0; b < partial.Length; b++)
        {
            int start = (first + b) * BlockLength;
            partial[b] = double.CreateTruncating(Block(x.Slice(start, Math.Min(BlockLength, x.Length - start))));
        }
    }

    /// <summary>The block sums added in order, rounded to <typeparamref name="T"/>.</summary>
    public static T Combine<T>(ReadOnlySpan<double> partial)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double total = 0;
        foreach (double p in partial)
        {
            total += p;
        }

        return T.CreateTruncating(total);
    }

    /// <summary>The sum of <paramref name="x"/> by this rule, on the calling thread.</summary>
    public static T Sum<T>(ReadOnlySpan<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int blocks = Blocks(x.Length);
        Span<double> partial = blocks <= 1024 ? stackalloc double[blocks] : new double[blocks];
        Partials(x, 0, partial);
        return Combine<T>(partial);
    }
}
