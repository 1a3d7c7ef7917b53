using Adjoint.Autodiff;
using Adjoint.Calculus;
using Adjoint.Tensors;

namespace Adjoint.Tests.Calculus;

/// <summary>Invalid knots, data and queries throw an ArgumentException that names the argument.</summary>
public class InterpolationBadInputTests
{
    private static readonly double[] Knots = [0.0, 1.0, 2.5, 3.0, 4.5];
    private static readonly double[] Values = [1.0, 2.0, 0.5, -1.0, 0.0];

    private static void Throws(string param, string fragment, Action build)
    {
        var e = Assert.ThrowsAny<ArgumentException>(build);
        Assert.Equal(param, e.ParamName);
        Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CubicSpline_RejectsBadKnotsAndData()
    {
        Throws("x", "strictly increasing", () => _ = new CubicSpline([0.0, 2.0, 1.0, 3.0, 4.0], Values));
        Throws("x", "duplicate", () => _ = new CubicSpline([0.0, 1.0, 1.0, 3.0, 4.0], Values));
        Throws("x", "finite", () => _ = new CubicSpline([0.0, double.NaN, 2.0, 3.0, 4.0], Values));
        Throws("x", "at least 2", () => _ = new CubicSpline([1.0], [1.0]));
        Throws("y", "lengths must match", () => _ = new CubicSpline(Knots, [1.0, 2.0, 3.0]));
        Throws("y", "non-finite", () => _ = new CubicSpline(Knots, [1.0, double.NaN, 3.0, 4.0, 5.0]));
        Throws("y", "must be equal", () => _ = new CubicSpline(Knots, Values, CubicSplineOptions.WithBoundary(SplineBoundary.Periodic)));
        Throws("options", "both ends", () => _ = new CubicSpline(Knots, [1.0, 2.0, 0.5, -1.0, 1.0], new CubicSplineOptions { Start = SplineBoundary.Periodic }));
        Throws("order", "1 or 2", () => SplineBoundary.FixedDerivative(3, 0));
        Throws("axis", "out of range", () => _ = new CubicSpline(Knots, Tensor.FromArray(Values), new CubicSplineOptions { Axis = 1 }));
    }

    [Fact]
    public void CubicSpline_RejectsTrackedKnots()
    {
        using var tape = GradientTape.Begin();
        var x = tape.Watch(Tensor.FromArray(Knots));
        Throws("x", "knots are data", () => _ = new CubicSpline(x, Tensor.FromArray(Values)));
        Throws("x", "knots are data", () => _ = new Interp1d(x, Tensor.FromArray(Values)));
        Throws("x", "knots are data", () => _ = new PchipInterpolator(x, Tensor.FromArray(Values)));
        Throws("x", "knots are data", () => _ = new Akima1DInterpolator(x, Tensor.FromArray(Values)));
        Throws("x", "one-dimensional", () => _ = new Interp1d(Tensor.Zeros(new Shape(5, 1)), Tensor.FromArray(Values)));
    }

    [Fact]
    public void Interp1d_RejectsBadKnotsAndData()
    {
        Throws("x", "NaN", () => _ = new Interp1d([0.0, double.NaN, 2.0], [1.0, 2.0, 3.0]));
        Throws("x", "duplicate", () => _ = new Interp1d([0.0, 2.0, 2.0], [1.0, 2.0, 3.0]));
        Throws("x", "strictly increasing", () => _ = new Interp1d([0.0, 2.0, 1.0], [1.0, 2.0, 3.0], new Interp1dOptions { AssumeSorted = true }));
        Throws("x", "at least 4", () => _ = new Interp1d([0.0, 1.0, 2.0], [1.0, 2.0, 3.0], new Interp1dOptions { Kind = InterpolationKind.Cubic }));
        Throws("y", "lengths must match", () => _ = new Interp1d(Knots, [1.0, 2.0]));
        Throws("options", "BoundsError", () => _ = new Interp1d(Knots, Values, new Interp1dOptions { FillValue = FillValue.Extrapolate, BoundsError = true }));
    }

    [Fact]
    public void KnotTensors_GiveTheSameInterpolantsAsArrays()
    {
        var xt = Tensor.FromArray(Knots);
        var y = Tensor.FromArray(Values);
        double[] q = [0.4, 2.2, 4.0];
        Assert.Equal(new Interp1d(Knots, y).Evaluate(q).ToArray(), new Interp1d(xt, y).Evaluate(q).ToArray());
        Assert.Equal(new CubicSpline(Knots, y).Evaluate(q).ToArray(), new CubicSpline(xt, y).Evaluate(q).ToArray());
        Assert.Equal(new PchipInterpolator(Knots, y).Evaluate(q).ToArray(), new PchipInterpolator(xt, y).Evaluate(q).ToArray());
        Assert.Equal(new Akima1DInterpolator(Knots, y).Evaluate(q).ToArray(), new Akima1DInterpolator(xt, y).Evaluate(q).ToArray());
    }

    [Fact]
    public void Interp1d_UnsortedKnots_AreSortedAsScipyDoes()
    {
        var sorted = new Interp1d(Knots, Values, new Interp1dOptions { Kind = InterpolationKind.Quadratic });
        var shuffled = new Interp1d([3.0, 0.0, 4.5, 1.0, 2.5], [-1.0, 1.0, 0.0, 2.0, 0.5], new Interp1dOptions { Kind = InterpolationKind.Quadratic });
        Assert.Equal(sorted.Evaluate([0.3, 1.7, 4.1]).ToArray(), shuffled.Evaluate([0.3, 1.7, 4.1]).ToArray());
    }

    [Fact]
    public void Interp1d_QueryOutOfBounds_ThrowsByDefaultAndNamesTheQuery()
    {
        var f = new Interp1d(Knots, Values);
        var below = Assert.Throws<ArgumentOutOfRangeException>(() => f.Evaluate([0.5, -0.1]));
        Assert.Equal("x", below.ParamName);
        Assert.Contains("below the interpolation range", below.Message, StringComparison.Ordinal);
        var above = Assert.Throws<ArgumentOutOfRangeException>(() => f.Evaluate([4.6]));
        Assert.Contains("above the interpolation range", above.Message, StringComparison.Ordinal);

        // With a fill value and bounds errors off, the same queries are answered.
        var g = new Interp1d(Knots, Values, new Interp1dOptions { FillValue = FillValue.Pair(-9, 9), BoundsError = false });
        Assert.Equal([1.5, -9.0, 9.0], g.Evaluate([0.5, -0.1, 4.6]).ToArray());

        // A fill value without BoundsError = false still throws, as scipy's bounds_error=None does.
        var h = new Interp1d(Knots, Values, new Interp1dOptions { FillValue = FillValue.Constant(0) });
        Assert.Throws<ArgumentOutOfRangeException>(() => h.Evaluate([5.0]));
    }

    [Fact]
    public void PchipAndAkima_RejectBadKnots()
    {
        Throws("x", "strictly increasing", () => _ = new PchipInterpolator([0.0, 2.0, 1.0], [1.0, 2.0, 3.0]));
        Throws("y", "lengths must match", () => _ = new PchipInterpolator([0.0, 1.0, 2.0], [1.0, 2.0]));
        Throws("x", "at least 3", () => _ = new Akima1DInterpolator([0.0, 1.0], [1.0, 2.0]));
        Throws("x", "finite", () => _ = new Akima1DInterpolator([0.0, double.PositiveInfinity, 2.0], [1.0, 2.0, 3.0]));
    }

    [Fact]
    public void PiecewisePolynomial_FromCoefficients_ChecksShape()
    {
        Throws("coefficients", "shape", () => PiecewisePolynomial.FromCoefficients([0.0, 1.0, 2.0], Tensor.Zeros(new Shape(4, 3))));
        var p = PiecewisePolynomial.FromCoefficients([0.0, 1.0, 2.0], Tensor.FromArray([1.0, -1.0, 0.0, 1.0], new Shape(2, 2)));

        // Piece 0: t; piece 1: -(t - 1) + 1.
        Assert.Equal([0.5, 1.0, 0.5], p.Evaluate([0.5, 1.0, 1.5]).ToArray());
        Assert.Equal([1.0, -1.0], p.Derivative().Evaluate([0.5, 1.5]).ToArray());
        Assert.Equal(1.0, p.Antiderivative().Evaluate([2.0]).Item(), 15);
    }
}
