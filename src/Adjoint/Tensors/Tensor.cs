using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Adjoint.Autodiff;

namespace Adjoint.Tensors;

/// <summary>
/// An n-dimensional array of float32 or float64 numbers, contiguous and row-major, that records the operations
/// applied to it while a <see cref="GradientTape"/> is active, so that derivatives of any order can be taken.
/// </summary>
/// <remarks>
/// <para>Tensors are immutable: every operation returns a new tensor. The element type is chosen at run time
/// (<see cref="DType"/>), so the same code runs in either precision. Operands of different dtypes in one operation
/// follow the promotion rule of <see cref="EvaluationPrecision"/> (inside its scope they are converted to the
/// scope's dtype; outside, a constant adopts the dtype of a tracked operand, and any other mix is an error that
/// names both types); convert explicitly with <see cref="To"/>. Scalars given as
/// <see cref="double"/> (as in <c>2.0 * x</c>) take the tensor's type.</para>
/// <para>Binary operations broadcast as numpy does: shapes are aligned at the last axis, and an axis of length 1
/// (or a missing leading axis) stretches to match the other operand.</para>
/// <para>Storage created inside a <see cref="TensorScope"/> comes from a per-thread pool and goes back to it when
/// the scope ends; see that class for the rules.</para>
/// </remarks>
public sealed partial class Tensor : IDisposable
{
    private Array? _data;
    private readonly bool _pooled;

    internal Tensor(Shape shape, DType dtype, Array data, bool pooled, Tensor? viewBase = null, int offset = 0)
    {
        Shape = shape;
        DType = dtype;
        _data = data;
        _pooled = pooled;
        Base = viewBase;
        Offset = offset;
        if (pooled && TensorScope.Current is { } scope)
        {
            scope.Register(this);
        }
    }

    /// <summary>A tensor owned by <paramref name="scope"/> (its storage goes back to the pool when <paramref name="pooled"/>).</summary>
    private Tensor(Shape shape, DType dtype, Array data, TensorScope scope, bool pooled)
    {
        Shape = shape;
        DType = dtype;
        _data = data;
        _pooled = pooled;
        scope.Register(this);
    }

    /// <summary>Tensors of at most this many elements take plain arrays: the pool saves page faults, not small allocations.</summary>
    private const int SmallTensor = 16;

    /// <summary>The dimensions.</summary>
    public Shape Shape { get; }

    /// <summary>The element type.</summary>
    public DType DType { get; }

    /// <summary>The number of dimensions.</summary>
    public int Rank => Shape.Rank;

    /// <summary>The number of elements.</summary>
    public int Size => Shape.Size;

    /// <summary>Whether the storage was released (by <see cref="Dispose"/> or the end of its scope).</summary>
    public bool IsDisposed => _data is null || (Base is not null && Base.IsDisposed);

    /// <summary>Whether this tensor is being tracked by the active tape (a derivative can flow to or through it).</summary>
    public bool IsTracked => Node is { } n && n.Tape.IsActiveOnThisThread;

    internal Tensor? Base { get; }

    /// <summary>Where this tensor's elements start in the storage array (nonzero only for views).</summary>
    internal int Offset { get; }

    internal TensorScope? Scope { get; set; }

    internal Node? Node { get; set; }

    internal Array Storage
    {
        get
        {
            var d = _data;
            if (d is null || (Base is not null && Base.IsDisposed))
            {
                ThrowDisposed();
            }

            return d!;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowDisposed() =>
        throw new ObjectDisposedException(nameof(Tensor), "The tensor's storage was released (its TensorScope ended or it was disposed). Keep it with TensorScope.Keep to use it afterwards.");

    /// <summary>The elements as a span of <typeparamref name="T"/>, which must match <see cref="DType"/>.</summary>
    internal Span<T> Span<T>()
    {
        var d = Storage;
        if (typeof(T) == typeof(double) ? DType != DType.Float64 : DType != DType.Float32)
        {
            throw new InvalidOperationException($"Tensor of {DType} read as {typeof(T).Name}.");
        }

        return new Span<T>(Unsafe.As<T[]>(d), Offset, Size);
    }

    /// <summary>Creates an uninitialized tensor, from the pool when a scope is active.</summary>
    internal static Tensor Uninitialized(Shape shape, DType dtype)
    {
        int n = shape.Size;
        if (TensorScope.Current is not { } scope)
        {
            Array fresh;
            if (dtype == DType.Float64)
            {
                var doubles = GC.AllocateUninitializedArray<double>(n);
                Kernels.FreshMemory.Prepare(doubles);
                fresh = doubles;
            }
            else
            {
                var floats = GC.AllocateUninitializedArray<float>(n);
                Kernels.FreshMemory.Prepare(floats);
                fresh = floats;
            }

            return new Tensor(shape, dtype, fresh, pooled: false);
        }

        if (n <= SmallTensor)
        {
            Array small = dtype == DType.Float64 ? new double[n] : new float[n];
            return new Tensor(shape, dtype, small, scope, pooled: false);
        }

        Array data = dtype == DType.Float64 ? StoragePool.Rent<double>(n) : StoragePool.Rent<float>(n);
        return new Tensor(shape, dtype, data, scope, pooled: true);
    }

    /// <summary>Creates a tensor of zeros, from the pool when a scope is active.</summary>
    internal static Tensor ZerosInternal(Shape shape, DType dtype)
    {
        var t = Uninitialized(shape, dtype);
        if (dtype == DType.Float64)
        {
            t.Span<double>().Clear();
        }
        else
        {
            t.Span<float>().Clear();
        }

        return t;
    }

    /// <summary>A tensor sharing this one's storage under another shape of the same size.</summary>
    internal Tensor ViewAs(Shape shape) => new(shape, DType, Storage, pooled: false, Base ?? this, Offset);

    /// <summary>A tensor sharing a contiguous block of this one's storage, starting <paramref name="offset"/> elements in.</summary>
    internal Tensor ViewAt(int offset, Shape shape) => new(shape, DType, Storage, pooled: false, Base ?? this, Offset + offset);

    /// <summary>An owning copy, registered in <paramref name="scope"/> (or none).</summary>
    internal Tensor CloneStorageInto(TensorScope? scope)
    {
        Array data = DType == DType.Float64 ? Span<double>().ToArray() : Span<float>().ToArray();
        var t = new Tensor(Shape, DType, data, pooled: false);
        if (scope is not null)
        {
            scope.Register(t);
        }

        return t;
    }

    internal void ReleaseStorage()
    {
        var d = _data;
        _data = null;
        if (d is null || !_pooled)
        {
            return;
        }

        if (DType == DType.Float64)
        {
            StoragePool.Return(Unsafe.As<double[]>(d));
        }
        else
        {
            StoragePool.Return(Unsafe.As<float[]>(d));
        }
    }

    /// <summary>Releases the storage now; the tensor must not be used afterwards.</summary>
    public void Dispose() => ReleaseStorage();

    /// <summary>Copies the elements out as float64, in row-major order.</summary>
    public double[] ToArray()
    {
        Tape.NoteEscape(this);
        if (DType == DType.Float64)
        {
            return Kernels.FreshMemory.Copy(Span<double>());
        }

        var src = Span<float>();
        var r = new double[src.Length];
        for (int i = 0; i < r.Length; i++)
        {
            r[i] = src[i];
        }

        return r;
    }

    /// <summary>Copies the elements out as float32, in row-major order (rounding float64 values).</summary>
    public float[] ToSingleArray()
    {
        Tape.NoteEscape(this);
        if (DType == DType.Float32)
        {
            return Span<float>().ToArray();
        }

        var src = Span<double>();
        var r = new float[src.Length];
        for (int i = 0; i < r.Length; i++)
        {
            r[i] = (float)src[i];
        }

        return r;
    }

    /// <summary>Copies the elements into <paramref name="destination"/> as float64.</summary>
    /// <exception cref="ArgumentException">The destination's length differs from <see cref="Size"/>.</exception>
    public void CopyTo(Span<double> destination)
    {
        Tape.NoteEscape(this);
        if (destination.Length != Size)
        {
            throw new ArgumentException($"CopyTo: destination has {destination.Length} elements, the tensor {Size}.", nameof(destination));
        }

        if (DType == DType.Float64)
        {
            Span<double>().CopyTo(destination);
        }
        else
        {
            var src = Span<float>();
            for (int i = 0; i < src.Length; i++)
            {
                destination[i] = src[i];
            }
        }
    }

    /// <summary>The value of a one-element tensor (any shape of size 1), as float64.</summary>
    /// <exception cref="InvalidOperationException">The tensor has more or fewer than one element.</exception>
    public double Item()
    {
        Tape.NoteEscape(this);
        if (Size != 1)
        {
            throw new InvalidOperationException($"Item() needs a tensor of one element; this one has shape {Shape}.");
        }

        return DType == DType.Float64 ? Span<double>()[0] : Span<float>()[0];
    }

    /// <summary>The element at a full multi-index, as float64 (for inspection; not differentiable).</summary>
    public double GetValue(params ReadOnlySpan<int> index)
    {
        Tape.NoteEscape(this);
        if (index.Length != Rank)
        {
            throw new ArgumentException($"GetValue: {index.Length} indices for a tensor of shape {Shape}.", nameof(index));
        }

        int flat = 0;
        var dims = Shape.Dims;
        for (int i = 0; i < index.Length; i++)
        {
            int k = index[i] < 0 ? index[i] + dims[i] : index[i];
            if ((uint)k >= (uint)dims[i])
            {
                throw new ArgumentOutOfRangeException(nameof(index), $"Index {index[i]} is out of range for axis {i} of shape {Shape}.");
            }

            flat = flat * dims[i] + k;
        }

        return DType == DType.Float64 ? Span<double>()[flat] : Span<float>()[flat];
    }

    /// <summary>Formats the values numpy-style, eliding the middle of long axes.</summary>
    public override string ToString()
    {
        if (IsDisposed)
        {
            return $"tensor(<disposed>, shape={Shape}, dtype={DTypeName})";
        }

        var sb = new StringBuilder("tensor(");
        var values = ToArray();
        AppendAxis(sb, values, Shape.Dims, 0, 0, 7);
        sb.Append(", dtype=").Append(DTypeName).Append(')');
        return sb.ToString();
    }

    private string DTypeName => DType == DType.Float64 ? "float64" : "float32";

    private static void AppendAxis(StringBuilder sb, double[] values, int[] dims, int axis, int offset, int indent)
    {
        if (dims.Length == 0)
        {
            sb.Append(FormatNumber(values[0]));
            return;
        }

        int n = dims[axis];
        int stride = 1;
        for (int i = axis + 1; i < dims.Length; i++)
        {
            stride *= dims[i];
        }

        sb.Append('[');
        const int edge = 3;
        for (int i = 0; i < n; i++)
        {
            if (n > 2 * edge + 1 && i == edge)
            {
                sb.Append("..., ");
                i = n - edge - 1;
                continue;
            }

            if (axis == dims.Length - 1)
            {
                sb.Append(FormatNumber(values[offset + i]));
            }
            else
            {
                AppendAxis(sb, values, dims, axis + 1, offset + (i * stride), indent + 1);
            }

            if (i < n - 1)
            {
                sb.Append(axis == dims.Length - 1 ? ", " : ",\n" + new string(' ', indent + axis + 1));
            }
        }

        sb.Append(']');
    }

    private static string FormatNumber(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
