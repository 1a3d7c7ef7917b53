using Adjoint.Autodiff.Ops;
using Adjoint.Tensors;
using Adjoint.Tensors.Kernels;

namespace Adjoint.Autodiff.Replay;

/// <summary>Replay steps shared by several operations: a copy, a unary map and the broadcasting binary kernels.</summary>
internal static class ReplaySteps
{
    /// <summary>y = x for an operation that keeps the values (reshape, identity); y is uniform when x is.</summary>
    public static Action? Copy(ReplayLowering lowering, Tensor x, Node node) =>
        Map(lowering, x, node, static (input, output) => input.CopyTo(output));

    /// <summary>y = f(x) elementwise; y is uniform when x is.</summary>
    public static Action? Map(ReplayLowering lowering, Tensor x, Node node, SpanMap<double> map)
    {
        if (lowering.Input(x) is not { } input || node.Output.Size != x.Size)
        {
            return null;
        }

        if (lowering.Output(node, ReplayLowering.IsUniform(input, x.Size)) is not { } output)
        {
            return null;
        }

        var arena = lowering.Arena;
        return () => map(arena[input], arena[output]);
    }

    /// <summary>
    /// y = a op b with the operation's own kernels: the span kernels when each operand has y's size or is a single (or
    /// uniform) value, the broadcasting kernel otherwise. y is uniform when both operands are.
    /// </summary>
    public static Action? Binary<TOp>(ReplayLowering lowering, Tensor a, Tensor b, Node node)
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
        if (left.Length == output.Length && right.Length == output.Length)
        {
            return () => TOp.Same<double>(arena[left], arena[right], arena[output]);
        }

        if (left.Length == 1 && right.Length == output.Length)
        {
            return () => TOp.ScalarLeft(arena[left][0], arena[right], arena[output]);
        }

        if (left.Length == output.Length && right.Length == 1)
        {
            return () => TOp.ScalarRight(arena[left], arena[right][0], arena[output]);
        }

        // A broadcast between shapes (a uniform operand broadcasts as a scalar).
        int[] leftDims = left.Length == 1 ? [] : a.Shape.Dims;
        int[] rightDims = right.Length == 1 ? [] : b.Shape.Dims;
        var outDims = node.Output.Shape.Dims;
        return () => BinaryKernels.Run<double, TOp>(arena[left], leftDims, arena[right], rightDims, arena[output], outDims);
    }
}
