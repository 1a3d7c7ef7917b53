using Adjoint.Autodiff;
using Adjoint.Autodiff.Ops;
using Adjoint.Tensors.Kernels;

namespace Adjoint.Tensors;

/// <summary>The Euclidean norm with a zero subgradient at the origin.</summary>
internal static class Norms
{
    /// <summary>
    /// sqrt(sum(x²)) over <paramref name="axes"/> (normalized; every axis when empty), kept dims, recorded with the rule
    /// d|x| = g x / |x|, taken as 0 where |x| = 0 (where the plain chain rule through sqrt would give NaN).
    /// </summary>
    public static Tensor Norm(Tensor x, int[] axes)
    {
        Tensor value;
        if (!ParallelKernels.ShouldSplit(x.Size))
        {
            value = Tensor.Uninitialized(axes.Length == 0 ? Shape.Scalar : Reduce.KeptShape(x.Shape, axes), x.DType);
            if (x.DType == DType.Float64)
            {
                Rented(x.Span<double>(), x.Shape.Dims, axes, value.Span<double>());
            }
            else
            {
                Rented(x.Span<float>(), x.Shape.Dims, axes, value.Span<float>());
            }
        }
        else
        {
            using (Grad.NoGrad())
            {
                // Large tensors: the same steps as tensor operations, whose kernels split across cores.
                value = Unary.Sqrt(Reduce.Sum(Unary.Square(x), axes, keepDims: true));
            }
        }

        if (Tape.ShouldRecord(x, out var tape))
        {
            tape.Record(new NormNode(x, axes), value);
        }

        return value;
    }

    private static void Rented<T>(Span<T> x, int[] dims, int[] axes, Span<T> result)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var passes = Reduce.Passes(dims, axes);
        int scratch = Math.Max(Reduce.ScratchSize(passes), 1);
        var a = StoragePool.Rent<T>(scratch);
        var b = StoragePool.Rent<T>(scratch);
        var squares = StoragePool.Rent<T>(x.Length);
        NormInto(x, passes, squares.AsSpan(0, x.Length), a, b, result);
        StoragePool.Return(a);
        StoragePool.Return(b);
        StoragePool.Return(squares);
    }

    /// <summary>
    /// The norm's span step (eager below the parallel size, and replay): squares, the sum <paramref name="passes"/>, the
    /// square root; <paramref name="squares"/> has x's size, <paramref name="scratchA"/> and <paramref name="scratchB"/>
    /// are the passes' working space.
    /// </summary>
    private static void NormInto<T>(Span<T> x, Reduce.ReducePass[] passes, Span<T> squares, Span<T> scratchA, Span<T> scratchB, Span<T> result)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        Unary.SquareRule.Forward<T>()(x, squares);
        Reduce.RunPasses<T>(ReduceKind.Sum, passes, squares, scratchA, scratchB, result, 1);
        Unary.SqrtRule.Forward<T>()(result, result);
    }

    private sealed class NormNode(Tensor x, int[] axes) : Node
    {
        public override Action? Lower<T>(Autodiff.Replay.ReplayLowering<T> lowering)
        {
            if (lowering.Input(x) is not { } input || input.Length != x.Size || ParallelKernels.ShouldSplit(x.Size)
                || lowering.Output(this) is not { } output)
            {
                return null;
            }

            var passes = Reduce.Passes(x.Shape.Dims, axes);
            int scratch = Math.Max(Reduce.ScratchSize(passes), 1);
            var a = lowering.Scratch(scratch);
            var b = lowering.Scratch(scratch);
            var squares = lowering.Scratch(x.Size);
            var arena = lowering.Arena;
            return () => NormInto<T>(arena[input], passes, arena[squares], arena[a], arena[b], arena[output]);
        }

        public override void Backward(Tensor g, GradientSink sink)
        {
            var zero = Binary.Compare<CompareOp<EqualCmp>>(Output, Tensor.ZerosInternal(Shape.Scalar, Output.DType));
            var safe = Binary.Add(Output, zero);
            sink.Add(x, Binary.Multiply(ShapeOps.BroadcastTo(g, x.Shape), Binary.Divide(x, safe)));
        }
    }
}
