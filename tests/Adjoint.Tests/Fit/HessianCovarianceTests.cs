using Adjoint.Autodiff;
using Adjoint.Fit;
using Adjoint.Optimize;
using Adjoint.Tensors;

namespace Adjoint.Tests.Fit;

public class HessianCovarianceTests
{
    private static readonly Tensor T = Tensor.Linspace(0, 5, 30);
    private static readonly Tensor Y = (2.0 + (0.7 * T)) + Tensor.RandomNormal([30], seed: 11, std: 0.1);

    private static Tensor HalfSse(Tensor p) => 0.5 * (p[0] + (p[1] * T) - Y).Square().Sum();

    [Fact]
    public void AtMinimum_LinearLeastSquares_MatchesCurveFitCovariance()
    {
        var fit = CurveFit.Fit((t, p) => p[0] + (p[1] * t), T, Y, p0: [0.0, 0.0]);
        var min = Minimizer.Minimize(HalfSse, Tensor.FromArray([0.0, 0.0]));
        Assert.True(min.Success, min.Message);
        double s2 = 2 * min.Fun / (30 - 2);
        var cov = HessianCovariance.AtMinimum(HalfSse, min, scale: s2);
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(fit.StandardErrors[i], cov.StandardErrors[i], 1e-6 * fit.StandardErrors[i]);
            for (int j = 0; j < 2; j++)
            {
                Assert.Equal(fit.Covariance[i, j], cov.Matrix[i, j], 1e-6 * Math.Abs(fit.Covariance[0, 0]));
            }
        }

        Assert.Null(cov.Warning);
    }

    [Fact]
    public void FromHessian_DiagonalHessian_InvertsExactly()
    {
        var cov = HessianCovariance.FromHessian(new double[,] { { 4, 0 }, { 0, 0.25 } }, scale: 2);
        Assert.Equal(0.5, cov.Matrix[0, 0], 12);
        Assert.Equal(8.0, cov.Matrix[1, 1], 12);
        Assert.Equal(Math.Sqrt(8.0), cov.StandardErrors[1], 12);
    }

    [Fact]
    public void AtMinimum_ParameterTheObjectiveIgnores_HasInfiniteVarianceAndWarning()
    {
        var cov = HessianCovariance.AtMinimum(p => (p[0] - 1).Square() * 3.0 + (0.0 * p[1]), Tensor.FromArray([1.0, 5.0]));
        Assert.True(double.IsPositiveInfinity(cov.StandardErrors[1]));
        Assert.Equal(1.0 / 6.0, cov.Matrix[0, 0], 12);
        Assert.NotNull(cov.Warning);
        Assert.Contains("x[1]", cov.Warning, StringComparison.Ordinal);
    }

    [Fact]
    public void FromHessian_SaddlePoint_SaysItIsNotAMinimum()
    {
        var cov = HessianCovariance.FromHessian(new double[,] { { 1, 0 }, { 0, -1 } });
        Assert.NotNull(cov.Warning);
        Assert.Contains("not a minimum", cov.Warning, StringComparison.Ordinal);
    }

    [Fact]
    public void AtMinimum_NamedVariables_FlattensInNameOrder()
    {
        var vars = new Variables { ["a"] = Tensor.FromArray([0.5]), ["b"] = Tensor.FromArray([1.0, 2.0]) };
        var cov = HessianCovariance.AtMinimum(v => (2.0 * v["a"].Square().Sum()) + v["b"].Square().Sum() + (v["b"][0] * v["b"][1]), vars);
        // H = diag(4) (+) [[2, 1], [1, 2]]; its inverse: 1/4 and [[2, -1], [-1, 2]] / 3.
        Assert.Equal(0.25, cov.Matrix[0, 0], 12);
        Assert.Equal(2.0 / 3.0, cov.Matrix[1, 1], 12);
        Assert.Equal(-1.0 / 3.0, cov.Matrix[1, 2], 12);
    }

    [Fact]
    public void FromHessian_BadInput_Throws()
    {
        Assert.Throws<ArgumentException>(() => HessianCovariance.FromHessian(new double[2, 3]));
        Assert.Throws<ArgumentException>(() => HessianCovariance.FromHessian(new double[,] { { double.NaN } }));
        Assert.Throws<ArgumentOutOfRangeException>(() => HessianCovariance.FromHessian(new double[,] { { 1 } }, scale: 0));
    }
}
