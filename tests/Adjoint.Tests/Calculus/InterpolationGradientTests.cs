using Adjoint.Autodiff;
using Adjoint.Calculus;
using Adjoint.Tensors;

namespace Adjoint.Tests.Calculus;

/// <summary>
/// Derivatives of the interpolants with respect to the query points and to the y values, checked against finite
/// differences at orders 1 and 2 (queries kept away from knots, where the piecewise kinds have kinks), and the
/// derivative with respect to a query compared with the spline's own Derivative().
/// </summary>
public class InterpolationGradientTests
{
    private static readonly double[] Knots = [0.3, 1.1, 1.9, 3.2, 4.0, 5.5, 6.1, 7.7, 9.6];

    /// <summary>Queries strictly inside pieces of every interpolant here (not at knots or midpoints).</summary>
    private static readonly double[] Queries = [0.55, 1.43, 2.71, 3.63, 4.87, 5.83, 6.94, 8.35, 9.21];

    private static readonly double[] Values = [.. Knots.Select(x => Math.Sin(x) + (0.3 * x))];

    private static Tensor Y => Tensor.FromArray(Values);

    private static Tensor Q => Tensor.FromArray(Queries);

    private static void AssertPasses(GradCheckResult r) => Assert.True(r.Passed, r.Message);

    public static TheoryData<InterpolationKind> Kinds => new()
    {
        InterpolationKind.Linear, InterpolationKind.Nearest, InterpolationKind.Previous, InterpolationKind.Next,
        InterpolationKind.Slinear, InterpolationKind.Quadratic, InterpolationKind.Cubic,
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Interp1d_GradientWithRespectToY_Orders1And2(InterpolationKind kind)
    {
        var options = new Interp1dOptions { Kind = kind, FillValue = FillValue.Extrapolate };

        // scipy's 'previous' has no value below the data and 'next' none above (NaN there).
        double[] outside = kind switch
        {
            InterpolationKind.Previous => [10.3],
            InterpolationKind.Next => [-0.4],
            _ => [-0.4, 10.3],
        };
        var q = Tensor.FromArray([.. Queries, .. outside]);
        AssertPasses(GradCheck.Check(y => new Interp1d(Knots, y, options).Evaluate(q), Y, order: 2));
    }

    [Theory]
    [InlineData(InterpolationKind.Linear)]
    [InlineData(InterpolationKind.Slinear)]
    [InlineData(InterpolationKind.Quadratic)]
    [InlineData(InterpolationKind.Cubic)]
    public void Interp1d_GradientWithRespectToQueries_Orders1And2(InterpolationKind kind)
    {
        var f = new Interp1d(Knots, Y, new Interp1dOptions { Kind = kind, FillValue = FillValue.Extrapolate });
        AssertPasses(GradCheck.Check(f.Evaluate, Tensor.FromArray([.. Queries, -0.4, 10.3]), order: 2));
    }

    [Fact]
    public void Interp1d_StepKinds_HaveZeroGradientWithRespectToQueries()
    {
        foreach (var kind in new[] { InterpolationKind.Nearest, InterpolationKind.Previous, InterpolationKind.Next })
        {
            var f = new Interp1d(Knots, Y, new Interp1dOptions { Kind = kind });
            var g = Grad.Gradient(q => f.Evaluate(q).Sum(), Q).ToArray();
            Assert.All(g, v => Assert.Equal(0.0, v));
        }
    }

    [Fact]
    public void Interp1d_VectorValuedY_GradientsWithRespectToYAndFillRows()
    {
        // y of shape (2, n) along the last axis; 'previous' with extrapolation takes the last row above the range.
        var y2 = Tensor.FromArray([.. Values, .. Values.Select(v => v * v)], new Shape(2, Knots.Length));
        var q = Tensor.FromArray([.. Queries, 11.0]);
        foreach (var kind in new[] { InterpolationKind.Cubic, InterpolationKind.Previous })
        {
            var options = new Interp1dOptions { Kind = kind, FillValue = FillValue.Extrapolate };
            AssertPasses(GradCheck.Check(y => new Interp1d(Knots, y, options).Evaluate(q), y2, order: 2));
        }
    }

    public static TheoryData<string> Boundaries => ["not-a-knot", "natural", "clamped", "first", "second", "periodic"];

    private static CubicSplineOptions SplineOptions(string bc) => bc switch
    {
        "not-a-knot" => new CubicSplineOptions(),
        "natural" => CubicSplineOptions.WithBoundary(SplineBoundary.Natural),
        "clamped" => CubicSplineOptions.WithBoundary(SplineBoundary.Clamped),
        "first" => new CubicSplineOptions { Start = SplineBoundary.FixedDerivative(1, 1.5), End = SplineBoundary.FixedDerivative(1, -0.5) },
        "second" => new CubicSplineOptions { Start = SplineBoundary.FixedDerivative(2, 0.7), End = SplineBoundary.NotAKnot },
        _ => CubicSplineOptions.WithBoundary(SplineBoundary.Periodic),
    };

    private static Tensor SplineData(string bc) => bc == "periodic"
        ? Tensor.FromArray([.. Knots.Select((x, i) => i == Knots.Length - 1 ? 0.0 : Math.Sin(2 * Math.PI * (x - Knots[0]) / (Knots[^1] - Knots[0])))])
        : Y;

    [Theory]
    [MemberData(nameof(Boundaries))]
    public void CubicSpline_GradientsWithRespectToYAndQueries_Orders1And2(string bc)
    {
        var options = SplineOptions(bc);

        // Outside the data, and for the periodic spline not wrapped onto a knot.
        var q = Tensor.FromArray([.. Queries, -0.77, 10.47]);
        var y0 = SplineData(bc);
        if (bc != "periodic")
        {
            // A periodic spline needs y[0] = y[^1], which a finite-difference step would break.
            AssertPasses(GradCheck.Check(y => new CubicSpline(Knots, y, options).Evaluate(q), y0, order: 2));
            AssertPasses(GradCheck.Check(y => new CubicSpline(Knots, y, options).Derivative(2).Evaluate(q), y0, order: 2));
            AssertPasses(GradCheck.Check(y => new CubicSpline(Knots, y, options).Antiderivative(2).Evaluate(q), y0, order: 2));
        }

        var s = new CubicSpline(Knots, y0, options);
        AssertPasses(GradCheck.Check(s.Evaluate, q, order: 2));

        // Inside the data only: the antiderivative of a periodic spline is NaN outside, as in scipy.
        AssertPasses(GradCheck.Check(s.Antiderivative().Evaluate, Q, order: 2));
    }

    [Fact]
    public void CubicSpline_Periodic_GradientWithRespectToInteriorValues()
    {
        // Differentiate through the interior values, with the ends tied together.
        var interior = Tensor.FromArray(SplineData("periodic").ToArray()[1..^1]);
        var ends = Tensor.FromArray([0.25]);
        var options = CubicSplineOptions.WithBoundary(SplineBoundary.Periodic);
        var q = Tensor.FromArray([.. Queries, -3.1, 12.9]);
        AssertPasses(GradCheck.Check(v => new CubicSpline(Knots, Tensor.Concat([ends, v, ends]), options).Evaluate(q), interior, order: 2));
    }

    [Theory]
    [MemberData(nameof(Boundaries))]
    public void CubicSpline_QueryGradient_EqualsDerivativeSpline(string bc)
    {
        var s = new CubicSpline(Knots, SplineData(bc), SplineOptions(bc));
        var q = Tensor.FromArray([.. Queries, -0.7, 10.4]);
        var g = Grad.Gradient(x => s.Evaluate(x).Sum(), q).ToArray();
        var d = s.Derivative().Evaluate(q).ToArray();
        for (int i = 0; i < g.Length; i++)
        {
            Assert.Equal(d[i], g[i], 1e-12 * Math.Max(1, Math.Abs(d[i])));
        }
    }

    [Fact]
    public void Integrate_GradientWithRespectToY_Orders1And2()
    {
        AssertPasses(GradCheck.Check(y => new CubicSpline(Knots, y).Integrate(1.0, 8.0), Y, order: 2));
        AssertPasses(GradCheck.Check(y => new PchipInterpolator(Knots, y).Integrate(-1.0, 12.0), Y, order: 2));
        var s = new CubicSpline(Knots, Y);
        Assert.Equal(s.Antiderivative().Evaluate([Knots[^1]]).Item(), s.Integrate(Knots[0], Knots[^1]).Item(), 1e-13);
    }

    [Fact]
    public void CubicSpline_VectorValuedAlongAxis1_GradientWithRespectToY()
    {
        var y2 = Tensor.FromArray([.. Values, .. Values.Select(Math.Cos)], new Shape(2, Knots.Length));
        var options = new CubicSplineOptions { Axis = 1, Start = SplineBoundary.Natural, End = SplineBoundary.FixedDerivative(1, 0.3) };
        var q = Tensor.FromArray(Queries, new Shape(3, 3));
        var value = new CubicSpline(Knots, y2, options).Evaluate(q);
        Assert.Equal(new Shape(2, 3, 3), value.Shape);
        AssertPasses(GradCheck.Check(y => new CubicSpline(Knots, y, options).Evaluate(q), y2, order: 2));
    }

    [Fact]
    public void Pchip_GradientsWithRespectToYAndQueries_Orders1And2()
    {
        var q = Tensor.FromArray([.. Queries, -0.5, 10.1]);
        AssertPasses(GradCheck.Check(y => new PchipInterpolator(Knots, y).Evaluate(q), Y, order: 2));
        AssertPasses(GradCheck.Check(new PchipInterpolator(Knots, Y).Evaluate, q, order: 2));

        // Data whose slopes take the zero branch at a flat step and a sign change.
        var steps = Tensor.FromArray([0.0, 0.1, 0.5, 2.0, 2.1, 2.4, 1.0, -0.5, 3.0]);
        AssertPasses(GradCheck.Check(y => new PchipInterpolator(Knots, y).Evaluate(q), steps, order: 2));
    }

    [Fact]
    public void Akima_GradientsWithRespectToYAndQueries_Orders1And2()
    {
        AssertPasses(GradCheck.Check(y => new Akima1DInterpolator(Knots, y).Evaluate(Q), Y, order: 2));
        AssertPasses(GradCheck.Check(new Akima1DInterpolator(Knots, Y).Evaluate, Q, order: 2));
        var q = Tensor.FromArray([-0.5, 10.1]);
        var extended = new Akima1DInterpolator(Knots, Y, extrapolation: Extrapolation.Extend);
        AssertPasses(GradCheck.Check(extended.Evaluate, q, order: 2));
    }

    [Fact]
    public void Float32_ValuesAndGradients_AgreeWithFloat64()
    {
        var y32 = Tensor.FromArray(Values.Select(v => (float)v).ToArray());
        var q32 = Tensor.FromArray(Queries.Select(v => (float)v).ToArray());
        var interpolants = new (PiecewisePolynomial F32, PiecewisePolynomial F64)[]
        {
            (new CubicSpline(Knots, y32), new CubicSpline(Knots, Y)),
            (new PchipInterpolator(Knots, y32), new PchipInterpolator(Knots, Y)),
            (new Akima1DInterpolator(Knots, y32), new Akima1DInterpolator(Knots, Y)),
        };
        foreach (var (f32, f64) in interpolants)
        {
            var v32 = f32.Evaluate(q32);
            Assert.Equal(DType.Float32, v32.DType);
            Tests.Tensors.TensorAssert.Close(f64.Evaluate(Q).ToArray(), v32.ToArray(), rtol: 2e-5, atol: 2e-5, what: f32.GetType().Name);
            var g32 = Grad.Gradient(x => f32.Evaluate(x).Sum(), q32);
            Assert.Equal(DType.Float32, g32.DType);
            Tests.Tensors.TensorAssert.Close(Grad.Gradient(x => f64.Evaluate(x).Sum(), Q).ToArray(), g32.ToArray(), rtol: 1e-4, atol: 1e-4, what: f32.GetType().Name);
        }

        var i32 = new Interp1d(Knots, y32, new Interp1dOptions { Kind = InterpolationKind.Quadratic });
        var i64 = new Interp1d(Knots, Y, new Interp1dOptions { Kind = InterpolationKind.Quadratic });
        Assert.Equal(DType.Float32, i32.Evaluate(q32).DType);
        Tests.Tensors.TensorAssert.Close(i64.Evaluate(Q).ToArray(), i32.Evaluate(q32).ToArray(), rtol: 2e-5, atol: 2e-5, what: "interp1d");
    }
}
