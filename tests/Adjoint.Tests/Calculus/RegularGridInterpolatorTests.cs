using Adjoint.Autodiff;
using Adjoint.Calculus;
using Adjoint.Tensors;

namespace Adjoint.Tests.Calculus;

/// <summary>Derivatives of the grid interpolator with respect to the values and the query points, and its failure paths.</summary>
public class RegularGridInterpolatorTests
{
    private static readonly double[] Gx = [0.0, 0.7, 1.5, 2.0, 3.1, 4.0];
    private static readonly double[] Gy = [-1.0, -0.2, 0.5, 1.0, 1.8, 2.5, 3.0];

    private static Tensor GridValues()
    {
        var v = new double[Gx.Length * Gy.Length];
        for (int i = 0; i < Gx.Length; i++)
        {
            for (int j = 0; j < Gy.Length; j++)
            {
                v[(i * Gy.Length) + j] = (Math.Sin(Gx[i]) * Math.Cos(0.8 * Gy[j])) + (0.1 * Gx[i] * Gy[j]);
            }
        }

        return Tensor.FromArray(v, new Shape(Gx.Length, Gy.Length));
    }

    /// <summary>Queries inside cells (off the grid lines), plus two outside for extrapolation.</summary>
    private static Tensor Queries => Tensor.FromArray([0.31, -0.55, 1.23, 0.77, 2.64, 2.21, 3.52, 1.37, 1.81, -0.61, -0.4, 0.2, 4.3, 2.8], new Shape(7, 2));

    private static void AssertPasses(GradCheckResult r) => Assert.True(r.Passed, r.Message);

    [Theory]
    [InlineData(GridInterpolationMethod.Linear)]
    [InlineData(GridInterpolationMethod.Nearest)]
    [InlineData(GridInterpolationMethod.Slinear)]
    [InlineData(GridInterpolationMethod.Cubic)]
    [InlineData(GridInterpolationMethod.Quintic)]
    public void Gradients_WithRespectToValues_Orders1And2(GridInterpolationMethod method)
    {
        var options = new RegularGridInterpolatorOptions { Method = method, BoundsError = false, FillValue = null };
        var q = Queries;
        AssertPasses(GradCheck.Check(v => new RegularGridInterpolator([Gx, Gy], v, options).Evaluate(q), GridValues(), order: 2));
    }

    [Theory]
    [InlineData(GridInterpolationMethod.Linear)]
    [InlineData(GridInterpolationMethod.Slinear)]
    [InlineData(GridInterpolationMethod.Cubic)]
    [InlineData(GridInterpolationMethod.Quintic)]
    public void Gradients_WithRespectToQueries_Orders1And2(GridInterpolationMethod method)
    {
        var f = new RegularGridInterpolator([Gx, Gy], GridValues(), new RegularGridInterpolatorOptions { Method = method, BoundsError = false, FillValue = null });
        AssertPasses(GradCheck.Check(f.Evaluate, Queries, order: 2));
    }

    [Fact]
    public void Cubic_IsExactForBicubicPolynomials_AndFloat32Agrees()
    {
        // A not-a-knot cubic spline reproduces cubics, so the tensor product reproduces x^3 - 2 x y^2 + y.
        var v = new double[Gx.Length * Gy.Length];
        for (int i = 0; i < Gx.Length; i++)
        {
            for (int j = 0; j < Gy.Length; j++)
            {
                v[(i * Gy.Length) + j] = Math.Pow(Gx[i], 3) - (2 * Gx[i] * Gy[j] * Gy[j]) + Gy[j];
            }
        }

        var options = new RegularGridInterpolatorOptions { Method = GridInterpolationMethod.Cubic };
        var f = new RegularGridInterpolator([Gx, Gy], Tensor.FromArray(v, new Shape(Gx.Length, Gy.Length)), options);
        var q = Queries[0..5];
        var got = f.Evaluate(q).ToArray();
        var qa = q.ToArray();
        for (int k = 0; k < got.Length; k++)
        {
            double x = qa[2 * k], y = qa[(2 * k) + 1];
            Assert.Equal(Math.Pow(x, 3) - (2 * x * y * y) + y, got[k], 1e-11);
        }

        var f32 = new RegularGridInterpolator([Gx, Gy], Tensor.FromArray(v.Select(e => (float)e).ToArray(), new Shape(Gx.Length, Gy.Length)), options);
        var r32 = f32.Evaluate(q.To(DType.Float32));
        Assert.Equal(DType.Float32, r32.DType);
        Tests.Tensors.TensorAssert.Close(got, r32.ToArray(), rtol: 1e-5, atol: 1e-4, what: "float32");
    }

    [Fact]
    public void BadInput_ThrowsNamingTheArgument()
    {
        var v = GridValues();
        var e1 = Assert.ThrowsAny<ArgumentException>(() => new RegularGridInterpolator([[0.0, 1.0, 0.5, 2, 3, 4], Gy], v));
        Assert.Equal("points", e1.ParamName);
        Assert.Contains("strictly increasing", e1.Message, StringComparison.Ordinal);
        var e2 = Assert.ThrowsAny<ArgumentException>(() => new RegularGridInterpolator([Gx, Gy[..5]], v));
        Assert.Equal("values", e2.ParamName);
        var e3 = Assert.ThrowsAny<ArgumentException>(() => new RegularGridInterpolator([Gx, [0.0, 1, 2]], Tensor.Zeros(new Shape(6, 3)), new RegularGridInterpolatorOptions { Method = GridInterpolationMethod.Cubic }));
        Assert.Contains("at least 4", e3.Message, StringComparison.Ordinal);
        var f = new RegularGridInterpolator([Gx, Gy], v);
        var e4 = Assert.Throws<ArgumentOutOfRangeException>(() => f.Evaluate(new double[,] { { 1.0, 0.0 }, { 4.5, 0.0 } }));
        Assert.Equal("points", e4.ParamName);
        Assert.Contains("dimension 0", e4.Message, StringComparison.Ordinal);
        var e5 = Assert.ThrowsAny<ArgumentException>(() => f.Evaluate(Tensor.Zeros(new Shape(4, 3))));
        Assert.Equal("points", e5.ParamName);
    }

    [Fact]
    public void NanQuery_GivesNanOrThrowsWithBoundsError()
    {
        var strict = new RegularGridInterpolator([Gx, Gy], GridValues());
        Assert.Throws<ArgumentOutOfRangeException>(() => strict.Evaluate(new double[,] { { 1.0, double.NaN } }));
        var f = new RegularGridInterpolator([Gx, Gy], GridValues(), new RegularGridInterpolatorOptions { Method = GridInterpolationMethod.Cubic, BoundsError = false });
        var r = f.Evaluate(new double[,] { { 1.0, double.NaN }, { 1.0, 0.0 } }).ToArray();
        Assert.True(double.IsNaN(r[0]));
        Assert.True(double.IsFinite(r[1]));
    }
}
