using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Adjoint.Tensors;

/// <summary>The dimensions of a tensor, outermost first (row-major). A shape of rank 0 is a scalar.</summary>
/// <remarks>Shapes compare by value. The dimensions are copied on construction, so a shape never changes.</remarks>
[CollectionBuilder(typeof(Shape), nameof(Create))]
public readonly struct Shape : IEquatable<Shape>
{
    private static readonly int[] s_empty = [];
    private readonly int[]? _dims;

    /// <summary>Creates a shape from its dimensions.</summary>
    /// <param name="dims">The dimensions, each zero or more.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative, or the element count overflows.</exception>
    public Shape(params ReadOnlySpan<int> dims)
    {
        long size = 1;
        foreach (int d in dims)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(d, nameof(dims));
            size *= d;
            if (size > int.MaxValue)
            {
                throw new ArgumentOutOfRangeException(nameof(dims), "The shape has more than int.MaxValue elements.");
            }
        }

        _dims = dims.Length == 0 ? s_empty : dims.ToArray();
        Size = (int)size;
    }

    private Shape(int[] ownedDims, int size)
    {
        _dims = ownedDims;
        Size = size;
    }

    /// <summary>Creates a shape from its dimensions (the collection-expression builder: <c>Shape s = [2, 3];</c>).</summary>
    public static Shape Create(ReadOnlySpan<int> dims) => new(dims);

    /// <summary>Converts an array of dimensions to a shape.</summary>
    public static implicit operator Shape(int[] dims) => new(dims);

    /// <summary>Enumerates the dimensions.</summary>
    public ReadOnlySpan<int>.Enumerator GetEnumerator() => new ReadOnlySpan<int>(Dims).GetEnumerator();

    /// <summary>The shape of a scalar (rank 0, one element).</summary>
    public static Shape Scalar => new(s_empty, 1);

    /// <summary>The number of dimensions.</summary>
    public int Rank => Dims.Length;

    /// <summary>The number of elements (the product of the dimensions; 1 for a scalar).</summary>
    public int Size { get; }

    /// <summary>The dimensions as a read-only span.</summary>
    public ReadOnlySpan<int> Dimensions => Dims;

    internal int[] Dims => _dims ?? s_empty;

    /// <summary>The dimension at <paramref name="axis"/>; negative axes count from the end.</summary>
    public int this[int axis] => Dims[NormalizeAxis(axis)];

    /// <summary>Returns the dimensions as a new array.</summary>
    public int[] ToArray() => (int[])Dims.Clone();

    /// <summary>Maps a possibly negative axis to 0..Rank-1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The axis is out of range for this rank.</exception>
    public int NormalizeAxis(int axis)
    {
        int r = Rank;
        int a = axis < 0 ? axis + r : axis;
        if ((uint)a >= (uint)r)
        {
            throw new ArgumentOutOfRangeException(nameof(axis), $"Axis {axis} is out of range for a tensor of shape {this}.");
        }

        return a;
    }

    /// <summary>Row-major strides in elements (the last axis has stride 1).</summary>
    internal int[] Strides()
    {
        var dims = Dims;
        var s = new int[dims.Length];
        int acc = 1;
        for (int i = dims.Length - 1; i >= 0; i--)
        {
            s[i] = acc;
            acc *= dims[i];
        }

        return s;
    }

    internal static Shape FromOwned(int[] dims)
    {
        long size = 1;
        foreach (int d in dims)
        {
            size *= d;
        }

        return new Shape(dims, checked((int)size));
    }

    /// <inheritdoc/>
    public bool Equals(Shape other) => Dims.AsSpan().SequenceEqual(other.Dims);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Shape s && Equals(s);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (int d in Dims)
        {
            h.Add(d);
        }

        return h.ToHashCode();
    }

    /// <summary>Value equality of two shapes.</summary>
    public static bool operator ==(Shape left, Shape right) => left.Equals(right);

    /// <summary>Value inequality of two shapes.</summary>
    public static bool operator !=(Shape left, Shape right) => !left.Equals(right);

    /// <summary>Formats as numpy does: <c>(2, 3)</c>, <c>(5,)</c>, <c>()</c>.</summary>
    public override string ToString()
    {
        var dims = Dims;
        if (dims.Length == 1)
        {
            return "(" + dims[0].ToString(CultureInfo.InvariantCulture) + ",)";
        }

        var sb = new StringBuilder("(");
        for (int i = 0; i < dims.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }

            sb.Append(dims[i].ToString(CultureInfo.InvariantCulture));
        }

        return sb.Append(')').ToString();
    }
}
