namespace Adjoint.Tensors.Kernels;

/// <summary>Copies a tensor into a new axis order.</summary>
internal static class PermuteKernels
{
    /// <summary>dst (shape srcDims[perm[i]]) = src with axes permuted.</summary>
    public static void Permute<T>(ReadOnlySpan<T> src, int[] srcDims, int[] perm, Span<T> dst)
        where T : unmanaged
    {
        int r = srcDims.Length;
        if (dst.Length == 0)
        {
            return;
        }

        var srcStrides = new int[r];
        int acc = 1;
        for (int i = r - 1; i >= 0; i--)
        {
            srcStrides[i] = acc;
            acc *= srcDims[i];
        }

        // Batched 2-D transpose (the common case: swapping the last two axes).
        if (r >= 2 && perm[r - 1] == r - 2 && perm[r - 2] == r - 1 && IsPrefixIdentity(perm, r - 2))
        {
            int rows = srcDims[r - 2], cols = srcDims[r - 1];
            int batch = dst.Length / (rows * cols);
            for (int b = 0; b < batch; b++)
            {
                Transpose2D(src.Slice(b * rows * cols, rows * cols), rows, cols, dst.Slice(b * rows * cols, rows * cols));
            }

            return;
        }

        var outDims = new int[r];
        var stride = new int[r];
        for (int i = 0; i < r; i++)
        {
            outDims[i] = srcDims[perm[i]];
            stride[i] = srcStrides[perm[i]];
        }

        int inner = outDims[r - 1];
        int innerStride = stride[r - 1];
        int outer = dst.Length / inner;
        var idx = new int[r];
        int off = 0;
        for (int row = 0; row < outer; row++)
        {
            var d = dst.Slice(row * inner, inner);
            if (innerStride == 1)
            {
                src.Slice(off, inner).CopyTo(d);
            }
            else
            {
                int s = off;
                for (int j = 0; j < inner; j++, s += innerStride)
                {
                    d[j] = src[s];
                }
            }

            for (int ax = r - 2; ax >= 0; ax--)
            {
                if (++idx[ax] < outDims[ax])
                {
                    off += stride[ax];
                    break;
                }

                idx[ax] = 0;
                off -= stride[ax] * (outDims[ax] - 1);
            }
        }
    }

    private static bool IsPrefixIdentity(int[] perm, int n)
    {
        for (int i = 0; i < n; i++)
        {
            if (perm[i] != i)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>dst (cols x rows) = transpose of src (rows x cols), in cache-sized blocks.</summary>
    public static void Transpose2D<T>(ReadOnlySpan<T> src, int rows, int cols, Span<T> dst)
        where T : unmanaged
    {
        const int block = 32;
        for (int i0 = 0; i0 < rows; i0 += block)
        {
            int i1 = Math.Min(rows, i0 + block);
            for (int j0 = 0; j0 < cols; j0 += block)
            {
                int j1 = Math.Min(cols, j0 + block);
                for (int i = i0; i < i1; i++)
                {
                    int si = i * cols;
                    for (int j = j0; j < j1; j++)
                    {
                        dst[(j * rows) + i] = src[si + j];
                    }
                }
            }
        }
    }
}
