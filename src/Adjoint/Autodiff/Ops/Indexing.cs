using Adjoint.Tensors;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Adjoint.Autodiff.Ops;

/// <summary>
/// Strided slicing and its adjoint (writing a slice into zeros), concatenation, and integer-index gather and
/// scatter-add along the first axis, each with its derivative rule.
/// </summary>
internal static class Indexing
{
    // ---- strided slice ---------------------------------------------------------------------------------------

    /// <summary>
    /// Selects, on each axis, <paramref name="counts"/>[a] elements starting at <paramref name="starts"/>[a] with
    /// stride <paramref name="steps"/>[a] (steps may be negative); the result keeps the rank.
    /// </summary>
    public static Tensor Slice(Tensor x, int[] starts, int[] steps, int[] counts)
    {
        Tensor r;
        if (ContiguousOffset(x.Shape.Dims, starts, steps, counts) is int offset)
        {
            // A contiguous block (e.g. x[1..], or whole rows): a view, no copy.
            r = x.ViewAt(offset, Shape.FromOwned(counts));
        }
        else
        {
            r = Tensor.Uninitialized(Shape.FromOwned(counts), x.DType);
            Copy(x, starts, steps, counts, r);
        }

        if (Tape.ShouldRecord(x, out var tape))
        {
            tape.Record(new SliceNode(x, starts, steps, counts), r);
        }

        return r;
    }

    /// <summary>
    /// The element offset of the selection when it is one contiguous block of the row-major storage: every axis
    /// after the first partial one is whole, the partial one has step 1, and every axis before it selects one element.
    /// </summary>
    internal static int? ContiguousOffset(int[] dims, int[] starts, int[] steps, int[] counts)
    {
        int r = dims.Length;
        int last = -1;
        for (int a = 0; a < r; a++)
        {
            if (!(starts[a] == 0 && steps[a] == 1 && counts[a] == dims[a]))
            {
                last = a;
            }
        }

        if (last >= 0)
        {
            if (steps[last] != 1 && counts[last] > 1)
            {
                return null;
            }

            for (int a = 0; a < last; a++)
            {
                if (counts[a] != 1)
                {
                    return null;
                }
            }
        }

        int offset = 0, stride = 1;
        for (int a = r - 1; a >= 0; a--)
        {
            offset += starts[a] * stride;
            stride *= dims[a];
        }

        return offset;
    }

    private static void Copy(Tensor x, int[] starts, int[] steps, int[] counts, Tensor r)
    {
        if (x.DType == DType.Float64)
        {
            SliceInto(x.Span<double>(), x.Shape.Dims, starts, steps, counts, r.Span<double>());
        }
        else
        {
            SliceInto(x.Span<float>(), x.Shape.Dims, starts, steps, counts, r.Span<float>());
        }
    }

    /// <summary>
    /// The slice's span step (eager and replay): the selected elements of <paramref name="x"/>, which has
    /// <paramref name="dims"/>, copied in order into <paramref name="result"/>.
    /// </summary>
    internal static void SliceInto<T>(Span<T> x, int[] dims, int[] starts, int[] steps, int[] counts, Span<T> result)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        if (ContiguousOffset(dims, starts, steps, counts) is int offset)
        {
            x.Slice(offset, result.Length).CopyTo(result);
        }
        else
        {
            StridedCopy(x, dims, starts, steps, counts, result, StridedMode.Gather);
        }
    }

    private sealed class SliceNode(Tensor x, int[] starts, int[] steps, int[] counts) : Node
    {
        public override Action? Lower<T>(Replay.ReplayLowering<T> lowering)
        {
            if (lowering.Input(x) is not { } input)
            {
                return null;
            }

            var arena = lowering.Arena;
            var dims = x.Shape.Dims;
            int size = Output.Size;
            bool oneRow = lowering.IsUniformRowSource(x) && counts[0] == 1;
            if (oneRow || Replay.ReplayLowering<T>.IsUniform(input, x.Size))
            {
                // Every selected element holds the same value.
                int at = oneRow ? starts[0] * dims[1] : 0;
                return lowering.Output(this, uniform: size > 1) is { } one
                    ? lowering.Describe(new Replay.ReplayStep<T> { Kind = Replay.ReplayStepKind.Copy, A = new Replay.ReplaySlot(input.Offset + at, 1), Out = one })
                    : null;
            }

            if (lowering.Output(this) is not { } output)
            {
                return null;
            }

            if (ContiguousOffset(dims, starts, steps, counts) is int offset)
            {
                // An offset into the input: a copy of a contiguous view (which fused replay reads in place).
                return lowering.Describe(new Replay.ReplayStep<T> { Kind = Replay.ReplayStepKind.Copy, A = new Replay.ReplaySlot(input.Offset + offset, size), Out = output });
            }

            return () => SliceInto(arena[input], dims, starts, steps, counts, arena[output]);
        }

        public override void Backward(Tensor g, GradientSink sink) => sink.AddSlice(x, g, starts, steps, counts);
    }

    /// <summary>A tensor of <paramref name="full"/> shape, zero except where the slice of <paramref name="g"/> goes.</summary>
    public static Tensor SliceAdjoint(Tensor g, Shape full, int[] starts, int[] steps, int[] counts)
    {
        var r = Tensor.Uninitialized(full, g.DType);
        if (g.DType == DType.Float64)
        {
            SliceAdjointInto(g.Span<double>(), full.Dims, starts, steps, counts, r.Span<double>());
        }
        else
        {
            SliceAdjointInto(g.Span<float>(), full.Dims, starts, steps, counts, r.Span<float>());
        }

        if (Tape.ShouldRecord(g, out var tape))
        {
            tape.Record(new SliceAdjointNode(g, starts, steps, counts), r);
        }

        return r;
    }

    /// <summary>The slice adjoint's span step: <paramref name="result"/> (with <paramref name="dims"/>) zero but for <paramref name="g"/> in the slice.</summary>
    private static void SliceAdjointInto<T>(Span<T> g, int[] dims, int[] starts, int[] steps, int[] counts, Span<T> result)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        if (ContiguousOffset(dims, starts, steps, counts) is int offset)
        {
            // Zero only around the block, then copy the block in.
            result[..offset].Clear();
            g.CopyTo(result.Slice(offset, g.Length));
            result[(offset + g.Length)..].Clear();
        }
        else
        {
            result.Clear();
            StridedCopy(result, dims, starts, steps, counts, g, StridedMode.Scatter);
        }
    }

    /// <summary>Adds <paramref name="g"/> into the slice of <paramref name="target"/> in place (target must be private to the caller).</summary>
    public static void AddIntoSlice(Tensor target, int[] starts, int[] steps, int[] counts, Tensor g)
    {
        if (target.DType == DType.Float64)
        {
            AccumulateSlice(target.Span<double>(), target.Shape.Dims, starts, steps, counts, g.Span<double>(), uniform: false);
        }
        else
        {
            AccumulateSlice(target.Span<float>(), target.Shape.Dims, starts, steps, counts, g.Span<float>(), uniform: false);
        }
    }

    /// <summary>
    /// The span step that adds a slice into a full tensor (gradient accumulation, and the deferred slice sums of replay):
    /// full[slice] += g, where a <paramref name="uniform"/> g is one value standing for all.
    /// </summary>
    internal static void AccumulateSlice<T>(Span<T> full, int[] dims, int[] starts, int[] steps, int[] counts, Span<T> g, bool uniform)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        StridedCopy(full, dims, starts, steps, counts, g, uniform ? StridedMode.AccumulateOne : StridedMode.Accumulate);

    private sealed class SliceAdjointNode(Tensor g, int[] starts, int[] steps, int[] counts) : Node
    {
        /// <summary>Kept as one piece of a deferred sum: zeros with the slice added in where the sum is formed.</summary>
        public override Action? Lower<T>(Replay.ReplayLowering<T> lowering)
        {
            if (lowering.Input(g) is not { } input)
            {
                return null;
            }

            lowering.DeferSliceAdjoint(this, input, starts, steps, counts);
            return Replay.ReplaySteps.Skip;
        }

        public override void Backward(Tensor gg, GradientSink sink) => sink.Add(g, Slice(gg, starts, steps, counts));
    }

    /// <summary>
    /// Gather: dense = full[slice]; scatter: full[slice] = dense; accumulate: full[slice] += dense (with AccumulateOne,
    /// dense holds one value that stands for all). <paramref name="full"/> has dims <paramref name="dims"/>;
    /// <paramref name="dense"/> is contiguous with dims <paramref name="counts"/>. Allocates nothing.
    /// </summary>
    private static void StridedCopy<T>(Span<T> full, int[] dims, int[] starts, int[] steps, int[] counts, Span<T> dense, StridedMode mode)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        int r = dims.Length;
        int total = 1;
        foreach (int c in counts)
        {
            total *= c;
        }

        if (total == 0)
        {
            return;
        }

        if (r == 0)
        {
            Move(full.Slice(0, 1), dense.Slice(0, 1), mode);
            return;
        }

        Span<int> stride = r <= 16 ? stackalloc int[r] : new int[r];
        Span<int> idx = r <= 16 ? stackalloc int[r] : new int[r];
        idx.Clear();
        int acc = 1;
        for (int a = r - 1; a >= 0; a--)
        {
            stride[a] = acc;
            acc *= dims[a];
        }

        int off = 0;
        for (int i = 0; i < r; i++)
        {
            off += starts[i] * stride[i];
        }

        bool one = mode == StridedMode.AccumulateOne;
        int inner = counts[r - 1];
        int innerStep = steps[r - 1];
        int outer = total / inner;
        for (int row = 0; row < outer; row++)
        {
            var d = one ? dense : dense.Slice(row * inner, inner);
            if (innerStep == 1)
            {
                Move(full.Slice(off, inner), d, mode);
            }
            else
            {
                int s = off;
                for (int j = 0; j < inner; j++, s += innerStep)
                {
                    switch (mode)
                    {
                        case StridedMode.Gather: d[j] = full[s]; break;
                        case StridedMode.Scatter: full[s] = d[j]; break;
                        case StridedMode.Accumulate: full[s] += d[j]; break;
                        default: full[s] += d[0]; break;
                    }
                }
            }

            for (int ax = r - 2; ax >= 0; ax--)
            {
                if (++idx[ax] < counts[ax])
                {
                    off += steps[ax] * stride[ax];
                    break;
                }

                idx[ax] = 0;
                off -= steps[ax] * stride[ax] * (counts[ax] - 1);
            }
        }
    }

    private enum StridedMode
    {
        Gather,
        Scatter,
        Accumulate,
        AccumulateOne,
    }

    private static void Move<T>(Span<T> full, Span<T> dense, StridedMode mode)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        switch (mode)
        {
            case StridedMode.Gather: full.CopyTo(dense); break;
            case StridedMode.Scatter: dense.CopyTo(full); break;
            case StridedMode.Accumulate: TP.Add(full, dense, full); break;
            default: TP.Add(full, dense[0], full); break;
        }
    }

    // ---- concatenation ---------------------------------------------------------------------------------------

    /// <summary>Joins tensors along an existing axis; all other dimensions must agree.</summary>
    public static Tensor Concat(IReadOnlyList<Tensor> xs, int axis)
    {
        ArgumentNullException.ThrowIfNull(xs);
        if (xs.Count == 0)
        {
            throw new ArgumentException("Concat needs at least one tensor.", nameof(xs));
        }

        xs = DTypePromotion.Resolve("Concat", xs);
        var first = xs[0];
        if (first.Rank == 0)
        {
            throw new ArgumentException("Concat: scalars have no axis to join along; use Stack.", nameof(xs));
        }

        int ax = first.Shape.NormalizeAxis(axis);
        var od = first.Shape.ToArray();
        int total = 0;
        foreach (var t in xs)
        {
            if (t.Rank != first.Rank)
            {
                throw new ArgumentException($"Concat: shapes {first.Shape} and {t.Shape} differ in rank.", nameof(xs));
            }

            for (int i = 0; i < od.Length; i++)
            {
                if (i != ax && t.Shape.Dims[i] != od[i])
                {
                    throw new ArgumentException($"Concat: shapes {first.Shape} and {t.Shape} differ off axis {ax}.", nameof(xs));
                }
            }

            total += t.Shape.Dims[ax];
        }

        od[ax] = total;
        var shape = Shape.FromOwned(od);
        var r = Tensor.Uninitialized(shape, first.DType);
        int outer = 1, inner = 1;
        for (int i = 0; i < ax; i++)
        {
            outer *= od[i];
        }

        for (int i = ax + 1; i < od.Length; i++)
        {
            inner *= od[i];
        }

        int rowLen = total * inner;
        int col = 0;
        bool record = false;
        Tape? tape = null;
        foreach (var t in xs)
        {
            int w = t.Shape.Dims[ax] * inner;
            if (r.DType == DType.Float64)
            {
                ConcatPart(t.Span<double>(), uniform: false, r.Span<double>(), outer, rowLen, col, w);
            }
            else
            {
                ConcatPart(t.Span<float>(), uniform: false, r.Span<float>(), outer, rowLen, col, w);
            }

            col += w;
            if (!record && Tape.ShouldRecord(t, out var tp))
            {
                record = true;
                tape = tp;
            }
        }

        if (record)
        {
            tape!.Record(new ConcatNode([.. xs], ax), r);
        }

        return r;
    }

    /// <summary>
    /// The concatenation's span step for one input (eager and replay): its <paramref name="outer"/> rows of
    /// <paramref name="width"/> values each go to <paramref name="column"/> of the result's rows of
    /// <paramref name="rowLength"/>; a <paramref name="uniform"/> input is one value standing for all.
    /// </summary>
    private static void ConcatPart<T>(Span<T> part, bool uniform, Span<T> result, int outer, int rowLength, int column, int width)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        for (int o = 0; o < outer; o++)
        {
            var target = result.Slice((o * rowLength) + column, width);
            if (uniform)
            {
                target.Fill(part[0]);
            }
            else
            {
                part.Slice(o * width, width).CopyTo(target);
            }
        }
    }

    private sealed class ConcatNode(Tensor[] xs, int axis) : Node
    {
        /// <summary>Each input's rows copied into place (a uniform input fills its part).</summary>
        public override Action? Lower<T>(Replay.ReplayLowering<T> lowering)
        {
            var inputs = new Replay.ReplaySlot[xs.Length];
            for (int k = 0; k < xs.Length; k++)
            {
                if (lowering.Input(xs[k]) is not { } slot)
                {
                    return null;
                }

                inputs[k] = slot;
            }

            if (lowering.Output(this) is not { } output)
            {
                return null;
            }

            var dims = Output.Shape.Dims;
            int outer = 1, inner = 1;
            for (int a = 0; a < axis; a++)
            {
                outer *= dims[a];
            }

            for (int a = axis + 1; a < dims.Length; a++)
            {
                inner *= dims[a];
            }

            int rowLength = dims[axis] * inner;
            var widths = xs.Select(x => x.Shape.Dims[axis] * inner).ToArray();
            var sizes = xs.Select(x => x.Size).ToArray();
            var arena = lowering.Arena;
            return () =>
            {
                var target = arena[output];
                int column = 0;
                for (int k = 0; k < inputs.Length; k++)
                {
                    var source = arena[inputs[k]];
                    ConcatPart(source, source.Length == 1 && sizes[k] > 1, target, outer, rowLength, column, widths[k]);
                    column += widths[k];
                }
            };
        }

        public override void Backward(Tensor g, GradientSink sink)
        {
            int r = g.Rank;
            int offset = 0;
            foreach (var x in xs)
            {
                int n = x.Shape.Dims[axis];
                if (sink.Wants(x))
                {
                    var starts = new int[r];
                    var steps = new int[r];
                    var counts = g.Shape.ToArray();
                    Array.Fill(steps, 1);
                    starts[axis] = offset;
                    counts[axis] = n;
                    sink.Add(x, Slice(g, starts, steps, counts));
                }

                offset += n;
            }
        }
    }

    // ---- gather / scatter-add along axis 0 -------------------------------------------------------------------

    /// <summary>Rows of <paramref name="source"/> (along axis 0) at <paramref name="indices"/>: shape (k, rest...).</summary>
    public static Tensor Gather(Tensor source, int[] indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        if (source.Rank == 0)
        {
            throw new ArgumentException("Gather: a scalar has no rows.", nameof(source));
        }

        int rows = source.Shape.Dims[0];
        int width = rows == 0 ? 0 : source.Size / rows;
        var idx = CheckIndices("Gather", indices, rows);
        var od = source.Shape.ToArray();
        od[0] = indices.Length;
        var r = Tensor.Uninitialized(Shape.FromOwned(od), source.DType);
        if (source.DType == DType.Float64)
        {
            GatherRows(source.Span<double>(), idx, width, r.Span<double>());
        }
        else
        {
            GatherRows(source.Span<float>(), idx, width, r.Span<float>());
        }

        if (Tape.ShouldRecord(source, out var tape))
        {
            tape.Record(new GatherNode(source, idx), r);
        }

        return r;
    }

    private sealed class GatherNode(Tensor source, int[] indices) : Node
    {
        public override Action? Lower<T>(Replay.ReplayLowering<T> lowering)
        {
            if (lowering.Input(source) is not { } input || input.Length != source.Size || lowering.Output(this) is not { } output)
            {
                return null;
            }

            int rows = source.Shape.Dims[0];
            int width = rows == 0 ? 0 : source.Size / rows;
            var arena = lowering.Arena;
            return () => GatherRows<T>(arena[input], indices, width, arena[output]);
        }

        public override void Backward(Tensor g, GradientSink sink) =>
            sink.Add(source, ScatterAdd(Tensor.ZerosInternal(source.Shape, source.DType), indices, g));
    }

    /// <summary>A copy of <paramref name="input"/> with row <paramref name="indices"/>[i] increased by row i of <paramref name="values"/>.</summary>
    public static Tensor ScatterAdd(Tensor input, int[] indices, Tensor values)
    {
        ArgumentNullException.ThrowIfNull(indices);
        DTypePromotion.Resolve("ScatterAdd", ref input, ref values);
        if (input.Rank == 0)
        {
            throw new ArgumentException("ScatterAdd: a scalar has no rows.", nameof(input));
        }

        var expected = input.Shape.ToArray();
        expected[0] = indices.Length;
        if (values.Shape != Shape.FromOwned(expected))
        {
            throw new ArgumentException($"ScatterAdd: values have shape {values.Shape}; {indices.Length} indices into {input.Shape} need {Shape.FromOwned(expected)}.", nameof(values));
        }

        int rows = input.Shape.Dims[0];
        int width = rows == 0 ? 0 : input.Size / rows;
        var idx = CheckIndices("ScatterAdd", indices, rows);
        var r = Tensor.Uninitialized(input.Shape, input.DType);
        if (input.DType == DType.Float64)
        {
            input.Span<double>().CopyTo(r.Span<double>());
            ScatterRows(values.Span<double>(), idx, width, r.Span<double>());
        }
        else
        {
            input.Span<float>().CopyTo(r.Span<float>());
            ScatterRows(values.Span<float>(), idx, width, r.Span<float>());
        }

        if (Tape.ShouldRecord(input, values, out var tape))
        {
            tape.Record(new ScatterAddNode(input, idx, values), r);
        }

        return r;
    }

    private sealed class ScatterAddNode(Tensor input, int[] indices, Tensor values) : Node
    {
        public override Action? Lower<T>(Replay.ReplayLowering<T> lowering)
        {
            if (lowering.Input(input) is not { } target || target.Length != input.Size
                || lowering.Input(values) is not { } added || added.Length != values.Size
                || lowering.Output(this) is not { } output)
            {
                return null;
            }

            int rows = input.Shape.Dims[0];
            int width = rows == 0 ? 0 : input.Size / rows;
            var arena = lowering.Arena;
            return () =>
            {
                var result = arena[output];
                arena[target].CopyTo(result);
                ScatterRows<T>(arena[added], indices, width, result);
            };
        }

        public override void Backward(Tensor g, GradientSink sink)
        {
            sink.Add(input, g);
            if (sink.Wants(values))
            {
                sink.Add(values, Gather(g, indices));
            }
        }
    }

    private static int[] CheckIndices(string op, int[] indices, int rows)
    {
        int[]? fixedUp = null;
        for (int i = 0; i < indices.Length; i++)
        {
            int k = indices[i];
            if (k < 0)
            {
                fixedUp ??= (int[])indices.Clone();
                fixedUp[i] = k + rows;
                k += rows;
            }

            if ((uint)k >= (uint)rows)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), $"{op}: index {indices[i]} at position {i} is out of range for {rows} rows.");
            }
        }

        return fixedUp ?? indices;
    }

    private static void GatherRows<T>(ReadOnlySpan<T> src, int[] idx, int width, Span<T> dst)
        where T : unmanaged
    {
        if (width < 32)
        {
            // Short rows: one block copy each, without span bookkeeping.
            uint bytes = (uint)(width * System.Runtime.CompilerServices.Unsafe.SizeOf<T>());
            ref byte s0 = ref System.Runtime.CompilerServices.Unsafe.As<T, byte>(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(src));
            ref byte d0 = ref System.Runtime.CompilerServices.Unsafe.As<T, byte>(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(dst));
            for (int i = 0; i < idx.Length; i++)
            {
                System.Runtime.CompilerServices.Unsafe.CopyBlockUnaligned(
                    ref System.Runtime.CompilerServices.Unsafe.Add(ref d0, (nint)i * (nint)bytes),
                    ref System.Runtime.CompilerServices.Unsafe.Add(ref s0, (nint)idx[i] * (nint)bytes),
                    bytes);
            }

            return;
        }

        for (int i = 0; i < idx.Length; i++)
        {
            src.Slice(idx[i] * width, width).CopyTo(dst.Slice(i * width, width));
        }
    }

    private static void ScatterRows<T>(ReadOnlySpan<T> values, int[] idx, int width, Span<T> dst)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        if (width < 16)
        {
            ref T d0 = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(dst);
            ref T v0 = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(values);
            for (int i = 0; i < idx.Length; i++)
            {
                ref T row = ref System.Runtime.CompilerServices.Unsafe.Add(ref d0, (nint)idx[i] * width);
                ref T v = ref System.Runtime.CompilerServices.Unsafe.Add(ref v0, (nint)i * width);
                for (int j = 0; j < width; j++)
                {
                    System.Runtime.CompilerServices.Unsafe.Add(ref row, j) += System.Runtime.CompilerServices.Unsafe.Add(ref v, j);
                }
            }

            return;
        }

        for (int i = 0; i < idx.Length; i++)
        {
            var row = dst.Slice(idx[i] * width, width);
            TP.Add(row, values.Slice(i * width, width), row);
        }
    }
}
