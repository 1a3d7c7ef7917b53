using System.Numerics;
using Adjoint.Autodiff.Ops;
using Adjoint.Tensors;
using Adjoint.Tensors.Kernels;

namespace Adjoint.Autodiff.Replay;

/// <summary>
/// Replay steps shared by several operations: a copy, a unary map and the broadcasting binary kernels. Each runs the
/// span kernel that the operation's eager forward runs, on the program's slots instead of tensor storage.
/// </summary>
internal static class ReplaySteps
{
    /// <summary>The step of a node whose output is kept for later (a deferred sum): nothing to run.</summary>
    public static readonly Action Skip = static () => { };

    /// <summary>y = x for an operation that keeps the values (reshape, identity); y is uniform when x is.</summary>
    public static Action? Copy<T>(ReplayLowering<T> lowering, Tensor x, Node node)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (lowering.Input(x) is not { } input || node.Output.Size != x.Size
            || lowering.Output(node, ReplayLowering<T>.IsUniform(input, x.Size)) is not { } output)
        {
            return null;
        }

        return lowering.Describe(new ReplayStep<T> { Kind = ReplayStepKind.Copy, A = input, Out = output });
    }

    /// <summary>y = scale * x + shift with the affine map's kernel; y is uniform when x is.</summary>
    public static Action? Affine<T>(ReplayLowering<T> lowering, Tensor x, Node node, T scale, T shift)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (lowering.Input(x) is not { } input || node.Output.Size != x.Size
            || lowering.Output(node, ReplayLowering<T>.IsUniform(input, x.Size)) is not { } output)
        {
            return null;
        }

        return lowering.Describe(new ReplayStep<T> { Kind = ReplayStepKind.Affine, A = input, Out = output, Scale = scale, Shift = shift });
    }

    /// <summary>y = f(x) elementwise; y is uniform when x is.</summary>
    public static Action? Map<T>(ReplayLowering<T> lowering, Tensor x, Node node, SpanMap<T> map)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (lowering.Input(x) is not { } input || node.Output.Size != x.Size)
        {
            return null;
        }

        if (lowering.Output(node, ReplayLowering<T>.IsUniform(input, x.Size)) is not { } output)
        {
            return null;
        }

        return lowering.Describe(new ReplayStep<T> { Kind = ReplayStepKind.Map, A = input, Out = output, Map = map });
    }

    /// <summary>
    /// y = a op b with the operation's own kernels: the span kernels when each operand has y's size or is a single (or
    /// uniform) value, the broadcasting kernel otherwise. y is uniform when both operands are.
    /// </summary>
    public static Action? Binary<T, TOp>(ReplayLowering<T> lowering, Tensor a, Tensor b, Node node)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : IBinaryOp
    {
        int n = node.Output.Size;
        if (lowering.Input(a) is not { } left || lowering.Input(b) is not { } right)
        {
            return null;
        }

        if (lowering.Output(node, left.Length == 1 && right.Length == 1 && n > 1) is not { } output)
        {
            return null;
        }

        var arena = lowering.Arena;
        var kernel = ReplayBinaryKernel<T>.Of<TOp>();
        if (left.Length == output.Length && right.Length == output.Length)
        {
            return lowering.Describe(new ReplayStep<T> { Kind = ReplayStepKind.BinarySame, A = left, B = right, Out = output, Binary = kernel });
        }

        if (left.Length == 1 && right.Length == output.Length)
        {
            return lowering.Describe(new ReplayStep<T> { Kind = ReplayStepKind.BinaryScalarLeft, A = left, B = right, Out = output, Binary = kernel });
        }

        if (left.Length == output.Length && right.Length == 1)
        {
            return lowering.Describe(new ReplayStep<T> { Kind = ReplayStepKind.BinaryScalarRight, A = left, B = right, Out = output, Binary = kernel });
        }

        // A broadcast between shapes (a uniform operand broadcasts as a scalar).
        int[] leftDims = left.Length == 1 ? [] : a.Shape.Dims;
        int[] rightDims = right.Length == 1 ? [] : b.Shape.Dims;
        var outDims = node.Output.Shape.Dims;
        return () => BinaryKernels.Run<T, TOp>(arena[left], leftDims, arena[right], rightDims, arena[output], outDims);
    }
}
