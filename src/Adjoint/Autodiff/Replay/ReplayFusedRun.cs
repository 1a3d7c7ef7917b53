using System.Numerics;
using Adjoint.Autodiff.Ops;
using Adjoint.Tensors.Kernels;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Adjoint.Autodiff.Replay;

/// <summary>
/// A run of elementwise steps (and full sums) of a <see cref="ReplayProgram{T}"/> executed chunk by chunk, so that the
/// intermediate values of a chunk stay in the cache; built by <see cref="ReplayFusion"/>.
/// </summary>
/// <remarks>
/// <para>Every value of the run lives at coordinates of one index space: element i of a value that starts at
/// coordinate a is at a + i. An operand is read at the coordinate of the element being computed plus a shift of at most
/// <see cref="ReplayFusion.Halo"/> backwards (x[1:] beside x[:-1], and the slice adjoints that place them back), so each
/// value's chunk buffer keeps the last <see cref="ReplayFusion.Halo"/> values of the previous chunk in front of the
/// current ones. Values that nothing after the run reads exist only in these chunk-sized buffers; the others are copied
/// out to their slots as each chunk is finished.</para>
/// <para>Every element is computed by the same kernel as in the unfused program (the kernels round each element alike
/// wherever it lies in the span), and a full sum adds the blocks of <see cref="BlockSum"/>, which are the chunks, so a
/// fused run reproduces the unfused program bit for bit. Long runs are split over the cores: each worker takes
/// consecutive chunks and, when values are read shifted, first recomputes a short warm-up stretch before its first chunk
/// (written nowhere but its own buffers); the block sums are added in block order afterwards, so the result does not
/// depend on the number of workers.</para>
/// </remarks>
/// <typeparam name="T">The element type (float or double).</typeparam>
internal sealed class ReplayFusedRun<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int H = ReplayFusion.Halo;
    private readonly Op[] _ops;
    private readonly int[] _haloValues;
    private readonly int _valueCount;
    private readonly (int Start, int End)[] _chunks;
    private readonly int _warmUp;
    private readonly int _bufferLength;
    private readonly T[]?[][] _buffers;
    private readonly double[][] _partials;

    internal ReplayFusedRun(Op[] ops, int valueCount, int[] haloValues, (int Start, int End)[] chunks, int warmUp, int bufferLength)
    {
        _ops = ops;
        _valueCount = valueCount;
        _haloValues = haloValues;
        _chunks = chunks;
        _warmUp = warmUp;
        _bufferLength = bufferLength;
        _buffers = new T[]?[Math.Max(1, Environment.ProcessorCount)][];
        _partials = new double[ops.Length][];
        for (int k = 0; k < ops.Length; k++)
        {
            if (ops[k].Step.Kind == ReplayStepKind.Sum)
            {
                _partials[k] = new double[BlockSum.Blocks(ops[k].Length)];
            }
        }
    }

    /// <summary>The number of operations the run executes per chunk (aliased copies are not among them).</summary>
    public int OperationCount => _ops.Length;

    /// <summary>The number of values held in chunk buffers.</summary>
    public int BufferedValues => _valueCount;

    /// <summary>Runs every chunk, on several cores when the run is long, then finishes the sums.</summary>
    public void Execute(T[] arena)
    {
        int workers = ParallelKernels.ShouldSplit(_chunks[^1].End - _chunks[0].Start)
            ? Math.Min(Math.Min(ParallelKernels.MaxThreads, _buffers.Length), _chunks.Length / 4)
            : 1;
        if (workers <= 1)
        {
            Work(arena, 0, 0, _chunks.Length);
        }
        else
        {
            Parallel.For(0, workers, w => Work(arena, w, w * _chunks.Length / workers, (w + 1) * _chunks.Length / workers));
        }

        for (int k = 0; k < _ops.Length; k++)
        {
            if (_partials[k] is { } partial)
            {
                _ops[k].Step.FinishSum(partial, arena);
            }
        }
    }

    private void Work(T[] arena, int worker, int first, int end)
    {
        var buffers = _buffers[worker] ??= Allocate();
        int previous = -1;
        if (first > 0 && _warmUp > 0)
        {
            int s = _chunks[first].Start;
            Chunk(arena, buffers, s - _warmUp, s, emit: false);
            previous = _warmUp;
        }

        for (int c = first; c < end; c++)
        {
            var (s, e) = _chunks[c];
            if (previous >= 0)
            {
                foreach (int v in _haloValues)
                {
                    Array.Copy(buffers[v]!, previous, buffers[v]!, 0, H);
                }
            }

            Chunk(arena, buffers, s, e, emit: true);
            previous = e - s;
        }
    }

    private T[]?[] Allocate()
    {
        var buffers = new T[]?[_valueCount];
        for (int v = 0; v < buffers.Length; v++)
        {
            buffers[v] = new T[_bufferLength];
        }

        return buffers;
    }

    private void Chunk(T[] arena, T[]?[] buffers, int s, int e, bool emit)
    {
        for (int k = 0; k < _ops.Length; k++)
        {
            ref readonly var op = ref _ops[k];
            int lo = Math.Max(s, op.Start), hi = Math.Min(e, op.Start + op.Length);
            int n = hi - lo;
            if (n <= 0)
            {
                continue;
            }

            var step = op.Step;
            if (step.Kind == ReplayStepKind.Sum)
            {
                if (emit)
                {
                    var partial = _partials[k];
                    for (int b = (lo - op.Start) / BlockSum.BlockLength; b < partial.Length; b++)
                    {
                        int blo = op.Start + (b * BlockSum.BlockLength);
                        if (blo >= hi)
                        {
                            break;
                        }

                        int bhi = Math.Min(blo + BlockSum.BlockLength, op.Start + op.Length);
                        if (blo < lo || bhi > hi)
                        {
                            throw new InvalidOperationException("A fused sum's block straddles a chunk boundary (the chunks are not aligned with the blocks).");
                        }

                        partial[b] = double.CreateTruncating(BlockSum.Block(Read(op.A, arena, buffers, s, blo, bhi - blo)));
                    }
                }

                continue;
            }

            var dst = new Span<T>(buffers[op.Value], H + lo - s, n);
            switch (step.Kind)
            {
                case ReplayStepKind.Map:
                    step.Map!(Read(op.A, arena, buffers, s, lo, n), dst);
                    break;
                case ReplayStepKind.Affine:
                    ScalarOps.AffineKernel(Read(op.A, arena, buffers, s, lo, n), step.Scale, step.Shift, dst);
                    break;
                case ReplayStepKind.BinarySame:
                    step.Binary!.Same(Read(op.A, arena, buffers, s, lo, n), Read(op.B, arena, buffers, s, lo, n), dst);
                    break;
                case ReplayStepKind.BinaryScalarLeft:
                    step.Binary!.ScalarLeft(arena[op.A.Index], Read(op.B, arena, buffers, s, lo, n), dst);
                    break;
                case ReplayStepKind.BinaryScalarRight:
                    step.Binary!.ScalarRight(Read(op.A, arena, buffers, s, lo, n), arena[op.B.Index], dst);
                    break;
                case ReplayStepKind.Copy:
                    Read(op.A, arena, buffers, s, lo, n).CopyTo(dst);
                    break;
                default:
                    dst.Clear();
                    foreach (var piece in op.Pieces!)
                    {
                        int plo = Math.Max(lo, piece.Start), phi = Math.Min(hi, piece.Start + piece.Length);
                        if (plo < phi)
                        {
                            var target = dst.Slice(plo - lo, phi - plo);
                            if (piece.Operand.Kind == OperandKind.Scalar)
                            {
                                TP.Add(target, arena[piece.Operand.Index], target);
                            }
                            else
                            {
                                TP.Add(target, Read(piece.Operand, arena, buffers, s, plo, phi - plo), target);
                            }
                        }
                    }

                    break;
            }

            if (emit && op.Escape is int escape)
            {
                dst.CopyTo(new Span<T>(arena, escape + lo, n));
            }
        }
    }

    /// <summary>The operand's values for the coordinates [lo, lo + n) of the chunk that starts at <paramref name="s"/>.</summary>
    private static ReadOnlySpan<T> Read(in Operand operand, T[] arena, T[]?[] buffers, int s, int lo, int n) =>
        operand.Kind == OperandKind.External
            ? new ReadOnlySpan<T>(arena, operand.Index + lo, n)
            : new ReadOnlySpan<T>(buffers[operand.Index], H + lo + operand.Shift - s, n);

    /// <summary>Where an operand's values come from.</summary>
    internal enum OperandKind
    {
        /// <summary>One value of the arena at <see cref="Operand.Index"/> (a scalar or uniform operand).</summary>
        Scalar,

        /// <summary>The arena: coordinate c is at <see cref="Operand.Index"/> + c.</summary>
        External,

        /// <summary>The chunk buffer of value <see cref="Operand.Index"/>, read <see cref="Operand.Shift"/> coordinates away (zero or backwards).</summary>
        Internal,
    }

    /// <summary>An operand of an operation of the run.</summary>
    internal readonly record struct Operand(OperandKind Kind, int Index, int Shift);

    /// <summary>A piece of a slice sum: <see cref="Operand"/> added at the coordinates [Start, Start + Length).</summary>
    internal readonly record struct Piece(Operand Operand, int Start, int Length);

    /// <summary>
    /// One operation of the run: <see cref="Step"/>'s kernel over the coordinates [Start, Start + Length) into the buffer
    /// of value <see cref="Value"/> (none for a sum), copied out to the arena at <see cref="Escape"/> + c when read after
    /// the run.
    /// </summary>
    internal readonly record struct Op(ReplayStep<T> Step, int Value, int Start, int Length, Operand A, Operand B, Piece[]? Pieces, int? Escape);
}
