using Adjoint.Tensors;

namespace Adjoint.Autodiff.Ops;

/// <summary>Elementwise selection: <c>Where(condition, a, b)</c> and <c>Clamp(x, low, high)</c>, with derivative rules.</summary>
internal static class Select
{
    /// <summary>a where the condition is nonzero, else b; all three broadcast together.</summary>
    public static Tensor Where(Tensor condition, Tensor a, Tensor b)
    {
        var target = EvaluationPrecision.Current ?? a.DType;
        if (condition.DType != target || a.DType != target || b.DType != target)
        {
            var operands = DTypePromotion.Resolve("Where", [condition, a, b]);
            (condition, a, b) = (operands[0], operands[1], operands[2]);
        }

        var shape = Broadcasting.Shape("Where", Broadcasting.Shape("Where", condition.Shape, a.Shape), b.Shape);
        Tensor c, av, bv;
        using (Grad.NoGrad())
        {
            c = ShapeOps.BroadcastTo(condition, shape);
            av = ShapeOps.BroadcastTo(a.Detach(), shape);
            bv = ShapeOps.BroadcastTo(b.Detach(), shape);
        }

        var r = Tensor.Uninitialized(shape, a.DType);
        if (a.DType == DType.Float64)
        {
            Kernel(c.Span<double>(), av.Span<double>(), bv.Span<double>(), r.Span<double>());
        }
        else
        {
            Kernel(c.Span<float>(), av.Span<float>(), bv.Span<float>(), r.Span<float>());
        }

        if (Tape.ShouldRecord(a, b, out var tape))
        {
            tape.Record(new WhereNode(condition.Detach(), a, b), r);
        }

        return r;
    }

    private static void Kernel<T>(ReadOnlySpan<T> c, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = c[i] != T.Zero ? a[i] : b[i];
        }
    }

    private sealed class WhereNode(Tensor condition, Tensor a, Tensor b) : Node
    {
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
        public override void Backward(Tensor g, GradientSink sink)
        {
            var inside = Tensor.Uninitialized(x.Shape, x.DType);
            if (x.DType == DType.Float64)
            {
                Inside(x.Span<double>(), low, high, inside.Span<double>());
            }
            else
            {
                Inside(x.Span<float>(), (float)low, (float)high, inside.Span<float>());
            }

            sink.Add(x, Binary.Multiply(g, inside));
        }

        private static void Inside<T>(ReadOnlySpan<T> x, T low, T high, Span<T> d)
            where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
        {
            for (int i = 0; i < d.Length; i++)
            {
                d[i] = x[i] >= low && x[i] <= high ? T.One : T.Zero;
            }
        }
    }
}
