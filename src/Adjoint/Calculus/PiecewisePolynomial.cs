using Adjoint.Tensors;

namespace Adjoint.Calculus;

/// <summary>
/// A piecewise polynomial in the local power basis, scipy's <c>PPoly</c>: on [x[i], x[i+1]] the value is
/// <c>sum_j c[j, i] (t - x[i])^(k - j)</c>, with the highest power first. The coefficients are a tensor, so the
/// values are differentiable with respect to whatever the coefficients were computed from (the y data of a spline)
/// and with respect to the query points.
/// </summary>
/// <remarks>
/// <para>A query t is evaluated on the piece i with x[i] &lt;= t &lt; x[i+1] (the last piece also takes t = x[^1]);
/// outside the breakpoints <see cref="Extrapolation"/> decides: the end pieces continue, the result is NaN, or t
/// is wrapped periodically. Evaluation gathers each query's coefficients and runs Horner's rule with tensor
/// operations, so gradients of any order flow to the coefficients and to t (the piece index is data: it is
/// constant almost everywhere, and at a breakpoint the right-hand piece's one-sided derivative is taken).</para>
/// <para>Values y of shape (..., n, ...) along an interpolation axis give coefficients of shape
/// (k + 1, m, other axes...), and a query tensor of shape Q gives results of shape
/// <c>y.shape[:axis] + Q + y.shape[axis+1:]</c>, as in scipy.</para>
/// <para>References: de Boor (2001), A Practical Guide to Splines, chapter VII (the pp-form).</para>
/// </remarks>
public class PiecewisePolynomial
{
    private readonly double[] _x;

    /// <summary>The coefficients as (k + 1, m, columns).</summary>
    private readonly Tensor _c;

    private readonly ValueLayout _layout;

    internal PiecewisePolynomial(double[] breakpoints, Tensor coefficients, ValueLayout layout, Extrapolation extrapolation)
    {
        _x = breakpoints;
        _c = coefficients;
        _layout = layout;
        Extrapolation = extrapolation;
    }

    /// <summary>Copies another piecewise polynomial's data (for the named interpolants that derive from this type).</summary>
    /// <param name="other">The polynomial whose breakpoints, coefficients and layout are taken over.</param>
    private protected PiecewisePolynomial(PiecewisePolynomial other)
    {
        ArgumentNullException.ThrowIfNull(other);
        _x = other._x;
        _c = other._c;
        _layout = other._layout;
        Extrapolation = other.Extrapolation;
    }

    /// <summary>Creates a piecewise polynomial from breakpoints and coefficients, as scipy's <c>PPoly(c, x)</c>.</summary>
    /// <param name="breakpoints">The m + 1 strictly increasing breakpoints.</param>
    /// <param name="coefficients">Shape (k + 1, m, ...): <c>coefficients[j, i, ...]</c> multiplies (t - x[i])^(k - j).</param>
    /// <param name="extrapolation">What to return outside the breakpoints.</param>
    /// <exception cref="ArgumentException">The breakpoints are not strictly increasing and finite, or the coefficients' shape does not match them.</exception>
    public static PiecewisePolynomial FromCoefficients(double[] breakpoints, Tensor coefficients, Extrapolation extrapolation = Extrapolation.Extend)
    {
        ArgumentNullException.ThrowIfNull(breakpoints);
        ArgumentNullException.ThrowIfNull(coefficients);
        KnotCheck.StrictlyIncreasing(breakpoints, nameof(breakpoints), 2);
        if (coefficients.Rank < 2 || coefficients.Shape[1] != breakpoints.Length - 1)
        {
            throw new ArgumentException($"coefficients must have shape (k + 1, {breakpoints.Length - 1}, ...) for {breakpoints.Length} breakpoints; they have shape {coefficients.Shape}.", nameof(coefficients));
        }

        var dims = coefficients.Shape.ToArray();
        int[] trailing = dims[2..];
        var layout = ValueLayout.FromMatrix(breakpoints.Length, trailing);
        var c = coefficients.Reshape(dims[0], dims[1], layout.Columns);
        return new PiecewisePolynomial((double[])breakpoints.Clone(), c, layout, extrapolation);
    }

    /// <summary>The breakpoints x[0] &lt; ... &lt; x[m] (a copy).</summary>
    public double[] Breakpoints => (double[])_x.Clone();

    /// <summary>The polynomial degree k (the number of coefficient rows minus one).</summary>
    public int Degree => _c.Shape[0] - 1;

    /// <summary>The coefficients, shape (k + 1, m, other axes of y...), highest power first, as scipy's <c>PPoly.c</c>.</summary>
    public Tensor Coefficients => _c.Reshape([_c.Shape[0], _c.Shape[1], .. _layout.TrailingDims]);

    /// <summary>What is returned outside [x[0], x[m]].</summary>
    public Extrapolation Extrapolation { get; }

    /// <summary>The element type of the values.</summary>
    public DType DType => _c.DType;

    internal Tensor RawCoefficients => _c;

    internal double[] RawBreakpoints => _x;

    internal ValueLayout Layout => _layout;

    /// <summary>The values at the query points <paramref name="x"/> (any shape), differentiable with respect to them and to the coefficients.</summary>
    /// <param name="x">Query points; converted to the coefficients' dtype when they differ.</param>
    /// <returns>A tensor of shape <c>y.shape[:axis] + x.shape + y.shape[axis+1:]</c>.</returns>
    public Tensor Evaluate(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var q = x.DType == _c.DType ? x : x.To(_c.DType);
        var flat = EvaluateFlat(q.Flatten());
        return _layout.FromFlat(flat, x.Shape);
    }

    /// <summary>The values at the query points <paramref name="x"/>; see <see cref="Evaluate(Tensor)"/>.</summary>
    public Tensor Evaluate(double[] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return Evaluate(Tensor.FromArray(x, new Shape(x.Length), _c.DType));
    }

    /// <summary>The <paramref name="nu"/>-th derivative as a piecewise polynomial of degree k - nu (a negative order gives an antiderivative), as scipy's <c>PPoly.derivative</c>.</summary>
    /// <param name="nu">The order of the derivative.</param>
    public PiecewisePolynomial Derivative(int nu = 1)
    {
        if (nu < 0)
        {
            return Antiderivative(-nu);
        }

        if (nu == 0)
        {
            return this;
        }

        int k = Degree;
        if (nu > k)
        {
            // scipy keeps one row of zeros.
            var zero = _c[0..1] * 0.0;
            return new PiecewisePolynomial(_x, zero, _layout, Extrapolation);
        }

        int rows = k - nu + 1;
        var factor = new double[rows];
        for (int j = 0; j < rows; j++)
        {
            int p = k - j;
            double f = 1;
            for (int s = 0; s < nu; s++)
            {
                f *= p - s;
            }

            factor[j] = f;
        }

        var c = _c[0..rows] * Const.Of(factor, new Shape(rows, 1, 1), _c.DType);
        return new PiecewisePolynomial(_x, c, _layout, Extrapolation);
    }

    /// <summary>
    /// The <paramref name="nu"/>-th antiderivative, zero at x[0] with its first nu - 1 derivatives and continuous
    /// across the breakpoints, as scipy's <c>PPoly.antiderivative</c> (a negative order gives a derivative).
    /// As in scipy, the antiderivative of a periodic polynomial is NaN outside the breakpoints.
    /// </summary>
    /// <param name="nu">The order of integration.</param>
    public PiecewisePolynomial Antiderivative(int nu = 1)
    {
        if (nu < 0)
        {
            return Derivative(-nu);
        }

        var p = this;
        for (int i = 0; i < nu; i++)
        {
            p = p.IntegrateOnce();
        }

        return p;
    }

    /// <summary>
    /// The definite integral from <paramref name="a"/> to <paramref name="b"/> (negative when b &lt; a), as scipy's
    /// <c>PPoly.integrate</c>: with <see cref="Extrapolation.Nan"/> a bound outside the breakpoints gives NaN, with
    /// <see cref="Extrapolation.Extend"/> the end pieces are integrated beyond them, and with
    /// <see cref="Extrapolation.Periodic"/> whole periods and the wrapped remainder are summed.
    /// </summary>
    /// <param name="a">The lower limit.</param>
    /// <param name="b">The upper limit.</param>
    /// <returns>A tensor of shape y.shape without the interpolation axis (a scalar for one-dimensional y), differentiable with respect to the coefficients.</returns>
    public Tensor Integrate(double a, double b)
    {
        double sign = 1;
        if (b < a)
        {
            (a, b) = (b, a);
            sign = -1;
        }

        var f = IntegrateOnce();
        var extended = new PiecewisePolynomial(_x, f._c, _layout, Extrapolation.Extend);
        var dt = _c.DType;
        int cols = _c.Shape[2];
        Tensor Between(double lo, double hi)
        {
            var v = extended.EvaluateFlat(Const.Of([lo, hi], dt));
            return v[1..2] - v[0..1];
        }

        double xs = _x[0], xe = _x[^1];
        Tensor total;
        if (Extrapolation == Extrapolation.Periodic)
        {
            double period = xe - xs;
            double periods = Math.Floor((b - a) / period);
            double left = (b - a) - (periods * period);
            total = periods > 0 ? Between(xs, xe) * periods : Tensor.Zeros(new Shape(1, cols), dt);
            double start = xs + (((a - xs) % period) + period) % period;
            double end = start + left;
            total = end <= xe
                ? total + Between(start, end)
                : total + Between(start, xe) + Between(xs, xs + left + start - xe);
        }
        else if (Extrapolation == Extrapolation.Nan && (a < xs || b > xe))
        {
            total = Tensor.Full(new Shape(1, cols), double.NaN, dt);
        }
        else
        {
            total = Between(a, b);
        }

        return (total * sign).Reshape(new Shape(_layout.TrailingDims));
    }

    private PiecewisePolynomial IntegrateOnce()
    {
        int k = Degree;
        int m = _c.Shape[1], cols = _c.Shape[2];
        var divisor = new double[k + 1];
        var powers = new double[(k + 1) * m];
        for (int j = 0; j <= k; j++)
        {
            divisor[j] = 1.0 / (k - j + 1);
            for (int i = 0; i < m; i++)
            {
                powers[(j * m) + i] = Math.Pow(_x[i + 1] - _x[i], k - j + 1);
            }
        }

        var dt = _c.DType;
        var top = _c * Const.Of(divisor, new Shape(k + 1, 1, 1), dt);

        // The integral of each piece over its own interval, then the running sum before each piece.
        var pieceIntegral = (top * Const.Of(powers, new Shape(k + 1, m, 1), dt)).Sum(0);
        var lower = new double[m * m];
        for (int i = 1; i < m; i++)
        {
            for (int j = 0; j < i; j++)
            {
                lower[(i * m) + j] = 1;
            }
        }

        var constant = Const.Of(lower, new Shape(m, m), dt).MatMul(pieceIntegral).Reshape(1, m, cols);
        var c = Tensor.Concat([top, constant], 0);

        // scipy: the antiderivative of a periodic polynomial is not periodic, so it is NaN outside.
        var extrapolation = Extrapolation == Extrapolation.Periodic ? Extrapolation.Nan : Extrapolation;
        return new PiecewisePolynomial(_x, c, _layout, extrapolation);
    }

    /// <summary>Values at flat queries: (q) -> (q, columns).</summary>
    internal Tensor EvaluateFlat(Tensor q)
    {
        var values = q.ToArray();
        int n = values.Length;
        int m = _x.Length - 1;
        double x0 = _x[0], xm = _x[m];
        var dt = _c.DType;
        var t = q;
        bool[]? outside = null;
        if (Extrapolation == Extrapolation.Periodic)
        {
            double period = xm - x0;
            var wrapped = new double[n];
            for (int i = 0; i < n; i++)
            {
                double r = (values[i] - x0) % period;
                if (r < 0)
                {
                    r += period;
                }

                wrapped[i] = x0 + r;
            }

            // The value is exactly the wrapped point; the derivative with respect to the query stays 1.
            t = (q - Const.Of(values, dt)) + Const.Of(wrapped, dt);
            values = wrapped;
        }
        else if (Extrapolation == Extrapolation.Nan)
        {
            outside = new bool[n];
            for (int i = 0; i < n; i++)
            {
                outside[i] = values[i] < x0 || values[i] > xm;
            }
        }

        var idx = new int[n];
        var left = new double[n];
        for (int i = 0; i < n; i++)
        {
            idx[i] = FindPiece(_x, values[i]);
            left[i] = _x[idx[i]];
        }

        var dx = (t - Const.Of(left, dt)).Reshape(n, 1);
        int k = Degree;
        var r0 = Tensor.Gather(_c[0].Reshape(m, _c.Shape[2]), idx);
        for (int j = 1; j <= k; j++)
        {
            r0 = (r0 * dx) + Tensor.Gather(_c[j].Reshape(m, _c.Shape[2]), idx);
        }

        if (outside is not null && Array.IndexOf(outside, true) >= 0)
        {
            var mask = new double[n];
            for (int i = 0; i < n; i++)
            {
                mask[i] = outside[i] ? 1 : 0;
            }

            r0 = Tensor.Where(Const.Of(mask, new Shape(n, 1), dt), Tensor.Full(new Shape(1, 1), double.NaN, dt), r0);
        }

        return r0;
    }

    /// <summary>The piece i with x[i] &lt;= t &lt; x[i+1], clamped to the first and last pieces (NaN gives 0).</summary>
    internal static int FindPiece(double[] x, double t)
    {
        int m = x.Length - 1;
        if (!(t >= x[0]))
        {
            return 0;
        }

        if (t >= x[m])
        {
            return m - 1;
        }

        int lo = 0, hi = m;
        while (hi - lo > 1)
        {
            int mid = (lo + hi) >>> 1;
            if (x[mid] <= t)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
