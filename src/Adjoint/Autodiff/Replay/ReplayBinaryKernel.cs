using System.Numerics;
using Adjoint.Tensors.Kernels;

namespace Adjoint.Autodiff.Replay;

/// <summary>
/// The span kernels of one broadcasting binary operation (<see cref="IBinaryOp"/>) as an object a flat replay step can
/// hold: the same kernels the eager forward runs, for operands of equal length or one single value.
/// </summary>
/// <typeparam name="T">The element type (float or double).</typeparam>
internal abstract class ReplayBinaryKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// Whether the operation is one of +, -, *, / (for which one element computed alone rounds exactly as inside a
    /// vector, so short operands may take a plain loop).
    /// </summary>
    public abstract bool IsArithmetic { get; }

    /// <summary>d = a op b elementwise.</summary>
    public abstract void Same(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d);

    /// <summary>d = a op b[i].</summary>
    public abstract void ScalarLeft(T a, ReadOnlySpan<T> b, Span<T> d);

    /// <summary>d = a[i] op b.</summary>
    public abstract void ScalarRight(ReadOnlySpan<T> a, T b, Span<T> d);

    /// <summary>a op b for one pair (used only when <see cref="IsArithmetic"/>).</summary>
    public abstract T Apply(T a, T b);

    /// <summary>The kernels of <typeparamref name="TOp"/>.</summary>
    public static ReplayBinaryKernel<T> Of<TOp>()
        where TOp : IBinaryOp => Instance<TOp>.Value;

    private static class Instance<TOp>
        where TOp : IBinaryOp
    {
        public static readonly ReplayBinaryKernel<T> Value = new Kernel<TOp>();
    }

    private sealed class Kernel<TOp> : ReplayBinaryKernel<T>
        where TOp : IBinaryOp
    {
        public override bool IsArithmetic { get; } =
            typeof(TOp) == typeof(AddOp) || typeof(TOp) == typeof(SubtractOp) || typeof(TOp) == typeof(MultiplyOp) || typeof(TOp) == typeof(DivideOp);

        public override void Same(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d) => TOp.Same(a, b, d);

        public override void ScalarLeft(T a, ReadOnlySpan<T> b, Span<T> d) => TOp.ScalarLeft(a, b, d);

        public override void ScalarRight(ReadOnlySpan<T> a, T b, Span<T> d) => TOp.ScalarRight(a, b, d);

        public override T Apply(T a, T b) => TOp.Apply(a, b);
    }
}
