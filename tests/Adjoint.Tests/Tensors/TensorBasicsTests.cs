using Adjoint.Autodiff;
using Adjoint.Tensors;

namespace Adjoint.Tests.Tensors;

/// <summary>
/// Forward values of the tensor engine: creation, formatting, broadcasting, reductions, slicing, joining, gather and
/// scatter, dtype conversion, scoped storage, and differentiation from several threads at once.
/// </summary>
public class TensorBasicsTests
{
    // ---- creation ------------------------------------------------------------------------------------------------

    [Fact]
    public void FromArray_WithAndWithoutShape_CopiesValuesInRowMajorOrder()
    {
        var source = new[] { 1.0, 2, 3, 4, 5, 6 };
        var v = Tensor.FromArray(source);
        Assert.Equal(new Shape(6), v.Shape);
        Assert.Equal(1, v.Rank);
        Assert.Equal(DType.Float64, v.DType);

        var m = Tensor.FromArray(source, [2, 3]);
        Assert.Equal(new Shape(2, 3), m.Shape);
        Assert.Equal(6, m.Size);
        Assert.Equal(6.0, m.GetValue(1, 2));
        Assert.Equal(4.0, m.GetValue(-1, 0));
        source[0] = 100;
        Assert.Equal(1.0, m.GetValue(0, 0)); // a copy, not a view of the caller's array

        var m2 = Tensor.FromArray(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        Assert.Equal(m.Shape, m2.Shape);
        Assert.Equal(new double[] { 1, 2, 3, 4, 5, 6 }, m2.ToArray());

        var f = Tensor.FromArray(new float[] { 1.5f, 2.5f }, [2, 1]);
        Assert.Equal(DType.Float32, f.DType);
        Assert.Equal(new Shape(2, 1), f.Shape);
        Assert.Equal(new float[] { 1.5f, 2.5f }, f.ToSingleArray());

        var f2 = Tensor.FromArray(new double[] { 0.1, 0.2 }, [2], DType.Float32);
        Assert.Equal(DType.Float32, f2.DType);
        Assert.Equal(new[] { 0.1f, 0.2f }, f2.ToSingleArray());
    }

    [Fact]
    public void ZerosOnesFull_GiveConstantTensorsOfShapeAndDtype()
    {
        Assert.All(Tensor.Zeros([2, 3]).ToArray(), v => Assert.Equal(0.0, v));
        Assert.All(Tensor.Ones([4], DType.Float32).ToArray(), v => Assert.Equal(1.0, v));
        var full = Tensor.Full([2, 2], 2.5, DType.Float32);
        Assert.Equal(DType.Float32, full.DType);
        Assert.All(full.ToArray(), v => Assert.Equal(2.5, v));
        var like = Tensor.OnesLike(full);
        Assert.Equal(full.Shape, like.Shape);
        Assert.Equal(DType.Float32, like.DType);
        Assert.Equal(new Shape(2, 2), Tensor.ZerosLike(full).Shape);

        var s = Tensor.Scalar(3.25);
        Assert.Equal(0, s.Rank);
        Assert.Equal(1, s.Size);
        Assert.Equal(Shape.Scalar, s.Shape);
        Assert.Equal(3.25, s.Item());
        Assert.Equal(7.0, Tensor.Full([1, 1, 1], 7).Item());
    }

    [Fact]
    public void ArangeAndLinspace_GiveEvenlySpacedValues()
    {
        Assert.Equal(new double[] { 0, 1, 2, 3, 4 }, Tensor.Arange(5).ToArray());
        Assert.Equal(new double[] { 1, 1.5, 2, 2.5 }, Tensor.Arange(1, 3, 0.5).ToArray());
        Assert.Equal(new double[] { 3, 2, 1 }, Tensor.Arange(3, 0, -1).ToArray());
        Assert.Equal(0, Tensor.Arange(2, 1).Size);
        Assert.Equal(DType.Float32, Tensor.Arange(3, DType.Float32).DType);

        Assert.Equal(new double[] { 0, 0.25, 0.5, 0.75, 1 }, Tensor.Linspace(0, 1, 5).ToArray());
        Assert.Equal(new double[] { 2 }, Tensor.Linspace(2, 3, 1).ToArray());
        var l = Tensor.Linspace(-1, 0.3, 7).ToArray();
        Assert.Equal(-1.0, l[0]);
        Assert.Equal(0.3, l[^1]); // the end point is exact
    }

    [Fact]
    public void RandomNormal_SameSeed_IsReproducibleAndRoughlyStandard()
    {
        var a = Tensor.RandomNormal([100, 100], seed: 42).ToArray();
        var b = Tensor.RandomNormal([100, 100], seed: 42).ToArray();
        var c = Tensor.RandomNormal([100, 100], seed: 43).ToArray();
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);

        double mean = a.Average();
        double std = Math.Sqrt(a.Select(v => (v - mean) * (v - mean)).Average());
        Assert.InRange(mean, -0.03, 0.03); // 4 standard errors of the mean of 10^4 samples
        Assert.InRange(std, 0.97, 1.03);

        var shifted = Tensor.RandomNormal([10000], seed: 42, mean: 5, std: 2).ToArray();
        Assert.InRange(shifted.Average(), 4.94, 5.06);
        var odd = Tensor.RandomNormal([3], seed: 1);
        Assert.All(odd.ToArray(), v => Assert.True(double.IsFinite(v)));

        var u = Tensor.RandomUniform([1000], seed: 7, low: -1, high: 3).ToArray();
        Assert.All(u, v => Assert.InRange(v, -1, 3));
        Assert.Equal(u, Tensor.RandomUniform([1000], seed: 7, low: -1, high: 3).ToArray());
    }

    [Fact]
    public void ToString_SmallAndLargeTensors_IsReadable()
    {
        Assert.Equal("tensor([1, 2.5, -3], dtype=float64)", Tensor.FromArray([1.0, 2.5, -3]).ToString());
        Assert.Equal("tensor(4, dtype=float32)", Tensor.Scalar(4, DType.Float32).ToString());
        Assert.Equal("tensor([[1, 2],\n        [3, 4]], dtype=float64)", Tensor.FromArray([1.0, 2, 3, 4], [2, 2]).ToString());
        var longText = Tensor.Arange(100).ToString();
        Assert.Contains("...", longText, StringComparison.Ordinal);
        Assert.StartsWith("tensor([0, 1, 2, ..., 97, 98, 99]", longText, StringComparison.Ordinal);
        Assert.Equal("(2, 3)", new Shape(2, 3).ToString());
        Assert.Equal("(5,)", new Shape(5).ToString());
        Assert.Equal("()", Shape.Scalar.ToString());
    }

    [Fact]
    public void Item_OneElementTensorOfAnyShape_ReturnsTheValue()
    {
        Assert.Equal(2.0, Tensor.FromArray([2.0]).Item());
        Assert.Equal(-1.5, Tensor.FromArray([-1.5], [1, 1]).Item());
        Assert.Equal(0.25, Tensor.Scalar(0.25, DType.Float32).Item());
    }

    // ---- arithmetic and broadcasting -----------------------------------------------------------------------------

    [Fact]
    public void Broadcasting_ColumnTimesRow_GivesOuterTable()
    {
        var col = Tensor.FromArray([1.0, 2, 3], [3, 1]);
        var row = Tensor.FromArray([10.0, 20, 30, 40], [1, 4]);
        var sum = col + row;
        TensorAssert.Close(sum, [3, 4], [11, 21, 31, 41, 12, 22, 32, 42, 13, 23, 33, 43]);
        var product = col * row;
        TensorAssert.Close(product, [3, 4], [10, 20, 30, 40, 20, 40, 60, 80, 30, 60, 90, 120]);
    }

    [Fact]
    public void Broadcasting_TrailingVectorAndScalar_AlignAtLastAxis()
    {
        var x = Tensor.Arange(24).Reshape(2, 3, 4);
        var v = Tensor.FromArray([1.0, -1, 2, -2]);
        var r = (x * v).ToArray();
        var xs = x.ToArray();
        for (int i = 0; i < 24; i++)
        {
            Assert.Equal(xs[i] * new[] { 1.0, -1, 2, -2 }[i % 4], r[i]);
        }

        Assert.Equal(new Shape(2, 3, 4), (x - Tensor.Scalar(1)).Shape);
        TensorAssert.Close(Tensor.Scalar(10) / Tensor.FromArray([2.0, 4, 5]), [3], [5, 2.5, 2]);
        TensorAssert.Close(2.0 - Tensor.FromArray([1.0, 3]), [2], [1, -1]);
        TensorAssert.Close(Tensor.FromArray([1.0, 3]) / 2.0, [2], [0.5, 1.5]);
        TensorAssert.Close(1.0 / Tensor.FromArray([4.0, -0.5]), [2], [0.25, -2]);
        TensorAssert.Close(-Tensor.FromArray([4.0, -0.5]), [2], [-4, 0.5]);
    }

    [Fact]
    public void ElementwiseFunctions_KnownPoints_HaveExpectedValues()
    {
        var x = Tensor.FromArray([0.0, 1.0]);
        TensorAssert.Close(Tensor.Exp(x), [2], [1, Math.E]);
        TensorAssert.Close(Tensor.Log(Tensor.FromArray([1.0, Math.E])), [2], [0, 1]);
        TensorAssert.Close(Tensor.Log1p(Tensor.FromArray([1e-20, 1.0])), [2], [1e-20, Math.Log(2)]);
        TensorAssert.Close(Tensor.Expm1(Tensor.FromArray([1e-20, 1.0])), [2], [1e-20, Math.E - 1]);
        TensorAssert.Close(Tensor.Sigmoid(Tensor.FromArray([0.0, -800, 800])), [3], [0.5, 0, 1]);
        TensorAssert.Close(Tensor.Softplus(Tensor.FromArray([0.0, 800, -800])), [3], [Math.Log(2), 800, 0]);
        TensorAssert.Close(Tensor.Relu(Tensor.FromArray([-1.0, 0, 2])), [3], [0, 0, 2]);
        TensorAssert.Close(Tensor.Sign(Tensor.FromArray([-3.0, 0, 2])), [3], [-1, 0, 1]);
        TensorAssert.Close(Tensor.Clamp(Tensor.FromArray([-3.0, 0.5, 2]), -1, 1), [3], [-1, 0.5, 1]);
        TensorAssert.Close(Tensor.Pow(Tensor.FromArray([2.0, 3]), Tensor.FromArray([3.0, 2])), [2], [8, 9]);
        TensorAssert.Close(Tensor.Pow(2.0, Tensor.FromArray([0.0, 10])), [2], [1, 1024]);
        TensorAssert.Close(Tensor.Maximum(Tensor.FromArray([1.0, 5]), 3), [2], [3, 5]);
        TensorAssert.Close(Tensor.Minimum(Tensor.FromArray([1.0, 5]), Tensor.FromArray([2.0, 4])), [2], [1, 4]);
        TensorAssert.Close(Tensor.Where(Tensor.FromArray([1.0, 0]), Tensor.FromArray([1.0, 2]), Tensor.FromArray([-1.0, -2])), [2], [1, -2]);
        TensorAssert.Close(Tensor.Greater(Tensor.FromArray([1.0, 2, 3]), 2), [3], [0, 0, 1]);
        TensorAssert.Close(Tensor.LessEqual(Tensor.FromArray([1.0, 2, 3]), Tensor.Scalar(2)), [3], [1, 1, 0]);
        TensorAssert.Close(Tensor.EqualTo(Tensor.FromArray([1.0, 2]), Tensor.FromArray([1.0, 3])), [2], [1, 0]);
    }

    // ---- reductions ----------------------------------------------------------------------------------------------

    [Fact]
    public void Reductions_AxesAndKeepDims_GiveExpectedValuesAndShapes()
    {
        // [[1, 2, 3], [4, 5, 6]]
        var m = Tensor.Arange(1, 7).Reshape(2, 3);
        Assert.Equal(21.0, m.Sum().Item());
        Assert.Equal(Shape.Scalar, m.Sum().Shape);
        TensorAssert.Close(m.Sum(0), [3], [5, 7, 9]);
        TensorAssert.Close(m.Sum(1), [2], [6, 15]);
        TensorAssert.Close(m.Sum(-1, keepDims: true), [2, 1], [6, 15]);
        TensorAssert.Close(Tensor.Sum(m, [0, 1], keepDims: true), [1, 1], [21]);
        TensorAssert.Close(m.Mean(0), [3], [2.5, 3.5, 4.5]);
        TensorAssert.Close(Tensor.Max(m, [1]), [2], [3, 6]);
        TensorAssert.Close(Tensor.Min(m, [0], keepDims: true), [1, 3], [1, 2, 3]);
        TensorAssert.Close(Tensor.Prod(m, [1]), [2], [6, 120]);
        TensorAssert.Close(Tensor.Norm(Tensor.FromArray([3.0, 4, 0, 5, 12, 0], [2, 3]), [1]), [2], [5, 13]);
        Assert.Equal(Math.Log(Math.Exp(1) + Math.Exp(2) + Math.Exp(3)), Tensor.LogSumExp(Tensor.FromArray([1.0, 2, 3])).Item(), 14);
        Assert.Equal(1000 + Math.Log(2), Tensor.LogSumExp(Tensor.FromArray([1000.0, 1000])).Item(), 10);
        Assert.Equal(double.NegativeInfinity, Tensor.LogSumExp(Tensor.FromArray([double.NegativeInfinity, double.NegativeInfinity])).Item());
        Assert.Equal(6.0, m.Max().Item());
        Assert.Equal(1.0, m.Min().Item());
        Assert.Equal(3.5, m.Mean().Item());

        var t = Tensor.Arange(24).Reshape(2, 3, 4);
        var s = Tensor.Sum(t, [0, 2]);
        Assert.Equal(new Shape(3), s.Shape);
        // sum over i, k of 12 i + 4 j + k = 2*4*4j + (0 + 12)*4 + 2*(0+1+2+3) = 32 j + 60
        TensorAssert.Close(s, [3], [60, 92, 124]);
        TensorAssert.Close(Tensor.Sum(t, [-1, 0], keepDims: true), [1, 3, 1], [60, 92, 124]);
    }

    [Fact]
    public void SoftmaxAndLogSoftmax_RowsSumToOne()
    {
        var x = Tensor.FromArray([1.0, 2, 3, 1000, 1000, 1000], [2, 3]);
        var p = Tensor.Softmax(x);
        // x - logsumexp(x) carries the rounding of numbers near 1000 (about 1e-13): tolerances allow for it.
        TensorAssert.Close(p.Sum(1), [2], [1, 1], 1e-12, 1e-12);
        double z = Math.Exp(1) + Math.Exp(2) + Math.Exp(3);
        TensorAssert.Close(p, [2, 3], [Math.Exp(1) / z, Math.Exp(2) / z, Math.Exp(3) / z, 1.0 / 3, 1.0 / 3, 1.0 / 3], 1e-12, 1e-15);
        TensorAssert.Close(Tensor.LogSoftmax(x, 0).Exp().Sum(0), [3], [1, 1, 1], 1e-12, 1e-12);
    }

    // ---- linear algebra ------------------------------------------------------------------------------------------

    [Fact]
    public void MatMul_AllOperandKinds_MatchNaiveProducts()
    {
        var a = Tensor.FromArray([1.0, 2, 3, 4, 5, 6], [2, 3]);
        var b = Tensor.FromArray([1.0, 0, -1, 2, 0.5, 1], [3, 2]);
        TensorAssert.Close(a.MatMul(b), [2, 2], [0.5, 7, 2, 16]);
        TensorAssert.Close(a.MatMul(Tensor.FromArray([1.0, 1, 1])), [2], [6, 15]);
        TensorAssert.Close(Tensor.FromArray([1.0, -1]).MatMul(a), [3], [-3, -3, -3]);
        TensorAssert.Close(Tensor.Dot(Tensor.FromArray([1.0, 2, 3]), Tensor.FromArray([4.0, 5, 6])), [], [32]);
        TensorAssert.Close(Tensor.Outer(Tensor.FromArray([1.0, 2]), Tensor.FromArray([3.0, 4, 5])), [2, 3], [3, 4, 5, 6, 8, 10]);
        TensorAssert.Close(a.T, [3, 2], [1, 4, 2, 5, 3, 6]);

        // Batched, broadcast batch, batch times matrix: each slice equals the 2-D product.
        var batchA = Tensor.RandomNormal([4, 1, 2, 3], seed: 1);
        var batchB = Tensor.RandomNormal([5, 3, 2], seed: 2);
        var c = Tensor.MatMul(batchA, batchB);
        Assert.Equal(new Shape(4, 5, 2, 2), c.Shape);
        for (int i = 0; i < 4; i++)
        {
            for (int j = 0; j < 5; j++)
            {
                var expected = Naive(batchA[i, 0].ToArray(), batchB[j].ToArray(), 2, 3, 2);
                TensorAssert.Close(expected, c[i, j].ToArray(), 1e-14, 1e-14, $"batch ({i}, {j})");
            }
        }

        var folded = Tensor.MatMul(batchA, b);
        Assert.Equal(new Shape(4, 1, 2, 2), folded.Shape);
        TensorAssert.Close(Naive(batchA[3, 0].ToArray(), b.ToArray(), 2, 3, 2), folded[3, 0].ToArray(), 1e-14, 1e-14);
    }

    private static double[] Naive(double[] a, double[] b, int m, int k, int n)
    {
        var c = new double[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                for (int p = 0; p < k; p++)
                {
                    c[(i * n) + j] += a[(i * k) + p] * b[(p * n) + j];
                }
            }
        }

        return c;
    }

    // ---- shapes, slicing, joining --------------------------------------------------------------------------------

    [Fact]
    public void ShapeOps_ReshapePermuteSqueezeBroadcast_GiveExpectedValues()
    {
        var x = Tensor.Arange(6);
        TensorAssert.Close(x.Reshape(2, -1), [2, 3], [0, 1, 2, 3, 4, 5]);
        TensorAssert.Close(x.Reshape(2, 3).Transpose(), [3, 2], [0, 3, 1, 4, 2, 5]);
        var t = Tensor.Arange(24).Reshape(2, 3, 4);
        var p = t.Permute(2, 0, 1);
        Assert.Equal(new Shape(4, 2, 3), p.Shape);
        Assert.Equal(t.GetValue(1, 2, 3), p.GetValue(3, 1, 2));
        Assert.Equal(t.GetValue(0, 1, 2), t.Transpose(0, 2).GetValue(2, 1, 0));
        Assert.Equal(new Shape(2, 1, 3), x.Reshape(2, 3).Unsqueeze(1).Shape);
        Assert.Equal(new Shape(2, 3, 1), x.Reshape(2, 3).Unsqueeze(-1).Shape);
        Assert.Equal(new Shape(2, 3), x.Reshape(1, 2, 1, 3).Squeeze().Shape);
        Assert.Equal(new Shape(2, 1, 3), x.Reshape(1, 2, 1, 3).Squeeze(0).Shape);
        Assert.Equal(new Shape(6), x.Reshape(2, 3).Flatten().Shape);
        TensorAssert.Close(Tensor.FromArray([1.0, 2]).Reshape(2, 1).BroadcastTo([2, 3]), [2, 3], [1, 1, 1, 2, 2, 2]);
        TensorAssert.Close(Tensor.Scalar(7).BroadcastTo([2]), [2], [7, 7]);
    }

    [Fact]
    public void Slicing_RangesIntegersAndSteps_SelectExpectedValues()
    {
        var x = Tensor.Arange(6); // 0..5
        TensorAssert.Close(x[1..], [5], [1, 2, 3, 4, 5]);
        TensorAssert.Close(x[..^1], [5], [0, 1, 2, 3, 4]);
        TensorAssert.Close(x[2..4], [2], [2, 3]);
        TensorAssert.Close(x[^2..], [2], [4, 5]);
        TensorAssert.Close(x[4..2], [0], []);
        Assert.Equal(3.0, x[3].Item());
        Assert.Equal(Shape.Scalar, x[3].Shape);
        Assert.Equal(5.0, x[-1].Item());
        Assert.Equal(5.0, x[^1].Item());
        TensorAssert.Close(x[TensorIndex.Step(0, null, 2)], [3], [0, 2, 4]);
        TensorAssert.Close(x[TensorIndex.Step(1, null, 2)], [3], [1, 3, 5]);
        TensorAssert.Close(x[TensorIndex.Step(null, null, -1)], [6], [5, 4, 3, 2, 1, 0]);
        TensorAssert.Close(x[TensorIndex.Step(null, null, -2)], [3], [5, 3, 1]);
        TensorAssert.Close(x[TensorIndex.Step(4, 0, -2)], [2], [4, 2]);
        TensorAssert.Close(x[TensorIndex.Step(-2, null, -3)], [2], [4, 1]);
        TensorAssert.Close(x[TensorIndex.Step(10, -10, -4)], [2], [5, 1]); // out-of-range bounds clamp like Python
        TensorAssert.Close(x[TensorIndex.Step(0, 6, 7)], [1], [0]);
        Assert.Same(x, x[..]);

        var m = Tensor.Arange(12).Reshape(3, 4);
        TensorAssert.Close(m[.., 0], [3], [0, 4, 8]);
        TensorAssert.Close(m[1], [4], [4, 5, 6, 7]);
        TensorAssert.Close(m[1..], [2, 4], [4, 5, 6, 7, 8, 9, 10, 11]);
        TensorAssert.Close(m[.., 1..3], [3, 2], [1, 2, 5, 6, 9, 10]);
        TensorAssert.Close(m[^1, ^1], [], [11]);
        TensorAssert.Close(m[TensorIndex.Step(null, null, -1), TensorIndex.Step(null, null, 3)], [3, 2], [8, 11, 4, 7, 0, 3]);
        TensorAssert.Close(m[TensorIndex.All, TensorIndex.Step(3, 0, -2)], [3, 2], [3, 1, 7, 5, 11, 9]);

        var t = Tensor.Arange(24).Reshape(2, 3, 4);
        TensorAssert.Close(t[1, TensorIndex.Step(null, null, -1), 2], [3], [22, 18, 14]);
    }

    [Fact]
    public void ConcatAndStack_JoinAlongAxes()
    {
        var a = Tensor.FromArray([1.0, 2, 3, 4], [2, 2]);
        var b = Tensor.FromArray([5.0, 6], [1, 2]);
        TensorAssert.Close(Tensor.Concat([a, b]), [3, 2], [1, 2, 3, 4, 5, 6]);
        TensorAssert.Close(Tensor.Concat([a, b.T], axis: 1), [2, 3], [1, 2, 5, 3, 4, 6]);
        TensorAssert.Close(Tensor.Concat([a, b.T], axis: -1), [2, 3], [1, 2, 5, 3, 4, 6]);
        TensorAssert.Close(Tensor.Stack([a, a * 10]), [2, 2, 2], [1, 2, 3, 4, 10, 20, 30, 40]);
        TensorAssert.Close(Tensor.Stack([a, a * 10], axis: 2), [2, 2, 2], [1, 10, 2, 20, 3, 30, 4, 40]);
        TensorAssert.Close(Tensor.Stack([a, a * 10], axis: -1), [2, 2, 2], [1, 10, 2, 20, 3, 30, 4, 40]);
        TensorAssert.Close(Tensor.Stack([Tensor.Scalar(1), Tensor.Scalar(2)]), [2], [1, 2]);
    }

    [Fact]
    public void GatherAndScatterAdd_RepeatedIndices_GatherCopiesAndScatterAccumulates()
    {
        var m = Tensor.FromArray([1.0, 2, 3, 4, 5, 6], [3, 2]);
        TensorAssert.Close(Tensor.Gather(m, [2, 0, 2, -1]), [4, 2], [5, 6, 1, 2, 5, 6, 5, 6]);
        TensorAssert.Close(m[[1]], [1, 2], [3, 4]);
        TensorAssert.Close(Tensor.Gather(Tensor.FromArray([10.0, 20, 30]), [1, 1]), [2], [20, 20]);

        var updates = Tensor.FromArray([1.0, 1, 10, 10, 100, 100], [3, 2]);
        TensorAssert.Close(Tensor.ScatterAdd(m, [0, 2, 0], updates), [3, 2], [102, 103, 3, 4, 15, 16]);
        TensorAssert.Close(Tensor.ScatterAdd(Tensor.Zeros([3]), [1, 1, -1], Tensor.FromArray([1.0, 2, 4])), [3], [0, 3, 4]);
        Assert.Equal(new double[] { 1, 2, 3, 4, 5, 6 }, m.ToArray()); // the input is not modified

        // The gradient of a gather scatters back: repeated rows add up.
        var g = Grad.Gradient(z => Tensor.Gather(z, [2, 0, 2]).Sum(), m);
        TensorAssert.Close(g, [3, 2], [1, 1, 0, 0, 2, 2]);
    }

    // ---- dtypes --------------------------------------------------------------------------------------------------

    [Fact]
    public void To_ConvertsBetweenFloat32AndFloat64()
    {
        var d = Tensor.FromArray([0.1, 1e40, -2.5]);
        var f = d.To(DType.Float32);
        Assert.Equal(DType.Float32, f.DType);
        Assert.Equal(new[] { 0.1f, float.PositiveInfinity, -2.5f }, f.ToSingleArray());
        Assert.Equal((double)0.1f, f.ToArray()[0]);
        var back = f.To(DType.Float64);
        Assert.Equal(DType.Float64, back.DType);
        Assert.Equal((double)0.1f, back.ToArray()[0]);
        Assert.Same(d, d.To(DType.Float64));

        var sum32 = (f[TensorIndex.Step(0, null, 2)] * 2).Sum();
        Assert.Equal(DType.Float32, sum32.DType);
        Assert.Equal((double)((0.1f * 2) + (-2.5f * 2)), sum32.Item(), 6);

        var copy = new double[3];
        d.CopyTo(copy);
        Assert.Equal(d.ToArray(), copy);
    }

    [Fact]
    public void CloneAndDetach_ShareValuesButNotTracking()
    {
        var x = Tensor.FromArray([1.0, 2]);
        var clone = x.Clone();
        Assert.NotSame(x, clone);
        Assert.Equal(x.ToArray(), clone.ToArray());
        // Detach blocks the derivative; Clone passes it.
        var g = Grad.Gradient(z => (z.Detach() * z + z.Clone() * 3).Sum(), x);
        TensorAssert.Close(g, [2], [4, 5]);
    }

    // ---- scopes and threads --------------------------------------------------------------------------------------

    [Fact]
    public void TensorScope_End_DisposesItsTensorsExceptKept()
    {
        var outside = Tensor.Ones([4]) * 2;
        Tensor temporary, kept, keptView;
        int count;
        using (var scope = TensorScope.Begin())
        {
            temporary = outside * 3;
            var big = Tensor.Zeros([8]) + 1;
            kept = scope.Keep(temporary + big[..4]);
            keptView = scope.Keep(big.Reshape(2, 4));
            count = scope.Count;
            Assert.False(temporary.IsDisposed);
        }

        Assert.True(count > 0);
        Assert.True(temporary.IsDisposed);
        Assert.False(outside.IsDisposed);
        Assert.False(kept.IsDisposed);
        Assert.Equal(new double[] { 7, 7, 7, 7 }, kept.ToArray());
        Assert.False(keptView.IsDisposed);
        Assert.Equal(new Shape(2, 4), keptView.Shape);
        Assert.All(keptView.ToArray(), v => Assert.Equal(1.0, v));
        Assert.Equal(new double[] { 2, 2, 2, 2 }, outside.ToArray());
    }

    [Fact]
    public void TensorScope_Nested_KeepMovesToEnclosingScope()
    {
        Tensor inner;
        using (var outer = TensorScope.Begin())
        {
            using (var s = TensorScope.Begin())
            {
                inner = s.Keep(Tensor.Ones([3]) * 5);
            }

            Assert.False(inner.IsDisposed);
            Assert.Equal(15.0, inner.Sum().Item());
        }

        Assert.True(inner.IsDisposed);
    }

    [Fact]
    public void TensorScope_RepeatedEvaluations_RecycleStorageWithCorrectResults()
    {
        var x = Tensor.RandomNormal([50], seed: 3);
        static Tensor F(Tensor z) => (Tensor.Tanh(z) * z).Sum() + Tensor.LogSumExp(z);
        var (v0, g0) = Grad.ValueAndGrad(F, x);
        for (int i = 0; i < 20; i++)
        {
            using var scope = TensorScope.Begin();
            var (v, g) = Grad.ValueAndGrad(F, x);
            Assert.Equal(v0.Item(), v.Item());
            Assert.Equal(g0.ToArray(), g.ToArray());
        }

        Assert.False(x.IsDisposed);
        Assert.False(g0.IsDisposed);
    }

    [Fact]
    public void ValueAndGrad_ParallelThreads_MatchSequentialResults()
    {
        const int tasks = 16;
        var inputs = Enumerable.Range(0, tasks).Select(i => Tensor.RandomNormal([6], seed: 100 + i)).ToArray();
        var weights = Tensor.RandomNormal([4, 6], seed: 7);

        Tensor F(Tensor z) => Tensor.LogSumExp(Tensor.Tanh(weights.MatMul(z))) + (0.5 * z.Square().Sum());

        var sequential = inputs.Select(x =>
        {
            var (v, g) = Grad.ValueAndGrad(F, x);
            var h = Grad.Hvp(F, x, Tensor.OnesLike(x));
            return (Value: v.Item(), Gradient: g.ToArray(), Hv: h.ToArray());
        }).ToArray();

        var parallel = new (double Value, double[] Gradient, double[] Hv)[tasks];
        Parallel.For(0, tasks, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            for (int repeat = 0; repeat < 3; repeat++)
            {
                using var scope = TensorScope.Begin();
                var (v, g) = Grad.ValueAndGrad(F, inputs[i]);
                var h = Grad.Hvp(F, inputs[i], Tensor.OnesLike(inputs[i]));
                parallel[i] = (v.Item(), g.ToArray(), h.ToArray());
            }
        });

        for (int i = 0; i < tasks; i++)
        {
            Assert.Equal(sequential[i].Value, parallel[i].Value);
            Assert.Equal(sequential[i].Gradient, parallel[i].Gradient);
            Assert.Equal(sequential[i].Hv, parallel[i].Hv);
        }
    }

    [Fact]
    public void NoGrad_InsideDifferentiation_BlocksTheDerivative()
    {
        var x = Tensor.FromArray([1.0, 2]);
        var g = Grad.Gradient(z =>
        {
            Tensor frozen;
            using (Grad.NoGrad())
            {
                frozen = z * z;
            }

            return (frozen * z).Sum();
        }, x);
        TensorAssert.Close(g, [2], [1, 4]);
    }
}
