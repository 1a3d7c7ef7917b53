using Adjoint.Tensors;

namespace Adjoint.Calculus;

/// <summary>
/// Akima's piecewise cubic Hermite interpolant, scipy 1.10's <c>Akima1DInterpolator</c>: slopes from a
/// weighted average of neighbouring secants that resists the overshoot of a cubic spline near outliers,
/// differentiable with respect to y and the query points away from ties in the weights.
/// </summary>
/// <remarks>
/// <para>With secants m[i] extended by two linear extrapolations at each end, the slope at knot i is
/// (f1 m[i+1] + f2 m[i+2]) / (f1 + f2) with f1 = |m[i+3] - m[i+2]|, f2 = |m[i+1] - m[i]| (indices into the
/// extended list), or (m[i+1] + m[i+2]) / 2 where f1 + f2 is below 1e-9 times its largest value; the choice is
/// made from the values, and the unused branch's division is guarded. As in scipy 1.10 the interpolant is NaN
/// outside the data unless another <see cref="Extrapolation"/> is asked for.</para>
/// <para>References: Akima (1970), J. ACM 17(4), 589-602.</para>
/// </remarks>
public sealed class Akima1DInterpolator : PiecewisePolynomial
{
    /// <summary>Builds the Akima interpolant.</summary>
    /// <param name="x">Strictly increasing, finite knots, at least 3.</param>
    /// <param name="y">Values with x.Length entries along <paramref name="axis"/>; may be tracked by a tape.</param>
    /// <param name="axis">The interpolation axis of y (scipy default 0).</param>
    /// <param name="extrapolation">Outside the data: NaN (scipy 1.10's behaviour), or continue the end pieces, or periodic.</param>
    /// <exception cref="ArgumentException">x is not strictly increasing and finite or has fewer than 3 points, or its length differs from y's along the axis.</exception>
    public Akima1DInterpolator(double[] x, Tensor y, int axis = 0, Extrapolation extrapolation = Extrapolation.Nan)
        : base(Build(x, y, axis, extrapolation))
    {
    }

    /// <summary>Builds the Akima interpolant of one-dimensional values.</summary>
    /// <param name="x">Strictly increasing knots.</param>
    /// <param name="y">The values.</param>
    public Akima1DInterpolator(double[] x, double[] y)
        : this(x, Tensor.FromArray(y ?? throw new ArgumentNullException(nameof(y))))
    {
    }

    /// <summary>Builds the interpolant with knots given as a tensor, which must not be tracked (knots are data).</summary>
    /// <param name="x">One-dimensional knots.</param>
    /// <param name="y">Values along <paramref name="axis"/>.</param>
    /// <param name="axis">The interpolation axis of y.</param>
    /// <param name="extrapolation">Outside the data (default: NaN).</param>
    public Akima1DInterpolator(Tensor x, Tensor y, int axis = 0, Extrapolation extrapolation = Extrapolation.Nan)
        : this(KnotCheck.KnotValues(x, nameof(x)), y, axis, extrapolation)
    {
    }

    private static PiecewisePolynomial Build(double[] x, Tensor y, int axis, Extrapolation extrapolation)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        KnotCheck.StrictlyIncreasing(x, nameof(x), 3);
        var layout = ValueLayout.Of(y, axis, x.Length, nameof(y));
        KnotCheck.FiniteValues(y, nameof(y));
        var ym = layout.ToMatrix(y);
        int n = x.Length, cols = ym.Shape[1];
        var dt = ym.DType;
        var mk = CubicHermite.Secants(x, ym);

        // m has n + 3 rows: two extrapolated secants on each side.
        var m1 = (2.0 * mk[..1]) - mk[1..2];
        var m0 = (2.0 * m1) - mk[..1];
        var mm2 = (2.0 * mk[^1..]) - mk[^2..^1];
        var mm1 = (2.0 * mm2) - mk[^1..];
        var m = Tensor.Concat([m0, m1, mk, mm2, mm1], 0);
        var t = 0.5 * (m[3..] + m[..^3]);
        var dm = Tensor.Abs(m[1..] - m[..^1]);
        var f1 = dm[2..];
        var f2 = dm[..^2];
        var f12 = f1 + f2;
        var f12v = f12.ToArray();
        double largest = double.NegativeInfinity;
        foreach (double v in f12v)
        {
            largest = Math.Max(largest, v);
        }

        var defined = new double[f12v.Length];
        bool any = false;
        for (int i = 0; i < f12v.Length; i++)
        {
            defined[i] = f12v[i] > 1e-9 * largest ? 1 : 0;
            any |= defined[i] == 1;
        }

        if (any)
        {
            var mask = Const.Of(defined, new Shape(n, cols), dt);
            var safe = Tensor.Where(mask, f12, Tensor.Ones(new Shape(1, 1), dt));
            var weighted = ((f1 * m[1..(n + 1)]) + (f2 * m[2..(n + 2)])) / safe;
            t = Tensor.Where(mask, weighted, t);
        }

        return new PiecewisePolynomial((double[])x.Clone(), CubicHermite.Coefficients(x, ym, t), layout, extrapolation);
    }
}
