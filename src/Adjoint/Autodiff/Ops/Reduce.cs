using Adjoint.Tensors;
using Adjoint.Tensors.Kernels;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Adjoint.Autodiff.Ops;

/// <summary>
/// Reductions over all axes or a set of axes, with or without the reduced axes kept as length 1: sum, mean, max,
/// min, product and log-sum-exp, each with its derivative rule.
/// </summary>
internal static class Reduce
{
    /// <summary>Sorted, distinct, non-negative axes; null or empty means every axis.</summary>
    public static int[] NormalizeAxes(Shape shape, int[]? axes)
    {
        if (axes is null || axes.Length == 0)
        {
            var all = new int[shape.Rank];
            for (int i = 0; i < all.Length; i++)
            {
                all[i] = i;
            }

            return all;
        }

        var r = new int[axes.Length];
        for (int i = 0; i < axes.Length; i++)
        {
            r[i] = shape.NormalizeAxis(axes[i]);
        }

        Array.Sort(r);
        for (int i = 1; i < r.Length; i++)
        {
            if (r[i] == r[i - 1])
            {
                throw new ArgumentException($"Axis {r[i]} is repeated in a reduction over shape {shape}.", nameof(axes));
            }
        }

        return r;
    }

    /// <summary>The shape with the reduced axes set to 1.</summary>
    public static Shape KeptShape(Shape shape, int[] axes)
    {
        var d = shape.ToArray();
        foreach (int a in axes)
        {
            d[a] = 1;
        }

        return Shape.FromOwned(d);
    }

    /// <summary>The shape with the reduced axes removed.</summary>
    public static Shape DroppedShape(Shape shape, int[] axes)
    {
        var d = new List<int>(shape.Rank);
        for (int i = 0; i < shape.Rank; i++)
        {
            if (Array.IndexOf(axes, i) < 0)
            {
                d.Add(shape.Dims[i]);
            }
        }

        return Shape.FromOwned([.. d]);
    }

    private static int Count(Shape shape, int[] axes)
    {
        int c = 1;
        foreach (int a in axes)
        {
            c *= shape.Dims[a];
        }

        return c;
    }

    private static readonly int[] s_noAxes = [];

    /// <summary>The reduction's forward pass, producing the kept-dims shape (every axis when <paramref name="axes"/> is empty).</summary>
    private static Tensor ForwardKept(ReduceKind kind, Tensor x, int[] axes)
    {
        var kept = axes.Length == 0 ? Shape.Scalar : KeptShape(x.Shape, axes);
        if (axes.Length == 0 || axes.Length == x.Rank || kept.Size == 1)
        {
            var r = Tensor.Uninitialized(kept, x.DType);
            if (kind == ReduceKind.Sum && ParallelKernels.ShouldSplit(x.Size))
            {
                // Partial sums per chunk, added in chunk order (deterministic for a given thread count).
                var partial = new double[ParallelKernels.MaxThreads * 2];
                int chunk = (x.Size + partial.Length - 1) / partial.Length;
                Parallel.For(0, partial.Length, p =>
                {
                    int start = p * chunk;
                    int len = Math.Min(chunk, x.Size - start);
                    if (len > 0)
                    {
                        partial[p] = x.DType == DType.Float64
                            ? TP.Sum(x.Span<double>().Slice(start, len))
                            : TP.Sum(x.Span<float>().Slice(start, len));
                    }
                });
                double total = 0;
                foreach (double v in partial)
                {
                    total += v;
                }

                if (x.DType == DType.Float64)
                {
                    r.Span<double>()[0] = total;
                }
                else
                {
                    r.Span<float>()[0] = (float)total;
                }

                return r;
            }

            if (x.DType == DType.Float64)
            {
                ReduceKernels.Axis(kind, x.Span<double>(), 1, x.Size, 1, r.Span<double>());
            }
            else
            {
                ReduceKernels.Axis(kind, x.Span<float>(), 1, x.Size, 1, r.Span<float>());
            }

            return r;
        }

        // One axis at a time, from the last; intermediates are untracked temporaries.
        Tensor cur = x;
        var dims = x.Shape.ToArray();
        for (int i = axes.Length - 1; i >= 0; i--)
        {
            int ax = axes[i];
            int outer = 1, inner = 1;
            for (int k = 0; k < ax; k++)
            {
                outer *= dims[k];
            }

            for (int k = ax + 1; k < dims.Length; k++)
            {
                inner *= dims[k];
            }

            int n = dims[ax];
            dims[ax] = 1;
            var next = Tensor.Uninitialized(Shape.FromOwned((int[])dims.Clone()), x.DType);
            if (x.DType == DType.Float64)
            {
                ReduceKernels.Axis(kind, cur.Span<double>(), outer, n, inner, next.Span<double>());
            }
            else
            {
                ReduceKernels.Axis(kind, cur.Span<float>(), outer, n, inner, next.Span<float>());
            }

            if (!ReferenceEquals(cur, x))
            {
                cur.Dispose();
            }

            cur = next;
        }

        return cur;
    }

    private static Tensor Finish(Tensor kept, Shape xShape, int[] axes, bool keepDims) =>
        keepDims ? kept : ShapeOps.Reshape(kept, DroppedShape(xShape, axes));

    // ---- sum / mean ------------------------------------------------------------------------------------------
    public static Tensor Sum(Tensor x, int[]? axes = null, bool keepDims = false)
    {
        x = DTypePromotion.ForScope(x);
        if (axes is null && !keepDims && x.Rank > 0)
        {
            // Sum of everything to a scalar: the common loss reduction, without shape bookkeeping.
            var all = ForwardKept(ReduceKind.Sum, x, s_noAxes);
            if (Tape.ShouldRecord(x, out var t))
            {
                t.Record(new SumNode(x, 1.0), all);
            }

            return all;
        }

        var ax = NormalizeAxes(x.Shape, axes);
        var kept = ForwardKept(ReduceKind.Sum, x, ax);
        if (Tape.ShouldRecord(x, out var tape))
        {
            tape.Record(new SumNode(x, 1.0), kept);
        }

        return Finish(kept, x.Shape, ax, keepDims);
    }

    public static Tensor Mean(Tensor x, int[]? axes = null, bool keepDims = false)
    {
        x = DTypePromotion.ForScope(x);
        var ax = NormalizeAxes(x.Shape, axes);
        int count = Count(x.Shape, ax);
        var kept = ForwardKept(ReduceKind.Sum, x, ax);
        double scale = 1.0 / count;
        if (kept.DType == DType.Float64)
        {
            TP.Multiply(kept.Span<double>(), scale, kept.Span<double>());
        }
        else
        {
            TP.Multiply(kept.Span<float>(), (float)scale, kept.Span<float>());
        }

        if (Tape.ShouldRecord(x, out var tape))
        {
            tape.Record(new SumNode(x, scale), kept);
        }

        return Finish(kept, x.Shape, ax, keepDims);
    }

    /// <summary>Gradient of a (scaled) sum: the upstream gradient broadcast back over the reduced axes.</summary>
    private sealed class SumNode(Tensor x, double scale) : Node
    {
        /// <summary>A whole reduction or one along a single axis, with the forward pass's kernel (and scale for a mean).</summary>
        public override Action? Lower(Replay.ReplayLowering lowering)
        {
            if (lowering.Input(x) is not { } input || Replay.ReplayLowering.IsUniform(input, x.Size) || ParallelKernels.ShouldSplit(x.Size))
            {
                return null;
            }

            var xd = x.Shape.Dims;
            var od = Output.Shape.Dims;
            int outer = 1, n = x.Size, inner = 1;
            if (Output.Size != 1)
            {
                if (od.Length != xd.Length)
                {
                    return null;
                }

                int axis = -1;
                for (int a = 0; a < xd.Length; a++)
                {
                    if (od[a] != xd[a])
                    {
                        if (od[a] != 1 || axis >= 0)
                        {
                            return null;
                        }

                        axis = a;
                    }
                }

                if (axis < 0)
                {
                    return null;
                }

                outer = 1;
                inner = 1;
                for (int a = 0; a < axis; a++)
                {
                    outer *= xd[a];
                }

                for (int a = axis + 1; a < xd.Length; a++)
                {
                    inner *= xd[a];
                }

                n = xd[axis];
            }

            if (lowering.Output(this) is not { } output)
            {
                return null;
            }

            var arena = lowering.Arena;
            double s = scale;
            return () =>
            {
                ReduceKernels.Axis(ReduceKind.Sum, (ReadOnlySpan<double>)arena[input], outer, n, inner, arena[output]);
                if (s != 1)
                {
                    TP.Multiply(arena[output], s, arena[output]);
                }
            };
        }

        public override void Backward(Tensor g, GradientSink sink) =>
            sink.Add(x, ShapeOps.BroadcastTo(ScalarOps.Affine(g, scale, 0), x.Shape));
    }

    // ---- max / min -------------------------------------------------------------------------------------------
    public static Tensor Max(Tensor x, int[]? axes = null, bool keepDims = false) => Extremum(ReduceKind.Max, x, axes, keepDims);

    public static Tensor Min(Tensor x, int[]? axes = null, bool keepDims = false) => Extremum(ReduceKind.Min, x, axes, keepDims);

    private static Tensor Extremum(ReduceKind kind, Tensor x, int[]? axes, bool keepDims)
    {
        x = DTypePromotion.ForScope(x);
        if (x.Size == 0)
        {
            throw new ArgumentException($"{kind}: the reduction of an empty tensor of shape {x.Shape} has no value.", nameof(x));
        }

        var ax = NormalizeAxes(x.Shape, axes);
        var kept = ForwardKept(kind, x, ax);
        if (Tape.ShouldRecord(x, out var tape))
        {
            tape.Record(new ExtremumNode(x, ax), kept);
        }

        return Finish(kept, x.Shape, ax, keepDims);
    }

    /// <summary>The gradient is shared evenly among the elements equal to the extremum (PyTorch's amax rule).</summary>
    private sealed class ExtremumNode(Tensor x, int[] axes) : Node
    {
        public override void Backward(Tensor g, GradientSink sink)
        {
            var hit = Binary.Compare<CompareOp<EqualCmp>>(x, ShapeOps.BroadcastTo(Output.Detach(), x.Shape));
            var count = Sum(hit, axes, keepDims: true);
            var share = Binary.Divide(g, count);
            sink.Add(x, Binary.Multiply(hit, ShapeOps.BroadcastTo(share, x.Shape)));
        }
    }

    // ---- product ---------------------------------------------------------------------------------------------
    public static Tensor Prod(Tensor x, int[]? axes = null, bool keepDims = false)
    {
        x = DTypePromotion.ForScope(x);
        var ax = NormalizeAxes(x.Shape, axes);
        var kept = ForwardKept(ReduceKind.Prod, x, ax);
        if (Tape.ShouldRecord(x, out var tape))
        {
            tape.Record(new ProdNode(x, ax), kept);
        }

        return Finish(kept, x.Shape, ax, keepDims);
    }

    /// <summary>
    /// d(prod)/dx_i = the product of the other entries of x_i's group, exact at zeros: prod/x_i when the group has
    /// no zero; in a group with one zero z, the product p of its nonzero entries at z and p / x_i * x_z elsewhere
    /// (zero in value, but carrying the derivative with respect to x_z); 0 in groups with two or more zeros.
    /// Written with differentiable operations, so second derivatives are exact too, except at points where a group
    /// holds exactly two zeros (where the mixed derivative between them, the product of the rest, reads as 0).
    /// </summary>
    private sealed class ProdNode(Tensor x, int[] axes) : Node
    {
        public override void Backward(Tensor g, GradientSink sink)
        {
            var zero = Tensor.ZerosInternal(Shape.Scalar, x.DType);
            var one = Tensor.Full(Shape.Scalar, 1.0, x.DType);
            var isZero = Binary.Compare<CompareOp<EqualCmp>>(x, zero);
            var zeros = Sum(isZero, axes, keepDims: true);
            var safe = Select.Where(isZero, one, x);
            var noZero = ShapeOps.BroadcastTo(Binary.Compare<CompareOp<EqualCmp>>(zeros, zero), x.Shape);
            var theZero = Binary.Multiply(ShapeOps.BroadcastTo(Binary.Compare<CompareOp<EqualCmp>>(zeros, one), x.Shape), isZero);
            var oneZero = ShapeOps.BroadcastTo(Binary.Compare<CompareOp<EqualCmp>>(zeros, one), x.Shape);
            var nonzeroProduct = ShapeOps.BroadcastTo(Prod(safe, axes, keepDims: true), x.Shape);
            var zeroEntry = ShapeOps.BroadcastTo(Sum(Binary.Multiply(x, isZero), axes, keepDims: true), x.Shape);
            var others = Select.Where(noZero,
                Binary.Divide(ShapeOps.BroadcastTo(Output, x.Shape), safe),
                Select.Where(theZero, nonzeroProduct,
                    Select.Where(oneZero, Binary.Multiply(Binary.Divide(nonzeroProduct, safe), zeroEntry), zero)));
            sink.Add(x, Binary.Multiply(ShapeOps.BroadcastTo(g, x.Shape), others));
        }
    }

    // ---- log-sum-exp -----------------------------------------------------------------------------------------
    public static Tensor LogSumExp(Tensor x, int[]? axes = null, bool keepDims = false)
    {
        x = DTypePromotion.ForScope(x);
        var ax = NormalizeAxes(x.Shape, axes);
        if (x.Size == 0)
        {
            throw new ArgumentException($"LogSumExp of an empty tensor of shape {x.Shape}.", nameof(x));
        }

        Tensor kept;
        using (Grad.NoGrad())
        {
            // Shift by the maximum for stability; an infinite maximum is replaced by 0 so that inf - inf never occurs.
            var m = ForwardKept(ReduceKind.Max, x, ax);
            if (m.DType == DType.Float64)
            {
                var s = m.Span<double>();
                for (int i = 0; i < s.Length; i++)
                {
                    if (double.IsInfinity(s[i]))
                    {
                        s[i] = 0;
                    }
                }
            }
            else
            {
                var s = m.Span<float>();
                for (int i = 0; i < s.Length; i++)
                {
                    if (float.IsInfinity(s[i]))
                    {
                        s[i] = 0;
                    }
                }
            }

            var e = Unary.Exp(Binary.Subtract(x, m));
            kept = Binary.Add(Unary.Log(ForwardKept(ReduceKind.Sum, e, ax)), m);
        }

        if (Tape.ShouldRecord(x, out var tape))
        {
            tape.Record(new LogSumExpNode(x), kept);
        }

        return Finish(kept, x.Shape, ax, keepDims);
    }

    /// <summary>d lse / dx = softmax(x) = exp(x - lse).</summary>
    private sealed class LogSumExpNode(Tensor x) : Node
    {
        public override void Backward(Tensor g, GradientSink sink)
        {
            var softmax = Unary.Exp(Binary.Subtract(x, Output));
            sink.Add(x, Binary.Multiply(softmax, ShapeOps.BroadcastTo(g, x.Shape)));
        }
    }
}
