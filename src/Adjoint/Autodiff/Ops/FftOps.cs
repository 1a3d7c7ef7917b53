using System.Numerics;
using Adjoint.Tensors;
using Adjoint.Tensors.Kernels;

namespace Adjoint.Autodiff.Ops;

/// <summary>
/// The discrete Fourier transforms along one axis as differentiable operations, on complex tensors stored with a
/// trailing axis of two (real, imaginary): complex to complex, real to half-spectrum and half-spectrum to real, each
/// scaled by a constant.
/// </summary>
/// <remarks>
/// <para>Every transform is linear over the reals, so its vector-Jacobian product is its adjoint applied to the output
/// gradient, read as a complex tensor G = g_re + i g_im:</para>
/// <list type="bullet">
/// <item>y = s F_sigma x (complex DFT with exponent sign sigma): x-bar = s F_(-sigma) G, the conjugate transform.</item>
/// <item>y_k = s w_k (F x)_k for k &lt;= n/2 (real input, middle bins weighted w): x-bar_j = s Re sum_k w_k G_k
/// exp(+2 pi i j k / n), the half-spectrum to real transform with the same middle weight.</item>
/// <item>y_j = s Re sum_k w_k X_k exp(+2 pi i j k / n): X-bar_k = s w_k (F g)_k, the real to half-spectrum transform with
/// the same middle weight (zero imaginary part at k = 0 and k = n/2, which y ignores).</item>
/// </list>
/// <para>numpy's rfft is the real to half-spectrum transform with weight 1 and its irfft the half-spectrum to real
/// transform with weight 2 (each middle bin stands for itself and its conjugate); their adjoints swap the kinds and keep
/// the weight. Each rule is one of the three operations again, so derivatives of every order use the same kernels.</para>
/// </remarks>
internal static class FftOps
{
    /// <summary>y = scale * DFT along logical axis <paramref name="axis"/> of the complex tensor <paramref name="x"/> (shape [..., 2]).</summary>
    public static Tensor Complex(Tensor x, int axis, bool inverse, double scale)
    {
        var (outer, n, inner) = Split(x.Shape.Dims, axis, x.Rank - 1);
        var r = Tensor.Uninitialized(x.Shape, x.DType);
        if (x.DType == DType.Float64)
        {
            FftKernels.Complex<double>(x.Span<double>(), r.Span<double>(), outer, n, inner, inverse, scale);
        }
        else
        {
            FftKernels.Complex<float>(x.Span<float>(), r.Span<float>(), outer, n, inner, inverse, (float)scale);
        }

        if (Tape.ShouldRecord(x, out var tape))
        {
            tape.Record(new ComplexFftNode(x, axis, inverse, scale), r);
        }

        return r;
    }

    /// <summary>
    /// The half-spectrum y_k = scale * w_k DFT(x)_k, k = 0 .. n/2, along axis <paramref name="axis"/> of the real tensor
    /// <paramref name="x"/>; the result has n/2 + 1 entries on that axis and a trailing axis of two.
    /// </summary>
    public static Tensor RealToComplex(Tensor x, int axis, double scale, int middleWeight)
    {
        var dims = x.Shape.Dims;
        var (outer, n, inner) = Split(dims, axis, x.Rank);
        var od = new int[dims.Length + 1];
        dims.CopyTo(od, 0);
        od[axis] = (n / 2) + 1;
        od[^1] = 2;
        var r = Tensor.Uninitialized(Shape.FromOwned(od), x.DType);
        if (x.DType == DType.Float64)
        {
            FftKernels.RealToHalfSpectrum<double>(x.Span<double>(), r.Span<double>(), outer, n, inner, scale, middleWeight);
        }
        else
        {
            FftKernels.RealToHalfSpectrum<float>(x.Span<float>(), r.Span<float>(), outer, n, inner, (float)scale, middleWeight);
        }

        if (Tape.ShouldRecord(x, out var tape))
        {
            tape.Record(new RealToComplexNode(x, axis, scale, middleWeight), r);
        }

        return r;
    }

    /// <summary>
    /// The real signal y_j = scale * Re sum_k w_k X_k exp(+2 pi i j k / n) of length <paramref name="n"/> from the
    /// half-spectrum <paramref name="x"/> (n/2 + 1 entries on logical axis <paramref name="axis"/>, trailing axis of two).
    /// </summary>
    public static Tensor ComplexToReal(Tensor x, int axis, int n, double scale, int middleWeight)
    {
        var dims = x.Shape.Dims;
        var (outer, h, inner) = Split(dims, axis, x.Rank - 1);
        if (h != (n / 2) + 1)
        {
            throw new ArgumentException($"Fft: a real signal of length {n} has {(n / 2) + 1} half-spectrum entries, got {h}.");
        }

        var od = new int[dims.Length - 1];
        Array.Copy(dims, od, od.Length);
        od[axis] = n;
        var r = Tensor.Uninitialized(Shape.FromOwned(od), x.DType);
        if (x.DType == DType.Float64)
        {
            FftKernels.HalfSpectrumToReal<double>(x.Span<double>(), r.Span<double>(), outer, n, inner, scale, middleWeight);
        }
        else
        {
            FftKernels.HalfSpectrumToReal<float>(x.Span<float>(), r.Span<float>(), outer, n, inner, (float)scale, middleWeight);
        }

        if (Tape.ShouldRecord(x, out var tape))
        {
            tape.Record(new ComplexToRealNode(x, axis, n, scale, middleWeight), r);
        }

        return r;
    }

    /// <summary>The sizes before, along and after <paramref name="axis"/> among the first <paramref name="rank"/> dims.</summary>
    private static (int Outer, int N, int Inner) Split(int[] dims, int axis, int rank)
    {
        int outer = 1, inner = 1;
        for (int a = 0; a < axis; a++)
        {
            outer *= dims[a];
        }

        for (int a = axis + 1; a < rank; a++)
        {
            inner *= dims[a];
        }

        return (outer, dims[axis], inner);
    }

    /// <summary>
    /// The replay step: the node's kernel from its input slot to its output slot; a uniform input (one value standing for
    /// all) is first spread over a working slot.
    /// </summary>
    private static Action? LowerWith<T>(Replay.ReplayLowering<T> lowering, Tensor x, Node node, SpanStep<T> step)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (lowering.Input(x) is not { } input || lowering.Output(node) is not { } output)
        {
            return null;
        }

        var arena = lowering.Arena;
        if (Replay.ReplayLowering<T>.IsUniform(input, x.Size))
        {
            var spread = lowering.Scratch(x.Size);
            return () =>
            {
                var full = arena[spread];
                full.Fill(arena[input][0]);
                step(full, arena[output]);
            };
        }

        return () => step(arena[input], arena[output]);
    }

    private delegate void SpanStep<T>(Span<T> input, Span<T> output);

    private sealed class ComplexFftNode(Tensor x, int axis, bool inverse, double scale) : Node
    {
        public override Action? Lower<T>(Replay.ReplayLowering<T> lowering)
        {
            var (outer, n, inner) = Split(x.Shape.Dims, axis, x.Rank - 1);
            T s = T.CreateChecked(scale);
            return LowerWith(lowering, x, this, (input, output) => FftKernels.Complex<T>(input, output, outer, n, inner, inverse, s));
        }

        public override void Backward(Tensor g, GradientSink sink)
        {
            if (sink.Wants(x))
            {
                sink.Add(x, Complex(g, axis, !inverse, scale));
            }
        }
    }

    private sealed class RealToComplexNode(Tensor x, int axis, double scale, int middleWeight) : Node
    {
        public override Action? Lower<T>(Replay.ReplayLowering<T> lowering)
        {
            var (outer, n, inner) = Split(x.Shape.Dims, axis, x.Rank);
            T s = T.CreateChecked(scale);
            return LowerWith(lowering, x, this, (input, output) => FftKernels.RealToHalfSpectrum<T>(input, output, outer, n, inner, s, middleWeight));
        }

        public override void Backward(Tensor g, GradientSink sink)
        {
            if (sink.Wants(x))
            {
                sink.Add(x, ComplexToReal(g, axis, x.Shape[axis], scale, middleWeight));
            }
        }
    }

    private sealed class ComplexToRealNode(Tensor x, int axis, int n, double scale, int middleWeight) : Node
    {
        public override Action? Lower<T>(Replay.ReplayLowering<T> lowering)
        {
            var (outer, _, inner) = Split(x.Shape.Dims, axis, x.Rank - 1);
            T s = T.CreateChecked(scale);
            return LowerWith(lowering, x, this, (input, output) => FftKernels.HalfSpectrumToReal<T>(input, output, outer, n, inner, s, middleWeight));
        }

        public override void Backward(Tensor g, GradientSink sink)
        {
            if (sink.Wants(x))
            {
                sink.Add(x, RealToComplex(g, axis, scale, middleWeight));
            }
        }
    }
}
