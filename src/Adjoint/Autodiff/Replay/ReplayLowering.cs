using System.Numerics;
using Adjoint.Autodiff.Ops;
using Adjoint.Tensors;

namespace Adjoint.Autodiff.Replay;

/// <summary>
/// What a recorded node sees while it turns itself into a replay step: the slots that hold its inputs' values and the
/// slot its output goes to.
/// </summary>
/// <remarks>
/// <para>An input produced by a node of the replayed range reads that node's output slot; any other input (data, a
/// constant, a tensor computed before the range) does not depend on the replayed source, so its values are copied once
/// and stay fixed.</para>
/// <para>Two structures are exploited. Uniform values: when the source is an [n, m] tensor whose rows are constant (a
/// parameter vector replicated across m points), a whole row sliced from it, and anything computed from such rows and
/// scalars alone, is one number repeated; its slot holds that number once, and the binary kernels broadcast it.
/// Deferred slice sums: the gradient of a sliced tensor is a sum of slice adjoints (each a full-size tensor, zero but
/// for one slice); those sums are kept as lists of pieces and formed in one pass (zero, then add each piece in place)
/// only where a node reads them.</para>
/// </remarks>
/// <typeparam name="T">The element type of the program: every replayed tensor has this dtype.</typeparam>
internal sealed class ReplayLowering<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Tape _tape;
    private readonly int _first;
    private readonly ReplaySlot?[] _outputs;
    private readonly List<SlicePiece>?[] _deferred;
    private readonly Dictionary<Tensor, ReplaySlot> _constants = new(ReferenceEqualityComparer.Instance);
    private readonly List<(ReplaySlot Slot, T[] Values)> _constantValues = [];
    private readonly List<ReplayStep<T>> _pending = [];
    private Action? _describedAction;
    private ReplayStep<T> _described;
    private readonly bool _uniformRows;
    private int _length;

    public ReplayLowering(Tape tape, int first, int last, bool uniformRows)
    {
        _tape = tape;
        _first = first;
        _outputs = new ReplaySlot?[last - first + 1];
        _deferred = new List<SlicePiece>?[last - first + 1];
        _uniformRows = uniformRows;
    }

    /// <summary>The arena every slot lives in.</summary>
    public ReplayArena<T> Arena { get; } = new();

    /// <summary>The dtype of <typeparamref name="T"/>.</summary>
    public static DType DType { get; } = typeof(T) == typeof(double) ? DType.Float64 : DType.Float32;

    /// <summary>
    /// The slot holding <paramref name="t"/>'s values during a replay, or null when <paramref name="t"/> does not have the
    /// program's dtype or comes from a node that could not be lowered.
    /// </summary>
    public ReplaySlot? Input(Tensor t)
    {
        if (t.DType != DType)
        {
            return null;
        }

        if (t.Node is { } n && n.Tape == _tape && n.Index >= _first)
        {
            int k = n.Index - _first;
            if (k >= _outputs.Length)
            {
                return null;
            }

            if (_outputs[k] is null && _deferred[k] is { } pieces)
            {
                _outputs[k] = Materialize(pieces, n.Output.Size);
            }

            return _outputs[k];
        }

        if (!_constants.TryGetValue(t, out var slot))
        {
            slot = Allocate(t.Size);
            _constants.Add(t, slot);
            _constantValues.Add((slot, t.Span<T>().ToArray()));
        }

        return slot;
    }

    /// <summary>The sources' nodes (watched leaves whose values each run writes).</summary>
    public HashSet<Node> Sources { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>Whether <paramref name="node"/> is one of the program's sources.</summary>
    public bool IsSource(Node node) => Sources.Contains(node);

    /// <summary>Whether <paramref name="t"/> is the first source and its rows are constant.</summary>
    public bool IsUniformRowSource(Tensor t) => _uniformRows && t.Node is LeafNode { } n && n.Tape == _tape && n.Index == _first && t.Rank == 2;

    /// <summary>Whether a slot holds one value that stands for <paramref name="logicalSize"/> equal ones.</summary>
    public static bool IsUniform(ReplaySlot slot, int logicalSize) => slot.Length == 1 && logicalSize > 1;

    /// <summary>
    /// A new slot for <paramref name="node"/>'s output: one value when <paramref name="uniform"/>, else the output's size.
    /// </summary>
    public ReplaySlot? Output(Node node, bool uniform = false)
    {
        int k = node.Index - _first;
        if (node.Output.DType != DType || node.Tape != _tape || k < 0 || k >= _outputs.Length)
        {
            return null;
        }

        return _outputs[k] ??= Allocate(uniform ? 1 : node.Output.Size);
    }

    /// <summary>
    /// Records <paramref name="node"/>'s output, a slice adjoint, as one piece of a deferred sum: <paramref name="values"/>
    /// placed in the slice (<paramref name="starts"/>, <paramref name="steps"/>, <paramref name="counts"/>) of zeros.
    /// </summary>
    public void DeferSliceAdjoint(Node node, ReplaySlot values, int[] starts, int[] steps, int[] counts) =>
        _deferred[node.Index - _first] = [new SlicePiece(values, node.Output.Shape.Dims, starts, steps, counts, Product(counts))];

    private static int Product(int[] counts)
    {
        int n = 1;
        foreach (int c in counts)
        {
            n *= c;
        }

        return n;
    }

    /// <summary>
    /// Records <paramref name="node"/>'s output a + b as a deferred sum when both operands are deferred sums of the
    /// same size; false otherwise.
    /// </summary>
    public bool TryDeferSum(Node node, Tensor a, Tensor b)
    {
        if (Deferred(a) is not { } left || Deferred(b) is not { } right || a.Size != b.Size || node.Output.Size != a.Size)
        {
            return false;
        }

        _deferred[node.Index - _first] = [.. left, .. right];
        return true;
    }

    private List<SlicePiece>? Deferred(Tensor t) =>
        t.Node is { } n && n.Tape == _tape && n.Index >= _first && n.Index - _first < _deferred.Length && _outputs[n.Index - _first] is null
            ? _deferred[n.Index - _first]
            : null;

    /// <summary>Steps that must run before the step of the node being lowered (sums formed for its inputs).</summary>
    public List<ReplayStep<T>> Pending => _pending;

    /// <summary>
    /// Registers <paramref name="step"/> as the flat form of the node being lowered and returns a delegate that runs it
    /// (what <see cref="Node.Lower{T}"/> returns); the program keeps the flat step (<see cref="TakeStep"/>).
    /// </summary>
    public Action Describe(ReplayStep<T> step)
    {
        var arena = Arena;
        Action action = () => step.Execute(arena.Values);
        _described = step;
        _describedAction = action;
        return action;
    }

    /// <summary>The flat step of <paramref name="action"/>, a node's lowered step: the one described for it, else an opaque step.</summary>
    public ReplayStep<T> TakeStep(Action action, int size)
    {
        var step = ReferenceEquals(action, _describedAction) ? _described : ReplayStep<T>.Opaque(action, size);
        _describedAction = null;
        return step;
    }

    /// <summary>Rents the arena and copies the constants in.</summary>
    public void Bind()
    {
        Arena.Bind(Math.Max(_length, 1));
        foreach (var (slot, values) in _constantValues)
        {
            values.CopyTo(Arena[slot]);
        }

        _constantValues.Clear();
    }

    /// <summary>A working slot of <paramref name="length"/> values that no node owns (intermediate results of one step).</summary>
    public ReplaySlot Scratch(int length) => Allocate(length);

    private ReplaySlot Allocate(int length)
    {
        var slot = new ReplaySlot(_length, length);
        _length += length;
        return slot;
    }

    private ReplaySlot Materialize(List<SlicePiece> pieces, int size)
    {
        var target = Allocate(size);
        var arena = Arena;
        var parts = pieces.ToArray();
        var flat = new ReplayPiece[parts.Length];
        for (int k = 0; k < parts.Length; k++)
        {
            if (parts[k].Contiguous() is not { } offset)
            {
                flat = null;
                break;
            }

            flat[k] = new ReplayPiece(parts[k].Values, offset, parts[k].Count);
        }

        _pending.Add(flat is not null
            ? new ReplayStep<T> { Kind = ReplayStepKind.SliceSum, Out = target, Pieces = flat }
            : ReplayStep<T>.Opaque(() =>
            {
                var sum = arena[target];
                sum.Clear();
                foreach (var piece in parts)
                {
                    piece.AddTo(arena, sum);
                }
            }, size));
        return target;
    }

    /// <summary>One slice adjoint of a deferred sum: <see cref="Count"/> values from <see cref="Values"/> (one repeated when uniform).</summary>
    private readonly record struct SlicePiece(ReplaySlot Values, int[] Dims, int[] Starts, int[] Steps, int[] Counts, int Count)
    {
        public void AddTo(ReplayArena<T> arena, Span<T> sum)
        {
            var values = arena[Values];
            Indexing.AccumulateSlice(sum, Dims, Starts, Steps, Counts, values, uniform: values.Length == 1 && Count > 1);
        }

        /// <summary>The offset of the piece in the sum when it is one contiguous block (then it is added with one kernel call per row, elementwise alike).</summary>
        public int? Contiguous() => Indexing.ContiguousOffset(Dims, Starts, Steps, Counts);
    }
}
