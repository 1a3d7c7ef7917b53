using System.Globalization;
using Adjoint.Tensors;

namespace Adjoint.Calculus;

/// <summary>
/// Interpolation on a rectilinear grid in any number of dimensions, scipy's <c>RegularGridInterpolator</c>
/// (methods linear, nearest, slinear, cubic, quintic), differentiable with respect to the grid values and the
/// query points.
/// </summary>
/// <remarks>
/// <para>Every method here is a tensor product of one-dimensional interpolants that are linear in the data, so the
/// value at a query q is <c>sum over i0, i1, ... of w0[i0](q0) w1[i1](q1) ... values[i0, i1, ...]</c>. Each axis'
/// weights w_d(q_d) are computed as a tensor: for linear the scipy weights (1 - t, t) of the cell with
/// t = (q - g[i]) / (g[i+1] - g[i]); for the spline methods the cardinal splines of <c>make_interp_spline</c>
/// (the map from data to coefficients applied to the identity), evaluated at q_d. The weights are then contracted
/// with the values axis by axis. Derivatives of any order with respect to the values and the queries follow
/// (the cell index is data; nearest has zero derivative with respect to the queries). The first contraction is a
/// (queries x n0) by (n0 x rest) matrix product, which suits grids of moderate size.</para>
/// <para>Values of shape (n0, ..., n_{D-1}, trailing...) and queries of shape (..., D) give results of shape
/// (..., trailing...). A query with a NaN coordinate gives NaN (or, with bounds errors on, throws, as scipy does).</para>
/// </remarks>
public sealed class RegularGridInterpolator
{
    private readonly double[][] _grid;
    private readonly Tensor _values;
    private readonly int[] _trailing;
    private readonly PiecewisePolynomial?[] _cardinal;

    /// <summary>Builds the interpolator.</summary>
    /// <param name="points">The strictly increasing, finite coordinates of the grid along each axis.</param>
    /// <param name="values">Values of shape (points[0].Length, ..., points[D-1].Length, trailing...); may be tracked by a tape.</param>
    /// <param name="options">Method, bounds error and fill value; scipy's defaults when null.</param>
    /// <exception cref="ArgumentException">An axis is not strictly increasing and finite, has too few points for the method, or the values' shape does not match the grid.</exception>
    public RegularGridInterpolator(double[][] points, Tensor values, RegularGridInterpolatorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(values);
        Options = options ?? new RegularGridInterpolatorOptions();
        int d = points.Length;
        if (d == 0)
        {
            throw new ArgumentException("points must have at least one axis.", nameof(points));
        }

        if (values.Rank < d)
        {
            throw new ArgumentException($"values has shape {values.Shape}, fewer axes than the {d} grid axes.", nameof(values));
        }

        int minimum = Options.Method switch
        {
            GridInterpolationMethod.Cubic => 4,
            GridInterpolationMethod.Quintic => 6,
            _ => 2,
        };
        _grid = new double[d][];
        _cardinal = new PiecewisePolynomial?[d];
        for (int a = 0; a < d; a++)
        {
            ArgumentNullException.ThrowIfNull(points[a], nameof(points));
            string name = string.Create(CultureInfo.InvariantCulture, $"points[{a}]");
            try
            {
                KnotCheck.StrictlyIncreasing(points[a], name, minimum);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException(e.Message, nameof(points), e);
            }

            if (values.Shape[a] != points[a].Length)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"points[{a}] has {points[a].Length} points but values has {values.Shape[a]} along axis {a} (shape {values.Shape})."), nameof(values));
            }

            _grid[a] = (double[])points[a].Clone();
            _cardinal[a] = Options.Method switch
            {
                GridInterpolationMethod.Slinear => Cardinal(_grid[a], 1, values.DType),
                GridInterpolationMethod.Cubic => Cardinal(_grid[a], 3, values.DType),
                GridInterpolationMethod.Quintic => Cardinal(_grid[a], 5, values.DType),
                _ => null,
            };
        }

        _values = values;
        _trailing = values.Shape.ToArray()[d..];
    }

    /// <summary>The settings this interpolator was built with.</summary>
    public RegularGridInterpolatorOptions Options { get; }

    /// <summary>The number of grid axes.</summary>
    public int Dimensions => _grid.Length;

    /// <summary>The values at the query points, differentiable with respect to them and to the grid values.</summary>
    /// <param name="points">Queries of shape (..., D), converted to the values' dtype when they differ.</param>
    /// <returns>A tensor of shape (..., trailing value axes...).</returns>
    /// <exception cref="ArgumentException">The last axis of the queries is not D.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A query lies outside the grid and <see cref="RegularGridInterpolatorOptions.BoundsError"/> is true.</exception>
    public Tensor Evaluate(Tensor points)
    {
        ArgumentNullException.ThrowIfNull(points);
        int d = _grid.Length;
        if (points.Rank == 0 || points.Shape[-1] != d)
        {
            throw new ArgumentException($"The query points must have shape (..., {d}); they have shape {points.Shape}.", nameof(points));
        }

        var dt = _values.DType;
        var q = (points.DType == dt ? points : points.To(dt)).Reshape(-1, d);
        int count = q.Shape[0];
        var coords = q.ToArray();
        var outside = new double[count];
        var nan = new double[count];
        bool anyOutside = false, anyNan = false;
        for (int j = 0; j < count; j++)
        {
            for (int a = 0; a < d; a++)
            {
                double v = coords[(j * d) + a];
                if (double.IsNaN(v) && Options.BoundsError)
                {
                    // scipy's bounds check fails on NaN too.
                    throw new ArgumentOutOfRangeException(nameof(points), string.Create(CultureInfo.InvariantCulture, $"Query {j} is NaN in dimension {a}; with BoundsError every coordinate must lie in the grid."));
                }

                if (double.IsNaN(v))
                {
                    nan[j] = 1;
                    anyNan = true;
                }
                else if (v < _grid[a][0] || v > _grid[a][^1])
                {
                    if (Options.BoundsError)
                    {
                        throw new ArgumentOutOfRangeException(nameof(points), string.Create(CultureInfo.InvariantCulture, $"Query {j} is out of bounds in dimension {a}: {v:R} is outside [{_grid[a][0]:R}, {_grid[a][^1]:R}]."));
                    }

                    outside[j] = 1;
                    anyOutside = true;
                }
            }
        }

        int columns = 1;
        foreach (int t in _trailing)
        {
            columns *= t;
        }

        Tensor result;
        if (Options.Method == GridInterpolationMethod.Nearest)
        {
            result = Tensor.Gather(_values.Reshape(-1, columns), NearestFlatIndices(coords, count));
        }
        else
        {
            // Contract the weights of each axis with the values, first axis first.
            var rest = _values.Reshape(_grid[0].Length, -1);
            result = Weights(q[.., 0].Reshape(count), coords, 0, count).MatMul(rest);
            for (int a = 1; a < d; a++)
            {
                int n = _grid[a].Length;
                var w = Weights(q[.., a].Reshape(count), coords, a, count).Reshape(count, n, 1);
                result = (result.Reshape(count, n, -1) * w).Sum(1);
            }

            result = result.Reshape(count, columns);
        }

        if (anyOutside && Options.FillValue is double fill)
        {
            result = Tensor.Where(Const.Of(outside, new Shape(count, 1), dt), Tensor.Full(new Shape(1, 1), fill, dt), result);
        }

        if (anyNan)
        {
            result = Tensor.Where(Const.Of(nan, new Shape(count, 1), dt), Tensor.Full(new Shape(1, 1), double.NaN, dt), result);
        }

        int[] outDims = [.. points.Shape.ToArray()[..^1], .. _trailing];
        return result.Reshape(outDims);
    }

    /// <summary>The values at query points given as a (count, D) array; see <see cref="Evaluate(Tensor)"/>.</summary>
    /// <param name="points">One query per row.</param>
    public Tensor Evaluate(double[,] points)
    {
        ArgumentNullException.ThrowIfNull(points);
        return Evaluate(Const.Matrix(points, _values.DType));
    }

    /// <summary>The (count, n_a) weights of axis a at the queries t (count).</summary>
    private Tensor Weights(Tensor t, double[] coords, int a, int count)
    {
        var g = _grid[a];
        int n = g.Length, d = _grid.Length;
        var dt = _values.DType;
        if (_cardinal[a] is { } cardinal)
        {
            var safe = SafeQueries(t, coords, a, count);
            return cardinal.EvaluateFlat(safe);
        }

        var lowerOneHot = new double[count * n];
        var upperOneHot = new double[count * n];
        var left = new double[count];
        var width = new double[count];
        for (int j = 0; j < count; j++)
        {
            double v = coords[(j * d) + a];
            int i = double.IsNaN(v) ? 0 : PiecewisePolynomial.FindPiece(g, v);
            lowerOneHot[(j * n) + i] = 1;
            upperOneHot[(j * n) + i + 1] = 1;
            left[j] = g[i];
            width[j] = g[i + 1] - g[i];
        }

        var tt = SafeQueries(t, coords, a, count);
        var y = ((tt - Const.Of(left, dt)) / Const.Of(width, dt)).Reshape(count, 1);
        return (Const.Of(lowerOneHot, new Shape(count, n), dt) * (1.0 - y)) + (Const.Of(upperOneHot, new Shape(count, n), dt) * y);
    }

    /// <summary>The queries with NaN coordinates replaced by the grid start (their results are set to NaN afterwards).</summary>
    private Tensor SafeQueries(Tensor t, double[] coords, int a, int count)
    {
        int d = _grid.Length;
        var isNan = new double[count];
        bool any = false;
        for (int j = 0; j < count; j++)
        {
            if (double.IsNaN(coords[(j * d) + a]))
            {
                isNan[j] = 1;
                any = true;
            }
        }

        return any ? Tensor.Where(Const.Of(isNan, _values.DType), Tensor.Full(new Shape(1), _grid[a][0], _values.DType), t) : t;
    }

    private int[] NearestFlatIndices(double[] coords, int count)
    {
        int d = _grid.Length;
        var flat = new int[count];
        for (int j = 0; j < count; j++)
        {
            int index = 0;
            for (int a = 0; a < d; a++)
            {
                var g = _grid[a];
                double v = coords[(j * d) + a];
                int i = 0;
                if (!double.IsNaN(v))
                {
                    i = PiecewisePolynomial.FindPiece(g, v);
                    double y = (v - g[i]) / (g[i + 1] - g[i]);
                    if (!(y <= 0.5))
                    {
                        i++;
                    }
                }

                index = (index * g.Length) + i;
            }

            flat[j] = index;
        }

        return flat;
    }

    /// <summary>The cardinal splines of degree k on a grid axis: column i is the interpolant of the i-th unit vector.</summary>
    private static PiecewisePolynomial Cardinal(double[] g, int k, DType dtype)
    {
        int n = g.Length;
        if (k == 1)
        {
            var c1 = new double[2 * (n - 1) * n];
            for (int i = 0; i < n - 1; i++)
            {
                double h = g[i + 1] - g[i];
                c1[(i * n) + i] = -1 / h;
                c1[(i * n) + i + 1] = 1 / h;
                c1[((n - 1 + i) * n) + i] = 1;
            }

            return new PiecewisePolynomial(g, Tensor.FromArray(c1, new Shape(2, n - 1, n), dtype), ValueLayout.FromMatrix(n, [n]), Extrapolation.Extend);
        }

        var (breakpoints, map) = InterpolationSplineMap.Build(g, k);
        int m = breakpoints.Length - 1;
        var c = Const.Matrix(map, dtype).Reshape(k + 1, m, n);
        return new PiecewisePolynomial(breakpoints, c, ValueLayout.FromMatrix(n, [n]), Extrapolation.Extend);
    }
}
