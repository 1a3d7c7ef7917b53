using Adjoint.Tensors;

namespace Adjoint.Calculus;

/// <summary>
/// The shape-preserving piecewise cubic Hermite interpolant (PCHIP, Fritsch-Carlson), scipy 1.10's
/// <c>PchipInterpolator</c>: monotone data give a monotone interpolant, differentiable with respect to y and
/// the query points away from the points where the slope rule switches branch.
/// </summary>
/// <remarks>
/// <para>At an interior knot the slope is zero when the neighbouring secants m[k-1], m[k] differ in sign or one is
/// zero, and otherwise the weighted harmonic mean 1/d = ((w1/m[k-1]) + (w2/m[k]))/(w1 + w2) with
/// w1 = 2h[k] + h[k-1], w2 = h[k] + 2h[k-1]. The end slopes are the one-sided three-point estimate
/// ((2h0 + h1) m0 - h0 m1)/(h0 + h1), set to zero when its sign differs from m0 and to 3 m0 when m0 and m1 differ
/// in sign and it exceeds 3|m0| (Moler's pchiptx). Which branch applies is decided from the values; the chosen
/// branch is a tensor expression in y, with the unused branch's divisions guarded so no NaN reaches a gradient.</para>
/// <para>References: Fritsch &amp; Butland (1984), SIAM J. Sci. Stat. Comput. 5(2); Moler (2004), Numerical
/// Computing with MATLAB, section 3.6.</para>
/// </remarks>
public sealed class PchipInterpolator : PiecewisePolynomial
{
    /// <summary>Builds the PCHIP interpolant.</summary>
    /// <param name="x">Strictly increasing, finite knots, at least 2.</param>
    /// <param name="y">Values with x.Length entries along <paramref name="axis"/>; may be tracked by a tape.</param>
    /// <param name="axis">The interpolation axis of y (scipy default 0).</param>
    /// <param name="extrapolation">Outside the data: continue the end pieces (scipy's default) or NaN or periodic.</param>
    /// <exception cref="ArgumentException">x is not strictly increasing and finite, or its length differs from y's along the axis.</exception>
    public PchipInterpolator(double[] x, Tensor y, int axis = 0, Extrapolation extrapolation = Extrapolation.Extend)
        : base(Build(x, y, axis, extrapolation))
    {
    }

    /// <summary>Builds the PCHIP interpolant of one-dimensional values.</summary>
    /// <param name="x">Strictly increasing knots.</param>
    /// <param name="y">The values.</param>
    public PchipInterpolator(double[] x, double[] y)
        : this(x, Tensor.FromArray(y ?? throw new ArgumentNullException(nameof(y))))
    {
    }

    /// <summary>Builds the interpolant with knots given as a tensor, which must not be tracked (knots are data).</summary>
    /// <param name="x">One-dimensional knots.</param>
    /// <param name="y">Values along <paramref name="axis"/>.</param>
    /// <param name="axis">The interpolation axis of y.</param>
    /// <param name="extrapolation">Outside the data (default: continue the end pieces).</param>
    public PchipInterpolator(Tensor x, Tensor y, int axis = 0, Extrapolation extrapolation = Extrapolation.Extend)
        : this(KnotCheck.KnotValues(x, nameof(x)), y, axis, extrapolation)
    {
    }

    private static PiecewisePolynomial Build(double[] x, Tensor y, int axis, Extrapolation extrapolation)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        KnotCheck.StrictlyIncreasing(x, nameof(x), 2);
        var layout = ValueLayout.Of(y, axis, x.Length, nameof(y));
        KnotCheck.FiniteValues(y, nameof(y));
        var ym = layout.ToMatrix(y);
        var d = Slopes(x, ym);
        return new PiecewisePolynomial((double[])x.Clone(), CubicHermite.Coefficients(x, ym, d), layout, extrapolation);
    }

    private static Tensor Slopes(double[] x, Tensor y)
    {
        int n = x.Length, cols = y.Shape[1];
        var dt = y.DType;
        var mk = CubicHermite.Secants(x, y);
        if (n == 2)
        {
            return Tensor.Concat([mk, mk], 0);
        }

        var mv = mk.ToArray();
        var h = new double[n - 1];
        for (int i = 0; i < n - 1; i++)
        {
            h[i] = x[i + 1] - x[i];
        }

        int inner = n - 2;
        var cond = new double[inner * cols];
        var w1 = new double[inner];
        var w2 = new double[inner];
        for (int i = 0; i < inner; i++)
        {
            w1[i] = (2 * h[i + 1]) + h[i];
            w2[i] = h[i + 1] + (2 * h[i]);
            for (int c = 0; c < cols; c++)
            {
                double a = mv[(i * cols) + c], b = mv[((i + 1) * cols) + c];
                cond[(i * cols) + c] = Math.Sign(a) != Math.Sign(b) || a == 0 || b == 0 ? 1 : 0;
            }
        }

        var condT = Const.Of(cond, new Shape(inner, cols), dt);
        var one = Tensor.Ones(new Shape(1, 1), dt);
        var left = Tensor.Where(condT, one, mk[..^1]);
        var right = Tensor.Where(condT, one, mk[1..]);
        var w1T = Const.Of(w1, new Shape(inner, 1), dt);
        var w2T = Const.Of(w2, new Shape(inner, 1), dt);
        var whmean = ((w1T / left) + (w2T / right)) / (w1T + w2T);
        var interior = Tensor.Where(condT, Tensor.Zeros(new Shape(1, 1), dt), 1.0 / whmean);
        var first = EdgeSlope(h[0], h[1], mk[..1], mk[1..2], mv.AsSpan(0, cols), mv.AsSpan(cols, cols), dt);
        var last = EdgeSlope(h[^1], h[^2], mk[^1..], mk[^2..^1], mv.AsSpan((n - 2) * cols, cols), mv.AsSpan((n - 3) * cols, cols), dt);
        return Tensor.Concat([first, interior, last], 0);
    }

    /// <summary>scipy's <c>_edge_case</c>: the one-sided three-point slope, made shape-preserving.</summary>
    private static Tensor EdgeSlope(double h0, double h1, Tensor m0, Tensor m1, ReadOnlySpan<double> m0v, ReadOnlySpan<double> m1v, DType dt)
    {
        int cols = m0v.Length;
        var d = (((2 * h0) + h1) * m0 - (h0 * m1)) / (h0 + h1);
        var zero = new double[cols];
        var triple = new double[cols];
        bool anyZero = false, anyTriple = false;
        for (int c = 0; c < cols; c++)
        {
            double dv = ((((2 * h0) + h1) * m0v[c]) - (h0 * m1v[c])) / (h0 + h1);
            bool mask = Math.Sign(dv) != Math.Sign(m0v[c]);
            bool mask2 = Math.Sign(m0v[c]) != Math.Sign(m1v[c]) && Math.Abs(dv) > 3.0 * Math.Abs(m0v[c]);
            zero[c] = mask ? 1 : 0;
            triple[c] = !mask && mask2 ? 1 : 0;
            anyZero |= mask;
            anyTriple |= !mask && mask2;
        }

        if (anyTriple)
        {
            d = Tensor.Where(Const.Of(triple, new Shape(1, cols), dt), 3.0 * m0, d);
        }

        if (anyZero)
        {
            d = Tensor.Where(Const.Of(zero, new Shape(1, cols), dt), Tensor.Zeros(new Shape(1, 1), dt), d);
        }

        return d;
    }
}
