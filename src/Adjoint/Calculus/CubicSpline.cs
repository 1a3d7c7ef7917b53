using System.Globalization;
using Adjoint.Tensors;

namespace Adjoint.Calculus;

/// <summary>
/// The cubic spline through (x[i], y[i]) that is twice continuously differentiable, with scipy's
/// <c>CubicSpline</c> end conditions (not-a-knot, natural, clamped, periodic, or a prescribed first or second
/// derivative), differentiable with respect to y and to the query points.
/// </summary>
/// <remarks>
/// <para>The knot slopes s solve scipy's tridiagonal (cyclic for periodic) system A s = R y + b. The system
/// depends only on x and the end conditions, so it is solved once, densely, into the affine map s = S y + s0 (see
/// the remarks on memory below); the spline is then the cubic Hermite interpolant of (y, s), whose power-basis
/// coefficients are tensor expressions in y and s. Derivatives with respect to y of any order are therefore exact,
/// and the map costs n^2 numbers, which suits up to a few thousand knots.</para>
/// <para>As in scipy, two points with not-a-knot ends give the straight line, and three points with not-a-knot
/// at both ends give the parabola through them. Periodic conditions need y[0] = y[^1].</para>
/// <para>References: de Boor (2001), A Practical Guide to Splines, chapter IV; scipy.interpolate.CubicSpline.</para>
/// </remarks>
/// <example><code>
/// var spline = new CubicSpline([0.0, 1, 2, 3], Tensor.FromArray([0.0, 1, 0, 1]), CubicSplineOptions.WithBoundary(SplineBoundary.Natural));
/// var v = spline.Evaluate([0.5, 1.5]);
/// var slope = spline.Derivative().Evaluate([0.5]);
/// </code></example>
public sealed class CubicSpline : PiecewisePolynomial
{
    /// <summary>Builds the spline of <paramref name="y"/> over the knots <paramref name="x"/>.</summary>
    /// <param name="x">Strictly increasing, finite knots (data: not differentiated).</param>
    /// <param name="y">Values, with x.Length entries along <see cref="CubicSplineOptions.Axis"/>; may be tracked by a tape.</param>
    /// <param name="options">End conditions, axis and extrapolation; default not-a-knot, axis 0, extrapolate.</param>
    /// <exception cref="ArgumentException">x is not strictly increasing and finite, has fewer than 2 points, its length differs from y's along the axis, y is not finite, periodic is used at one end only, or periodic y[0] differs from y[^1].</exception>
    public CubicSpline(double[] x, Tensor y, CubicSplineOptions? options = null)
        : base(Build(x, y, options ?? new CubicSplineOptions()))
    {
    }

    /// <summary>Builds the spline of one-dimensional values; see <see cref="CubicSpline(double[], Tensor, CubicSplineOptions?)"/>.</summary>
    /// <param name="x">Strictly increasing, finite knots.</param>
    /// <param name="y">The values at the knots.</param>
    /// <param name="options">End conditions and extrapolation.</param>
    public CubicSpline(double[] x, double[] y, CubicSplineOptions? options = null)
        : this(x, Tensor.FromArray(y ?? throw new ArgumentNullException(nameof(y))), options)
    {
    }

    /// <summary>Builds the spline with knots given as a tensor (which must not be tracked).</summary>
    /// <param name="x">One-dimensional knots.</param>
    /// <param name="y">Values along the options' axis.</param>
    /// <param name="options">End conditions and extrapolation.</param>
    public CubicSpline(Tensor x, Tensor y, CubicSplineOptions? options = null)
        : this(KnotCheck.KnotValues(x, nameof(x)), y, options)
    {
    }

    private static PiecewisePolynomial Build(double[] x, Tensor y, CubicSplineOptions options)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        KnotCheck.StrictlyIncreasing(x, nameof(x), 2);
        var layout = ValueLayout.Of(y, options.Axis, x.Length, nameof(y));
        KnotCheck.FiniteValues(y, nameof(y));
        var start = options.Start ?? throw new ArgumentException("CubicSplineOptions.Start is null.", nameof(options));
        var end = options.End ?? throw new ArgumentException("CubicSplineOptions.End is null.", nameof(options));
        bool periodic = start.Kind == SplineBoundaryKind.Periodic;
        if (periodic != (end.Kind == SplineBoundaryKind.Periodic))
        {
            throw new ArgumentException("A periodic end condition must be used at both ends (CubicSplineOptions.Start and End).", nameof(options));
        }

        foreach (var bc in new[] { start, end })
        {
            if (bc.Kind == SplineBoundaryKind.Derivative && (bc.Order is not (1 or 2) || !double.IsFinite(bc.Value)))
            {
                throw new ArgumentException($"The end condition {bc} needs order 1 or 2 and a finite value.", nameof(options));
            }
        }

        var ym = layout.ToMatrix(y);
        if (periodic)
        {
            var v = ym.ToArray();
            int c = layout.Columns, last = (x.Length - 1) * c;
            for (int j = 0; j < c; j++)
            {
                double a = v[j], b = v[last + j];
                if (Math.Abs(a - b) > 1e-15 + (1e-15 * Math.Abs(b)))
                {
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"With periodic end conditions the first and last y values along axis {options.Axis} must be equal; column {j} has {a:R} and {b:R}."), nameof(y));
                }
            }
        }

        var (map, offset) = CubicSplineSystem.Slopes(x, start, end);
        var dt = y.DType;
        var s = Const.Matrix(map, dt).MatMul(ym);
        if (Array.Exists(offset, o => o != 0))
        {
            s += Const.Of(offset, new Shape(offset.Length, 1), dt);
        }

        var coefficients = CubicHermite.Coefficients(x, ym, s);
        var extrapolation = options.Extrapolation ?? (periodic ? Extrapolation.Periodic : Extrapolation.Extend);
        return new PiecewisePolynomial((double[])x.Clone(), coefficients, layout, extrapolation);
    }
}
