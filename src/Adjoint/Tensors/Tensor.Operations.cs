using Adjoint.Autodiff.Ops;
using Adjoint.Tensors.Kernels;

namespace Adjoint.Tensors;

public sealed partial class Tensor
{
    private static Tensor ScalarLike(double value, Tensor like) => Full(Shape.Scalar, value, like.DType);

    // ---- operators -------------------------------------------------------------------------------------------

    /// <summary>Elementwise sum with broadcasting.</summary>
    public static Tensor operator +(Tensor a, Tensor b) => Binary.Add(a, b);

    /// <summary>Adds a scalar to every element.</summary>
    public static Tensor operator +(Tensor a, double b) => ScalarOps.Affine(a, 1, b);

    /// <summary>Adds a scalar to every element.</summary>
    public static Tensor operator +(double a, Tensor b) => ScalarOps.Affine(b, 1, a);

    /// <summary>Elementwise difference with broadcasting.</summary>
    public static Tensor operator -(Tensor a, Tensor b) => Binary.Subtract(a, b);

    /// <summary>Subtracts a scalar from every element.</summary>
    public static Tensor operator -(Tensor a, double b) => ScalarOps.Affine(a, 1, -b);

    /// <summary>The scalar minus each element.</summary>
    public static Tensor operator -(double a, Tensor b) => ScalarOps.Affine(b, -1, a);

    /// <summary>Elementwise negation.</summary>
    public static Tensor operator -(Tensor a) => Unary.Neg(a);

    /// <summary>Elementwise product with broadcasting.</summary>
    public static Tensor operator *(Tensor a, Tensor b) => Binary.Multiply(a, b);

    /// <summary>Multiplies every element by a scalar.</summary>
    public static Tensor operator *(Tensor a, double b) => ScalarOps.Affine(a, b, 0);

    /// <summary>Multiplies every element by a scalar.</summary>
    public static Tensor operator *(double a, Tensor b) => ScalarOps.Affine(b, a, 0);

    /// <summary>Elementwise quotient with broadcasting.</summary>
    public static Tensor operator /(Tensor a, Tensor b) => Binary.Divide(a, b);

    /// <summary>Divides every element by a scalar.</summary>
    public static Tensor operator /(Tensor a, double b) => ScalarOps.Affine(a, 1 / b, 0);

    /// <summary>The scalar divided by each element.</summary>
    public static Tensor operator /(double a, Tensor b) => ScalarOps.DivideInto(a, b);

    // ---- named arithmetic ------------------------------------------------------------------------------------

    /// <summary>Elementwise sum with broadcasting.</summary>
    public static Tensor Add(Tensor a, Tensor b) => Binary.Add(a, b);

    /// <summary>Elementwise difference with broadcasting.</summary>
    public static Tensor Subtract(Tensor a, Tensor b) => Binary.Subtract(a, b);

    /// <summary>Elementwise product with broadcasting.</summary>
    public static Tensor Multiply(Tensor a, Tensor b) => Binary.Multiply(a, b);

    /// <summary>Elementwise quotient with broadcasting.</summary>
    public static Tensor Divide(Tensor a, Tensor b) => Binary.Divide(a, b);

    /// <summary>Elementwise negation.</summary>
    public static Tensor Negate(Tensor x) => Unary.Neg(x);

    /// <summary>Elementwise power with broadcasting: <c>a^b</c>.</summary>
    public static Tensor Pow(Tensor a, Tensor b) => Binary.Pow(a, b);

    /// <summary>Each element raised to a constant power.</summary>
    public static Tensor Pow(Tensor x, double exponent) => ScalarOps.Pow(x, exponent);

    /// <summary>A constant raised to each element: <c>base^x</c>.</summary>
    public static Tensor Pow(double @base, Tensor x) => Binary.Pow(ScalarLike(@base, x), x);

    /// <summary>Each element raised to a constant power.</summary>
    public Tensor Pow(double exponent) => ScalarOps.Pow(this, exponent);

    /// <summary>Elementwise maximum with broadcasting (ties share the gradient equally).</summary>
    public static Tensor Maximum(Tensor a, Tensor b) => Binary.Maximum(a, b);

    /// <summary>Elementwise maximum with a constant.</summary>
    public static Tensor Maximum(Tensor a, double b) => Binary.Maximum(a, ScalarLike(b, a));

    /// <summary>Elementwise minimum with broadcasting (ties share the gradient equally).</summary>
    public static Tensor Minimum(Tensor a, Tensor b) => Binary.Minimum(a, b);

    /// <summary>Elementwise minimum with a constant.</summary>
    public static Tensor Minimum(Tensor a, double b) => Binary.Minimum(a, ScalarLike(b, a));

    /// <summary>Picks <paramref name="a"/> where <paramref name="condition"/> is nonzero, else <paramref name="b"/> (broadcasting all three).</summary>
    public static Tensor Where(Tensor condition, Tensor a, Tensor b) => Select.Where(condition, a, b);

    /// <summary>Limits each element to [low, high]; the gradient is 1 inside (bounds included) and 0 outside.</summary>
    public static Tensor Clamp(Tensor x, double low, double high) => Select.Clamp(x, low, high);

    /// <summary>1 where a &gt; b, else 0 (not differentiable).</summary>
    public static Tensor Greater(Tensor a, Tensor b) => Binary.Compare<CompareOp<GreaterCmp>>(a, b);

    /// <summary>1 where a &gt;= b, else 0 (not differentiable).</summary>
    public static Tensor GreaterEqual(Tensor a, Tensor b) => Binary.Compare<CompareOp<GreaterEqualCmp>>(a, b);

    /// <summary>1 where a &lt; b, else 0 (not differentiable).</summary>
    public static Tensor Less(Tensor a, Tensor b) => Binary.Compare<CompareOp<LessCmp>>(a, b);

    /// <summary>1 where a &lt;= b, else 0 (not differentiable).</summary>
    public static Tensor LessEqual(Tensor a, Tensor b) => Binary.Compare<CompareOp<LessEqualCmp>>(a, b);

    /// <summary>1 where a == b, else 0 (not differentiable).</summary>
    public static Tensor EqualTo(Tensor a, Tensor b) => Binary.Compare<CompareOp<EqualCmp>>(a, b);

    /// <summary>1 where x &gt; threshold, else 0 (not differentiable).</summary>
    public static Tensor Greater(Tensor x, double threshold) => Greater(x, ScalarLike(threshold, x));

    /// <summary>1 where x &lt; threshold, else 0 (not differentiable).</summary>
    public static Tensor Less(Tensor x, double threshold) => Less(x, ScalarLike(threshold, x));

    // ---- elementwise functions -------------------------------------------------------------------------------

    /// <summary>e^x.</summary>
    public static Tensor Exp(Tensor x) => Unary.Exp(x);

    /// <summary>Natural logarithm.</summary>
    public static Tensor Log(Tensor x) => Unary.Log(x);

    /// <summary>log(1 + x), accurate near 0.</summary>
    public static Tensor Log1p(Tensor x) => Unary.Log1p(x);

    /// <summary>e^x - 1, accurate near 0.</summary>
    public static Tensor Expm1(Tensor x) => Unary.Expm1(x);

    /// <summary>Square root.</summary>
    public static Tensor Sqrt(Tensor x) => Unary.Sqrt(x);

    /// <summary>x².</summary>
    public static Tensor Square(Tensor x) => Unary.Square(x);

    /// <summary>|x|, with derivative sign(x) (0 at 0).</summary>
    public static Tensor Abs(Tensor x) => Unary.Abs(x);

    /// <summary>Sine.</summary>
    public static Tensor Sin(Tensor x) => Unary.Sin(x);

    /// <summary>Cosine.</summary>
    public static Tensor Cos(Tensor x) => Unary.Cos(x);

    /// <summary>Tangent.</summary>
    public static Tensor Tan(Tensor x) => Unary.Tan(x);

    /// <summary>Arctangent, in (-pi/2, pi/2), with derivative 1/(1+x²).</summary>
    public static Tensor Atan(Tensor x) => Unary.Atan(x);

    /// <summary>Hyperbolic tangent.</summary>
    public static Tensor Tanh(Tensor x) => Unary.Tanh(x);

    /// <summary>The logistic function 1/(1+e^-x).</summary>
    public static Tensor Sigmoid(Tensor x) => Unary.Sigmoid(x);

    /// <summary>log(1+e^x), computed without overflow.</summary>
    public static Tensor Softplus(Tensor x) => Unary.Softplus(x);

    /// <summary>max(x, 0), with derivative 0 at 0.</summary>
    public static Tensor Relu(Tensor x) => Unary.Relu(x);

    /// <summary>sign(x) in {-1, 0, 1} (not differentiable: derivative 0).</summary>
    public static Tensor Sign(Tensor x) => Unary.Sign(x);

    /// <summary>e^x.</summary>
    public Tensor Exp() => Unary.Exp(this);

    /// <summary>Natural logarithm.</summary>
    public Tensor Log() => Unary.Log(this);

    /// <summary>Square root.</summary>
    public Tensor Sqrt() => Unary.Sqrt(this);

    /// <summary>x².</summary>
    public Tensor Square() => Unary.Square(this);

    /// <summary>|x|.</summary>
    public Tensor Abs() => Unary.Abs(this);

    /// <summary>Hyperbolic tangent.</summary>
    public Tensor Tanh() => Unary.Tanh(this);

    /// <summary>The logistic function.</summary>
    public Tensor Sigmoid() => Unary.Sigmoid(this);

    /// <summary>max(x, 0).</summary>
    public Tensor Relu() => Unary.Relu(this);

    // ---- reductions ------------------------------------------------------------------------------------------

    /// <summary>Sum over all axes, or over <paramref name="axes"/>, keeping reduced axes as length 1 when asked.</summary>
    public static Tensor Sum(Tensor x, int[]? axes = null, bool keepDims = false) => Reduce.Sum(x, axes, keepDims);

    /// <summary>Mean over all axes or the given ones.</summary>
    public static Tensor Mean(Tensor x, int[]? axes = null, bool keepDims = false) => Reduce.Mean(x, axes, keepDims);

    /// <summary>Maximum over all axes or the given ones; the gradient is shared among tied maxima.</summary>
    public static Tensor Max(Tensor x, int[]? axes = null, bool keepDims = false) => Reduce.Max(x, axes, keepDims);

    /// <summary>Minimum over all axes or the given ones; the gradient is shared among tied minima.</summary>
    public static Tensor Min(Tensor x, int[]? axes = null, bool keepDims = false) => Reduce.Min(x, axes, keepDims);

    /// <summary>Product over all axes or the given ones (its gradient is exact at zero entries too).</summary>
    public static Tensor Prod(Tensor x, int[]? axes = null, bool keepDims = false) => Reduce.Prod(x, axes, keepDims);

    /// <summary>log(sum(exp(x))) over all axes or the given ones, computed stably.</summary>
    public static Tensor LogSumExp(Tensor x, int[]? axes = null, bool keepDims = false) => Reduce.LogSumExp(x, axes, keepDims);

    /// <summary>The Euclidean norm over all axes or the given ones; its gradient at 0 is 0 (a subgradient).</summary>
    public static Tensor Norm(Tensor x, int[]? axes = null, bool keepDims = false)
    {
        x = DTypePromotion.ForScope(x);
        var result = Norms.Norm(x, Reduce.NormalizeAxes(x.Shape, axes));
        return keepDims ? result : Autodiff.Ops.ShapeOps.Reshape(result, Reduce.DroppedShape(x.Shape, Reduce.NormalizeAxes(x.Shape, axes)));
    }

    /// <summary>Softmax along <paramref name="axis"/>: exp(x - logsumexp(x)).</summary>
    public static Tensor Softmax(Tensor x, int axis = -1) => Unary.Exp(LogSoftmax(x, axis));

    /// <summary>Log-softmax along <paramref name="axis"/>: x - logsumexp(x).</summary>
    public static Tensor LogSoftmax(Tensor x, int axis = -1) => Binary.Subtract(x, Reduce.LogSumExp(x, [axis], keepDims: true));

    /// <summary>Sum over all axes or the given ones.</summary>
    public Tensor Sum(int[]? axes = null, bool keepDims = false) => Reduce.Sum(this, axes, keepDims);

    /// <summary>Sum along one axis.</summary>
    public Tensor Sum(int axis, bool keepDims = false) => Reduce.Sum(this, [axis], keepDims);

    /// <summary>Mean over all axes or the given ones.</summary>
    public Tensor Mean(int[]? axes = null, bool keepDims = false) => Reduce.Mean(this, axes, keepDims);

    /// <summary>Mean along one axis.</summary>
    public Tensor Mean(int axis, bool keepDims = false) => Reduce.Mean(this, [axis], keepDims);

    /// <summary>Maximum over all axes or the given ones.</summary>
    public Tensor Max(int[]? axes = null, bool keepDims = false) => Reduce.Max(this, axes, keepDims);

    /// <summary>Minimum over all axes or the given ones.</summary>
    public Tensor Min(int[]? axes = null, bool keepDims = false) => Reduce.Min(this, axes, keepDims);

    // ---- linear algebra --------------------------------------------------------------------------------------

    /// <summary>
    /// Matrix product with numpy's matmul rules: matrix-matrix, matrix-vector, vector-matrix, vector-vector (a
    /// scalar), and batched products whose leading axes broadcast.
    /// </summary>
    public static Tensor MatMul(Tensor a, Tensor b) => Autodiff.Ops.MatMul.Apply(a, b);

    /// <summary>Matrix product; see <see cref="MatMul(Tensor, Tensor)"/>.</summary>
    public Tensor MatMul(Tensor other) => Autodiff.Ops.MatMul.Apply(this, other);

    /// <summary>The inner product of two vectors of equal length.</summary>
    public static Tensor Dot(Tensor a, Tensor b)
    {
        if (a.Rank != 1 || b.Rank != 1)
        {
            throw new ArgumentException($"Dot: needs two vectors, got shapes {a.Shape} and {b.Shape}.");
        }

        return Autodiff.Ops.MatMul.Apply(a, b);
    }

    /// <summary>The outer product of two vectors: shape (m, n).</summary>
    public static Tensor Outer(Tensor a, Tensor b)
    {
        if (a.Rank != 1 || b.Rank != 1)
        {
            throw new ArgumentException($"Outer: needs two vectors, got shapes {a.Shape} and {b.Shape}.");
        }

        return Binary.Multiply(Autodiff.Ops.ShapeOps.Reshape(a, new Shape(a.Size, 1)), Autodiff.Ops.ShapeOps.Reshape(b, new Shape(1, b.Size)));
    }

    // ---- shape -----------------------------------------------------------------------------------------------

    /// <summary>The same elements in another shape of equal size; one dimension may be -1.</summary>
    public Tensor Reshape(Shape shape) => Autodiff.Ops.ShapeOps.Reshape(this, shape);

    /// <summary>The same elements in another shape of equal size; one dimension may be -1.</summary>
    public Tensor Reshape(params int[] dims) => Autodiff.Ops.ShapeOps.Reshape(this, Autodiff.Ops.ShapeOps.Infer(this, dims));

    /// <summary>The elements as a vector.</summary>
    public Tensor Flatten() => Autodiff.Ops.ShapeOps.Reshape(this, new Shape(Size));

    /// <summary>Swaps two axes (by default the last two).</summary>
    public Tensor Transpose(int axis0 = -2, int axis1 = -1) => Autodiff.Ops.ShapeOps.Transpose(this, axis0, axis1);

    /// <summary>The transpose of a matrix (the last two axes swapped).</summary>
    public Tensor T => Autodiff.Ops.ShapeOps.Transpose(this);

    /// <summary>Reorders the axes: result axis i is this tensor's axis <paramref name="axes"/>[i].</summary>
    public Tensor Permute(params int[] axes) => Autodiff.Ops.ShapeOps.Permute(this, axes);

    /// <summary>Inserts an axis of length 1.</summary>
    public Tensor Unsqueeze(int axis) => Autodiff.Ops.ShapeOps.Unsqueeze(this, axis);

    /// <summary>Removes axes of length 1 (all, or the one given).</summary>
    public Tensor Squeeze(int? axis = null) => Autodiff.Ops.ShapeOps.Squeeze(this, axis);

    /// <summary>Broadcasts to a larger shape (materialized).</summary>
    public Tensor BroadcastTo(Shape shape) => Autodiff.Ops.ShapeOps.BroadcastTo(this, shape);

    /// <summary>Joins tensors along an existing axis.</summary>
    public static Tensor Concat(IReadOnlyList<Tensor> tensors, int axis = 0) => Indexing.Concat(tensors, axis);

    /// <summary>Joins tensors of one shape along a new axis.</summary>
    public static Tensor Stack(IReadOnlyList<Tensor> tensors, int axis = 0)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Count == 0)
        {
            throw new ArgumentException("Stack needs at least one tensor.", nameof(tensors));
        }

        foreach (var t in tensors)
        {
            if (t.Shape != tensors[0].Shape)
            {
                throw new ArgumentException($"Stack: shapes {tensors[0].Shape} and {t.Shape} differ.", nameof(tensors));
            }
        }

        var expanded = new Tensor[tensors.Count];
        for (int i = 0; i < expanded.Length; i++)
        {
            expanded[i] = Autodiff.Ops.ShapeOps.Unsqueeze(tensors[i], axis);
        }

        return Indexing.Concat(expanded, axis);
    }

    /// <summary>Rows of <paramref name="source"/> along axis 0 at <paramref name="indices"/> (negative indices count from the end).</summary>
    public static Tensor Gather(Tensor source, int[] indices) => Indexing.Gather(source, indices);

    /// <summary>Rows along axis 0 at <paramref name="indices"/>; see <see cref="Gather(Tensor, int[])"/>.</summary>
    [System.Runtime.CompilerServices.IndexerName("Index")]
    public Tensor this[int[] indices] => Indexing.Gather(this, indices);

    /// <summary>A copy of <paramref name="input"/> with row indices[i] increased by row i of <paramref name="values"/> (repeats add up).</summary>
    public static Tensor ScatterAdd(Tensor input, int[] indices, Tensor values) => Indexing.ScatterAdd(input, indices, values);
}
