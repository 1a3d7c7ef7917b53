using Adjoint.Tensors;

namespace Adjoint.Calculus;

/// <summary>
/// How the data values y are arranged: the interpolation axis is moved to the front and the other axes are
/// flattened into columns, giving an (n, columns) matrix; results (queries, columns) are put back in scipy's
/// order, <c>y.shape[:axis] + x_new.shape + y.shape[axis+1:]</c>.
/// </summary>
internal sealed class ValueLayout
{
    private readonly int[] _dims;

    private ValueLayout(int[] dims, int axis)
    {
        _dims = dims;
        Axis = axis;
        Points = dims[axis];
        int c = 1;
        for (int i = 0; i < dims.Length; i++)
        {
            if (i != axis)
            {
                c *= dims[i];
            }
        }

        Columns = c;
    }

    /// <summary>The interpolation axis of y (non-negative).</summary>
    public int Axis { get; }

    /// <summary>The number of data points along the interpolation axis.</summary>
    public int Points { get; }

    /// <summary>The number of values interpolated at once (the product of y's other dimensions).</summary>
    public int Columns { get; }

    /// <summary>The dimensions of y other than the interpolation axis, in order.</summary>
    public int[] TrailingDims => [.. _dims[..Axis], .. _dims[(Axis + 1)..]];

    /// <summary>The layout of <paramref name="y"/> interpolated along <paramref name="axis"/>, checked against <paramref name="points"/> knots.</summary>
    public static ValueLayout Of(Tensor y, int axis, int points, string paramName)
    {
        ArgumentNullException.ThrowIfNull(y, paramName);
        if (y.Rank == 0)
        {
            throw new ArgumentException("y must have at least one dimension.", paramName);
        }

        if (axis < -y.Rank || axis >= y.Rank)
        {
            throw new ArgumentOutOfRangeException(nameof(axis), $"axis {axis} is out of range for y of shape {y.Shape}.");
        }

        int a = axis < 0 ? axis + y.Rank : axis;
        var dims = y.Shape.ToArray();
        if (dims[a] != points)
        {
            throw new ArgumentException($"x has {points} points but y has {dims[a]} along axis {axis} (shape {y.Shape}); the lengths must match.", paramName);
        }

        return new ValueLayout(dims, a);
    }

    /// <summary>A layout for values already arranged as (points, columns) with the given trailing dimensions.</summary>
    public static ValueLayout FromMatrix(int points, int[] trailingDims)
    {
        int[] dims = [points, .. trailingDims];
        return new ValueLayout(dims, 0);
    }

    /// <summary>y as an (n, columns) matrix (differentiable).</summary>
    public Tensor ToMatrix(Tensor y)
    {
        var t = y;
        if (Axis != 0)
        {
            var perm = new int[y.Rank];
            perm[0] = Axis;
            int k = 1;
            for (int i = 0; i < y.Rank; i++)
            {
                if (i != Axis)
                {
                    perm[k++] = i;
                }
            }

            t = t.Permute(perm);
        }

        return t.Reshape(Points, Columns);
    }

    /// <summary>Results of shape (queries, columns) rearranged to <c>y.shape[:axis] + queryShape + y.shape[axis+1:]</c>.</summary>
    public Tensor FromFlat(Tensor r, Shape queryShape)
    {
        var trailing = TrailingDims;
        int q = r.Shape[0];
        var t = r.Reshape([q, .. trailing]);
        if (Axis != 0)
        {
            var perm = new int[trailing.Length + 1];
            for (int i = 0; i < Axis; i++)
            {
                perm[i] = i + 1;
            }

            perm[Axis] = 0;
            for (int i = Axis + 1; i < perm.Length; i++)
            {
                perm[i] = i;
            }

            t = t.Permute(perm);
        }

        int[] outDims = [.. trailing[..Axis], .. queryShape.ToArray(), .. trailing[Axis..]];
        return t.Reshape(outDims);
    }
}
