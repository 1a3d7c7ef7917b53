using Adjoint.Tensors;
using Adjoint.Tensors.Kernels;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Adjoint.Autodiff.Ops;

/// <summary>Maps a span to a span of the same length (the forward kernel of an elementwise function).</summary>
internal delegate void SpanMap<T>(ReadOnlySpan<T> x, Span<T> y);

/// <summary>
/// Computes the local gradient of an elementwise function fused in one pass: <c>dx = g * f'(x)</c> from x, y = f(x) and g.
/// </summary>
internal delegate void FusedBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> g, Span<T> dx);

/// <summary>
/// One elementwise function: its forward kernels and its derivative rule. The rule maps (x, y = f(x), upstream g)
/// to g * f'(x) using tensor operations, so it can be differentiated again; <see cref="FusedDouble"/> and
/// <see cref="FusedFloat"/> optionally compute the same in one pass when the backward pass is not recorded.
/// </summary>
internal sealed record UnaryRule(
    string Name,
    SpanMap<double> ForwardDouble,
    SpanMap<float> ForwardFloat,
    Func<Tensor, Tensor, Tensor, Tensor>? Derivative,
    FusedBackward<double>? FusedDouble = null,
    FusedBackward<float>? FusedFloat = null)
{
    /// <summary>The forward kernel for element type <typeparamref name="T"/> (float or double).</summary>
    public SpanMap<T> Forward<T>() => typeof(T) == typeof(double) ? (SpanMap<T>)(object)ForwardDouble : (SpanMap<T>)(object)ForwardFloat;
}

/// <summary>
/// The table of elementwise functions, one row each with forward and derivative (the derivatives.yaml idea).
/// Conventions at kinks follow PyTorch: relu'(0) = 0, abs'(0) = 0.
/// </summary>
internal static class Unary
{
    private static Tensor Mul(Tensor a, Tensor b) => Binary.Multiply(a, b);

    private static Tensor Div(Tensor a, Tensor b) => Binary.Divide(a, b);

    public static readonly UnaryRule NegRule = new("Neg", TP.Negate, TP.Negate, (x, y, g) => ScalarOps.Affine(g, -1, 0));

    public static readonly UnaryRule ExpRule = new("Exp", TP.Exp, TP.Exp, (x, y, g) => Mul(g, y));

    public static readonly UnaryRule LogRule = new("Log", TP.Log, TP.Log, (x, y, g) => Div(g, x));

    public static readonly UnaryRule Log1pRule = new("Log1p", ElementwiseMath.Log1p, ElementwiseMath.Log1p, (x, y, g) => Div(g, ScalarOps.Affine(x, 1, 1)));

    public static readonly UnaryRule Expm1Rule = new("Expm1", ElementwiseMath.Expm1, ElementwiseMath.Expm1, (x, y, g) => Mul(g, ScalarOps.Affine(y, 1, 1)));

    public static readonly UnaryRule SqrtRule = new("Sqrt", TP.Sqrt, TP.Sqrt, (x, y, g) => Div(ScalarOps.Affine(g, 0.5, 0), y));

    public static readonly UnaryRule SquareRule = new(
        "Square", (x, y) => TP.Multiply(x, x, y), (x, y) => TP.Multiply(x, x, y), (x, y, g) => Mul(g, ScalarOps.Affine(x, 2, 0)),
        (x, y, g, dx) => FusedKernels.ScaledProduct(x, g, 2.0, dx),
        (x, y, g, dx) => FusedKernels.ScaledProduct(x, g, 2f, dx));

    public static readonly UnaryRule AbsRule = new("Abs", TP.Abs, TP.Abs, (x, y, g) => Mul(g, Sign(x)));

    // float64 sine and cosine element by element: the vector kernels compute a whole vector another way when one of
    // its lanes is out of their range, so an element's result would depend on its neighbours and on where a span starts
    // (and replay, fused replay and the eager split over cores would disagree in the last bit).
    public static readonly UnaryRule SinRule = new("Sin", SinEach, TP.Sin, (x, y, g) => Mul(g, Cos(x)));

    public static readonly UnaryRule CosRule = new("Cos", CosEach, TP.Cos, (x, y, g) => ScalarOps.Affine(Mul(g, Sin(x)), -1, 0));

    public static readonly UnaryRule TanRule = new("Tan", TP.Tan, TP.Tan, (x, y, g) => Mul(g, ScalarOps.Affine(Square(y), 1, 1)));

    public static readonly UnaryRule AtanRule = new("Atan", TP.Atan, TP.Atan, (x, y, g) => Div(g, ScalarOps.Affine(Square(x), 1, 1)));

    public static readonly UnaryRule TanhRule = new(
        "Tanh", ElementwiseMath.Tanh, ElementwiseMath.Tanh, (x, y, g) => Mul(g, ScalarOps.Affine(Square(y), -1, 1)),
        TanhBackward, TanhBackward);

    public static readonly UnaryRule SigmoidRule = new(
        "Sigmoid", ElementwiseMath.Sigmoid, ElementwiseMath.Sigmoid, (x, y, g) => Mul(g, Mul(y, ScalarOps.Affine(y, -1, 1))),
        SigmoidBackward, SigmoidBackward);

    public static readonly UnaryRule SoftplusRule = new("Softplus", ElementwiseMath.Softplus, ElementwiseMath.Softplus, (x, y, g) => Mul(g, Sigmoid(x)));

    public static readonly UnaryRule ReluRule = new(
        "Relu", (x, y) => TP.Max(x, 0.0, y), (x, y) => TP.Max(x, 0f, y), (x, y, g) => Mul(g, Step(x)),
        ReluBackward, ReluBackward);

    /// <summary>sign(x) in {-1, 0, 1}; NaN stays NaN. Piecewise constant: its derivative is zero.</summary>
    public static readonly UnaryRule SignRule = new("Sign", SignKernel, SignKernel, null);

    /// <summary>1 where x &gt; 0, else 0: relu's derivative. Piecewise constant: its derivative is zero.</summary>
    public static readonly UnaryRule StepRule = new("Step", StepKernel, StepKernel, null);

    public static Tensor Apply(UnaryRule rule, Tensor x)
    {
        x = DTypePromotion.ForScope(x);
        var r = Tensor.Uninitialized(x.Shape, x.DType);
        if (ParallelKernels.ShouldSplit(x.Size))
        {
            ParallelKernels.For(x.Size, (s, n) => Forward(rule, x, r, s, n));
        }
        else
        {
            Forward(rule, x, r, 0, x.Size);
        }

        if (Tape.ShouldRecord(x, out var tape))
        {
            // A piecewise-constant rule (no derivative) is recorded too, so that replay recomputes its values.
            tape.Record(new UnaryNode(rule, x), r);
        }

        return r;
    }

    private static void Forward(UnaryRule rule, Tensor x, Tensor r, int start, int length)
    {
        if (x.DType == DType.Float64)
        {
            rule.ForwardDouble(x.Span<double>().Slice(start, length), r.Span<double>().Slice(start, length));
        }
        else
        {
            rule.ForwardFloat(x.Span<float>().Slice(start, length), r.Span<float>().Slice(start, length));
        }
    }

    private static void FusedBackward(UnaryRule rule, Tensor x, Tensor y, Tensor g, Tensor dx, int start, int length)
    {
        if (x.DType == DType.Float64)
        {
            rule.FusedDouble!(x.Span<double>().Slice(start, length), y.Span<double>().Slice(start, length), g.Span<double>().Slice(start, length), dx.Span<double>().Slice(start, length));
        }
        else
        {
            rule.FusedFloat!(x.Span<float>().Slice(start, length), y.Span<float>().Slice(start, length), g.Span<float>().Slice(start, length), dx.Span<float>().Slice(start, length));
        }
    }

    private sealed class UnaryNode(UnaryRule rule, Tensor x) : Node
    {
        public override bool HasZeroDerivative => rule.Derivative is null;

        public override Action? Lower<T>(Replay.ReplayLowering<T> lowering) => Replay.ReplaySteps.Map(lowering, x, this, rule.Forward<T>());

        public override void Backward(Tensor g, GradientSink sink)
        {
            if (rule.Derivative is null || !sink.Wants(x))
            {
                return;
            }

            // Fused one-pass kernel when this backward pass is not itself recorded.
            if (Tape.Recording is null && rule.FusedDouble is not null && g.Shape == x.Shape)
            {
                var dx = Tensor.Uninitialized(x.Shape, x.DType);
                var y = Output;
                if (ParallelKernels.ShouldSplit(x.Size))
                {
                    ParallelKernels.For(x.Size, (s, n) => FusedBackward(rule, x, y, g, dx, s, n));
                }
                else
                {
                    FusedBackward(rule, x, y, g, dx, 0, x.Size);
                }

                sink.Add(x, dx);
                return;
            }

            sink.Add(x, rule.Derivative!(x, Output, g));
        }
    }

    public static Tensor Neg(Tensor x) => Apply(NegRule, x);

    public static Tensor Exp(Tensor x) => Apply(ExpRule, x);

    public static Tensor Log(Tensor x) => Apply(LogRule, x);

    public static Tensor Log1p(Tensor x) => Apply(Log1pRule, x);

    public static Tensor Expm1(Tensor x) => Apply(Expm1Rule, x);

    public static Tensor Sqrt(Tensor x) => Apply(SqrtRule, x);

    public static Tensor Square(Tensor x) => Apply(SquareRule, x);

    public static Tensor Abs(Tensor x) => Apply(AbsRule, x);

    public static Tensor Sin(Tensor x) => Apply(SinRule, x);

    public static Tensor Cos(Tensor x) => Apply(CosRule, x);

    public static Tensor Tan(Tensor x) => Apply(TanRule, x);

    public static Tensor Atan(Tensor x) => Apply(AtanRule, x);

    public static Tensor Tanh(Tensor x) => Apply(TanhRule, x);

    public static Tensor Sigmoid(Tensor x) => Apply(SigmoidRule, x);

    public static Tensor Softplus(Tensor x) => Apply(SoftplusRule, x);

    public static Tensor Relu(Tensor x) => Apply(ReluRule, x);

    public static Tensor Sign(Tensor x) => Apply(SignRule, x);

    public static Tensor Step(Tensor x) => Apply(StepRule, x);

    private static void SinEach(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = Math.Sin(x[i]);
        }
    }

    private static void CosEach(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = Math.Cos(x[i]);
        }
    }

    private static void SignKernel<T>(ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Length; i++)
        {
            T v = x[i];
            y[i] = v > T.Zero ? T.One : v < T.Zero ? -T.One : v == T.Zero ? T.Zero : v;
        }
    }

    private static void StepKernel<T>(ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = x[i] > T.Zero ? T.One : T.Zero;
        }
    }

    private static void TanhBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> g, Span<T> dx)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        FusedKernels.TanhBackward(y, g, dx);
    }

    private static void SigmoidBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> g, Span<T> dx)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        // dx = g * y * (1 - y)
        TP.Subtract(T.One, y, dx);
        TP.Multiply(dx, y, dx);
        TP.Multiply(dx, g, dx);
    }

    private static void ReluBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> g, Span<T> dx)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Length; i++)
        {
            dx[i] = x[i] > T.Zero ? g[i] : T.Zero;
        }
    }
}
