using Adjoint.Tensors;

namespace Adjoint.Autodiff;

/// <summary>
/// The per-thread record of operations on tracked tensors, in execution order, and the reverse pass over it.
/// </summary>
/// <remarks>
/// One tape is active per thread while any <see cref="GradientTape"/> is open on that thread; nested gradient
/// computations extend the same tape, which is how derivatives of derivatives are taken. The backward pass walks
/// the nodes from the output's index down to the oldest source. In create-graph mode it records its own operations,
/// so the gradients it returns are tracked tensors that can be differentiated again.
/// </remarks>
internal sealed class Tape
{
    [ThreadStatic] private static Tape? t_current;
    [ThreadStatic] private static Tape? t_spare;

    private readonly List<Node> _nodes = [];
    private readonly GradientSink _sink = new();
    private readonly Thread _thread = Thread.CurrentThread;
    private int _depth;

    /// <summary>
    /// Whether a tracked tensor's values were used where the tape cannot see them since this tape was opened: read to
    /// the host (ToArray, Item) or detached. (Comparisons and piecewise-constant functions are recorded with a zero
    /// derivative, so they do not escape.) The recorded nodes then no longer
    /// describe how every value depends on the sources, so the tape cannot be replayed (<see cref="Replay.ReplayProgram{T}"/>).
    /// </summary>
    public bool ValuesEscaped { get; private set; }

    /// <summary>Notes that <paramref name="x"/>'s values were used outside the recorded operations (see <see cref="ValuesEscaped"/>).</summary>
    public static void NoteEscape(Tensor x)
    {
        if (x.Node is { } n && n.Tape == t_current)
        {
            n.Tape.ValuesEscaped = true;
        }
    }

    /// <summary>Whether operations are recorded (false inside a no-grad region or a plain backward pass).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The active, recording tape of this thread, or null.</summary>
    public static Tape? Recording => t_current is { Enabled: true } t ? t : null;

    /// <summary>The active tape of this thread, recording or not.</summary>
    public static Tape? Current => t_current;

    public bool IsActiveOnThisThread => t_current == this && _depth > 0;

    public int Count => _nodes.Count;

    /// <summary>The node at position <paramref name="index"/>.</summary>
    public Node NodeAt(int index) => _nodes[index];

    /// <summary>Opens (or nests into) this thread's tape.</summary>
    public static Tape Enter()
    {
        var t = t_current;
        if (t is null)
        {
            t = t_spare ?? new Tape();
            t_spare = null;
            t.Enabled = true;
            t_current = t;
        }

        t._depth++;
        return t;
    }

    /// <summary>Closes one nesting level; the outermost one forgets every node.</summary>
    public void Exit()
    {
        if (Thread.CurrentThread != _thread)
        {
            throw new InvalidOperationException("A GradientTape must be disposed on the thread that began it.");
        }

        if (--_depth > 0)
        {
            return;
        }

        foreach (var n in _nodes)
        {
            if (n.Output is { } o && o.Node == n)
            {
                o.Node = null;
            }
        }

        _nodes.Clear();
        Enabled = true;
        ValuesEscaped = false;
        t_current = null;
        t_spare = this;
    }

    /// <summary>Whether an operation on these inputs must be recorded, and on which tape.</summary>
    public static bool ShouldRecord(Tensor a, out Tape tape)
    {
        tape = t_current!;
        return tape is { Enabled: true } && a.Node is { } n && n.Tape == tape;
    }

    /// <inheritdoc cref="ShouldRecord(Tensor, out Tape)"/>
    public static bool ShouldRecord(Tensor a, Tensor b, out Tape tape)
    {
        tape = t_current!;
        return tape is { Enabled: true }
            && ((a.Node is { } n && n.Tape == tape) || (b.Node is { } m && m.Tape == tape));
    }

    /// <summary>Appends <paramref name="node"/>, the producer of <paramref name="output"/>.</summary>
    public void Record(Node node, Tensor output)
    {
        node.Tape = this;
        node.Index = _nodes.Count;
        node.Output = output;
        _nodes.Add(node);
        output.Node = node;
    }

    /// <summary>A tracked alias of <paramref name="x"/>: a leaf when untracked, else an identity linked to it.</summary>
    public Tensor Watch(Tensor x)
    {
        var alias = x.ViewAs(x.Shape);
        if (x.Node is { } n && n.Tape == this && Enabled)
        {
            Record(new IdentityNode(x), alias);
        }
        else
        {
            Record(new LeafNode(), alias);
        }

        return alias;
    }

    /// <summary>
    /// The gradients of <paramref name="output"/> (seeded with <paramref name="seed"/>) with respect to each source.
    /// When <paramref name="reached"/> is given, entry i says whether any derivative path (one that does not pass only
    /// through piecewise-constant operations) led from the output to source i; its gradient is zero when none did.
    /// </summary>
    public Tensor[] Gradient(Tensor output, ReadOnlySpan<Tensor> sources, Tensor? seed, bool createGraph, Span<bool> reached = default)
    {
        reached.Clear();
        if (seed is null)
        {
            if (output.Size != 1)
            {
                throw new InvalidOperationException(
                    $"Gradient: the output has shape {output.Shape}; differentiating a non-scalar needs a seed (the vector of a vector-Jacobian product) of that shape.");
            }

            seed = Tensor.OnesLike(output);
        }
        else if (seed.Shape != output.Shape)
        {
            throw new ArgumentException($"Gradient: the seed has shape {seed.Shape}, the output {output.Shape}.", nameof(seed));
        }
        else if (seed.DType != output.DType)
        {
            throw new ArgumentException($"Gradient: the seed is {seed.DType}, the output {output.DType}.", nameof(seed));
        }

        var results = new Tensor[sources.Length];
        int lowest = int.MaxValue;
        foreach (var s in sources)
        {
            if (s.Node is { } sn && sn.Tape == this)
            {
                lowest = Math.Min(lowest, sn.Index);
            }
        }

        if (output.Node is not { } on || on.Tape != this || lowest > on.Index)
        {
            for (int i = 0; i < results.Length; i++)
            {
                results[i] = Tensor.ZerosLike(sources[i]);
            }

            return results;
        }

        int start = on.Index;
        bool wasEnabled = Enabled;
        Enabled = createGraph;
        var sink = _sink;
        sink.Reset(this, start + 1, lowest);

        // Each rule combines tensors of the dtypes its forward recorded, so no evaluation scope applies here.
        var precision = EvaluationPrecision.Suspend();
        try
        {
            sink.Set(start, seed);
            for (int i = start; i >= lowest; i--)
            {
                var g = sink.Peek(i);
                if (g is not null)
                {
                    _nodes[i].Backward(g, sink);
                }
            }

            for (int i = 0; i < results.Length; i++)
            {
                var s = sources[i];
                Tensor? g = s.Node is { } sn && sn.Tape == this ? sink.Peek(sn.Index) : null;
                results[i] = g ?? Tensor.ZerosLike(s);
                if (i < reached.Length)
                {
                    reached[i] = g is not null;
                }
            }
        }
        finally
        {
            sink.Clear(start + 1);
            Enabled = wasEnabled;
            EvaluationPrecision.Resume(precision);
        }

        return results;
    }

    /// <summary>Passes the gradient through unchanged: links a watched alias to its tracked original.</summary>
    private sealed class IdentityNode(Tensor input) : Node
    {
        public override void Backward(Tensor grad, GradientSink sink) => sink.Add(input, grad);

        public override Action? Lower<T>(Replay.ReplayLowering<T> lowering) => Replay.ReplaySteps.Copy(lowering, input, this);
    }
}
