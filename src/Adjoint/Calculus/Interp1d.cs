using System.Globalization;
using Adjoint.Tensors;

namespace Adjoint.Calculus;

/// <summary>
/// A one-dimensional interpolant with scipy's <c>interp1d</c> semantics (kinds linear, nearest, previous, next,
/// quadratic and cubic; <c>fill_value</c>, <c>bounds_error</c>, <c>axis</c>, <c>assume_sorted</c>),
/// differentiable with respect to the query points and to the y values.
/// </summary>
/// <remarks>
/// <para>The knots x are data. The y values may be a tensor tracked by a gradient tape: the linear and spline
/// kinds are piecewise polynomials whose coefficients are linear in y (for the spline kinds through a matrix
/// computed once from x, see <see cref="InterpolationKind.Cubic"/>), and the step kinds gather y, so derivatives of
/// every order with respect to y and the queries are exact (zero for the step kinds with respect to the queries).</para>
/// <para>Outside the data, scipy's rules apply: <see cref="Interp1dOptions.BoundsError"/> throws, or the fill
/// values are returned, or the interpolant continues (for previous and next, extrapolation gives NaN on the
/// side without a neighbour and the end value on the other, as scipy does).</para>
/// </remarks>
/// <example><code>
/// var f = new Interp1d([0.0, 1, 2, 3], Tensor.FromArray([0.0, 1, 4, 9]), new Interp1dOptions { Kind = InterpolationKind.Cubic });
/// var v = f.Evaluate([0.5, 2.5]);
/// </code></example>
public sealed class Interp1d
{
    private readonly double[] _x;
    private readonly Tensor _y;
    private readonly ValueLayout _layout;
    private readonly PiecewisePolynomial? _polynomial;
    private readonly bool _throwOutOfBounds;
    private readonly bool _extrapolate;
    private readonly Tensor _below;
    private readonly Tensor _above;

    /// <summary>Builds the interpolant of <paramref name="y"/> over <paramref name="x"/>.</summary>
    /// <param name="x">The knots, finite and distinct (sorted first unless <see cref="Interp1dOptions.AssumeSorted"/>).</param>
    /// <param name="y">Values with x.Length entries along <see cref="Interp1dOptions.Axis"/>; may be tracked by a tape.</param>
    /// <param name="options">Kind, fill value, bounds error, axis; scipy's defaults when null.</param>
    /// <exception cref="ArgumentException">x has NaN or duplicate entries, is unsorted with AssumeSorted, is too short for the kind, or its length differs from y's along the axis; or BoundsError is true with extrapolation.</exception>
    public Interp1d(double[] x, Tensor y, Interp1dOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        Options = options ?? new Interp1dOptions();
        var fill = Options.FillValue ?? throw new ArgumentException("Interp1dOptions.FillValue is null.", nameof(options));
        if (fill.IsExtrapolate && Options.BoundsError == true)
        {
            throw new ArgumentException("Interp1dOptions: BoundsError cannot be true when FillValue is Extrapolate.", nameof(options));
        }

        for (int i = 0; i < x.Length; i++)
        {
            if (double.IsNaN(x[i]))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"x[{i}] is NaN; knots must be numbers."), nameof(x));
            }
        }

        _layout = ValueLayout.Of(y, Options.Axis, x.Length, nameof(y));
        var ym = _layout.ToMatrix(y);
        var xs = (double[])x.Clone();
        if (!Options.AssumeSorted)
        {
            var order = Enumerable.Range(0, x.Length).OrderBy(i => x[i]).ToArray();
            bool identity = true;
            for (int i = 0; i < order.Length; i++)
            {
                identity &= order[i] == i;
                xs[i] = x[order[i]];
            }

            if (!identity)
            {
                ym = Tensor.Gather(ym, order);
            }
        }

        int minimum = Options.Kind switch
        {
            InterpolationKind.Quadratic => 3,
            InterpolationKind.Cubic => 4,
            _ => 2,
        };
        KnotCheck.StrictlyIncreasing(xs, nameof(x), minimum);
        _x = xs;
        _y = ym;
        var dt = y.DType;
        _polynomial = Options.Kind switch
        {
            InterpolationKind.Linear => new PiecewisePolynomial(xs, LinearCoefficients(xs, ym), _layout, Extrapolation.Extend),
            InterpolationKind.Slinear => SplinePolynomial(xs, ym, 1),
            InterpolationKind.Quadratic => SplinePolynomial(xs, ym, 2),
            InterpolationKind.Cubic => SplinePolynomial(xs, ym, 3),
            _ => null,
        };

        int cols = _layout.Columns, n = xs.Length;
        _extrapolate = fill.IsExtrapolate;
        _throwOutOfBounds = Options.BoundsError ?? !fill.IsExtrapolate;
        _below = Tensor.Full(new Shape(1, cols), fill.Below, dt);
        _above = Tensor.Full(new Shape(1, cols), fill.Above, dt);
        if (fill.IsExtrapolate && Options.Kind == InterpolationKind.Previous)
        {
            // scipy: previous has no value below x[0]; above x[^1] it keeps the last one.
            _extrapolate = false;
            _above = ym[(n - 1)..];
        }
        else if (fill.IsExtrapolate && Options.Kind == InterpolationKind.Next)
        {
            _extrapolate = false;
            _below = ym[..1];
        }
    }

    /// <summary>Builds the interpolant of one-dimensional values; see <see cref="Interp1d(double[], Tensor, Interp1dOptions?)"/>.</summary>
    /// <param name="x">The knots.</param>
    /// <param name="y">The values at the knots.</param>
    /// <param name="options">Kind, fill value, bounds error.</param>
    public Interp1d(double[] x, double[] y, Interp1dOptions? options = null)
        : this(x, Tensor.FromArray(y ?? throw new ArgumentNullException(nameof(y))), options)
    {
    }

    /// <summary>Builds the interpolant with knots given as a tensor, which must not be tracked (knots are data).</summary>
    /// <param name="x">One-dimensional knots.</param>
    /// <param name="y">Values along the options' axis.</param>
    /// <param name="options">Kind, fill value, bounds error, axis.</param>
    public Interp1d(Tensor x, Tensor y, Interp1dOptions? options = null)
        : this(KnotCheck.KnotValues(x, nameof(x)), y, options)
    {
    }

    /// <summary>The settings this interpolant was built with.</summary>
    public Interp1dOptions Options { get; }

    /// <summary>The knots in increasing order (a copy).</summary>
    public double[] X => (double[])_x.Clone();

    /// <summary>The values at the query points, differentiable with respect to them and to y.</summary>
    /// <param name="x">Query points of any shape (converted to y's dtype when they differ).</param>
    /// <returns>A tensor of shape <c>y.shape[:axis] + x.shape + y.shape[axis+1:]</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A query lies outside [x[0], x[^1]] and bounds errors are on.</exception>
    public Tensor Evaluate(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var q = (x.DType == _y.DType ? x : x.To(_y.DType)).Flatten();
        var values = q.ToArray();
        int n = values.Length;
        double lo = _x[0], hi = _x[^1];
        var below = new double[n];
        var above = new double[n];
        bool anyBelow = false, anyAbove = false;
        for (int i = 0; i < n; i++)
        {
            if (values[i] < lo)
            {
                below[i] = 1;
                anyBelow = true;
            }
            else if (values[i] > hi)
            {
                above[i] = 1;
                anyAbove = true;
            }
        }

        if (_throwOutOfBounds && (anyBelow || anyAbove))
        {
            int i = Array.FindIndex(anyBelow ? below : above, v => v == 1);
            string side = anyBelow ? "below" : "above";
            throw new ArgumentOutOfRangeException(nameof(x), string.Create(CultureInfo.InvariantCulture, $"A value in x ({values[i]:R}, flat index {i}) is {side} the interpolation range [{lo:R}, {hi:R}]; use FillValue or BoundsError = false to allow it."));
        }

        var r = _polynomial is not null ? _polynomial.EvaluateFlat(q) : Tensor.Gather(_y, StepIndices(values));
        if (!_extrapolate)
        {
            var dt = _y.DType;
            if (anyAbove)
            {
                r = Tensor.Where(Const.Of(above, new Shape(n, 1), dt), _above, r);
            }

            if (anyBelow)
            {
                r = Tensor.Where(Const.Of(below, new Shape(n, 1), dt), _below, r);
            }
        }

        return _layout.FromFlat(r, x.Shape);
    }

    /// <summary>The values at the query points; see <see cref="Evaluate(Tensor)"/>.</summary>
    /// <param name="x">Query points.</param>
    public Tensor Evaluate(double[] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return Evaluate(Tensor.FromArray(x, new Shape(x.Length), _y.DType));
    }

    private static Tensor LinearCoefficients(double[] x, Tensor y)
    {
        int m = x.Length - 1;
        var slope = CubicHermite.Secants(x, y);
        return Tensor.Stack([slope, y[..^1]], 0).Reshape(2, m, y.Shape[1]);
    }

    private PiecewisePolynomial SplinePolynomial(double[] x, Tensor y, int k)
    {
        var (breakpoints, map) = InterpolationSplineMap.Build(x, k);
        int m = breakpoints.Length - 1;
        var c = Const.Matrix(map, y.DType).MatMul(y).Reshape(k + 1, m, y.Shape[1]);
        return new PiecewisePolynomial(breakpoints, c, _layout, Extrapolation.Extend);
    }

    /// <summary>The data index each query takes for the step kinds, by scipy's searchsorted rules (NaN sorts last).</summary>
    private int[] StepIndices(double[] values)
    {
        int n = _x.Length;
        var idx = new int[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            double v = values[i];
            int j;
            switch (Options.Kind)
            {
                case InterpolationKind.Nearest:
                    {
                        // Count of midpoints (x[k]/2 + x[k+1]/2) strictly below v, clipped.
                        if (double.IsNaN(v))
                        {
                            j = n - 1;
                            break;
                        }

                        int lo = 0, hi = n - 1;
                        while (lo < hi)
                        {
                            int mid = (lo + hi) >>> 1;
                            if (((_x[mid] / 2.0) + (_x[mid + 1] / 2.0)) < v)
                            {
                                lo = mid + 1;
                            }
                            else
                            {
                                hi = mid;
                            }
                        }

                        j = lo;
                        break;
                    }

                case InterpolationKind.Previous:
                    {
                        // Count of nextafter(x, -inf) strictly below v, clipped to [1, n], minus one.
                        int count = double.IsNaN(v) ? n : CountBelow(v, strict: true, shiftDown: true);
                        j = Math.Clamp(count, 1, n) - 1;
                        break;
                    }

                default:
                    {
                        // Next: count of nextafter(x, +inf) at or below v, clipped to [0, n - 1].
                        int count = double.IsNaN(v) ? n : CountBelow(v, strict: false, shiftDown: false);
                        j = Math.Clamp(count, 0, n - 1);
                        break;
                    }
            }

            idx[i] = j;
        }

        return idx;
    }

    private int CountBelow(double v, bool strict, bool shiftDown)
    {
        int lo = 0, hi = _x.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            double s = shiftDown ? double.BitDecrement(_x[mid]) : double.BitIncrement(_x[mid]);
            bool goesBefore = strict ? s < v : s <= v;
            if (goesBefore)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
