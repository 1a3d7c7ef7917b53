using System.Runtime.InteropServices;
using Adjoint.Tensors;
using Adjoint.Tensors.Kernels;

namespace Adjoint.Autodiff.Ops;

/// <summary>
/// Matrix products with numpy's matmul semantics (1-D operands promoted and squeezed, batch axes broadcast),
/// recorded as <c>op(A) op(B)</c> with transpose flags so the backward products never copy a transpose.
/// </summary>
/// <remarks>
/// For C = op(A) op(B): dA = dC op(B)^T (or its transpose when A is used transposed) and dB = op(A)^T dC (likewise),
/// each again a flagged product, so second derivatives flow through the same rule.
/// </remarks>
internal static class MatMul
{
    public static Tensor Apply(Tensor a, Tensor b)
    {
        DTypePromotion.Resolve("MatMul", ref a, ref b);
        if (a.Rank == 0 || b.Rank == 0)
        {
            throw new ArgumentException($"MatMul: operands must have at least one axis, got shapes {a.Shape} and {b.Shape}.");
        }

        if (a.Rank == 1 && b.Rank == 1)
        {
            if (a.Size != b.Size)
            {
                throw new ArgumentException($"MatMul: vectors of shapes {a.Shape} and {b.Shape} differ in length.");
            }

            return ShapeOps.Reshape(Flagged(ShapeOps.Reshape(a, new Shape(1, a.Size)), ShapeOps.Reshape(b, new Shape(b.Size, 1)), false, false), Shape.Scalar);
        }

        if (a.Rank == 1)
        {
            var r = Flagged(ShapeOps.Unsqueeze(a, 0), b, false, false);
            return ShapeOps.Squeeze(r, -2);
        }

        if (b.Rank == 1)
        {
            var r = Flagged(a, ShapeOps.Unsqueeze(b, 1), false, false);
            return ShapeOps.Squeeze(r, -1);
        }

        return Flagged(a, b, false, false);
    }

    /// <summary>op(a) op(b) for operands of rank at least 2, op transposing the last two axes when flagged.</summary>
    public static Tensor Flagged(Tensor a, Tensor b, bool transA, bool transB)
    {
        var ad = a.Shape.Dims;
        var bd = b.Shape.Dims;
        int m = transA ? ad[^1] : ad[^2];
        int k = transA ? ad[^2] : ad[^1];
        int kb = transB ? bd[^1] : bd[^2];
        int n = transB ? bd[^2] : bd[^1];
        if (k != kb)
        {
            throw new ArgumentException(
                $"MatMul: shapes {a.Shape}{(transA ? "^T" : "")} and {b.Shape}{(transB ? "^T" : "")} are not aligned: {k} (inner size of the first) != {kb} (of the second).");
        }

        var batchA = new Shape(ad.AsSpan(0, ad.Length - 2));
        var batchB = new Shape(bd.AsSpan(0, bd.Length - 2));
        var batch = Broadcasting.Shape("MatMul", batchA, batchB);
        var od = new int[batch.Rank + 2];
        batch.Dims.CopyTo(od, 0);
        od[^2] = m;
        od[^1] = n;
        var result = Tensor.Uninitialized(Shape.FromOwned(od), a.DType);

        Tensor av = a, bv = b;
        int nb = batch.Size;
        bool foldA = !transA && batchB.Rank == 0 && batchA.Rank > 0;
        if (!foldA)
        {
            using (Grad.NoGrad())
            {
                if (batchA != batch && batchA.Size != 1)
                {
                    av = ShapeOps.BroadcastTo(a, Concat(batch, ad[^2], ad[^1]));
                }

                if (batchB != batch && batchB.Size != 1)
                {
                    bv = ShapeOps.BroadcastTo(b, Concat(batch, bd[^2], bd[^1]));
                }
            }
        }

        if (a.DType == DType.Float64)
        {
            Run(av.Span<double>(), bv.Span<double>(), result.Span<double>(), transA, transB, m, n, k, nb, foldA, av.Size == m * k, bv.Size == k * n);
        }
        else
        {
            Run(av.Span<float>(), bv.Span<float>(), result.Span<float>(), transA, transB, m, n, k, nb, foldA, av.Size == m * k, bv.Size == k * n);
        }

        if (Tape.ShouldRecord(a, b, out var tape))
        {
            tape.Record(new MatMulNode(a, b, transA, transB), result);
        }

        return result;
    }

    private static Shape Concat(Shape batch, int r, int c)
    {
        var d = new int[batch.Rank + 2];
        batch.Dims.CopyTo(d, 0);
        d[^2] = r;
        d[^1] = c;
        return Shape.FromOwned(d);
    }

    /// <summary>
    /// The product's span step (eager and replay): <paramref name="nb"/> products op(A) op(B) of m x k by k x n, or one
    /// product of the batch folded into rows (<paramref name="foldA"/>); a single A or B serves every batch.
    /// </summary>
    private static void Run<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, bool ta, bool tb, int m, int n, int k, int nb, bool foldA, bool singleA, bool singleB)
        where T : unmanaged
    {
        if (foldA)
        {
            Gemm(false, tb, m * nb, n, k, a, b, c);
            return;
        }

        for (int i = 0; i < nb; i++)
        {
            Gemm(ta, tb, m, n, k,
                singleA ? a : a.Slice(i * m * k, m * k),
                singleB ? b : b.Slice(i * k * n, k * n),
                c.Slice(i * m * n, m * n));
        }
    }

    private static void Gemm<T>(bool ta, bool tb, int m, int n, int k, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c)
        where T : unmanaged
    {
        if (typeof(T) == typeof(double))
        {
            MatMulKernels.Gemm(ta, tb, m, n, k, MemoryMarshal.Cast<T, double>(a), MemoryMarshal.Cast<T, double>(b), MemoryMarshal.Cast<T, double>(c), accumulate: false);
        }
        else
        {
            MatMulKernels.Gemm(ta, tb, m, n, k, MemoryMarshal.Cast<T, float>(a), MemoryMarshal.Cast<T, float>(b), MemoryMarshal.Cast<T, float>(c), accumulate: false);
        }
    }

    private sealed class MatMulNode(Tensor a, Tensor b, bool transA, bool transB) : Node
    {
        /// <summary>The forward's products on the slots, when no batch axis needed broadcasting (else not lowered).</summary>
        public override Action? Lower<T>(Replay.ReplayLowering<T> lowering)
        {
            if (lowering.Input(a) is not { } left || lowering.Input(b) is not { } right
                || left.Length != a.Size || right.Length != b.Size || lowering.Output(this) is not { } output)
            {
                return null;
            }

            var ad = a.Shape.Dims;
            var bd = b.Shape.Dims;
            int m = transA ? ad[^1] : ad[^2];
            int k = transA ? ad[^2] : ad[^1];
            int n = transB ? bd[^2] : bd[^1];
            int nb = Output.Size / (m * n);
            bool foldA = !transA && bd.Length == 2 && ad.Length > 2;
            bool singleA = a.Size == m * k, singleB = b.Size == k * n;
            if (!foldA && ((!singleA && a.Size != nb * m * k) || (!singleB && b.Size != nb * k * n)))
            {
                return null;
            }

            var arena = lowering.Arena;
            return () => Run<T>(arena[left], arena[right], arena[output], transA, transB, m, n, k, nb, foldA, singleA, singleB);
        }

        public override void Backward(Tensor g, GradientSink sink)
        {
            if (sink.Wants(a))
            {
                var da = transA ? Flagged(b, g, transB, true) : Flagged(g, b, false, !transB);
                sink.Add(a, Broadcasting.SumTo(da, a.Shape));
            }

            if (sink.Wants(b))
            {
                Tensor db;
                if (!transB && !transA && a.Rank > 2 && b.Rank == 2)
                {
                    // Batched A times one matrix B: fold the batch into rows, dB = A_2d^T dC_2d.
                    // Shape rejects -1, so the folded row count is computed (a and g share their leading axes).
                    int rows = 1;
                    for (int i = 0; i < a.Rank - 1; i++)
                    {
                        rows *= a.Shape[i];
                    }

                    var a2 = ShapeOps.Reshape(a, new Shape(rows, a.Shape[-1]));
                    var g2 = ShapeOps.Reshape(g, new Shape(rows, g.Shape[-1]));
                    db = Flagged(a2, g2, true, false);
                }
                else
                {
                    db = transB ? Flagged(g, a, true, transA) : Flagged(a, g, !transA, false);
                }

                sink.Add(b, Broadcasting.SumTo(db, b.Shape));
            }
        }
    }
}
