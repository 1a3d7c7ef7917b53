using Adjoint.Tensors;

namespace Adjoint.Autodiff;

/// <summary>
/// One recorded operation on a <see cref="Tape"/>: it knows its inputs and how to send the gradient of its output
/// back to them (the vector-Jacobian product).
/// </summary>
/// <remarks>
/// Each operation defines its node beside its forward computation. <see cref="Backward"/> is written with tensor
/// operations, so when the tape records the backward pass (create-graph mode) the gradient is itself
/// differentiable, which gives Hessian-vector products by reverse-over-reverse.
/// </remarks>
internal abstract class Node
{
    /// <summary>The tape this node lives on.</summary>
    public Tape Tape { get; set; } = null!;

    /// <summary>Position on the tape: every input's node has a smaller index.</summary>
    public int Index { get; set; }

    /// <summary>The tensor this node produced.</summary>
    public Tensor Output { get; set; } = null!;

    /// <summary>Adds the input gradients implied by the output gradient <paramref name="grad"/> to <paramref name="sink"/>.</summary>
    public abstract void Backward(Tensor grad, GradientSink sink);

    /// <summary>
    /// Whether the operation is piecewise constant (a comparison, sign, step): recorded so that replay recomputes its
    /// values, but no gradient flows through it, so backward passes skip it.
    /// </summary>
    public virtual bool HasZeroDerivative => false;

    /// <summary>
    /// This operation as a step of a <see cref="Replay.ReplayProgram{T}"/>: it recomputes the output buffer from the
    /// input buffers with the span kernel that the eager forward runs. Null when the operation cannot be replayed (the
    /// node kinds that never can are listed, with the reason, in <c>ReplayCoverageTests</c>).
    /// </summary>
    /// <typeparam name="T">The program's element type (float or double).</typeparam>
    public virtual Action? Lower<T>(Replay.ReplayLowering<T> lowering)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> => null;
}

/// <summary>A watched input: the tape's sources of differentiation. Its backward does nothing.</summary>
internal sealed class LeafNode : Node
{
    public override void Backward(Tensor grad, GradientSink sink)
    {
    }

    /// <summary>A source of the program being built needs no step (its values are written before each run).</summary>
    public override Action? Lower<T>(Replay.ReplayLowering<T> lowering) => lowering.IsSource(this) ? Replay.ReplaySteps.Skip : null;
}
