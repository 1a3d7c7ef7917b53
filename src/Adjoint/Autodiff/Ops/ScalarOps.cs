using System.Numerics;
using Adjoint.Tensors;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Adjoint.Autodiff.Ops;

/// <summary>
/// Operations with a constant scalar operand: the affine map <c>scale * x + shift</c> (which covers
/// <c>x + s</c>, <c>x - s</c>, <c>s - x</c>, <c>x * s</c>, <c>x / s</c> and <c>-x</c>) and the power <c>x^p</c>.
/// </summary>
internal static class ScalarOps
{
    public static Tensor Affine(Tensor x, double scale, double shift)
    {
        x = DTypePromotion.ForScope(x);
        if (scale == 1 && shift == 0)
        {
            return x;
        }

        var r = Tensor.Uninitialized(x.Shape, x.DType);
        if (Tensors.Kernels.ParallelKernels.ShouldSplit(x.Size))
        {
            Tensors.Kernels.ParallelKernels.For(x.Size, (s, n) => AffineChunk(x, scale, shift, r, s, n));
        }
        else
        {
            AffineChunk(x, scale, shift, r, 0, x.Size);
        }

        if (Tape.ShouldRecord(x, out var tape))
        {
            tape.Record(new AffineNode(x, scale, shift), r);
        }

        return r;
    }

    private static void AffineChunk(Tensor x, double scale, double shift, Tensor r, int start, int n)
    {
        if (x.DType == DType.Float64)
        {
            AffineKernel(x.Span<double>().Slice(start, n), scale, shift, r.Span<double>().Slice(start, n));
        }
        else
        {
            AffineKernel(x.Span<float>().Slice(start, n), (float)scale, (float)shift, r.Span<float>().Slice(start, n));
        }
    }

    /// <summary>The affine map's span step (eager, replay and fused replay): d = scale * x + shift, with a multiply or an add alone where the other is neutral.</summary>
    internal static void AffineKernel<T>(ReadOnlySpan<T> x, T scale, T shift, Span<T> d)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        if (shift == T.Zero)
        {
            TP.Multiply(x, scale, d);
        }
        else if (scale == T.One)
        {
            TP.Add(x, shift, d);
        }
        else
        {
            Tensors.Kernels.FusedKernels.Affine(x, scale, shift, d);
        }
    }

    private sealed class AffineNode(Tensor x, double scale, double shift) : Node
    {
        public override void Backward(Tensor g, GradientSink sink) => sink.Add(x, Affine(g, scale, 0));

        public override Action? Lower<T>(Replay.ReplayLowering<T> lowering)
        {
            return Replay.ReplaySteps.Affine(lowering, x, this, T.CreateTruncating(scale), T.CreateTruncating(shift));
        }
    }

    public static Tensor Pow(Tensor x, double p)
    {
        x = DTypePromotion.ForScope(x);
        if (p == 1)
        {
            return x;
        }

        Tensor r;
        if (p == 2)
        {
            return Unary.Square(x);
        }

        if (p == 0.5)
        {
            return Unary.Sqrt(x);
        }

        r = Tensor.Uninitialized(x.Shape, x.DType);
        if (x.DType == DType.Float64)
        {
            TP.Pow(x.Span<double>(), p, r.Span<double>());
        }
        else
        {
            TP.Pow(x.Span<float>(), (float)p, r.Span<float>());
        }

        if (Tape.ShouldRecord(x, out var tape))
        {
            tape.Record(new PowNode(x, p), r);
        }

        return r;
    }

    private sealed class PowNode(Tensor x, double p) : Node
    {
        public override Action? Lower<T>(Replay.ReplayLowering<T> lowering)
        {
            T power = T.CreateTruncating(p);
            return Replay.ReplaySteps.Map<T>(lowering, x, this, (input, output) => TP.Pow(input, power, output));
        }

        // d(x^p)/dx = p x^(p-1); exactly zero for p = 0.
        public override void Backward(Tensor g, GradientSink sink)
        {
            if (p == 0)
            {
                sink.Add(x, Tensor.ZerosLike(x));
                return;
            }

            if (Tape.Recording is null && g.Shape == x.Shape)
            {
                // Not recorded: one pass instead of three tensor operations.
                var dx = Tensor.Uninitialized(x.Shape, x.DType);
                if (x.DType == DType.Float64)
                {
                    PowBackward(x.Span<double>(), g.Span<double>(), p, dx.Span<double>());
                }
                else
                {
                    PowBackward(x.Span<float>(), g.Span<float>(), p, dx.Span<float>());
                }

                sink.Add(x, dx);
                return;
            }

            sink.Add(x, Binary.Multiply(g, Affine(Pow(x, p - 1), p, 0)));
        }
    }

    /// <summary>dx = g (p x^(p-1)), with the arithmetic of the recorded rule (x^(p-1) as <see cref="Pow(Tensor, double)"/> forms it).</summary>
    private static void PowBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> g, double p, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double q = p - 1;
        T qt = T.CreateTruncating(q), pt = T.CreateTruncating(p);
        for (int i = 0; i < x.Length; i++)
        {
            T xi = x[i];
            T power = q == 1 ? xi : q == 2 ? xi * xi : q == 0.5 ? T.Sqrt(xi) : T.Pow(xi, qt);
            dx[i] = g[i] * (power * pt);
        }
    }

    /// <summary>The tensor <c>s / x</c>.</summary>
    public static Tensor DivideInto(double s, Tensor x) => Affine(Pow(x, -1), s, 0);
}
