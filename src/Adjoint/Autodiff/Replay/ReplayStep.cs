using System.Numerics;
using Adjoint.Autodiff.Ops;
using Adjoint.Tensors.Kernels;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Adjoint.Autodiff.Replay;

/// <summary>
/// One step of a <see cref="ReplayProgram{T}"/> in flat form: what it computes (<see cref="Kind"/>), the slots it reads
/// and writes, and the span kernel of the operation's eager forward. A program is an array of these run by one switch;
/// because the elementwise kinds say what they read and write, runs of them can be fused (<see cref="ReplayFusion"/>).
/// </summary>
/// <typeparam name="T">The element type (float or double).</typeparam>
internal readonly struct ReplayStep<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Operands at most this long take a plain loop for +, -, *, / and the affine map (the same rounding as the vector kernels).</summary>
    private const int Short = 8;

    /// <summary>What the step computes.</summary>
    public ReplayStepKind Kind { get; init; }

    /// <summary>The slot written.</summary>
    public ReplaySlot Out { get; init; }

    /// <summary>The first operand (the only one of a map, copy or sum).</summary>
    public ReplaySlot A { get; init; }

    /// <summary>The second operand of a binary step.</summary>
    public ReplaySlot B { get; init; }

    /// <summary>The kernel of a <see cref="ReplayStepKind.Map"/>.</summary>
    public SpanMap<T>? Map { get; init; }

    /// <summary>The kernels of a binary step.</summary>
    public ReplayBinaryKernel<T>? Binary { get; init; }

    /// <summary>The scale of an affine step or a sum (a mean's 1/n).</summary>
    public T Scale { get; init; }

    /// <summary>The shift of an affine step.</summary>
    public T Shift { get; init; }

    /// <summary>Whether a sum's scale is other than one (then it is applied as the eager reduction applies it).</summary>
    public bool Scaled { get; init; }

    /// <summary>The pieces of a <see cref="ReplayStepKind.SliceSum"/>.</summary>
    public ReplayPiece[]? Pieces { get; init; }

    /// <summary>The delegate of an <see cref="ReplayStepKind.Opaque"/> step.</summary>
    public Action? Action { get; init; }

    /// <summary>The run of a <see cref="ReplayStepKind.Fused"/> step.</summary>
    public ReplayFusedRun<T>? Run { get; init; }

    /// <summary>A step known only as a delegate, producing <paramref name="size"/> values.</summary>
    public static ReplayStep<T> Opaque(Action action, int size) => new() { Kind = ReplayStepKind.Opaque, Action = action, Out = new ReplaySlot(-1, size) };

    /// <summary>Whether the step is elementwise or a full sum (a candidate for fusion).</summary>
    public bool IsFusable => Kind is not (ReplayStepKind.Opaque or ReplayStepKind.Fused);

    /// <summary>The number of elements the step computes over (the input's for a sum; the output's size for an opaque step, whose slot is not known).</summary>
    public int Length => Kind == ReplayStepKind.Sum ? A.Length : Out.Length;

    /// <summary>Calls <paramref name="read"/> with every slot the step reads (nothing for opaque and fused steps).</summary>
    public void ForEachRead<TState>(ref TState state, ReadAction<TState> read)
    {
        switch (Kind)
        {
            case ReplayStepKind.Opaque:
            case ReplayStepKind.Fused:
                return;
            case ReplayStepKind.SliceSum:
                foreach (var p in Pieces!)
                {
                    read(ref state, p.Values);
                }

                return;
            case ReplayStepKind.BinarySame:
            case ReplayStepKind.BinaryScalarLeft:
            case ReplayStepKind.BinaryScalarRight:
                read(ref state, A);
                read(ref state, B);
                return;
            default:
                read(ref state, A);
                return;
        }
    }

    /// <summary>A callback of <see cref="ForEachRead{TState}"/>.</summary>
    public delegate void ReadAction<TState>(ref TState state, ReplaySlot slot);

    /// <summary>Runs the step on the program's values.</summary>
    public void Execute(T[] v)
    {
        switch (Kind)
        {
            case ReplayStepKind.Opaque:
                Action!();
                return;
            case ReplayStepKind.Fused:
                Run!.Execute(v);
                return;
            case ReplayStepKind.Map:
                Map!(new ReadOnlySpan<T>(v, A.Offset, A.Length), new Span<T>(v, Out.Offset, Out.Length));
                return;
            case ReplayStepKind.Affine:
                if (Out.Length <= Short)
                {
                    T s = Scale, b = Shift;
                    for (int i = 0, a = A.Offset, o = Out.Offset; i < Out.Length; i++)
                    {
                        T x = v[a + i];
                        v[o + i] = b == T.Zero ? x * s : s == T.One ? x + b : (x * s) + b;
                    }
                }
                else
                {
                    ScalarOps.AffineKernel<T>(new ReadOnlySpan<T>(v, A.Offset, A.Length), Scale, Shift, new Span<T>(v, Out.Offset, Out.Length));
                }

                return;
            case ReplayStepKind.BinarySame:
                if (Out.Length <= Short && Binary!.IsArithmetic)
                {
                    for (int i = 0, a = A.Offset, b = B.Offset, o = Out.Offset; i < Out.Length; i++)
                    {
                        v[o + i] = Binary.Apply(v[a + i], v[b + i]);
                    }
                }
                else
                {
                    Binary!.Same(new ReadOnlySpan<T>(v, A.Offset, A.Length), new ReadOnlySpan<T>(v, B.Offset, B.Length), new Span<T>(v, Out.Offset, Out.Length));
                }

                return;
            case ReplayStepKind.BinaryScalarLeft:
                if (Out.Length <= Short && Binary!.IsArithmetic)
                {
                    T left = v[A.Offset];
                    for (int i = 0, b = B.Offset, o = Out.Offset; i < Out.Length; i++)
                    {
                        v[o + i] = Binary.Apply(left, v[b + i]);
                    }
                }
                else
                {
                    Binary!.ScalarLeft(v[A.Offset], new ReadOnlySpan<T>(v, B.Offset, B.Length), new Span<T>(v, Out.Offset, Out.Length));
                }

                return;
            case ReplayStepKind.BinaryScalarRight:
                if (Out.Length <= Short && Binary!.IsArithmetic)
                {
                    T right = v[B.Offset];
                    for (int i = 0, a = A.Offset, o = Out.Offset; i < Out.Length; i++)
                    {
                        v[o + i] = Binary.Apply(v[a + i], right);
                    }
                }
                else
                {
                    Binary!.ScalarRight(new ReadOnlySpan<T>(v, A.Offset, A.Length), v[B.Offset], new Span<T>(v, Out.Offset, Out.Length));
                }

                return;
            case ReplayStepKind.Copy:
                if (Out.Length == 1)
                {
                    v[Out.Offset] = v[A.Offset];
                }
                else
                {
                    Array.Copy(v, A.Offset, v, Out.Offset, Out.Length);
                }

                return;
            case ReplayStepKind.Sum:
                SumInto(new ReadOnlySpan<T>(v, A.Offset, A.Length), new Span<T>(v, Out.Offset, 1));
                return;
            default:
                var sum = new Span<T>(v, Out.Offset, Out.Length);
                sum.Clear();
                foreach (var p in Pieces!)
                {
                    var target = sum.Slice(p.Offset, p.Count);
                    if (p.Uniform)
                    {
                        TP.Add(target, v[p.Values.Offset], target);
                    }
                    else
                    {
                        TP.Add(target, new ReadOnlySpan<T>(v, p.Values.Offset, p.Count), target);
                    }
                }

                return;
        }
    }

    /// <summary>The sum's result from the block sums of a fused run (<see cref="BlockSum"/>).</summary>
    public void FinishSum(ReadOnlySpan<double> partial, T[] v)
    {
        var r = new Span<T>(v, Out.Offset, 1);
        r[0] = BlockSum.Combine<T>(partial);
        ApplyScale(r);
    }

    /// <summary>The full sum as the eager reduction forms it (one pass below the parallel size, the block rule above).</summary>
    private void SumInto(ReadOnlySpan<T> x, Span<T> r)
    {
        if (BlockSum.Applies(x.Length))
        {
            r[0] = BlockSum.Sum(x);
        }
        else
        {
            ReduceKernels.Axis(ReduceKind.Sum, x, 1, x.Length, 1, r);
        }

        ApplyScale(r);
    }

    private void ApplyScale(Span<T> r)
    {
        if (Scaled)
        {
            TP.Multiply(r, Scale, r);
        }
    }
}
