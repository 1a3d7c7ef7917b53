using Adjoint.Autodiff.Ops;

namespace Adjoint.Tensors;

/// <summary>numpy broadcasting rules and the un-broadcast reduction shared by every binary derivative rule.</summary>
internal static class Broadcasting
{
    /// <summary>The broadcast shape of two operands.</summary>
    /// <exception cref="ArgumentException">The shapes are incompatible; the message names the operation and both shapes.</exception>
    public static Shape Shape(string op, Shape a, Shape b)
    {
        if (a == b)
        {
            return a;
        }

        var ad = a.Dims;
        var bd = b.Dims;
        int r = Math.Max(ad.Length, bd.Length);
        var od = new int[r];
        for (int i = 0; i < r; i++)
        {
            int x = i - (r - ad.Length) >= 0 ? ad[i - (r - ad.Length)] : 1;
            int y = i - (r - bd.Length) >= 0 ? bd[i - (r - bd.Length)] : 1;
            if (x != y && x != 1 && y != 1)
            {
                throw new ArgumentException($"{op}: shapes {a} and {b} cannot be broadcast together.");
            }

            od[i] = x == 1 ? y : x;
        }

        return Tensors.Shape.FromOwned(od);
    }

    /// <summary>Whether <paramref name="from"/> broadcasts to exactly <paramref name="to"/>.</summary>
    public static bool BroadcastsTo(Shape from, Shape to)
    {
        var f = from.Dims;
        var t = to.Dims;
        if (f.Length > t.Length)
        {
            return false;
        }

        for (int i = 1; i <= f.Length; i++)
        {
            if (f[^i] != 1 && f[^i] != t[^i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Sums <paramref name="grad"/> over the axes that broadcasting stretched, giving a tensor of
    /// <paramref name="shape"/> (the reverse of broadcasting <paramref name="shape"/> up to the gradient's shape).
    /// </summary>
    public static Tensor SumTo(Tensor grad, Shape shape)
    {
        if (grad.Shape == shape)
        {
            return grad;
        }

        var g = grad.Shape.Dims;
        var s = shape.Dims;
        int lead = g.Length - s.Length;
        var axes = new List<int>();
        for (int i = 0; i < g.Length; i++)
        {
            if (i < lead || (s[i - lead] == 1 && g[i] != 1))
            {
                axes.Add(i);
            }
        }

        var summed = axes.Count == 0 ? grad : Reduce.Sum(grad, [.. axes], keepDims: true);
        return summed.Shape == shape ? summed : ShapeOps.Reshape(summed, shape);
    }
}
