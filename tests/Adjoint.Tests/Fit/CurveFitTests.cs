using Adjoint.Autodiff;
using Adjoint.Fit;
using Adjoint.Tensors;

namespace Adjoint.Tests.Fit;

public class CurveFitTests
{
    private static readonly double[] TrueParams = [2.0, 0.5];

    private static Tensor Exponential(Tensor x, Tensor p) => p[0] * Tensor.Exp(-p[1] * x);

    /// <summary>y = 2 exp(-0.5 x) + N(0, 0.02) on 100 points, with every 10th point replaced by a gross outlier (+3 to +5).</summary>
    private static (double[] X, double[] Y) OutlierData()
    {
        var rnd = new Random(42);
        var x = Enumerable.Range(0, 100).Select(i => i * 0.1).ToArray();
        var y = x.Select(v => (2 * Math.Exp(-0.5 * v)) + (0.02 * Normal(rnd))).ToArray();
        for (int i = 3; i < 100; i += 10)
        {
            y[i] += 3 + (2 * rnd.NextDouble());
        }

        return (x, y);
    }

    private static double Normal(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    [Theory]
    [InlineData(LossFunction.SoftL1)]
    [InlineData(LossFunction.Huber)]
    [InlineData(LossFunction.Cauchy)]
    [InlineData(LossFunction.Arctan)]
    public void RobustLoss_TenPercentOutliers_RecoversTrueParameters(LossFunction loss)
    {
        var (x, y) = OutlierData();
        var linear = CurveFit.Fit(Exponential, x, y, [1.0, 1.0], new CurveFitOptions { Method = LeastSquaresMethod.Trf });
        var robust = CurveFit.Fit(Exponential, x, y, [1.0, 1.0], new CurveFitOptions { Method = LeastSquaresMethod.Trf, Loss = loss, FScale = 0.05 });
        Assert.True(robust.Success, robust.Message);
        double linErr = Math.Max(Math.Abs(linear.Parameters[0] - 2) / 2, Math.Abs(linear.Parameters[1] - 0.5) / 0.5);
        double robErr = Math.Max(Math.Abs(robust.Parameters[0] - 2) / 2, Math.Abs(robust.Parameters[1] - 0.5) / 0.5);
        Assert.True(linErr > 0.1, $"linear error {linErr}");
        Assert.True(robErr < 0.03, $"{loss}: error {robErr}, parameters {string.Join(", ", robust.Parameters)}");
    }

    [Fact]
    public void NamedParameters_MultiColumnX_MatchPositional()
    {
        var d = Nist.NistCatalog.Get("Nelson");
        var positional = CurveFit.Fit(d.Model, d.X, Tensor.FromArray(d.Y), d.Start2);
        var p0 = new Variables { ["b1"] = Tensor.Scalar(d.Start2[0], DType.Float64), ["b2"] = Tensor.Scalar(d.Start2[1], DType.Float64), ["b3"] = Tensor.Scalar(d.Start2[2], DType.Float64) };
        var named = CurveFit.Fit((x, p) => p["b1"] - (p["b2"] * x[.., 0] * Tensor.Exp(-p["b3"] * x[.., 1])), d.X, Tensor.FromArray(d.Y), p0);
        Assert.Equal(["b1", "b2", "b3"], named.ParameterNames);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(positional.Parameters[i], named.Parameters[i], 1e-8 * Math.Abs(positional.Parameters[i]));
            Assert.Equal(positional.StandardErrors[i], named.StandardErrors[i], 1e-6 * positional.StandardErrors[i]);
        }

        Assert.Equal(named.Parameters[2], named.Variables!["b3"].Item());
    }

    [Fact]
    public void NonPointwiseModel_UsesGeneralJacobian_SameFit()
    {
        // Predictions normalized by their mean: each depends on all points, so the one-pass route must be rejected.
        var x = Enumerable.Range(1, 20).Select(i => (double)i).ToArray();
        var y = x.Select(v => (3 * v / 10.5) + 1).ToArray();
        var fit = CurveFit.Fit((t, p) => (p[0] * t / t.Mean()) + p[1], x, y, [1.0, 0.0]);
        Assert.True(fit.Success);
        Assert.Equal(3.0, fit.Parameters[0], 1e-8);
        Assert.Equal(1.0, fit.Parameters[1], 1e-8);
    }

    [Fact]
    public void JacobianRoute_CoupledPredictionsRejectOnePass_PointwiseModelsKeepIt()
    {
        // Each prediction divides by the last point's p[1] t: with p replicated per point the forward values agree, but
        // the one-pass Jacobian puts every point's dependence on p[1] on the last row, and the check at p0 must notice.
        var x = Enumerable.Range(1, 20).Select(i => (double)i).ToArray();
        Tensor Coupled(Tensor t, Tensor p) => (p[0] * t / (p[1] * t)[19..].Sum()) + p[1];
        var y = x.Select(v => (2 * v / (1.5 * 20)) + 1.5).ToArray();
        var w = Enumerable.Repeat(1.0, x.Length).ToArray();
        var coupled = new CurveFitModel(Coupled, Tensor.FromArray(x), y, w, 2);
        coupled.Prepare([1.0, 1.0]);
        Assert.False(coupled.Pointwise);
        var fit = CurveFit.Fit(Coupled, x, y, [1.0, 1.0]);
        Assert.True(fit.Success);
        Assert.Equal(2.0, fit.Parameters[0], 1e-7);
        Assert.Equal(1.5, fit.Parameters[1], 1e-8);

        var pointwise = new CurveFitModel((t, p) => p[0] * Tensor.Exp(-p[1] * t), Tensor.FromArray(x), y, w, 2);
        pointwise.Prepare([1.0, 0.1]);
        Assert.True(pointwise.Pointwise);
    }

    [Fact]
    public void Sigma_AbsoluteVersusRelative_ScalesCovariance()
    {
        var d = Nist.NistCatalog.Get("Misra1a");
        var sigma = d.Y.Select(_ => 0.5).ToArray();
        var rel = CurveFit.Fit(d.Model, d.X, Tensor.FromArray(d.Y), d.Start2, new CurveFitOptions { Sigma = sigma });
        var abs = CurveFit.Fit(d.Model, d.X, Tensor.FromArray(d.Y), d.Start2, new CurveFitOptions { Sigma = sigma, AbsoluteSigma = true });
        var plain = CurveFit.Fit(d.Model, d.X, Tensor.FromArray(d.Y), d.Start2);
        // Relative sigma: a constant sigma changes nothing. Absolute: covariance = (J^T J / sigma^2)^-1.
        Assert.Equal(plain.StandardErrors[0], rel.StandardErrors[0], 1e-6 * plain.StandardErrors[0]);
        double s = Math.Sqrt(plain.ReducedChiSquare);
        Assert.Equal(plain.StandardErrors[0] / s * 0.5, abs.StandardErrors[0], 1e-6 * abs.StandardErrors[0]);
        Assert.Equal(plain.ChiSquare / 0.25, rel.ChiSquare, 1e-6 * rel.ChiSquare);
        Assert.InRange(plain.RSquared, 0.999, 1.0);
        Assert.Equal(12, plain.DegreesOfFreedom);
    }

    [Fact]
    public void UnidentifiableParameter_InfiniteVarianceAndFlag()
    {
        // p[2] multiplies p[1]: only their product is determined.
        var x = Enumerable.Range(0, 30).Select(i => i * 0.1).ToArray();
        var y = x.Select(v => 1 + (2 * v)).ToArray();
        var fit = CurveFit.Fit((t, p) => p[0] + (p[1] * p[2] * t), x, y, [0.5, 1.0, 1.5]);
        Assert.True(fit.IsRankDeficient);
        Assert.Equal(2, fit.CovarianceEstimate.Rank);
        Assert.False(fit.CovarianceEstimate.Unidentifiable[0]);
        Assert.True(double.IsPositiveInfinity(fit.StandardErrors[1]));
        Assert.True(double.IsPositiveInfinity(fit.StandardErrors[2]));
        Assert.True(double.IsFinite(fit.StandardErrors[0]));
        Assert.Contains("p[1], p[2]", fit.CovarianceWarning, StringComparison.Ordinal);
        Assert.Equal(2.0, fit.Parameters[1] * fit.Parameters[2], 1e-8);
    }

    [Fact]
    public void IllConditioned_WarnsWithConditionNumber()
    {
        // Two nearly collinear basis functions: x and x + 1e-9 x^2.
        var x = Enumerable.Range(1, 40).Select(i => i * 0.05).ToArray();
        var y = x.Select(v => (3 * v) + (1e-9 * v * v)).ToArray();
        var fit = CurveFit.Fit((t, p) => (p[0] * t) + (p[1] * (t + (1e-9 * t * t))), x, y, [1.0, 1.0]);
        Assert.False(fit.IsRankDeficient);
        Assert.True(fit.ConditionNumber > Covariance.ConditionWarningThreshold, $"{fit.ConditionNumber}");
        Assert.NotNull(fit.CovarianceWarning);
        Assert.Contains("condition number", fit.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BadInput_LengthMismatch_NamesBothLengths()
    {
        var e = Assert.Throws<ArgumentException>(() => CurveFit.Fit(Exponential, [1.0, 2, 3], [1.0, 2], [1.0, 1.0]));
        Assert.Contains("3 rows", e.Message, StringComparison.Ordinal);
        Assert.Contains("2 entries", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BadInput_P0TooShort_SaysSo()
    {
        var e = Assert.Throws<ArgumentException>(() => CurveFit.Fit(Exponential, [1.0, 2, 3], [1.0, 2, 3], [1.0]));
        Assert.Contains("p0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BadInput_P0TooLong_ExtraParameterIsUnidentifiable()
    {
        var fit = CurveFit.Fit(Exponential, [1.0, 2, 3, 4], [1.2, 0.7, 0.45, 0.27], [1.0, 1.0, 5.0]);
        Assert.True(fit.CovarianceEstimate.Unidentifiable[2]);
        Assert.Contains("p[2]", fit.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    public void BadInput_NonPositiveSigma_NamesEntry(double bad)
    {
        var e = Assert.Throws<ArgumentException>(() =>
            CurveFit.Fit(Exponential, [1.0, 2, 3], [1.0, 2, 3], [1.0, 1.0], new CurveFitOptions { Sigma = [1.0, bad, 1.0] }));
        Assert.Contains("sigma[1]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BadInput_NaNInData_NamesRow_OrDropsWhenAsked()
    {
        double[] x = [0.0, 1, 2, 3, 4, 5];
        double[] y = [2.0, 1.21, double.NaN, 0.45, 0.27, 0.16];
        var e = Assert.Throws<ArgumentException>(() => CurveFit.Fit(Exponential, x, y, [1.0, 1.0]));
        Assert.Contains("ydata[2]", e.Message, StringComparison.Ordinal);
        var fit = CurveFit.Fit(Exponential, x, y, [1.0, 1.0], new CurveFitOptions { DropNonFiniteRows = true });
        Assert.Equal(5, fit.Observations);
        Assert.Equal(2.0, fit.Parameters[0], 0.05);
    }

    [Fact]
    public void BadInput_ModelWrongShape_NamesBothShapes()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            CurveFit.Fit((t, p) => (p[0] * t).Reshape(3, 1), [1.0, 2, 3], [1.0, 2, 3], [1.0]));
        Assert.Contains("(3, 1)", e.Message, StringComparison.Ordinal);
        Assert.Contains($"expected {new Shape([3])}", e.Message, StringComparison.Ordinal);
    }
}
