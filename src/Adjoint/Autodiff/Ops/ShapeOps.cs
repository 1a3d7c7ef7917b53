using Adjoint.Tensors;
using Adjoint.Tensors.Kernels;

namespace Adjoint.Autodiff.Ops;

/// <summary>Reshape, broadcast and axis permutation, with their derivative rules.</summary>
internal static class ShapeOps
{
    /// <summary>The same elements under another shape; one dimension may be -1 (inferred).</summary>
    public static Tensor Reshape(Tensor x, Shape shape)
    {
        shape = Infer(x, shape);
        if (shape == x.Shape)
        {
            return x;
        }

        var r = x.ViewAs(shape);
        if (Tape.ShouldRecord(x, out var tape))
        {
            tape.Record(new ReshapeNode(x), r);
        }

        return r;
    }

    /// <summary>Resolves a -1 dimension and checks the element count.</summary>
    public static Shape Infer(Tensor x, ReadOnlySpan<int> dims)
    {
        int unknown = -1;
        long known = 1;
        for (int i = 0; i < dims.Length; i++)
        {
            if (dims[i] == -1)
            {
                if (unknown >= 0)
                {
                    throw new ArgumentException($"Reshape: at most one dimension may be -1 in ({string.Join(", ", dims.ToArray())}).");
                }

                unknown = i;
            }
            else if (dims[i] < 0)
            {
                throw new ArgumentException($"Reshape: negative dimension in ({string.Join(", ", dims.ToArray())}).");
            }
            else
            {
                known *= dims[i];
            }
        }

        var d = dims.ToArray();
        if (unknown >= 0)
        {
            if (known == 0 || x.Size % known != 0)
            {
                throw new ArgumentException($"Reshape: cannot reshape {x.Shape} into ({string.Join(", ", d)}).");
            }

            d[unknown] = (int)(x.Size / known);
            known *= d[unknown];
        }

        if (known != x.Size)
        {
            throw new ArgumentException($"Reshape: cannot reshape {x.Shape} ({x.Size} elements) into ({string.Join(", ", d)}).");
        }

        return Shape.FromOwned(d);
    }

    private static Shape Infer(Tensor x, Shape shape) => Infer(x, shape.Dimensions);

    private sealed class ReshapeNode(Tensor x) : Node
    {
        public override Action? Lower<T>(Replay.ReplayLowering<T> lowering) => Replay.ReplaySteps.Copy(lowering, x, this);

        public override void Backward(Tensor g, GradientSink sink) => sink.Add(x, Reshape(g, x.Shape));
    }

    /// <summary>Broadcasts <paramref name="x"/> to <paramref name="shape"/> (numpy's broadcast_to, materialized).</summary>
    public static Tensor BroadcastTo(Tensor x, Shape shape)
    {
        if (x.Shape == shape)
        {
            return x;
        }

        if (!Broadcasting.BroadcastsTo(x.Shape, shape))
        {
            throw new ArgumentException($"BroadcastTo: shape {x.Shape} cannot be broadcast to {shape}.");
        }

        if (x.Size == shape.Size)
        {
            return Reshape(x, shape);
        }

        var r = Tensor.Uninitialized(shape, x.DType);
        if (x.DType == DType.Float64)
        {
            Broadcast(x.Span<double>(), x.Shape.Dims, r.Span<double>(), shape.Dims);
        }
        else
        {
            Broadcast(x.Span<float>(), x.Shape.Dims, r.Span<float>(), shape.Dims);
        }

        if (Tape.ShouldRecord(x, out var tape))
        {
            tape.Record(new BroadcastNode(x), r);
        }

        return r;
    }

    /// <summary>The broadcast's span step (eager and replay): <paramref name="x"/> with <paramref name="xDims"/> repeated into <paramref name="result"/>.</summary>
    private static void Broadcast<T>(ReadOnlySpan<T> x, int[] xDims, Span<T> result, int[] resultDims)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        BinaryKernels.Run<T, TakeLeftOp>(x, xDims, x[..1], [], result, resultDims);

    private sealed class BroadcastNode(Tensor x) : Node
    {
        /// <summary>A single value broadcast is held once (uniform); otherwise the forward pass's kernel.</summary>
        public override Action? Lower<T>(Replay.ReplayLowering<T> lowering)
        {
            if (lowering.Input(x) is not { } input)
            {
                return null;
            }

            var arena = lowering.Arena;
            if (input.Length == 1)
            {
                return lowering.Output(this, uniform: Output.Size > 1) is { } one
                    ? lowering.Describe(new Replay.ReplayStep<T> { Kind = Replay.ReplayStepKind.Copy, A = new Replay.ReplaySlot(input.Offset, 1), Out = one })
                    : null;
            }

            if (lowering.Output(this) is not { } output)
            {
                return null;
            }

            var xDims = x.Shape.Dims;
            var outDims = Output.Shape.Dims;
            return () => Broadcast<T>(arena[input], xDims, arena[output], outDims);
        }

        public override void Backward(Tensor g, GradientSink sink) => sink.Add(x, Broadcasting.SumTo(g, x.Shape));
    }

    /// <summary>Reorders the axes: result axis i is input axis <paramref name="perm"/>[i].</summary>
    public static Tensor Permute(Tensor x, int[] perm)
    {
        ArgumentNullException.ThrowIfNull(perm);
        int r = x.Rank;
        if (perm.Length != r)
        {
            throw new ArgumentException($"Permute: {perm.Length} axes given for a tensor of shape {x.Shape}.", nameof(perm));
        }

        var p = new int[r];
        var seen = new bool[r];
        for (int i = 0; i < r; i++)
        {
            p[i] = x.Shape.NormalizeAxis(perm[i]);
            if (seen[p[i]])
            {
                throw new ArgumentException($"Permute: axis {perm[i]} is repeated.", nameof(perm));
            }

            seen[p[i]] = true;
        }

        bool identity = true;
        for (int i = 0; i < r; i++)
        {
            identity &= p[i] == i;
        }

        if (identity)
        {
            return x;
        }

        var xd = x.Shape.Dims;
        var od = new int[r];
        for (int i = 0; i < r; i++)
        {
            od[i] = xd[p[i]];
        }

        var result = Tensor.Uninitialized(Shape.FromOwned(od), x.DType);
        if (x.DType == DType.Float64)
        {
            PermuteKernels.Permute(x.Span<double>(), xd, p, result.Span<double>());
        }
        else
        {
            PermuteKernels.Permute(x.Span<float>(), xd, p, result.Span<float>());
        }

        if (Tape.ShouldRecord(x, out var tape))
        {
            var inverse = new int[r];
            for (int i = 0; i < r; i++)
            {
                inverse[p[i]] = i;
            }

            tape.Record(new PermuteNode(x, inverse), result);
        }

        return result;
    }

    private sealed class PermuteNode(Tensor x, int[] inverse) : Node
    {
        /// <summary>The forward's permutation kernel on the slots; a uniform input stays uniform.</summary>
        public override Action? Lower<T>(Replay.ReplayLowering<T> lowering)
        {
            if (lowering.Input(x) is not { } input)
            {
                return null;
            }

            bool uniform = Replay.ReplayLowering<T>.IsUniform(input, x.Size);
            if (lowering.Output(this, uniform) is not { } output)
            {
                return null;
            }

            var arena = lowering.Arena;
            if (uniform)
            {
                return () => arena[output][0] = arena[input][0];
            }

            var dims = x.Shape.Dims;
            var perm = new int[inverse.Length];
            for (int i = 0; i < perm.Length; i++)
            {
                perm[inverse[i]] = i;
            }

            return () => PermuteKernels.Permute<T>(arena[input], dims, perm, arena[output]);
        }

        public override void Backward(Tensor g, GradientSink sink) => sink.Add(x, Permute(g, inverse));
    }

    /// <summary>Swaps two axes (by default the last two).</summary>
    public static Tensor Transpose(Tensor x, int axis0 = -2, int axis1 = -1)
    {
        if (x.Rank < 2)
        {
            return x;
        }

        var p = new int[x.Rank];
        for (int i = 0; i < p.Length; i++)
        {
            p[i] = i;
        }

        int a = x.Shape.NormalizeAxis(axis0), b = x.Shape.NormalizeAxis(axis1);
        (p[a], p[b]) = (p[b], p[a]);
        return Permute(x, p);
    }

    /// <summary>Inserts an axis of length 1 at <paramref name="axis"/> (which may equal the rank).</summary>
    public static Tensor Unsqueeze(Tensor x, int axis)
    {
        int r = x.Rank;
        int a = axis < 0 ? axis + r + 1 : axis;
        if (a < 0 || a > r)
        {
            throw new ArgumentOutOfRangeException(nameof(axis), $"Unsqueeze: axis {axis} is out of range for shape {x.Shape}.");
        }

        var d = new List<int>(x.Shape.Dims);
        d.Insert(a, 1);
        return Reshape(x, Shape.FromOwned([.. d]));
    }

    /// <summary>Removes axes of length 1 (all of them, or the one given).</summary>
    public static Tensor Squeeze(Tensor x, int? axis = null)
    {
        var d = new List<int>(x.Shape.Dims);
        if (axis is int ax)
        {
            int a = x.Shape.NormalizeAxis(ax);
            if (d[a] != 1)
            {
                throw new ArgumentException($"Squeeze: axis {ax} of shape {x.Shape} has length {d[a]}, not 1.");
            }

            d.RemoveAt(a);
        }
        else
        {
            d.RemoveAll(v => v == 1);
        }

        return Reshape(x, Shape.FromOwned([.. d]));
    }
}
