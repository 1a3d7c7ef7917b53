using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Adjoint.Tensors.Kernels;

/// <summary>An elementwise binary operation in three SIMD-friendly forms: two rows, row and scalar, scalar and row.</summary>
internal interface IBinaryOp
{
    static abstract void Same<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d)
        where T : unmanaged, IFloatingPointIeee754<T>;

    static abstract void ScalarRight<T>(ReadOnlySpan<T> a, T b, Span<T> d)
        where T : unmanaged, IFloatingPointIeee754<T>;

    static abstract void ScalarLeft<T>(T a, ReadOnlySpan<T> b, Span<T> d)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>The operation on one pair of elements (used for short rows, where a vector call costs more than the work).</summary>
    static abstract T Apply<T>(T a, T b)
        where T : unmanaged, IFloatingPointIeee754<T>;
}

internal readonly struct AddOp : IBinaryOp
{
    public static T Apply<T>(T a, T b) where T : unmanaged, IFloatingPointIeee754<T> => a + b;
    public static void Same<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TP.Add(a, b, d);
    public static void ScalarRight<T>(ReadOnlySpan<T> a, T b, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TP.Add(a, b, d);
    public static void ScalarLeft<T>(T a, ReadOnlySpan<T> b, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TP.Add(b, a, d);
}

internal readonly struct SubtractOp : IBinaryOp
{
    public static T Apply<T>(T a, T b) where T : unmanaged, IFloatingPointIeee754<T> => a - b;
    public static void Same<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TP.Subtract(a, b, d);
    public static void ScalarRight<T>(ReadOnlySpan<T> a, T b, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TP.Subtract(a, b, d);
    public static void ScalarLeft<T>(T a, ReadOnlySpan<T> b, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TP.Subtract(a, b, d);
}

internal readonly struct MultiplyOp : IBinaryOp
{
    public static T Apply<T>(T a, T b) where T : unmanaged, IFloatingPointIeee754<T> => a * b;
    public static void Same<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TP.Multiply(a, b, d);
    public static void ScalarRight<T>(ReadOnlySpan<T> a, T b, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TP.Multiply(a, b, d);
    public static void ScalarLeft<T>(T a, ReadOnlySpan<T> b, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TP.Multiply(b, a, d);
}

internal readonly struct DivideOp : IBinaryOp
{
    public static T Apply<T>(T a, T b) where T : unmanaged, IFloatingPointIeee754<T> => a / b;
    public static void Same<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TP.Divide(a, b, d);
    public static void ScalarRight<T>(ReadOnlySpan<T> a, T b, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TP.Divide(a, b, d);
    public static void ScalarLeft<T>(T a, ReadOnlySpan<T> b, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TP.Divide(a, b, d);
}

internal readonly struct PowOp : IBinaryOp
{
    public static T Apply<T>(T a, T b) where T : unmanaged, IFloatingPointIeee754<T> => T.Pow(a, b);
    public static void Same<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TP.Pow(a, b, d);
    public static void ScalarRight<T>(ReadOnlySpan<T> a, T b, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TP.Pow(a, b, d);
    public static void ScalarLeft<T>(T a, ReadOnlySpan<T> b, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TP.Pow(a, b, d);
}

internal readonly struct MaximumOp : IBinaryOp
{
    public static T Apply<T>(T a, T b) where T : unmanaged, IFloatingPointIeee754<T> => T.IsNaN(a) || T.IsNaN(b) ? a + b : T.Max(a, b);
    public static void Same<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TP.Max(a, b, d);
    public static void ScalarRight<T>(ReadOnlySpan<T> a, T b, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TP.Max(a, b, d);
    public static void ScalarLeft<T>(T a, ReadOnlySpan<T> b, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TP.Max(b, a, d);
}

internal readonly struct MinimumOp : IBinaryOp
{
    public static T Apply<T>(T a, T b) where T : unmanaged, IFloatingPointIeee754<T> => T.IsNaN(a) || T.IsNaN(b) ? a + b : T.Min(a, b);
    public static void Same<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TP.Min(a, b, d);
    public static void ScalarRight<T>(ReadOnlySpan<T> a, T b, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TP.Min(a, b, d);
    public static void ScalarLeft<T>(T a, ReadOnlySpan<T> b, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TP.Min(b, a, d);
}

/// <summary>Comparison producing 1 where it holds and 0 elsewhere (NaN compares false).</summary>
internal interface ICompare
{
    static abstract bool Holds<T>(T a, T b) where T : unmanaged, IFloatingPointIeee754<T>;
}

internal readonly struct CompareOp<TCmp> : IBinaryOp where TCmp : ICompare
{
    public static T Apply<T>(T a, T b) where T : unmanaged, IFloatingPointIeee754<T> => TCmp.Holds(a, b) ? T.One : T.Zero;

    public static void Same<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = TCmp.Holds(a[i], b[i]) ? T.One : T.Zero;
        }
    }

    public static void ScalarRight<T>(ReadOnlySpan<T> a, T b, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = TCmp.Holds(a[i], b) ? T.One : T.Zero;
        }
    }

    public static void ScalarLeft<T>(T a, ReadOnlySpan<T> b, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = TCmp.Holds(a, b[i]) ? T.One : T.Zero;
        }
    }
}

internal readonly struct GreaterCmp : ICompare
{
    public static bool Holds<T>(T a, T b) where T : unmanaged, IFloatingPointIeee754<T> => a > b;
}

internal readonly struct GreaterEqualCmp : ICompare
{
    public static bool Holds<T>(T a, T b) where T : unmanaged, IFloatingPointIeee754<T> => a >= b;
}

internal readonly struct LessCmp : ICompare
{
    public static bool Holds<T>(T a, T b) where T : unmanaged, IFloatingPointIeee754<T> => a < b;
}

internal readonly struct LessEqualCmp : ICompare
{
    public static bool Holds<T>(T a, T b) where T : unmanaged, IFloatingPointIeee754<T> => a <= b;
}

internal readonly struct EqualCmp : ICompare
{
    public static bool Holds<T>(T a, T b) where T : unmanaged, IFloatingPointIeee754<T> => a == b;
}

/// <summary>Runs a binary operation over numpy-broadcast operands.</summary>
internal static class BinaryKernels
{
    /// <summary>d = op(a, b), with <paramref name="ad"/> and <paramref name="bd"/> broadcast to <paramref name="od"/>.</summary>
    public static void Run<T, TOp>(ReadOnlySpan<T> a, int[] ad, ReadOnlySpan<T> b, int[] bd, Span<T> d, int[] od)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : IBinaryOp
    {
        int n = d.Length;
        if (n == 0)
        {
            return;
        }

        if (a.Length == n && b.Length == n)
        {
            TOp.Same(a, b, d);
            return;
        }

        if (b.Length == 1 && a.Length == n)
        {
            TOp.ScalarRight(a, b[0], d);
            return;
        }

        if (a.Length == 1 && b.Length == n)
        {
            TOp.ScalarLeft(a[0], b, d);
            return;
        }

        // General case: normalize to the fewest axes, then loop over rows of the last axis.
        Span<int> dims = stackalloc int[od.Length];
        Span<int> sa = stackalloc int[od.Length];
        Span<int> sb = stackalloc int[od.Length];
        int r = Normalize(ad, bd, od, dims, sa, sb);
        int inner = dims[r - 1];
        int ia = sa[r - 1], ib = sb[r - 1];
        int outer = n / inner;
        Span<int> idx = stackalloc int[Math.Max(r - 1, 1)];
        idx.Clear();
        int offA = 0, offB = 0;
        bool shortRows = inner < 16;
        for (int row = 0; row < outer; row++)
        {
            var dRow = d.Slice(row * inner, inner);
            if (shortRows)
            {
                ref T dr = ref MemoryMarshal.GetReference(dRow);
                ref T ar = ref Unsafe.Add(ref MemoryMarshal.GetReference(a), offA);
                ref T br = ref Unsafe.Add(ref MemoryMarshal.GetReference(b), offB);
                for (int j = 0; j < inner; j++)
                {
                    Unsafe.Add(ref dr, j) = TOp.Apply(Unsafe.Add(ref ar, j * ia), Unsafe.Add(ref br, j * ib));
                }
            }
            else if (ia != 0 && ib != 0)
            {
                TOp.Same(a.Slice(offA, inner), b.Slice(offB, inner), dRow);
            }
            else if (ia != 0)
            {
                TOp.ScalarRight(a.Slice(offA, inner), b[offB], dRow);
            }
            else if (ib != 0)
            {
                TOp.ScalarLeft(a[offA], b.Slice(offB, inner), dRow);
            }
            else
            {
                TOp.ScalarRight(a.Slice(offA, 1), b[offB], dRow[..1]);
                dRow.Fill(dRow[0]);
            }

            // Advance the odometer over the outer axes.
            for (int ax = r - 2; ax >= 0; ax--)
            {
                if (++idx[ax] < dims[ax])
                {
                    offA += sa[ax];
                    offB += sb[ax];
                    break;
                }

                idx[ax] = 0;
                offA -= sa[ax] * (dims[ax] - 1);
                offB -= sb[ax] * (dims[ax] - 1);
            }
        }
    }

    /// <summary>
    /// Drops axes of length 1 and merges neighbouring axes with the same broadcast pattern, returning the new rank
    /// (at least 1) with element strides for each operand (0 on broadcast axes).
    /// </summary>
    private static int Normalize(int[] ad, int[] bd, int[] od, Span<int> dims, Span<int> sa, Span<int> sb)
    {
        int r = od.Length;
        int pa = r - ad.Length, pb = r - bd.Length;
        int k = 0;
        for (int ax = 0; ax < r; ax++)
        {
            int o = od[ax];
            if (o == 1)
            {
                continue;
            }

            bool aFull = ax >= pa && ad[ax - pa] == o;
            bool bFull = ax >= pb && bd[ax - pb] == o;
            if (k > 0 && (sa[k - 1] != 0) == aFull && (sb[k - 1] != 0) == bFull)
            {
                dims[k - 1] *= o;
            }
            else
            {
                dims[k] = o;
                sa[k] = aFull ? 1 : 0;
                sb[k] = bFull ? 1 : 0;
                k++;
            }
        }

        if (k == 0)
        {
            dims[0] = 1;
            sa[0] = 1;
            sb[0] = 1;
            return 1;
        }

        // Turn the full/broadcast flags into element strides (row-major over the merged axes).
        int accA = 1, accB = 1;
        for (int ax = k - 1; ax >= 0; ax--)
        {
            if (sa[ax] != 0)
            {
                sa[ax] = accA;
                accA *= dims[ax];
            }

            if (sb[ax] != 0)
            {
                sb[ax] = accB;
                accB *= dims[ax];
            }
        }

        return k;
    }
}

/// <summary>d = a: with a scalar b this is a broadcasting copy.</summary>
internal readonly struct TakeLeftOp : IBinaryOp
{
    public static T Apply<T>(T a, T b) where T : unmanaged, IFloatingPointIeee754<T> => a;
    public static void Same<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => a.CopyTo(d);
    public static void ScalarRight<T>(ReadOnlySpan<T> a, T b, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => a.CopyTo(d);
    public static void ScalarLeft<T>(T a, ReadOnlySpan<T> b, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => d.Fill(a);
}
