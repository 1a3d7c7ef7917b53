using Adjoint.Tensors;

namespace Adjoint.Autodiff.Ops;

/// <summary>Conversion between float32 and float64, and copying, with derivative rules.</summary>
internal static class Cast
{
    public static Tensor Apply(Tensor x, DType dtype)
    {
        if (x.DType == dtype)
        {
            return x;
        }

        var r = Tensor.Uninitialized(x.Shape, dtype);
        if (dtype == DType.Float64)
        {
            var s = x.Span<float>();
            var d = r.Span<double>();
            for (int i = 0; i < s.Length; i++)
            {
                d[i] = s[i];
            }
        }
        else
        {
            var s = x.Span<double>();
            var d = r.Span<float>();
            for (int i = 0; i < s.Length; i++)
            {
                d[i] = (float)s[i];
            }
        }

        if (Tape.ShouldRecord(x, out var tape))
        {
            tape.Record(new CastNode(x), r);
        }

        return r;
    }

    private sealed class CastNode(Tensor x) : Node
    {
        public override void Backward(Tensor g, GradientSink sink) => sink.Add(x, Apply(g, x.DType));
    }

    public static Tensor Copy(Tensor x)
    {
        var r = Tensor.Uninitialized(x.Shape, x.DType);
        if (x.DType == DType.Float64)
        {
            x.Span<double>().CopyTo(r.Span<double>());
        }
        else
        {
            x.Span<float>().CopyTo(r.Span<float>());
        }

        if (Tape.ShouldRecord(x, out var tape))
        {
            tape.Record(new CopyNode(x), r);
        }

        return r;
    }

    private sealed class CopyNode(Tensor x) : Node
    {
        public override Action? Lower<T>(Replay.ReplayLowering<T> lowering) => Replay.ReplaySteps.Copy(lowering, x, this);

        public override void Backward(Tensor g, GradientSink sink) => sink.Add(x, g);
    }
}
