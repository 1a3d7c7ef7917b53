using Adjoint.Autodiff;
using Adjoint.Autodiff.Ops;

namespace Adjoint.Tensors;

/// <summary>The Euclidean norm with a zero subgradient at the origin.</summary>
internal static class Norms
{
    /// <summary>
    /// Returns <paramref name="norm"/> (already computed, kept dims) re-recorded with the rule
    /// d|x| = g x / |x|, taken as 0 where |x| = 0 (where the plain chain rule through sqrt would give NaN).
    /// </summary>
    public static Tensor SafeNorm(Tensor x, Tensor norm)
    {
        var value = norm.Detach();
        if (Tape.ShouldRecord(x, out var tape))
        {
            tape.Record(new NormNode(x), value);
        }

        return value;
    }

    private sealed class NormNode(Tensor x) : Node
    {
        public override void Backward(Tensor g, GradientSink sink)
        {
            var n = Output.Detach();
            var zero = Binary.Compare<Kernels.CompareOp<Kernels.EqualCmp>>(n, Tensor.ZerosInternal(Shape.Scalar, n.DType));
            var safe = Binary.Add(Output, zero);
            sink.Add(x, Binary.Multiply(ShapeOps.BroadcastTo(g, x.Shape), Binary.Divide(x, safe)));
        }
    }
}
