using System.Numerics;
using Adjoint.Tensors.Kernels;

namespace Adjoint.Autodiff.Replay;

/// <summary>
/// Finds the maximal runs of steps of a replay program that are elementwise over one index space (maps, affine maps,
/// binary operations with scalar operands, contiguous slices, slice-adjoint sums, and a full sum closing them) and
/// turns each into one <see cref="ReplayFusedRun{T}"/> step, executed chunk by chunk. Fusion is an execution strategy
/// only: the tape and the unfused program are untouched, and a fused run computes every element with the same kernel
/// and every long sum by the same blocks (<see cref="BlockSum"/>), so its results equal the unfused program's bit for bit.
/// </summary>
/// <remarks>
/// Only steps over at least <see cref="MinLength"/> elements are fused (shorter ones stay in the cache anyway, and their
/// sums follow the one-pass rule, which chunks would change); single values that a run needs but that depend on nothing
/// the run computes (a broadcast seed, a scalar of the backward pass) are moved ahead of it. A run ends at a step that
/// reads a value the run computed in another way than elementwise (a reduction's result, a gather, a product), and at
/// any step that is not elementwise.
/// </remarks>
internal static class ReplayFusion
{
    /// <summary>The shortest step fused (the size at which eager kernels split across cores and sums follow the block rule).</summary>
    public const int MinLength = ParallelKernels.MinElements;

    /// <summary>The largest shift, in elements, at which an operation of a run may read a value of the run backwards.</summary>
    public const int Halo = 8;

    /// <summary>The largest accumulated shift along a chain of shifted reads (the warm-up stretch a worker recomputes).</summary>
    private const int MaxWarmUp = 64;

    /// <summary>A last chunk shorter than this is merged into the one before (short spans would take scalar kernel paths).</summary>
    private const int MinTail = 64;

    /// <summary>
    /// The execution plan of <paramref name="steps"/>: the same steps, runs of fusable ones replaced by fused steps.
    /// </summary>
    /// <param name="steps">The steps to plan, in order.</param>
    /// <param name="program">Every step of the program (for which values are read after a run).</param>
    /// <param name="results">The slots read after the program runs (output and gradient).</param>
    public static ReplayStep<T>[] Plan<T>(ReplayStep<T>[] steps, ReplayStep<T>[] program, ReplaySlot[] results)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var plan = new List<ReplayStep<T>>(steps.Length);
        var hoisted = new List<ReplayStep<T>>();
        Builder<T>? run = null;
        foreach (var step in steps)
        {
            bool fusable = step.IsFusable && step.Length >= MinLength;
            if (run is not null)
            {
                if (fusable && run.TryAdd(step))
                {
                    continue;
                }

                if (step.IsFusable && step.Length < MinLength && !run.Reads(step))
                {
                    hoisted.Add(step);
                    continue;
                }

                Close(plan, hoisted, run, program, results);
                run = null;
            }

            if (fusable)
            {
                run = new Builder<T>();
                if (run.TryAdd(step))
                {
                    continue;
                }

                run = null;
            }

            plan.Add(step);
        }

        if (run is not null)
        {
            Close(plan, hoisted, run, program, results);
        }

        return [.. plan];
    }

    /// <summary>Whether every step of <paramref name="plan"/> over <see cref="MinLength"/> elements or more is inside a fused run.</summary>
    public static bool CoversLongSteps<T>(ReplayStep<T>[] plan)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Array.TrueForAll(plan, s => s.Kind == ReplayStepKind.Fused || s.Length < MinLength);

    private static void Close<T>(List<ReplayStep<T>> plan, List<ReplayStep<T>> hoisted, Builder<T> run, ReplayStep<T>[] program, ReplaySlot[] results)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        plan.AddRange(hoisted);
        hoisted.Clear();
        if (run.Steps.Count < 2)
        {
            plan.AddRange(run.Steps);
            return;
        }

        plan.Add(new ReplayStep<T> { Kind = ReplayStepKind.Fused, Run = run.Build(program, results) });
    }

    private static bool Overlaps(ReplaySlot a, ReplaySlot b) => a.Offset < b.Offset + b.Length && b.Offset < a.Offset + a.Length;

    private static bool Contains(ReplaySlot outer, ReplaySlot inner) => inner.Offset >= outer.Offset && inner.Offset + inner.Length <= outer.Offset + outer.Length;

    /// <summary>A run being formed: its operations, the values they compute and the coordinates those occupy.</summary>
    private sealed class Builder<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly List<Value> _values = [];
        private readonly List<PendingOp> _ops = [];
        private readonly List<ReplaySlot> _writes = [];
        private int? _grid;
        private int _minStart = int.MaxValue, _maxStart = int.MinValue, _minEnd = int.MaxValue, _maxEnd = int.MinValue;

        public List<ReplayStep<T>> Steps { get; } = [];

        /// <summary>Whether <paramref name="step"/> reads anything the run writes.</summary>
        public bool Reads(ReplayStep<T> step)
        {
            var state = (Writes: _writes, Hit: false);
            step.ForEachRead(ref state, static (ref (List<ReplaySlot> Writes, bool Hit) st, ReplaySlot slot) =>
            {
                foreach (var w in st.Writes)
                {
                    st.Hit |= Overlaps(w, slot);
                }
            });
            return state.Hit;
        }

        /// <summary>Adds <paramref name="step"/> when its operands line up with the run's index space.</summary>
        public bool TryAdd(ReplayStep<T> step)
        {
            int length = step.Length;
            var operands = new List<(ReplaySlot Slot, int Offset, bool Scalar)>();
            switch (step.Kind)
            {
                case ReplayStepKind.Map:
                case ReplayStepKind.Affine:
                case ReplayStepKind.Copy:
                case ReplayStepKind.Sum:
                    operands.Add((step.A, 0, false));
                    break;
                case ReplayStepKind.BinarySame:
                    operands.Add((step.A, 0, false));
                    operands.Add((step.B, 0, false));
                    break;
                case ReplayStepKind.BinaryScalarLeft:
                    operands.Add((step.A, 0, true));
                    operands.Add((step.B, 0, false));
                    break;
                case ReplayStepKind.BinaryScalarRight:
                    operands.Add((step.A, 0, false));
                    operands.Add((step.B, 0, true));
                    break;
                case ReplayStepKind.SliceSum:
                    foreach (var p in step.Pieces!)
                    {
                        operands.Add((p.Uniform ? p.Values : new ReplaySlot(p.Values.Offset, p.Count), p.Offset, p.Uniform));
                    }

                    break;
                default:
                    return false;
            }

            // Where each operand's first element lies: a value of the run (its coordinates), or outside (free to align).
            var resolved = new (int Value, int Coordinate)[operands.Count];
            int start = int.MinValue;
            for (int k = 0; k < operands.Count; k++)
            {
                var (slot, offset, scalar) = operands[k];
                resolved[k] = (-1, 0);
                if (scalar)
                {
                    if (slot.Length != 1 || _writes.Exists(w => Overlaps(w, slot)))
                    {
                        return false;
                    }

                    continue;
                }

                if (slot.Length != (step.Kind == ReplayStepKind.SliceSum ? step.Pieces![k].Count : length))
                {
                    return false;
                }

                int v = _values.FindIndex(x => Contains(x.Slot, slot));
                if (v < 0)
                {
                    if (_writes.Exists(w => Overlaps(w, slot)))
                    {
                        return false;
                    }

                    continue;
                }

                int coordinate = _values[v].Start + (slot.Offset - _values[v].Slot.Offset) - offset;
                resolved[k] = (v, coordinate);
                start = Math.Max(start, coordinate);
            }

            if (start == int.MinValue)
            {
                start = _ops.Count == 0 ? 0 : _minStart;
            }

            int depth = 0;
            for (int k = 0; k < operands.Count; k++)
            {
                if (resolved[k].Value >= 0)
                {
                    int shift = resolved[k].Coordinate - start;
                    if (shift < -Halo)
                    {
                        return false;
                    }

                    depth = Math.Max(depth, _values[resolved[k].Value].Depth - shift);
                }
            }

            int end = start + length;
            int minStart = Math.Min(_minStart, start), maxStart = Math.Max(_maxStart, start);
            int minEnd = Math.Min(_minEnd, end), maxEnd = Math.Max(_maxEnd, end);
            if (depth > MaxWarmUp || maxStart - minStart > Halo || maxEnd - minEnd > Halo)
            {
                return false;
            }

            if (step.Kind == ReplayStepKind.Sum)
            {
                if ((_grid is int g && g != start) || !BlockSum.Applies(length))
                {
                    return false;
                }

                _grid = start;
            }

            (_minStart, _maxStart, _minEnd, _maxEnd) = (minStart, maxStart, minEnd, maxEnd);
            int value = -1;
            if (step.Kind != ReplayStepKind.Sum)
            {
                value = _values.Count;
                _values.Add(new Value(step.Out, start, depth));
            }

            _writes.Add(step.Out);
            _ops.Add(new PendingOp(step, value, start, length, operands.Select((o, k) => (o.Slot, o.Offset, o.Scalar, resolved[k].Value, resolved[k].Coordinate - start)).ToArray()));
            Steps.Add(step);
            return true;
        }

        /// <summary>The run: which values leave it, which copies become views, the chunks and the buffers.</summary>
        public ReplayFusedRun<T> Build(ReplayStep<T>[] program, ReplaySlot[] results)
        {
            // A value escapes when a step outside the run reads it, it is a result, or an opaque step (whose reads are
            // not known) comes after the run.
            var own = new HashSet<int>(Steps.Select(s => s.Out.Offset));
            int first = Array.FindIndex(program, s => s.IsFusable && s.Out == Steps[0].Out);
            bool opaqueAfter = first < 0 || Array.FindIndex(program, first, s => s.Kind == ReplayStepKind.Opaque) >= 0;
            var escapes = new bool[_values.Count];
            for (int v = 0; v < _values.Count; v++)
            {
                var slot = _values[v].Slot;
                bool escaped = opaqueAfter || Array.Exists(results, r => Overlaps(r, slot));
                foreach (var other in program)
                {
                    if (escaped)
                    {
                        break;
                    }

                    if (other.IsFusable && !own.Contains(other.Out.Offset))
                    {
                        var state = (Slot: slot, Hit: false);
                        other.ForEachRead(ref state, static (ref (ReplaySlot Slot, bool Hit) st, ReplaySlot read) => st.Hit |= Overlaps(st.Slot, read));
                        escaped = state.Hit;
                    }
                }

                escapes[v] = escaped;
            }

            // Copies that do not escape become views: whoever reads them reads their source.
            var alias = new ReplayFusedRun<T>.Operand?[_values.Count];
            var buffer = new int[_values.Count];
            int buffered = 0;
            var ops = new List<ReplayFusedRun<T>.Op>();
            var halo = new HashSet<int>();
            foreach (var op in _ops)
            {
                var operands = op.Operands.Select(o => Resolve(o, op.Start, alias, buffer, halo)).ToArray();
                if (op.Step.Kind == ReplayStepKind.Copy && !escapes[op.Value])
                {
                    alias[op.Value] = operands[0];
                    continue;
                }

                if (op.Value >= 0)
                {
                    buffer[op.Value] = buffered++;
                }

                ReplayFusedRun<T>.Piece[]? pieces = null;
                if (op.Step.Kind == ReplayStepKind.SliceSum)
                {
                    pieces = new ReplayFusedRun<T>.Piece[operands.Length];
                    for (int k = 0; k < pieces.Length; k++)
                    {
                        var p = op.Step.Pieces![k];
                        pieces[k] = new ReplayFusedRun<T>.Piece(operands[k], op.Start + p.Offset, p.Count);
                    }
                }

                int? escape = op.Value >= 0 && escapes[op.Value] ? op.Step.Out.Offset - op.Start : null;
                ops.Add(new ReplayFusedRun<T>.Op(
                    op.Step,
                    op.Value >= 0 ? buffer[op.Value] : -1,
                    op.Start,
                    op.Length,
                    operands.Length > 0 && op.Step.Kind != ReplayStepKind.SliceSum ? operands[0] : default,
                    operands.Length > 1 && op.Step.Kind != ReplayStepKind.SliceSum ? operands[1] : default,
                    pieces,
                    escape));
            }

            // Chunks of the block length from the grid (a sum's first coordinate), the first one taking the few
            // coordinates before it and the last one any short remainder.
            int lo = _minStart, hi = _maxEnd, grid = _grid ?? lo;
            var chunks = new List<(int, int)>();
            int s = lo;
            for (int b = grid + BlockSum.BlockLength; b < hi; b += BlockSum.BlockLength)
            {
                if (hi - b < MinTail)
                {
                    break;
                }

                chunks.Add((s, b));
                s = b;
            }

            chunks.Add((s, hi));
            int longest = chunks.Max(c => c.Item2 - c.Item1);
            int warmUp = halo.Count == 0 ? 0 : Math.Max(Halo, _values.Max(v => v.Depth));
            return new ReplayFusedRun<T>([.. ops], buffered, [.. halo], [.. chunks], warmUp, Halo + Math.Max(longest, warmUp));
        }

        private static ReplayFusedRun<T>.Operand Resolve(
            (ReplaySlot Slot, int Offset, bool Scalar, int Value, int Shift) o, int start, ReplayFusedRun<T>.Operand?[] alias, int[] buffer, HashSet<int> halo)
        {
            if (o.Scalar)
            {
                return new(ReplayFusedRun<T>.OperandKind.Scalar, o.Slot.Offset, 0);
            }

            if (o.Value < 0)
            {
                // Outside the run: coordinate c of this operation reads element c - start - offset of the slot.
                return new(ReplayFusedRun<T>.OperandKind.External, o.Slot.Offset - start - o.Offset, 0);
            }

            if (alias[o.Value] is { } view)
            {
                return view.Kind == ReplayFusedRun<T>.OperandKind.External
                    ? view with { Index = view.Index + o.Shift }
                    : Mark(view with { Shift = view.Shift + o.Shift }, halo);
            }

            return Mark(new(ReplayFusedRun<T>.OperandKind.Internal, buffer[o.Value], o.Shift), halo);
        }

        private static ReplayFusedRun<T>.Operand Mark(ReplayFusedRun<T>.Operand operand, HashSet<int> halo)
        {
            if (operand.Shift < 0)
            {
                halo.Add(operand.Index);
            }

            return operand;
        }

        private readonly record struct Value(ReplaySlot Slot, int Start, int Depth);

        private readonly record struct PendingOp(ReplayStep<T> Step, int Value, int Start, int Length, (ReplaySlot Slot, int Offset, bool Scalar, int Value, int Shift)[] Operands);
    }
}
