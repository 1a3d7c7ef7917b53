using System.Numerics;
using Adjoint.Tensors;
using Adjoint.Tensors.Kernels;

namespace Adjoint.Autodiff.Ops;

/// <summary>
/// Broadcasting binary arithmetic (add, subtract, multiply, divide, power, maximum, minimum) and comparisons, each
/// with its derivative rule. Every rule reduces broadcast gradients with <see cref="Broadcasting.SumTo"/>.
/// </summary>
internal static class Binary
{
    /// <summary>
    /// Forward pass of a broadcasting binary kernel, after reconciling the operands' dtypes
    /// (<see cref="DTypePromotion"/>): the caller records the node with the operands as converted.
    /// </summary>
    internal static Tensor Forward<TOp>(string op, ref Tensor a, ref Tensor b)
        where TOp : IBinaryOp
    {
        DTypePromotion.Resolve(op, ref a, ref b);
        return Compute<TOp>(op, a, b);
    }

    private static Tensor Compute<TOp>(string op, Tensor a, Tensor b)
        where TOp : IBinaryOp
    {
        var shape = Broadcasting.Shape(op, a.Shape, b.Shape);
        var r = Tensor.Uninitialized(shape, a.DType);
        if (ParallelKernels.ShouldSplit(r.Size) && (a.Size == 1 || a.Size == r.Size) && (b.Size == 1 || b.Size == r.Size))
        {
            ParallelKernels.For(r.Size, (s, n) => Chunk<TOp>(a, b, r, s, n));
        }
        else if (a.DType == DType.Float64)
        {
            BinaryKernels.Run<double, TOp>(a.Span<double>(), a.Shape.Dims, b.Span<double>(), b.Shape.Dims, r.Span<double>(), shape.Dims);
        }
        else
        {
            BinaryKernels.Run<float, TOp>(a.Span<float>(), a.Shape.Dims, b.Span<float>(), b.Shape.Dims, r.Span<float>(), shape.Dims);
        }

        return r;
    }

    /// <summary>One chunk of an elementwise operation whose operands are full-size or single elements.</summary>
    private static void Chunk<TOp>(Tensor a, Tensor b, Tensor r, int start, int n)
        where TOp : IBinaryOp
    {
        if (r.DType == DType.Float64)
        {
            var d = r.Span<double>().Slice(start, n);
            if (a.Size == 1)
            {
                TOp.ScalarLeft(a.Span<double>()[0], b.Span<double>().Slice(start, n), d);
            }
            else if (b.Size == 1)
            {
                TOp.ScalarRight(a.Span<double>().Slice(start, n), b.Span<double>()[0], d);
            }
            else
            {
                TOp.Same(a.Span<double>().Slice(start, n), b.Span<double>().Slice(start, n), d);
            }
        }
        else
        {
            var d = r.Span<float>().Slice(start, n);
            if (a.Size == 1)
            {
                TOp.ScalarLeft(a.Span<float>()[0], b.Span<float>().Slice(start, n), d);
            }
            else if (b.Size == 1)
            {
                TOp.ScalarRight(a.Span<float>().Slice(start, n), b.Span<float>()[0], d);
            }
            else
            {
                TOp.Same(a.Span<float>().Slice(start, n), b.Span<float>().Slice(start, n), d);
            }
        }
    }

    // ---- add -------------------------------------------------------------------------------------------------
    public static Tensor Add(Tensor a, Tensor b)
    {
        var r = Forward<AddOp>("Add", ref a, ref b);
        if (Tape.ShouldRecord(a, b, out var tape))
        {
            tape.Record(new AddNode(a, b), r);
        }

        return r;
    }

    private sealed class AddNode(Tensor a, Tensor b) : Node
    {
        public override Action? Lower<T>(Replay.ReplayLowering<T> lowering) =>
            lowering.TryDeferSum(this, a, b) ? Replay.ReplaySteps.Skip : Replay.ReplaySteps.Binary<T, AddOp>(lowering, a, b, this);

        public override void Backward(Tensor g, GradientSink sink)
        {
            if (sink.Wants(a))
            {
                sink.Add(a, Broadcasting.SumTo(g, a.Shape));
            }

            if (sink.Wants(b))
            {
                sink.Add(b, Broadcasting.SumTo(g, b.Shape));
            }
        }
    }

    // ---- subtract --------------------------------------------------------------------------------------------
    public static Tensor Subtract(Tensor a, Tensor b)
    {
        var r = Forward<SubtractOp>("Subtract", ref a, ref b);
        if (Tape.ShouldRecord(a, b, out var tape))
        {
            tape.Record(new SubtractNode(a, b), r);
        }

        return r;
    }

    private sealed class SubtractNode(Tensor a, Tensor b) : Node
    {
        public override Action? Lower<T>(Replay.ReplayLowering<T> lowering) => Replay.ReplaySteps.Binary<T, SubtractOp>(lowering, a, b, this);

        public override void Backward(Tensor g, GradientSink sink)
        {
            if (sink.Wants(a))
            {
                sink.Add(a, Broadcasting.SumTo(g, a.Shape));
            }

            if (sink.Wants(b))
            {
                sink.Add(b, Broadcasting.SumTo(ScalarOps.Affine(g, -1, 0), b.Shape));
            }
        }
    }

    // ---- multiply --------------------------------------------------------------------------------------------
    public static Tensor Multiply(Tensor a, Tensor b)
    {
        var r = Forward<MultiplyOp>("Multiply", ref a, ref b);
        if (Tape.ShouldRecord(a, b, out var tape))
        {
            tape.Record(new MultiplyNode(a, b), r);
        }

        return r;
    }

    private sealed class MultiplyNode(Tensor a, Tensor b) : Node
    {
        public override Action? Lower<T>(Replay.ReplayLowering<T> lowering) => Replay.ReplaySteps.Binary<T, MultiplyOp>(lowering, a, b, this);

        public override void Backward(Tensor g, GradientSink sink)
        {
            if (sink.Wants(a))
            {
                sink.Add(a, Broadcasting.SumTo(Multiply(g, b), a.Shape));
            }

            if (sink.Wants(b))
            {
                sink.Add(b, Broadcasting.SumTo(Multiply(g, a), b.Shape));
            }
        }
    }

    // ---- divide ----------------------------------------------------------------------------------------------
    public static Tensor Divide(Tensor a, Tensor b)
    {
        var r = Forward<DivideOp>("Divide", ref a, ref b);
        if (Tape.ShouldRecord(a, b, out var tape))
        {
            tape.Record(new DivideNode(a, b), r);
        }

        return r;
    }

    private sealed class DivideNode(Tensor a, Tensor b) : Node
    {
        public override Action? Lower<T>(Replay.ReplayLowering<T> lowering) => Replay.ReplaySteps.Binary<T, DivideOp>(lowering, a, b, this);

        public override void Backward(Tensor g, GradientSink sink)
        {
            // d(a/b)/da = 1/b;  d(a/b)/db = -a/b^2 = -(1/b) * (a/b).
            var gOverB = Divide(g, b);
            if (sink.Wants(a))
            {
                sink.Add(a, Broadcasting.SumTo(gOverB, a.Shape));
            }

            if (sink.Wants(b))
            {
                sink.Add(b, Broadcasting.SumTo(ScalarOps.Affine(Multiply(gOverB, Output), -1, 0), b.Shape));
            }
        }
    }

    // ---- power -----------------------------------------------------------------------------------------------
    public static Tensor Pow(Tensor a, Tensor b)
    {
        var r = Forward<PowOp>("Pow", ref a, ref b);
        if (Tape.ShouldRecord(a, b, out var tape))
        {
            tape.Record(new PowNode(a, b), r);
        }

        return r;
    }

    private sealed class PowNode(Tensor a, Tensor b) : Node
    {
        public override Action? Lower<T>(Replay.ReplayLowering<T> lowering) => Replay.ReplaySteps.Binary<T, PowOp>(lowering, a, b, this);

        public override void Backward(Tensor g, GradientSink sink)
        {
            // d(a^b)/da = b a^(b-1);  d(a^b)/db = a^b log a.
            var output = Output;
            if (Tape.Recording is null && g.Shape == output.Shape && (a.Size == 1 || a.Shape == output.Shape) && (b.Size == 1 || b.Shape == output.Shape))
            {
                // Not recorded: one pass per operand instead of five tensor operations.
                bool wantA = sink.Wants(a), wantB = sink.Wants(b);
                var da = wantA ? Tensor.Uninitialized(output.Shape, output.DType) : null;
                var db = wantB ? Tensor.Uninitialized(output.Shape, output.DType) : null;
                if (output.DType == DType.Float64)
                {
                    PowBackward<double>(a.Span<double>(), b.Span<double>(), output.Span<double>(), g.Span<double>(), da is null ? default : da.Span<double>(), db is null ? default : db.Span<double>());
                }
                else
                {
                    PowBackward<float>(a.Span<float>(), b.Span<float>(), output.Span<float>(), g.Span<float>(), da is null ? default : da.Span<float>(), db is null ? default : db.Span<float>());
                }

                if (da is not null)
                {
                    sink.Add(a, Broadcasting.SumTo(da, a.Shape));
                }

                if (db is not null)
                {
                    sink.Add(b, Broadcasting.SumTo(db, b.Shape));
                }

                return;
            }

            if (sink.Wants(a))
            {
                var d = Multiply(b, Pow(a, ScalarOps.Affine(b, 1, -1)));
                sink.Add(a, Broadcasting.SumTo(Multiply(g, d), a.Shape));
            }

            if (sink.Wants(b))
            {
                var d = Multiply(Output, Unary.Log(a));
                sink.Add(b, Broadcasting.SumTo(Multiply(g, d), b.Shape));
            }
        }
    }

    /// <summary>
    /// da = g (b a^(b-1)) and db = g (a^b log a), for a and b either full-size or single elements, with the same
    /// arithmetic as the recorded rule (so both routes round alike); an empty span skips that output.
    /// </summary>
    private static void PowBackward<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, ReadOnlySpan<T> output, ReadOnlySpan<T> g, Span<T> da, Span<T> db)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool scalarA = a.Length == 1, scalarB = b.Length == 1;
        if (!da.IsEmpty)
        {
            for (int i = 0; i < output.Length; i++)
            {
                T ai = scalarA ? a[0] : a[i], bi = scalarB ? b[0] : b[i];
                da[i] = g[i] * (bi * T.Pow(ai, bi - T.One));
            }
        }

        if (!db.IsEmpty)
        {
            if (scalarA)
            {
                Span<T> logA = stackalloc T[1];
                System.Numerics.Tensors.TensorPrimitives.Log(a, logA);
                for (int i = 0; i < output.Length; i++)
                {
                    db[i] = g[i] * (output[i] * logA[0]);
                }
            }
            else
            {
                System.Numerics.Tensors.TensorPrimitives.Log(a, db);
                for (int i = 0; i < output.Length; i++)
                {
                    db[i] = g[i] * (output[i] * db[i]);
                }
            }
        }
    }

    // ---- maximum / minimum -----------------------------------------------------------------------------------
    public static Tensor Maximum(Tensor a, Tensor b)
    {
        var r = Forward<MaximumOp>("Maximum", ref a, ref b);
        if (Tape.ShouldRecord(a, b, out var tape))
        {
            tape.Record(new ExtremumNode(a, b, isMax: true), r);
        }

        return r;
    }

    public static Tensor Minimum(Tensor a, Tensor b)
    {
        var r = Forward<MinimumOp>("Minimum", ref a, ref b);
        if (Tape.ShouldRecord(a, b, out var tape))
        {
            tape.Record(new ExtremumNode(a, b, isMax: false), r);
        }

        return r;
    }

    /// <summary>The gradient goes to the selected operand; on ties it is split evenly (as PyTorch does).</summary>
    private sealed class ExtremumNode(Tensor a, Tensor b, bool isMax) : Node
    {
        public override Action? Lower<T>(Replay.ReplayLowering<T> lowering) =>
            isMax ? Replay.ReplaySteps.Binary<T, MaximumOp>(lowering, a, b, this) : Replay.ReplaySteps.Binary<T, MinimumOp>(lowering, a, b, this);

        public override void Backward(Tensor g, GradientSink sink)
        {
            var tie = ScalarOps.Affine(Compare<CompareOp<EqualCmp>>(a, b), 0.5, 0);
            if (sink.Wants(a))
            {
                var wins = isMax ? Compare<CompareOp<GreaterCmp>>(a, b) : Compare<CompareOp<LessCmp>>(a, b);
                sink.Add(a, Broadcasting.SumTo(Multiply(g, Add(wins, tie)), a.Shape));
            }

            if (sink.Wants(b))
            {
                var wins = isMax ? Compare<CompareOp<LessCmp>>(a, b) : Compare<CompareOp<GreaterCmp>>(a, b);
                sink.Add(b, Broadcasting.SumTo(Multiply(g, Add(wins, tie)), b.Shape));
            }
        }
    }

    // ---- comparisons (piecewise constant: 0/1 results whose derivative is zero) --------------------------------

    /// <summary>
    /// 1 where the comparison holds, else 0. Recorded (when an operand is tracked) so that replay recomputes it, but its
    /// derivative is zero: no gradient flows back to the operands.
    /// </summary>
    public static Tensor Compare<TCmp>(Tensor a, Tensor b)
        where TCmp : IBinaryOp
    {
        var r = Forward<TCmp>("Compare", ref a, ref b);
        if (Tape.ShouldRecord(a, b, out var tape))
        {
            tape.Record(new CompareNode<TCmp>(a, b), r);
        }

        return r;
    }

    private sealed class CompareNode<TCmp>(Tensor a, Tensor b) : Node
        where TCmp : IBinaryOp
    {
        public override bool HasZeroDerivative => true;

        public override Action? Lower<T>(Replay.ReplayLowering<T> lowering) => Replay.ReplaySteps.Binary<T, TCmp>(lowering, a, b, this);

        public override void Backward(Tensor g, GradientSink sink)
        {
        }
    }
}
