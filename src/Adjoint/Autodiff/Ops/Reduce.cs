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

    /// <summary>One call of <see cref="ReduceKernels.Axis{T}"/>: the input viewed as (outer, n, inner), reduced over n.</summary>
    internal readonly record struct ReducePass(int Outer, int N, int Inner)
    {
        /// <summary>The number of values the pass produces.</summary>
        public int Size => Outer * Inner;
    }

    /// <summary>
    /// The passes that reduce a tensor with <paramref name="dims"/> over <paramref name="axes"/> (every axis when empty):
    /// one pass over everything when the result is a single element, else one pass per axis from the last to the
    /// first, each reading the previous pass's output. The eager forward and the replay step both run these passes.
    /// </summary>
    internal static ReducePass[] Passes(int[] dims, int[] axes)
    {
        int size = 1, keptSize = 1;
        for (int a = 0; a < dims.Length; a++)
        {
            size *= dims[a];
            keptSize *= axes.Length == 0 || Array.IndexOf(axes, a) >= 0 ? 1 : dims[a];
        }

        if (axes.Length == 0 || axes.Length == dims.Length || keptSize == 1)
        {
            return [new ReducePass(1, size, 1)];
        }

        var passes = new ReducePass[axes.Length];
        var d = (int[])dims.Clone();
        for (int i = axes.Length - 1; i >= 0; i--)
        {
            int ax = axes[i];
            int outer = 1, inner = 1;
            for (int k = 0; k < ax; k++)
            {
                outer *= d[k];
            }

            for (int k = ax + 1; k < d.Length; k++)
            {
                inner *= d[k];
            }

            passes[axes.Length - 1 - i] = new ReducePass(outer, d[ax], inner);
            d[ax] = 1;
        }

        return passes;
    }

    /// <summary>
    /// Runs <paramref name="passes"/> of <paramref name="kind"/> from <paramref name="x"/> into <paramref name="result"/>,
    /// intermediate passes writing to <paramref name="scratchA"/> and <paramref name="scratchB"/> (alternating; each at least the size of the
    /// largest intermediate), then multiplies by <paramref name="scale"/> unless it is 1 (a mean).
    /// </summary>
    internal static void RunPasses<T>(ReduceKind kind, ReducePass[] passes, ReadOnlySpan<T> x, Span<T> scratchA, Span<T> scratchB, Span<T> result, double scale)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        ReadOnlySpan<T> current = x;
        for (int i = 0; i < passes.Length; i++)
        {
            var p = passes[i];
            var target = i == passes.Length - 1 ? result : (i % 2 == 0 ? scratchA : scratchB)[..p.Size];
            ReduceKernels.Axis(kind, current, p.Outer, p.N, p.Inner, target);
            current = target;
        }

        ScaleInPlace(result, scale);
    }

    private static void ScaleInPlace<T>(Span<T> values, double scale)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        if (scale != 1)
        {
            TP.Multiply(values, T.CreateTruncating(scale), values);
        }
    }

    /// <summary>The size the scratch buffers of <see cref="RunPasses{T}"/> need (0 for a single pass).</summary>
    internal static int ScratchSize(ReducePass[] passes)
    {
        int n = 0;
        for (int i = 0; i < passes.Length - 1; i++)
        {
            n = Math.Max(n, passes[i].Size);
        }

        return n;
    }

    /// <summary>The reduction's forward pass, producing the kept-dims shape (every axis when <paramref name="axes"/> is empty).</summary>
    private static Tensor ForwardKept(ReduceKind kind, Tensor x, int[] axes, double scale = 1)
    {
        var kept = axes.Length == 0 ? Shape.Scalar : KeptShape(x.Shape, axes);
        var r = Tensor.Uninitialized(kept, x.DType);
        if (kind == ReduceKind.Sum && kept.Size == 1 && BlockSum.Applies(x.Size))
        {
            // The block rule (BlockSum): block sums in parallel, added in block order (the same for any thread count,
            // and what a replay, fused or not, computes).
            var partial = new double[BlockSum.Blocks(x.Size)];
            int parts = ParallelKernels.ShouldSplit(x.Size) ? Math.Min(ParallelKernels.MaxThreads, partial.Length) : 1;
            int per = (partial.Length + parts - 1) / parts;
            Parallel.For(0, parts, p =>
            {
                int first = p * per;
                int count = Math.Min(per, partial.Length - first);
                if (count > 0)
                {
                    if (x.DType == DType.Float64)
                    {
                        BlockSum.Partials(x.Span<double>(), first, partial.AsSpan(first, count));
                    }
                    else
                    {
                        BlockSum.Partials(x.Span<float>(), first, partial.AsSpan(first, count));
                    }
                }
            });

            if (x.DType == DType.Float64)
            {
                r.Span<double>()[0] = BlockSum.Combine<double>(partial);
                ScaleInPlace(r.Span<double>(), scale);
            }
            else
            {
                r.Span<float>()[0] = BlockSum.Combine<float>(partial);
                ScaleInPlace(r.Span<float>(), scale);
            }

            return r;
        }

        var passes = Passes(x.Shape.Dims, axes);
        int scratch = ScratchSize(passes);
        if (x.DType == DType.Float64)
        {
            var a = scratch == 0 ? null : Tensors.StoragePool.Rent<double>(scratch);
            var b = passes.Length > 2 ? Tensors.StoragePool.Rent<double>(scratch) : null;
            RunPasses(kind, passes, x.Span<double>(), a, b, r.Span<double>(), scale);
            Return(a);
            Return(b);
        }
        else
        {
            var a = scratch == 0 ? null : Tensors.StoragePool.Rent<float>(scratch);
            var b = passes.Length > 2 ? Tensors.StoragePool.Rent<float>(scratch) : null;
            RunPasses(kind, passes, x.Span<float>(), a, b, r.Span<float>(), scale);
            Return(a);
            Return(b);
        }

        return r;
    }

    private static void Return<T>(T[]? buffer)
    {
        if (buffer is not null)
        {
            Tensors.StoragePool.Return(buffer);
        }
    }

    /// <summary>
    /// The replay step of a reduction node: the eager forward's passes on the program's slots (a uniform input, or one
    /// the eager forward would split across cores, is not replayed).
    /// </summary>
    private static Action? LowerReduction<T>(Replay.ReplayLowering<T> lowering, Node node, Tensor x, ReduceKind kind, int[] axes, double scale)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        if (lowering.Input(x) is not { } input || Replay.ReplayLowering<T>.IsUniform(input, x.Size))
        {
            return null;
        }

        var passes = Passes(x.Shape.Dims, axes);
        if (passes[^1].Size != node.Output.Size || lowering.Output(node) is not { } output)
        {
            return null;
        }

        if (kind == ReduceKind.Sum && node.Output.Size == 1 && passes.Length == 1)
        {
            // A full sum: one pass below the parallel size, the block rule above (as the eager reduction forms it).
            return lowering.Describe(new Replay.ReplayStep<T> { Kind = Replay.ReplayStepKind.Sum, A = input, Out = output, Scale = T.CreateTruncating(scale), Scaled = scale != 1 });
        }

        int scratch = ScratchSize(passes);
        var a = lowering.Scratch(scratch);
        var b = lowering.Scratch(passes.Length > 2 ? scratch : 0);
        var arena = lowering.Arena;
        return () => RunPasses<T>(kind, passes, arena[input], arena[a], arena[b], arena[output], scale);
    }

    /// <summary>The reduced axes of a kept-dims reduction from <paramref name="x"/> to <paramref name="kept"/> (every axis for one value).</summary>
    private static int[] ReducedAxes(Shape x, Shape kept)
    {
        if (kept.Size == 1)
        {
            return [];
        }

        var axes = new List<int>();
        for (int a = 0; a < x.Rank; a++)
        {
            if (kept.Rank == x.Rank && kept.Dims[a] != x.Dims[a])
            {
                axes.Add(a);
            }
        }

        return [.. axes];
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
        double scale = 1.0 / count;
        var kept = ForwardKept(ReduceKind.Sum, x, ax, scale);

        if (Tape.ShouldRecord(x, out var tape))
        {
            tape.Record(new SumNode(x, scale), kept);
        }

        return Finish(kept, x.Shape, ax, keepDims);
    }

    /// <summary>Gradient of a (scaled) sum: the upstream gradient broadcast back over the reduced axes.</summary>
    private sealed class SumNode(Tensor x, double scale) : Node
    {
        /// <summary>The forward passes (and scale for a mean) on the program's slots.</summary>
        public override Action? Lower<T>(Replay.ReplayLowering<T> lowering) =>
            LowerReduction(lowering, this, x, ReduceKind.Sum, ReducedAxes(x.Shape, Output.Shape), scale);

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
            tape.Record(new ExtremumNode(kind, x, ax), kept);
        }

        return Finish(kept, x.Shape, ax, keepDims);
    }

    /// <summary>The gradient is shared evenly among the elements equal to the extremum (PyTorch's amax rule).</summary>
    private sealed class ExtremumNode(ReduceKind kind, Tensor x, int[] axes) : Node
    {
        public override Action? Lower<T>(Replay.ReplayLowering<T> lowering) => LowerReduction(lowering, this, x, kind, axes, 1);

        public override void Backward(Tensor g, GradientSink sink)
        {
            var hit = Binary.Compare<CompareOp<EqualCmp>>(x, ShapeOps.BroadcastTo(Output, x.Shape));
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
        public override Action? Lower<T>(Replay.ReplayLowering<T> lowering) => LowerReduction(lowering, this, x, ReduceKind.Prod, axes, 1);

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
        if (!ParallelKernels.ShouldSplit(x.Size))
        {
            kept = Tensor.Uninitialized(ax.Length == 0 ? Shape.Scalar : KeptShape(x.Shape, ax), x.DType);
            if (x.DType == DType.Float64)
            {
                LogSumExpRented(x.Span<double>(), x.Shape.Dims, ax, kept.Span<double>(), kept.Shape.Dims);
            }
            else
            {
                LogSumExpRented(x.Span<float>(), x.Shape.Dims, ax, kept.Span<float>(), kept.Shape.Dims);
            }
        }
        else
        {
            using (Grad.NoGrad())
            {
                // Large tensors: the same steps as tensor operations, whose kernels split across cores.
                var m = ForwardKept(ReduceKind.Max, x, ax);
                if (m.DType == DType.Float64)
                {
                    ZeroInfinities(m.Span<double>());
                }
                else
                {
                    ZeroInfinities(m.Span<float>());
                }

                var e = Unary.Exp(Binary.Subtract(x, m));
                kept = Binary.Add(Unary.Log(ForwardKept(ReduceKind.Sum, e, ax)), m);
            }
        }

        if (Tape.ShouldRecord(x, out var tape))
        {
            tape.Record(new LogSumExpNode(x, ax), kept);
        }

        return Finish(kept, x.Shape, ax, keepDims);
    }

    /// <summary>An infinite maximum is replaced by 0, so that inf - inf never occurs in the shift.</summary>
    private static void ZeroInfinities<T>(Span<T> m)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        for (int i = 0; i < m.Length; i++)
        {
            if (T.IsInfinity(m[i]))
            {
                m[i] = T.Zero;
            }
        }
    }

    private static void LogSumExpRented<T>(Span<T> x, int[] dims, int[] axes, Span<T> result, int[] keptDims)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var passes = Passes(dims, axes);
        int scratch = Math.Max(ScratchSize(passes), 1);
        var a = Tensors.StoragePool.Rent<T>(scratch);
        var b = Tensors.StoragePool.Rent<T>(scratch);
        var m = Tensors.StoragePool.Rent<T>(result.Length);
        var e = Tensors.StoragePool.Rent<T>(x.Length);
        LogSumExpInto(x, dims, passes, keptDims, m.AsSpan(0, result.Length), e.AsSpan(0, x.Length), a, b, result);
        Return(a);
        Return(b);
        Return(m);
        Return(e);
    }

    /// <summary>
    /// The log-sum-exp's span step (eager below the parallel size, and replay): result = log(sum(exp(x - m))) + m with m
    /// the maximum (0 where infinite), over the reduction <paramref name="passes"/> to <paramref name="keptDims"/>; <paramref name="m"/> and
    /// <paramref name="e"/> are working space of the result's and x's sizes, <paramref name="scratchA"/> and
    /// <paramref name="scratchB"/> the passes'.
    /// </summary>
    private static void LogSumExpInto<T>(Span<T> x, int[] dims, ReducePass[] passes, int[] keptDims, Span<T> m, Span<T> e, Span<T> scratchA, Span<T> scratchB, Span<T> result)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        RunPasses<T>(ReduceKind.Max, passes, x, scratchA, scratchB, m, 1);
        ZeroInfinities(m);
        BinaryKernels.Run<T, SubtractOp>(x, dims, m, keptDims, e, dims);
        Unary.ExpRule.Forward<T>()(e, e);
        RunPasses<T>(ReduceKind.Sum, passes, e, scratchA, scratchB, result, 1);
        Unary.LogRule.Forward<T>()(result, result);
        AddOp.Same<T>(result, m, result);
    }

    /// <summary>d lse / dx = softmax(x) = exp(x - lse).</summary>
    private sealed class LogSumExpNode(Tensor x, int[] axes) : Node
    {
        public override Action? Lower<T>(Replay.ReplayLowering<T> lowering)
        {
            if (lowering.Input(x) is not { } input || input.Length != x.Size || ParallelKernels.ShouldSplit(x.Size)
                || lowering.Output(this) is not { } output)
            {
                return null;
            }

            var dims = x.Shape.Dims;
            var passes = Passes(dims, axes);
            int scratch = Math.Max(ScratchSize(passes), 1);
            var a = lowering.Scratch(scratch);
            var b = lowering.Scratch(scratch);
            var m = lowering.Scratch(Output.Size);
            var e = lowering.Scratch(x.Size);
            var arena = lowering.Arena;
            var keptDims = Output.Shape.Dims;
            return () => LogSumExpInto<T>(arena[input], dims, passes, keptDims, arena[m], arena[e], arena[a], arena[b], arena[output]);
        }

        public override void Backward(Tensor g, GradientSink sink)
        {
            var softmax = Unary.Exp(Binary.Subtract(x, Output));
            sink.Add(x, Binary.Multiply(softmax, ShapeOps.BroadcastTo(g, x.Shape)));
        }
    }
}
