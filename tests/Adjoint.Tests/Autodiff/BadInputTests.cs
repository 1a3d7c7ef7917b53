using Adjoint.Autodiff;
using Adjoint.Tensors;
using Adjoint.Tests.Tensors;

namespace Adjoint.Tests.Autodiff;

/// <summary>
/// Misuse fails early with an exception that says what went wrong (the operation and the shapes or dtypes
/// involved); numerical edge cases (NaN, kinks) follow the documented conventions without throwing.
/// </summary>
public class BadInputTests
{
    [Fact]
    public void Add_IncompatibleShapes_ThrowsArgumentExceptionNamingOpAndBothShapes()
    {
        var a = Tensor.Zeros([2, 3]);
        var b = Tensor.Zeros([4]);
        var ex = Assert.Throws<ArgumentException>(() => a + b);
        Assert.Contains("Add", ex.Message, StringComparison.Ordinal);
        Assert.Contains("(2, 3)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("(4,)", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Subtract")]
    [InlineData("Multiply")]
    [InlineData("Divide")]
    [InlineData("Pow")]
    [InlineData("Maximum")]
    [InlineData("Minimum")]
    public void BinaryOp_IncompatibleShapes_MessageNamesOpAndShapes(string op)
    {
        var a = Tensor.Ones([3, 2]);
        var b = Tensor.Ones([3]);
        Func<Tensor> call = op switch
        {
            "Subtract" => () => Tensor.Subtract(a, b),
            "Multiply" => () => Tensor.Multiply(a, b),
            "Divide" => () => Tensor.Divide(a, b),
            "Pow" => () => Tensor.Pow(a, b),
            "Maximum" => () => Tensor.Maximum(a, b),
            _ => () => Tensor.Minimum(a, b),
        };
        var ex = Assert.Throws<ArgumentException>(() => call());
        Assert.Contains(op, ex.Message, StringComparison.Ordinal);
        Assert.Contains("(3, 2)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("(3,)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_IncompatibleShapesWhileRecording_ThrowsAndLeavesTapeUsable()
    {
        var x = Tensor.Ones([2, 3]);
        Assert.Throws<ArgumentException>(() => Grad.Gradient(z => (z + Tensor.Ones([4])).Sum(), x));
        var g = Grad.Gradient(z => (z * z).Sum(), x);
        Assert.Equal(new double[] { 2, 2, 2, 2, 2, 2 }, g.ToArray());
    }

    [Theory]
    [InlineData(new[] { 2, 3 }, new[] { 4, 5 })]
    [InlineData(new[] { 3 }, new[] { 4 })]
    [InlineData(new[] { 2, 3 }, new[] { 2 })]
    [InlineData(new[] { 5, 2, 3 }, new[] { 4, 2 })]
    public void MatMul_MisalignedShapes_ThrowsArgumentExceptionNamingShapes(int[] shapeA, int[] shapeB)
    {
        var a = Tensor.Zeros(shapeA);
        var b = Tensor.Zeros(shapeB);
        var ex = Assert.Throws<ArgumentException>(() => Tensor.MatMul(a, b));
        Assert.Contains("MatMul", ex.Message, StringComparison.Ordinal);
        Assert.Contains(new Shape(shapeA).ToString(), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MatMul_IncompatibleBatchAxes_ThrowsArgumentException()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.MatMul(Tensor.Zeros([2, 3, 4]), Tensor.Zeros([5, 4, 2])));
        Assert.Contains("MatMul", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DotAndOuter_NonVectors_ThrowArgumentException()
    {
        Assert.Throws<ArgumentException>(() => Tensor.Dot(Tensor.Zeros([2, 2]), Tensor.Zeros([2])));
        Assert.Throws<ArgumentException>(() => Tensor.Dot(Tensor.Zeros([3]), Tensor.Zeros([2])));
        Assert.Throws<ArgumentException>(() => Tensor.Outer(Tensor.Zeros([3]), Tensor.Zeros([2, 1])));
    }

    [Fact]
    public void BinaryOp_MixedFloat32AndFloat64_ThrowsNamingBothDtypes()
    {
        var a = Tensor.Ones([2], DType.Float32);
        var b = Tensor.Ones([2], DType.Float64);
        foreach (var call in new Func<Tensor>[] { () => a + b, () => a * b, () => Tensor.MatMul(a, b), () => Tensor.Concat([a, b]), () => Tensor.Where(b, a, a) })
        {
            var ex = Assert.Throws<ArgumentException>(() => call());
            Assert.Contains("Float32", ex.Message, StringComparison.Ordinal);
            Assert.Contains("Float64", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Gradient_NonScalarOutput_ThrowsInvalidOperationExceptionExplainingTheFix()
    {
        var x = Tensor.FromArray([1.0, 2.0, 3.0]);
        var ex = Assert.Throws<InvalidOperationException>(() => Grad.Gradient(z => z * 2, x));
        Assert.Contains("(3,)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Vjp", ex.Message, StringComparison.Ordinal);

        Assert.Throws<InvalidOperationException>(() => Grad.Hessian(z => z.Square(), x));
        Assert.Throws<InvalidOperationException>(() => Grad.Hvp(z => z.Square(), x, x));

        using var tape = GradientTape.Begin();
        var xw = tape.Watch(x);
        var y = xw * xw;
        var tapeEx = Assert.Throws<InvalidOperationException>(() => tape.Gradient(y, xw));
        Assert.Contains("seed", tapeEx.Message, StringComparison.Ordinal);
        // With a seed it is a vector-Jacobian product.
        var vjp = tape.Gradient(y, [xw], Tensor.OnesLike(x));
        Assert.Equal(new double[] { 2, 4, 6 }, vjp[0].ToArray());
    }

    [Fact]
    public void Vjp_SeedOfWrongShape_ThrowsArgumentException()
    {
        var x = Tensor.FromArray([1.0, 2.0, 3.0]);
        Assert.Throws<ArgumentException>(() => Grad.Vjp(z => z * 2, x, Tensor.Ones([2])));
        Assert.Throws<ArgumentException>(() => Grad.Jvp(z => z * 2, x, Tensor.Ones([2])));
        Assert.Throws<ArgumentException>(() => Grad.Hvp(z => z.Sum(), x, Tensor.Ones([3], DType.Float32)));
        Assert.Throws<ArgumentException>(() => Grad.ValueAndGrad(z => z.Sum(), x, new double[2]));
    }

    [Fact]
    public void NaN_PropagatesThroughForwardAndBackward_WithoutExceptions()
    {
        var x = Tensor.FromArray([1.0, double.NaN, -2.0]);
        Tensor F(Tensor z) => (Tensor.Exp(z) * Tensor.Tanh(z) + Tensor.Softplus(z) + Tensor.Relu(z)).Sum();
        var (value, gradient) = Grad.ValueAndGrad(F, x);
        Assert.True(double.IsNaN(value.Item()));
        var g = gradient.ToArray();
        Assert.False(double.IsNaN(g[0]));
        Assert.True(double.IsNaN(g[1]));
        Assert.False(double.IsNaN(g[2]));

        var hv = Grad.Hvp(F, x, Tensor.Ones([3])).ToArray();
        Assert.True(double.IsNaN(hv[1]));
        Assert.False(double.IsNaN(hv[0]));

        Assert.True(double.IsNaN(Tensor.Max(x).Item()));
        Assert.True(double.IsNaN(Tensor.LogSumExp(x).Item()));
        Assert.True(double.IsNaN(Tensor.Sum(x).Item()));
    }

    [Fact]
    public void ReluAndAbs_AtZero_HaveZeroDerivative()
    {
        var x = Tensor.FromArray([0.0, 0.0]);
        Assert.Equal(new double[] { 0, 0 }, Grad.Gradient(z => Tensor.Relu(z).Sum(), x).ToArray());
        Assert.Equal(new double[] { 0, 0 }, Grad.Gradient(z => Tensor.Abs(z).Sum(), x).ToArray());
        Assert.Equal(new double[] { 0, 0 }, Grad.Gradient(z => z.Relu().Sum(), x).ToArray());
        Assert.Equal(new double[] { 0, 0 }, Grad.Gradient(z => z.Abs().Sum(), x).ToArray());
        // Recorded backward pass (second-order mode) follows the same convention.
        Assert.Equal(new double[] { 0, 0 }, Grad.Hvp(z => (Tensor.Relu(z) * z).Sum(), Tensor.FromArray([0.0, 0.0]), Tensor.Ones([2])).ToArray());
        // And just off zero they are the ordinary one-sided slopes.
        Assert.Equal(new double[] { 1, -1 }, Grad.Gradient(z => Tensor.Abs(z).Sum(), Tensor.FromArray([1e-300, -1e-300])).ToArray());
        Assert.Equal(new double[] { 1, 0 }, Grad.Gradient(z => Tensor.Relu(z).Sum(), Tensor.FromArray([1e-300, -1e-300])).ToArray());
    }

    [Fact]
    public void Ties_MaximumAndMaxReduction_ShareTheGradientEvenly()
    {
        var x = Tensor.FromArray([1.0, 3, 3, 2]);
        TensorAssert.Close(Grad.Gradient(z => Tensor.Max(z), x), [4], [0, 0.5, 0.5, 0]);
        TensorAssert.Close(Grad.Gradient(z => Tensor.Min(z.Reshape(2, 2), [1]).Sum(), x), [4], [1, 0, 0, 1]);
        var a = Tensor.FromArray([1.0, 2]);
        var b = Tensor.FromArray([1.0, 3]);
        var (_, grads) = Grad.ValueAndGrad(xs => Tensor.Maximum(xs[0], xs[1]).Sum(), a, b);
        TensorAssert.Close(grads[0], [2], [0.5, 0]);
        TensorAssert.Close(grads[1], [2], [0.5, 1]);
    }

    [Fact]
    public void Clamp_AtAndBeyondBounds_GradientIsOneInsideBoundsIncludedAndZeroOutside()
    {
        var x = Tensor.FromArray([-2.0, -1, 0, 1, 2]);
        TensorAssert.Close(Grad.Gradient(z => Tensor.Clamp(z, -1, 1).Sum(), x), [5], [0, 1, 1, 1, 0]);
    }

    [Fact]
    public void Norm_AtZero_HasZeroGradient()
    {
        var g = Grad.Gradient(z => Tensor.Norm(z), Tensor.Zeros([3]));
        Assert.Equal(new double[] { 0, 0, 0 }, g.ToArray());
    }

    [Fact]
    public void Tensor_ReadAfterScopeEnded_ThrowsObjectDisposedException()
    {
        Tensor inside, sum;
        using (TensorScope.Begin())
        {
            inside = Tensor.Ones([3]) * 2;
            sum = inside.Sum();
            Assert.Equal(6.0, sum.Item());
        }

        Assert.True(inside.IsDisposed);
        Assert.True(sum.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => inside.ToArray());
        Assert.Throws<ObjectDisposedException>(() => sum.Item());
        Assert.Throws<ObjectDisposedException>(() => inside.GetValue(0));
        Assert.Throws<ObjectDisposedException>(() => inside + 1);
        Assert.Throws<ObjectDisposedException>(() => Grad.Gradient(z => (z * inside).Sum(), Tensor.Ones([3])));
        Assert.Contains("disposed", inside.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Tensor_ViewOfDisposedTensor_ThrowsObjectDisposedException()
    {
        var t = Tensor.Ones([2, 2]) * 3;
        var view = t.Reshape(4);
        t.Dispose();
        Assert.True(view.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => view.ToArray());
    }

    [Fact]
    public void Gather_IndexOutOfRange_ThrowsArgumentOutOfRangeException()
    {
        var m = Tensor.Zeros([3, 2]);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Gather(m, [0, 3]));
        Assert.Contains("Gather", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => m[[-4]]);
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.ScatterAdd(m, [5], Tensor.Zeros([1, 2])));
        Assert.Throws<ArgumentException>(() => Tensor.ScatterAdd(m, [0, 1], Tensor.Zeros([1, 2])));
        Assert.Throws<ArgumentException>(() => Tensor.Gather(Tensor.Scalar(1), [0]));
    }

    [Fact]
    public void Slicing_IntegerIndexOutOfRangeOrTooManyIndices_Throws()
    {
        var m = Tensor.Zeros([3, 2]);
        Assert.Throws<ArgumentOutOfRangeException>(() => m[3]);
        Assert.Throws<ArgumentOutOfRangeException>(() => m[-4]);
        Assert.Throws<ArgumentOutOfRangeException>(() => m[.., 2]);
        Assert.Throws<ArgumentOutOfRangeException>(() => m[^4]);
        Assert.Throws<ArgumentException>(() => m[0, 0, 0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => TensorIndex.Step(0, 2, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => m.GetValue(0, 2));
    }

    [Fact]
    public void Reshape_WrongSize_ThrowsArgumentExceptionNamingShapes()
    {
        var x = Tensor.Zeros([2, 3]);
        var ex = Assert.Throws<ArgumentException>(() => x.Reshape(4, 2));
        Assert.Contains("(2, 3)", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => x.Reshape(-1, 4));
        Assert.Throws<ArgumentException>(() => x.Reshape(-1, -1));
        Assert.Throws<ArgumentException>(() => x.Reshape(new Shape(7)));
        Assert.Throws<ArgumentException>(() => x.Squeeze(0));
        Assert.Throws<ArgumentException>(() => x.BroadcastTo([3, 3]));
        Assert.Throws<ArgumentException>(() => x.Permute(0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Unsqueeze(4));
    }

    [Fact]
    public void Clamp_LowAboveHigh_ThrowsArgumentOutOfRangeException()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Clamp(Tensor.Zeros([2]), 1, -1));
        Assert.Contains("Clamp", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reduction_BadAxes_Throw()
    {
        var x = Tensor.Zeros([2, 3]);
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Sum(x, [2]));
        Assert.Throws<ArgumentException>(() => Tensor.Sum(x, [1, -1]));
        Assert.Throws<ArgumentException>(() => Tensor.Max(Tensor.Zeros([0])));
    }

    [Fact]
    public void Creation_InconsistentArguments_Throw()
    {
        Assert.Throws<ArgumentException>(() => Tensor.FromArray([1.0, 2.0, 3.0], [2, 2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Shape(2, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Arange(0, 1, 0));
        Assert.Throws<InvalidOperationException>(() => Tensor.Zeros([2]).Item());
        Assert.Throws<ArgumentException>(() => Tensor.Stack([Tensor.Zeros([2]), Tensor.Zeros([3])]));
        Assert.Throws<ArgumentException>(() => Tensor.Concat([Tensor.Zeros([2, 2]), Tensor.Zeros([2, 3])]));
    }
}
