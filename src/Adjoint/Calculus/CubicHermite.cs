using Adjoint.Tensors;

namespace Adjoint.Calculus;

/// <summary>Power-basis coefficients of the cubic Hermite interpolant of values and slopes (scipy's <c>CubicHermiteSpline</c>).</summary>
internal static class CubicHermite
{
    /// <summary>
    /// Coefficients (4, m, columns) of the cubic that takes values y[i], y[i+1] and slopes s[i], s[i+1] on each
    /// interval: with d = (y[i+1] - y[i]) / h and t = (s[i] + s[i+1] - 2 d) / h, the coefficients are
    /// (t / h, (d - s[i]) / h - t, s[i], y[i]). Both y and s are (n, columns) tensors.
    /// </summary>
    public static Tensor Coefficients(double[] x, Tensor y, Tensor s)
    {
        int n = x.Length, m = n - 1, cols = y.Shape[1];
        var h = new double[m];
        for (int i = 0; i < m; i++)
        {
            h[i] = x[i + 1] - x[i];
        }

        var ht = Const.Of(h, new Shape(m, 1), y.DType);
        var slope = (y[1..] - y[..^1]) / ht;
        var s0 = s[..^1];
        var t = (s0 + s[1..] - (2.0 * slope)) / ht;
        var c0 = t / ht;
        var c1 = ((slope - s0) / ht) - t;
        return Tensor.Stack([c0, c1, s0, y[..^1]], 0).Reshape(4, m, cols);
    }

    /// <summary>The slopes (y[i+1] - y[i]) / (x[i+1] - x[i]) as an (n - 1, columns) tensor.</summary>
    public static Tensor Secants(double[] x, Tensor y)
    {
        int m = x.Length - 1;
        var h = new double[m];
        for (int i = 0; i < m; i++)
        {
            h[i] = x[i + 1] - x[i];
        }

        return (y[1..] - y[..^1]) / Const.Of(h, new Shape(m, 1), y.DType);
    }
}
