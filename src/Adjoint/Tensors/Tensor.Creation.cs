namespace Adjoint.Tensors;

public sealed partial class Tensor
{
    /// <summary>Creates a float64 tensor holding a copy of <paramref name="values"/>, shaped as given (1-D by default).</summary>
    /// <exception cref="ArgumentException">The shape's size differs from the number of values.</exception>
    public static Tensor FromArray(double[] values, Shape? shape = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        var s = shape ?? new Shape(values.Length);
        CheckCount(values.Length, s);
        return new Tensor(s, DType.Float64, Kernels.FreshMemory.Copy(values), pooled: false);
    }

    /// <summary>Creates a float32 tensor holding a copy of <paramref name="values"/>, shaped as given (1-D by default).</summary>
    /// <exception cref="ArgumentException">The shape's size differs from the number of values.</exception>
    public static Tensor FromArray(float[] values, Shape? shape = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        var s = shape ?? new Shape(values.Length);
        CheckCount(values.Length, s);
        return new Tensor(s, DType.Float32, (float[])values.Clone(), pooled: false);
    }

    /// <summary>
    /// Creates a tensor of the given dtype from float64 values (converted when float32 is asked for). Inside a
    /// <see cref="TensorScope"/> the storage comes from the pool, so wrapping a solver's vector each evaluation
    /// allocates nothing in steady state.
    /// </summary>
    public static Tensor FromArray(ReadOnlySpan<double> values, Shape shape, DType dtype)
    {
        CheckCount(values.Length, shape);
        var t = Uninitialized(shape, dtype);
        if (dtype == DType.Float64)
        {
            values.CopyTo(t.Span<double>());
        }
        else
        {
            System.Numerics.Tensors.TensorPrimitives.ConvertTruncating<double, float>(values, t.Span<float>());
        }

        return t;
    }

    /// <summary>Creates a 2-D float64 tensor from a rectangular array.</summary>
    public static Tensor FromArray(double[,] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        int r = values.GetLength(0), c = values.GetLength(1);
        var data = new double[r * c];
        for (int i = 0; i < r; i++)
        {
            for (int j = 0; j < c; j++)
            {
                data[(i * c) + j] = values[i, j];
            }
        }

        return new Tensor(new Shape(r, c), DType.Float64, data, pooled: false);
    }

    /// <summary>Creates a 2-D float32 tensor from a rectangular array.</summary>
    public static Tensor FromArray(float[,] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        int r = values.GetLength(0), c = values.GetLength(1);
        var data = new float[r * c];
        for (int i = 0; i < r; i++)
        {
            for (int j = 0; j < c; j++)
            {
                data[(i * c) + j] = values[i, j];
            }
        }

        return new Tensor(new Shape(r, c), DType.Float32, data, pooled: false);
    }

    /// <summary>A rank-0 tensor holding <paramref name="value"/>.</summary>
    public static Tensor Scalar(double value, DType dtype = DType.Float64) => Full(Shape.Scalar, value, dtype);

    /// <summary>A tensor of zeros.</summary>
    public static Tensor Zeros(Shape shape, DType dtype = DType.Float64) => ZerosInternal(shape, dtype);

    /// <summary>A tensor of ones.</summary>
    public static Tensor Ones(Shape shape, DType dtype = DType.Float64) => Full(shape, 1.0, dtype);

    /// <summary>A tensor of zeros with the shape and dtype of <paramref name="like"/>.</summary>
    public static Tensor ZerosLike(Tensor like)
    {
        ArgumentNullException.ThrowIfNull(like);
        return ZerosInternal(like.Shape, like.DType);
    }

    /// <summary>A tensor of ones with the shape and dtype of <paramref name="like"/>.</summary>
    public static Tensor OnesLike(Tensor like)
    {
        ArgumentNullException.ThrowIfNull(like);
        return Full(like.Shape, 1.0, like.DType);
    }

    /// <summary>A tensor with every element equal to <paramref name="value"/>.</summary>
    public static Tensor Full(Shape shape, double value, DType dtype = DType.Float64)
    {
        var t = Uninitialized(shape, dtype);
        if (dtype == DType.Float64)
        {
            t.Span<double>().Fill(value);
        }
        else
        {
            t.Span<float>().Fill((float)value);
        }

        return t;
    }

    /// <summary>The values start, start+step, ... strictly before <paramref name="stop"/> (numpy's arange).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The step is zero or not finite.</exception>
    public static Tensor Arange(double start, double stop, double step = 1.0, DType dtype = DType.Float64)
    {
        if (step == 0 || !double.IsFinite(step) || !double.IsFinite(start) || !double.IsFinite(stop))
        {
            throw new ArgumentOutOfRangeException(nameof(step), "Arange needs finite start, stop and a nonzero finite step.");
        }

        int n = Math.Max(0, (int)Math.Ceiling((stop - start) / step));
        var v = new double[n];
        for (int i = 0; i < n; i++)
        {
            v[i] = start + (i * step);
        }

        return FromArray(v, new Shape(n), dtype);
    }

    /// <summary>The values 0, 1, ..., n-1.</summary>
    public static Tensor Arange(int n, DType dtype = DType.Float64) => Arange(0, n, 1, dtype);

    /// <summary><paramref name="count"/> evenly spaced values from <paramref name="start"/> to <paramref name="stop"/> inclusive.</summary>
    public static Tensor Linspace(double start, double stop, int count, DType dtype = DType.Float64)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var v = new double[count];
        double step = count > 1 ? (stop - start) / (count - 1) : 0;
        for (int i = 0; i < count; i++)
        {
            v[i] = start + (i * step);
        }

        if (count > 1)
        {
            v[^1] = stop;
        }

        return FromArray(v, new Shape(count), dtype);
    }

    /// <summary>Samples from a normal distribution, reproducibly for a given <paramref name="seed"/>.</summary>
    public static Tensor RandomNormal(Shape shape, int seed, double mean = 0, double std = 1, DType dtype = DType.Float64)
    {
        var rng = new Random(seed);
        var v = new double[shape.Size];
        for (int i = 0; i < v.Length; i += 2)
        {
            // Box-Muller: two independent normals from two uniforms.
            double u1 = 1.0 - rng.NextDouble();
            double u2 = rng.NextDouble();
            double r = Math.Sqrt(-2.0 * Math.Log(u1));
            v[i] = mean + (std * r * Math.Cos(2 * Math.PI * u2));
            if (i + 1 < v.Length)
            {
                v[i + 1] = mean + (std * r * Math.Sin(2 * Math.PI * u2));
            }
        }

        return FromArray(v, shape, dtype);
    }

    /// <summary>Samples uniformly from [low, high), reproducibly for a given <paramref name="seed"/>.</summary>
    public static Tensor RandomUniform(Shape shape, int seed, double low = 0, double high = 1, DType dtype = DType.Float64)
    {
        var rng = new Random(seed);
        var v = new double[shape.Size];
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = low + ((high - low) * rng.NextDouble());
        }

        return FromArray(v, shape, dtype);
    }

    /// <summary>A copy converted to <paramref name="dtype"/> (the same tensor when it already has that dtype).</summary>
    /// <remarks>Differentiable: the gradient flows back converted to the source dtype.</remarks>
    public Tensor To(DType dtype) => Autodiff.Ops.Cast.Apply(this, dtype);

    /// <summary>A copy of this tensor with its own storage (differentiable, like an identity).</summary>
    public Tensor Clone() => Autodiff.Ops.Cast.Copy(this);

    /// <summary>A tensor with the same values that is not tracked: no derivative flows through it.</summary>
    public Tensor Detach()
    {
        Autodiff.Tape.NoteEscape(this);
        return ViewAs(Shape);
    }

    private static void CheckCount(int count, Shape shape)
    {
        if (count != shape.Size)
        {
            throw new ArgumentException($"{count} values do not fill a tensor of shape {shape} ({shape.Size} elements).");
        }
    }
}
