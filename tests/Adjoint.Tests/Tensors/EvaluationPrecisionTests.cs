using Adjoint.Autodiff;
using Adjoint.Autodiff.Ops;
using Adjoint.Tensors;

namespace Adjoint.Tests.Tensors;

/// <summary>
/// The dtype promotion rule: conversion inside an <see cref="EvaluationPrecision"/> scope, adoption of a tracked
/// operand's dtype by constants outside one, the mixes that still fail, derivatives through promoted operands, the
/// cache of converted constants, and the scope's nesting and thread isolation.
/// </summary>
public class EvaluationPrecisionTests
{
    private static readonly double[] DataValues = [0.5, -1.25, 2.0, 3.5];

    private static Tensor Data64() => Tensor.FromArray(DataValues);

    // ---- inside a scope ------------------------------------------------------------------------------------------

    [Fact]
    public void Scope_Float32_ConvertsEveryComputingOperandAndKeepsRearrangements()
    {
        var data = Data64();
        var x = Tensor.FromArray([1f, 2f, 3f, 4f]);
        using var scope = EvaluationPrecision.Begin(DType.Float32);
        Assert.Equal(DType.Float32, EvaluationPrecision.Current);

        var difference = x - data;
        Assert.Equal(DType.Float32, difference.DType);
        TensorAssert.Close([0.5, 3.25, 1, 0.5], difference.ToArray());

        // Two float64 operands, a float64 function, reduction and product: all computed in float32.
        Assert.Equal(DType.Float32, (data + data).DType);
        Assert.Equal(DType.Float32, Tensor.Exp(data).DType);
        Assert.Equal(DType.Float32, (data * 2.0).DType);
        Assert.Equal(DType.Float32, data.Sum().DType);
        Assert.Equal(DType.Float32, Tensor.Norm(data).DType);
        Assert.Equal(DType.Float32, Tensor.Dot(data, x).DType);
        Assert.Equal(DType.Float32, Tensor.Concat([data, x]).DType);
        Assert.Equal(DType.Float32, Tensor.Where(Tensor.Greater(data, 0.0), data, x).DType);
        Assert.Equal(DType.Float32, Tensor.Clamp(data, 0, 1).DType);

        // Rearrangements and the explicit conversion keep their dtype.
        Assert.Equal(DType.Float64, data.Reshape(2, 2).DType);
        Assert.Equal(DType.Float64, data[1..].DType);
        Assert.Equal(DType.Float64, x.To(DType.Float64).DType);
    }

    [Fact]
    public void Scope_GradEntryPoints_WorkWithCapturedDataOfTheOtherDType()
    {
        var data = Data64();
        var x = Tensor.FromArray([1f, 2f, 3f, 4f]);
        Tensor F(Tensor z) => (z - data).Square().Sum();
        using var scope = EvaluationPrecision.Begin(DType.Float32);

        var (value, gradient) = Grad.ValueAndGrad(F, x);
        Assert.Equal(DType.Float32, value.DType);
        Assert.Equal(DType.Float32, gradient.DType);
        TensorAssert.Close([1, 6.5, 2, 1], gradient.ToArray(), 1e-6, 1e-6);

        var buffer = new double[4];
        double v = Grad.ValueAndGrad(F, x, buffer);
        Assert.Equal(value.Item(), v);
        TensorAssert.Close(gradient.ToArray(), buffer);

        var hessian = Grad.Hessian(F, x);
        Assert.Equal(DType.Float32, hessian.DType);
        TensorAssert.Close(Diagonal(2, 2, 2, 2), hessian.ToArray(), 1e-6, 1e-6);
        TensorAssert.Close([2, 4, 6, 8], Grad.Hvp(F, x, Tensor.FromArray([1f, 2f, 3f, 4f])).ToArray(), 1e-6, 1e-6);
        var jacobian = Grad.Jacobian(z => z * data, x);
        Assert.Equal(DType.Float32, jacobian.DType);
        TensorAssert.Close(Diagonal(DataValues), jacobian.ToArray());
    }

    [Fact]
    public void Scope_TrackedFloat64Variable_GradientAndHessianComeBackInFloat64()
    {
        var data = Tensor.FromArray([1f, 2f, 3f]);
        var x = Tensor.FromArray([0.5, -1.0, 2.0]);
        // f = sum(data * x^3): gradient 3 data x^2, Hessian diag(6 data x).
        Tensor F(Tensor z) => (data * z * z * z).Sum();
        using var scope = EvaluationPrecision.Begin(DType.Float32);

        var (value, gradient) = Grad.ValueAndGrad(F, x);
        Assert.Equal(DType.Float32, value.DType);
        Assert.Equal(DType.Float64, gradient.DType);
        TensorAssert.Close([0.75, 6, 36], gradient.ToArray(), 1e-6, 1e-6);

        var hessian = Grad.Hessian(F, x);
        Assert.Equal(DType.Float64, hessian.DType);
        TensorAssert.Close(Diagonal(3, -12, 36), hessian.ToArray(), 1e-6, 1e-6);
        var hv = Grad.Hvp(F, x, Tensor.FromArray([1.0, 1, 1]));
        Assert.Equal(DType.Float64, hv.DType);
        TensorAssert.Close([3, -12, 36], hv.ToArray(), 1e-6, 1e-6);
    }

    // ---- outside any scope ---------------------------------------------------------------------------------------

    [Fact]
    public void NoScope_UntrackedConstant_AdoptsTheTrackedOperandsDType()
    {
        Assert.Null(EvaluationPrecision.Current);
        var data = Data64();
        var x = Tensor.FromArray([1f, 2f, 3f, 4f]);
        Tensor F(Tensor z) => (z - data).Square().Sum() + Tensor.Concat([z, data]).Sum() + Tensor.Where(Tensor.Greater(data, 0.0), z, data).Sum();

        var (value, gradient) = Grad.ValueAndGrad(F, x);
        Assert.Equal(DType.Float32, value.DType);
        Assert.Equal(DType.Float32, gradient.DType);
        // 2 (x - data) + 1 (Concat) + [data > 0] (Where).
        TensorAssert.Close([3, 7.5, 4, 3], gradient.ToArray(), 1e-6, 1e-6);

        // The other way round: float64 variable, float32 data.
        var g64 = Grad.Gradient(z => Tensor.MatMul(Tensor.FromArray([1f, 2f, 3f, 4f]), z), Data64());
        Assert.Equal(DType.Float64, g64.DType);
        TensorAssert.Close([1, 2, 3, 4], g64.ToArray());

        var hessian = Grad.Hessian(z => (data * z.Square()).Sum(), x);
        Assert.Equal(DType.Float32, hessian.DType);
        TensorAssert.Close(Diagonal(1, -2.5, 4, 7), hessian.ToArray(), 1e-6, 1e-6);
    }

    [Fact]
    public void NoScope_TwoTrackedOrTwoUntrackedOperandsOfDifferentDTypes_ThrowNamingTheOperationAndBoth()
    {
        var a = Tensor.Ones([2], DType.Float32);
        var b = Tensor.Ones([2], DType.Float64);
        var untracked = Assert.Throws<ArgumentException>(() => a - b);
        Assert.Contains("Subtract", untracked.Message, StringComparison.Ordinal);
        Assert.Contains("Float32", untracked.Message, StringComparison.Ordinal);
        Assert.Contains("Float64", untracked.Message, StringComparison.Ordinal);

        using var tape = GradientTape.Begin();
        var ta = tape.Watch(a);
        var tb = tape.Watch(b);
        foreach (var (name, call) in new (string, Func<Tensor>)[]
        {
            ("Add", () => ta + tb),
            ("MatMul", () => Tensor.MatMul(ta, tb)),
            ("Concat", () => Tensor.Concat([ta, b, tb])),
            ("ScatterAdd", () => Tensor.ScatterAdd(ta, [0, 1], tb)),
            ("Where", () => Tensor.Where(a, ta, tb)),
        })
        {
            var ex = Assert.Throws<ArgumentException>(call);
            Assert.Contains(name, ex.Message, StringComparison.Ordinal);
            Assert.Contains("Float32", ex.Message, StringComparison.Ordinal);
            Assert.Contains("Float64", ex.Message, StringComparison.Ordinal);
            Assert.Contains("tracked", ex.Message, StringComparison.Ordinal);
        }

        // Inside a scope the same mix is converted.
        using var scope = EvaluationPrecision.Begin(DType.Float64);
        Assert.Equal(DType.Float64, (ta + tb).DType);
    }

    // ---- the cache of converted constants ------------------------------------------------------------------------

    [Fact]
    public void Cache_CapturedConstant_IsConvertedOnceAndReusedOver1000Evaluations()
    {
        var data = Tensor.FromArray(Enumerable.Range(0, 1000).Select(i => i * 0.001).ToArray());
        var x = Tensor.Zeros([1000], DType.Float32);
        var first = DTypePromotion.Convert(data, DType.Float32);
        Assert.Same(first, DTypePromotion.Convert(data, DType.Float32));
        Assert.Equal(DType.Float32, first.DType);

        int before = DTypePromotion.CachedConversions;
        var gradient = new double[1000];
        for (int i = 0; i < 1000; i++)
        {
            using var scope = EvaluationPrecision.Begin(DType.Float32);
            Grad.ValueAndGrad(z => (z - data).Square().Sum(), x, gradient);
        }

        Assert.Equal(before, DTypePromotion.CachedConversions);
        TensorAssert.Close(data.ToArray().Select(d => -2 * (double)(float)d).ToArray(), gradient, 1e-6, 1e-6);

        // A view of a cached constant shares the cached storage.
        var view = DTypePromotion.Convert(data.Reshape(10, 100), DType.Float32);
        Assert.Equal(DType.Float32, view.DType);
        Assert.Equal(first.ToArray(), view.ToArray());
        Assert.Equal(before, DTypePromotion.CachedConversions);
    }

    [Fact]
    public void Cache_TensorsOwnedByAScope_AreConvertedAfreshAndNeverCached()
    {
        int before = DTypePromotion.CachedConversions;
        using (TensorScope.Begin())
        {
            var temporary = Tensor.Ones([64]) * 3;
            var a = DTypePromotion.Convert(temporary, DType.Float32);
            var b = DTypePromotion.Convert(temporary, DType.Float32);
            Assert.NotSame(a, b);
            Assert.All(a.ToArray(), v => Assert.Equal(3, v));
        }

        Assert.Equal(before, DTypePromotion.CachedConversions);
    }

    [Fact]
    public void Cache_DisposedConstant_ThrowsInsteadOfUsingAStaleCopy()
    {
        var data = Tensor.Ones([4]);
        var x = Tensor.Ones([4], DType.Float32);
        using (EvaluationPrecision.Begin(DType.Float32))
        {
            Assert.Equal(DType.Float32, (x + data).DType);
        }

        data.Dispose();
        using var scope = EvaluationPrecision.Begin(DType.Float32);
        Assert.Throws<ObjectDisposedException>(() => x + data);
    }

    // ---- nesting and threads -------------------------------------------------------------------------------------

    [Fact]
    public void Scopes_Nest_TheInnermostDecidesAndDisposalRestoresTheOuter()
    {
        var data = Tensor.FromArray([1f, 2f]);
        using (var outer = EvaluationPrecision.Begin(DType.Float64))
        {
            Assert.Equal(DType.Float64, (data + data).DType);
            using (var inner = EvaluationPrecision.Begin(DType.Float32))
            {
                Assert.Equal(DType.Float32, inner.DType);
                Assert.Equal(DType.Float32, (data.To(DType.Float64) * data).DType);
            }

            Assert.Equal(DType.Float64, EvaluationPrecision.Current);
            Assert.Equal(DType.Float64, (data + data).DType);

            // Out of order: the outer scope ends first, the inner one stays until it ends.
            var middle = EvaluationPrecision.Begin(DType.Float32);
            var innermost = EvaluationPrecision.Begin(DType.Float64);
            middle.Dispose();
            Assert.Equal(DType.Float64, EvaluationPrecision.Current);
            innermost.Dispose();
            Assert.Equal(DType.Float64, EvaluationPrecision.Current);
        }

        Assert.Null(EvaluationPrecision.Current);
    }

    [Fact]
    public void Scope_IsThreadLocal_OtherThreadsSeeNoneAndCannotDisposeIt()
    {
        var data = Tensor.FromArray([1f, 2f]);
        var other = Tensor.FromArray([1.0, 2.0]);
        using var scope = EvaluationPrecision.Begin(DType.Float64);
        DType? seen = DType.Float64;
        Exception? mixed = null, dispose = null;
        DType? insideOtherScope = null;
        var thread = new Thread(() =>
        {
            seen = EvaluationPrecision.Current;
            mixed = Record.Exception(() => data + other);
            dispose = Record.Exception(scope.Dispose);
            using var own = EvaluationPrecision.Begin(DType.Float32);
            insideOtherScope = (data + other).DType;
        });
        thread.Start();
        thread.Join();

        Assert.Null(seen);
        Assert.IsType<ArgumentException>(mixed);
        Assert.IsType<InvalidOperationException>(dispose);
        Assert.Equal(DType.Float32, insideOtherScope);
        Assert.Equal(DType.Float64, EvaluationPrecision.Current);
        Assert.Equal(DType.Float64, (data + other).DType);
    }

    private static double[] Diagonal(params double[] d)
    {
        var m = new double[d.Length * d.Length];
        for (int i = 0; i < d.Length; i++)
        {
            m[(i * d.Length) + i] = d[i];
        }

        return m;
    }
}
