using System.Numerics;
using Adjoint.Tensors;

namespace Adjoint.Autodiff.Replay;

/// <summary>
/// A recorded computation replayed on fixed buffers: the forward operations from one watched source to an output and,
/// when the backward pass was recorded too (create-graph mode), the operations that form a gradient. Replaying runs the
/// same kernels as the tensor operations did, without allocating, scoping or recording anything.
/// </summary>
/// <remarks>
/// <para>A tape can be replayed when every node in the range knows its replay step (<see cref="Node.Lower{T}"/>) and no
/// tracked value escaped the tape while it was recorded (<see cref="Tape.ValuesEscaped"/>): a value read to the host
/// could have steered the caller's code, and a comparison or a piecewise-constant function would be frozen at the
/// recorded values. Values that do not depend on the source are copied once as constants. The structure (shapes,
/// which operations run) is the one recorded, so a program stands for the function only where the recorded code takes
/// the same path for every source value; callers check the replayed values against a fresh evaluation before relying
/// on them.</para>
/// <para>Every buffer lives in one arena rented from the tensor storage pool; <see cref="Release"/> gives it back.</para>
/// </remarks>
/// <typeparam name="T">The element type (float or double): every tensor of the replayed range has this dtype.</typeparam>
internal sealed class ReplayProgram<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ReplayArena<T> _arena;
    private readonly ReplayStep<T>[] _forward;
    private readonly ReplayStep<T>[] _backward;
    private readonly ReplayStep<T>[] _forwardPlan;
    private readonly ReplayStep<T>[] _backwardPlan;
    private readonly ReplayStep<T>[] _plan;
    private readonly ReplaySlot[] _sources;
    private readonly ReplaySlot _output;
    private readonly ReplaySlot? _gradient;

    private ReplayProgram(ReplayArena<T> arena, ReplaySlot[] sources, ReplaySlot output, ReplaySlot? gradient, ReplayStep<T>[] forward, ReplayStep<T>[] backward)
    {
        _arena = arena;
        _sources = sources;
        _output = output;
        _gradient = gradient;
        _forward = forward;
        _backward = backward;
        ReplaySlot[] results = gradient is { } g ? [output, g] : [output];
        _forwardPlan = ReplayFusion.Plan(forward, [.. forward, .. backward], results);
        _backwardPlan = ReplayFusion.Plan(backward, [.. forward, .. backward], results);
        _plan = ReplayFusion.Plan([.. forward, .. backward], [.. forward, .. backward], results);
    }

    /// <summary>The first source's values: write them, then run <see cref="RunForward"/>.</summary>
    public Span<T> Source => _arena[_sources[0]];

    /// <summary>
    /// The values of source <paramref name="k"/> (in the order given to <see cref="TryCreate(Tape, Tensor[], Tensor, Tensor?, bool)"/>);
    /// a source watched after the output (a seed of the recorded backward pass) is read by <see cref="RunBackward"/> only.
    /// </summary>
    public Span<T> SourceAt(int k) => _arena[_sources[k]];

    /// <summary>The output's values after <see cref="RunForward"/>.</summary>
    public Span<T> Output => _arena[_output];

    /// <summary>The gradient's values after <see cref="RunForward"/> then <see cref="RunBackward"/> (empty when no gradient was recorded).</summary>
    public Span<T> Gradient => _gradient is { } g ? _arena[g] : default;

    /// <summary>
    /// Whether long elementwise runs of the program execute fused, chunk by chunk (<see cref="ReplayFusion"/>): every
    /// step over at least <see cref="ReplayFusion.MinLength"/> elements is part of a fused run in <see cref="Run"/>.
    /// </summary>
    public bool IsFused => ReplayFusion.CoversLongSteps(_plan) && Array.Exists(_plan, s => s.Kind == ReplayStepKind.Fused);

    /// <summary>The number of fused runs of <see cref="Run"/> (for tests and diagnostics).</summary>
    internal int FusedRuns => Array.FindAll(_plan, s => s.Kind == ReplayStepKind.Fused).Length;

    /// <summary>Recomputes the output from <see cref="Source"/>.</summary>
    public void RunForward() => Execute(_forwardPlan);

    /// <summary>Recomputes the gradient from the buffers of the last <see cref="RunForward"/>.</summary>
    public void RunBackward() => Execute(_backwardPlan);

    /// <summary>
    /// <see cref="RunForward"/> then <see cref="RunBackward"/> as one program: fused runs may then span both passes, so
    /// that forward values the backward pass reads need not leave the cache (the forward values are not all kept).
    /// </summary>
    public void Run() => Execute(_plan);

    /// <summary>Forward then backward, every step on its own over whole slots (no fusion): the reference for fused runs.</summary>
    internal void RunUnfused()
    {
        Execute(_forward);
        Execute(_backward);
    }

    private void Execute(ReplayStep<T>[] steps)
    {
        var values = _arena.Values;
        for (int i = 0; i < steps.Length; i++)
        {
            steps[i].Execute(values);
        }
    }

    /// <summary>Gives the buffers back to the storage pool; the program must not run afterwards.</summary>
    public void Release() => _arena.Release();

    /// <summary>
    /// The program for the nodes of <paramref name="tape"/> from <paramref name="source"/> (a watched tensor) to
    /// <paramref name="output"/>, then on to <paramref name="gradient"/> when given (recorded after the output); null
    /// when any of them cannot be replayed.
    /// </summary>
    /// <param name="tape">The tape that recorded the computation (still open).</param>
    /// <param name="source">The watched input.</param>
    /// <param name="output">The forward result.</param>
    /// <param name="gradient">A gradient computed from the output with the backward pass recorded, or null.</param>
    /// <param name="uniformRows">Whether every row of the (two-dimensional) source holds one value repeated, as when
    /// parameters are replicated across data points: rows sliced from it are then computed once.</param>
    public static ReplayProgram<T>? TryCreate(Tape tape, Tensor source, Tensor output, Tensor? gradient, bool uniformRows) =>
        TryCreate(tape, [source], output, gradient, uniformRows);

    /// <summary>
    /// The program for the nodes of <paramref name="tape"/> from the first of <paramref name="sources"/> (watched tensors,
    /// the first watched before the output) to <paramref name="output"/>, then on to <paramref name="gradient"/>; null when
    /// any node cannot be replayed or a source is not a watched leaf of this tape.
    /// </summary>
    /// <param name="tape">The tape that recorded the computation (still open).</param>
    /// <param name="sources">The watched inputs; later ones may be watched after the output (seeds of the backward pass).</param>
    /// <param name="output">The forward result.</param>
    /// <param name="gradient">A gradient computed from the output with the backward pass recorded, or null.</param>
    /// <param name="uniformRows">Whether every row of the first (two-dimensional) source holds one value repeated.</param>
    public static ReplayProgram<T>? TryCreate(Tape tape, Tensor[] sources, Tensor output, Tensor? gradient, bool uniformRows) =>
        TryCreate(tape, sources, output, gradient, uniformRows, out _);

    /// <inheritdoc cref="TryCreate(Tape, Tensor[], Tensor, Tensor?, bool)"/>
    /// <param name="tape">The tape that recorded the computation (still open).</param>
    /// <param name="sources">The watched inputs; later ones may be watched after the output (seeds of the backward pass).</param>
    /// <param name="output">The forward result.</param>
    /// <param name="gradient">A gradient computed from the output with the backward pass recorded, or null.</param>
    /// <param name="uniformRows">Whether every row of the first (two-dimensional) source holds one value repeated.</param>
    /// <param name="blocker">Why no program was made: the first node that cannot be lowered (its type name), or what
    /// else stood in the way; null when a program was made.</param>
    public static ReplayProgram<T>? TryCreate(Tape tape, Tensor[] sources, Tensor output, Tensor? gradient, bool uniformRows, out string? blocker)
    {
        blocker = "the sources, output or gradient are not recorded on this tape in the program's dtype";
        var source = sources[0];
        if (tape.ValuesEscaped)
        {
            blocker = "a tracked value escaped the tape (read to the host, detached or otherwise used unrecorded)";
            return null;
        }

        if (source.Node is not LeafNode { } leaf || leaf.Tape != tape
            || output.Node is not { } outputNode || outputNode.Tape != tape || outputNode.Index <= leaf.Index
            || source.DType != ReplayLowering<T>.DType || output.DType != ReplayLowering<T>.DType)
        {
            return null;
        }

        foreach (var s in sources)
        {
            if (s.Node is not LeafNode { } l || l.Tape != tape || l.Index < leaf.Index || s.DType != ReplayLowering<T>.DType)
            {
                return null;
            }
        }

        int last = gradient?.Node is { } g && g.Tape == tape && g.Index > outputNode.Index ? g.Index : outputNode.Index;
        if (tape.Count <= last)
        {
            return null;
        }

        var lowering = new ReplayLowering<T>(tape, leaf.Index, last, uniformRows);
        var sourceSlots = new ReplaySlot[sources.Length];
        for (int k = 0; k < sources.Length; k++)
        {
            var node = sources[k].Node!;
            if (node.Index > last || lowering.Output(node) is not { } slot)
            {
                return null;
            }

            lowering.Sources.Add(node);
            sourceSlots[k] = slot;
        }

        var forward = new List<ReplayStep<T>>();
        var backward = new List<ReplayStep<T>>();
        for (int i = leaf.Index + 1; i <= last; i++)
        {
            var node = tape.NodeAt(i);
            var step = node.Lower(lowering);
            var steps = i <= outputNode.Index ? forward : backward;
            steps.AddRange(lowering.Pending);
            lowering.Pending.Clear();
            if (step is null)
            {
                blocker = node.GetType() is { DeclaringType: { } d } t ? $"{d.Name}.{t.Name}" : node.GetType().Name;
                return null;
            }

            if (step != ReplaySteps.Skip)
            {
                steps.Add(lowering.TakeStep(step, node.Output.Size));
            }
        }

        // Sums the outputs still need are formed at the end of their part.
        var outputSlot = lowering.Input(output);
        forward.AddRange(lowering.Pending);
        lowering.Pending.Clear();
        ReplaySlot? gradientSlot = gradient is null ? null : lowering.Input(gradient);
        backward.AddRange(lowering.Pending);
        lowering.Pending.Clear();
        if (outputSlot is not { } o || o.Length != output.Size || (gradient is not null && (gradientSlot is not { } gs || gs.Length != gradient.Size)))
        {
            return null;
        }

        lowering.Bind();
        blocker = null;
        return new ReplayProgram<T>(lowering.Arena, sourceSlots, o, gradientSlot, [.. forward], [.. backward]);
    }
}
