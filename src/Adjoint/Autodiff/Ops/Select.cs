using Adjoint.Tensors;
using Adjoint.Tensors.Kernels;

namespace Adjoint.Autodiff.Ops;

/// <summary>Elementwise selection: <c>Where(condition, a, b)</c> and <c>Clamp(x, low, high)</c>, with derivative rules.</summary>
internal static class Select
{
    /// <summary>a where the condition is nonzero, else b; all three broadcast together.</summary>
    /// <remarks>
    /// Recorded when any of the three is tracked, the condition included: no gradient flows to the condition, but replay
    /// must recompute the selection when the condition depends on the sources.
    /// </remarks>
    public static Tensor Where(Tensor condition, Tensor a, Tensor b)
    {
        var target = EvaluationPrecision.Current ?? a.DType;
        if (condition.DType != target || a.DType != target || b.DType != target)
        {
            var operands = DTypePromotion.Resolve("Where", [condition, a, b]);
            (condition, a, b) = (operands[0], operands[1], operands[2]);
        }

        var shape = Broadcasting.Shape("Where", Broadcasting.Shape("Where", condition.Shape, a.Shape), b.Shape);
        Tensor c = condition, av = a, bv = b;
        using (Grad.NoGrad())
        {
            // Operands of another size than the result (and not single values) are expanded first.
            c = Expanded(condition, shape);
            av = Expanded(a, shape);
            bv = Expanded(b, shape);
        }

        var r = Tensor.Uninitialized(shape, a.DType);
        if (a.DType == DType.Float64)
        {
            WhereInto(c.Span<double>(), av.Span<double>(), bv.Span<double>(), r.Span<double>());
        }
        else
        {
            WhereInto(c.Span<float>(), av.Span<float>(), bv.Span<float>(), r.Span<float>());
        }

        if (Tape.ShouldRecord(condition, a, out var tape) || Tape.ShouldRecord(b, out tape))
        {
            tape.Record(new WhereNode(condition, a, b), r);
        }

        return r;
    }

    private static Tensor Expanded(Tensor x, Shape shape) => x.Size == 1 || x.Size == shape.Size ? x : ShapeOps.BroadcastTo(x, shape);

    /// <summary>
    /// The selection's span step (eager and replay): d = c != 0 ? a : b, where an operand of one element stands for
    /// all (a single value or a uniform slot); the others have d's length.
    /// </summary>
    private static void WhereInto<T>(ReadOnlySpan<T> c, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        int ci = c.Length == 1 ? 0 : 1, ai = a.Length == 1 ? 0 : 1, bi = b.Length == 1 ? 0 : 1;
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = c[i * ci] != T.Zero ? a[i * ai] : b[i * bi];
        }
    }

    private sealed class WhereNode(Tensor condition, Tensor a, Tensor b) : Node
    {
        public override Action? Lower<T>(Replay.ReplayLowering<T> lowering)
        {
            int n = Output.Size;
            if (lowering.Input(condition) is not { } c || lowering.Input(a) is not { } left || lowering.Input(b) is not { } right
                || !Fits(c.Length, n) || !Fits(left.Length, n) || !Fits(right.Length, n))
            {
                return null;
            }

            if (lowering.Output(this, uniform: c.Length == 1 && left.Length == 1 && right.Length == 1 && n > 1) is not { } output)
            {
                return null;
            }

            var arena = lowering.Arena;
            return () => WhereInto<T>(arena[c], arena[left], arena[right], arena[output]);
        }

        private static bool Fits(int length, int n) => length == 1 || length == n;

        public override void Backward(Tensor g, GradientSink sink)
        {
            var zero = Tensor.ZerosInternal(Shape.Scalar, g.DType);
            if (sink.Wants(a))
            {
                sink.Add(a, Broadcasting.SumTo(Where(condition, g, zero), a.Shape));
            }

            if (sink.Wants(b))
            {
                sink.Add(b, Broadcasting.SumTo(Where(condition, zero, g), b.Shape));
            }
        }
    }

    /// <summary>x limited to [low, high]; the gradient passes where low &lt;= x &lt;= high (as PyTorch's clamp).</summary>
    public static Tensor Clamp(Tensor x, double low, double high)
    {
        if (low > high)
        {
            throw new ArgumentOutOfRangeException(nameof(low), $"Clamp: low {low} exceeds high {high}.");
        }

        x = DTypePromotion.ForScope(x);

        var r = Tensor.Uninitialized(x.Shape, x.DType);
        if (x.DType == DType.Float64)
        {
            ClampKernel(x.Span<double>(), low, high, r.Span<double>());
        }
        else
        {
            ClampKernel(x.Span<float>(), (float)low, (float)high, r.Span<float>());
        }

        if (Tape.ShouldRecord(x, out var tape))
        {
            tape.Record(new ClampNode(x, low, high), r);
        }

        return r;
    }

    /// <summary>The clamp's span step (eager and replay).</summary>
    private static void ClampKernel<T>(ReadOnlySpan<T> x, T low, T high, Span<T> d)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        for (int i = 0; i < d.Length; i++)
        {
            T v = x[i];
            d[i] = v < low ? low : v > high ? high : v;
        }
    }

    private sealed class ClampNode(Tensor x, double low, double high) : Node
    {
        public override Action? Lower<T>(Replay.ReplayLowering<T> lowering)
        {
            T lo = T.CreateTruncating(low), hi = T.CreateTruncating(high);
            return Replay.ReplaySteps.Map<T>(lowering, x, this, (input, output) => ClampKernel(input, lo, hi, output));
        }

        /// <summary>g times the indicator of low &lt;= x &lt;= high, the indicator formed by recorded comparisons.</summary>
        public override void Backward(Tensor g, GradientSink sink)
        {
            var above = Binary.Compare<CompareOp<GreaterEqualCmp>>(x, Tensor.Scalar(low, x.DType));
            var below = Binary.Compare<CompareOp<LessEqualCmp>>(x, Tensor.Scalar(high, x.DType));
            sink.Add(x, Binary.Multiply(g, Binary.Multiply(above, below)));
        }
    }
}
