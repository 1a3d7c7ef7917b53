using System.Numerics;
using Adjoint.Autodiff;
using Adjoint.Autodiff.Replay;
using Adjoint.Tensors;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Adjoint.Fit;

/// <summary>
/// A recorded residual function (and its backward pass) replayed in its own dtype, seen by the fitting methods in
/// float64: inputs are rounded to the program's dtype on the way in, outputs and gradients widened on the way out.
/// </summary>
/// <remarks>
/// The methods' state stays float64 whatever dtype the model evaluates in; this is the one place the replayed
/// program's float32 or float64 buffers meet it. A float32 program rounds its inputs exactly as
/// <see cref="Tensor.FromArray(ReadOnlySpan{double}, Shape, DType)"/> does, so replay and the tensor route see the same
/// float32 values.
/// </remarks>
internal abstract class ResidualReplay
{
    /// <summary>The program's dtype.</summary>
    public abstract DType DType { get; }

    /// <summary>The number of outputs (residuals or predictions).</summary>
    public abstract int OutputLength { get; }

    /// <summary>The number of gradient entries (0 when the backward pass was not recorded).</summary>
    public abstract int GradientLength { get; }

    /// <summary>Turns a recording into a replay program of <paramref name="dtype"/>; null when it cannot be replayed.</summary>
    public static ResidualReplay? TryCreate(DType dtype, Tape tape, Tensor[] sources, Tensor output, Tensor? gradient, bool uniformRows) =>
        dtype == DType.Float32
            ? Of<float>.Create(tape, sources, output, gradient, uniformRows)
            : Of<double>.Create(tape, sources, output, gradient, uniformRows);

    /// <summary>Writes x into source <paramref name="k"/>.</summary>
    public abstract void SetSource(int k, ReadOnlySpan<double> x);

    /// <summary>Fills source 0, shaped [p.Length, rows], with <paramref name="rows"/> copies of each p[j].</summary>
    public abstract void FillRows(ReadOnlySpan<double> p, int rows);

    /// <summary>Sets entry i of source <paramref name="k"/>.</summary>
    public abstract void SetEntry(int k, int i, double value);

    /// <summary>Zeroes source <paramref name="k"/>.</summary>
    public abstract void ClearSource(int k);

    /// <summary>Replays the forward steps.</summary>
    public abstract void RunForward();

    /// <summary>Replays the backward steps.</summary>
    public abstract void RunBackward();

    /// <summary>Copies the outputs, widened to float64.</summary>
    public abstract void CopyOutput(Span<double> destination);

    /// <summary>Copies the gradient, widened to float64.</summary>
    public abstract void CopyGradient(Span<double> destination);

    /// <summary>Gives the program's buffers back to the storage pool.</summary>
    public abstract void Release();

    private sealed class Of<T>(ReplayProgram<T> program) : ResidualReplay
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public override DType DType => typeof(T) == typeof(float) ? DType.Float32 : DType.Float64;

        public override int OutputLength => program.Output.Length;

        public override int GradientLength => program.Gradient.Length;

        public static Of<T>? Create(Tape tape, Tensor[] sources, Tensor output, Tensor? gradient, bool uniformRows) =>
            ReplayProgram<T>.TryCreate(tape, sources, output, gradient, uniformRows) is { } p ? new Of<T>(p) : null;

        public override void SetSource(int k, ReadOnlySpan<double> x) => TP.ConvertTruncating(x, program.SourceAt(k));

        public override void FillRows(ReadOnlySpan<double> p, int rows)
        {
            var source = program.Source;
            for (int j = 0; j < p.Length; j++)
            {
                source.Slice(j * rows, rows).Fill(T.CreateTruncating(p[j]));
            }
        }

        public override void SetEntry(int k, int i, double value) => program.SourceAt(k)[i] = T.CreateTruncating(value);

        public override void ClearSource(int k) => program.SourceAt(k).Clear();

        public override void RunForward() => program.RunForward();

        public override void RunBackward() => program.RunBackward();

        public override void CopyOutput(Span<double> destination) => TP.ConvertTruncating<T, double>(program.Output, destination);

        public override void CopyGradient(Span<double> destination) => TP.ConvertTruncating<T, double>(program.Gradient, destination);

        public override void Release() => program.Release();
    }
}
