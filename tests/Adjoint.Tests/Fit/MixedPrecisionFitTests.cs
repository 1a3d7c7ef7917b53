using Adjoint.Autodiff;
using Adjoint.Fit;
using Adjoint.Tensors;

namespace Adjoint.Tests.Fit;

public class MixedPrecisionFitTests
{
    private static readonly double[] DecayT = [0.0, 1, 2, 3, 4];
    private static readonly double[] DecayY = [2.0, 1.2131, 0.7358, 0.4463, 0.2707];

    [Fact]
    public void Float32LeastSquares_CapturedFloat64Data_NeedsNoCasts()
    {
        var t = Tensor.FromArray(DecayT);
        var y = Tensor.FromArray(DecayY);
        var r = LeastSquares.Solve(p => (p[0] * Tensor.Exp(-p[1] * t)) - y, [1.0, 1.0], new LeastSquaresOptions { Precision = DType.Float32 });
        Assert.True(r.Success, r.Message);
        Assert.Equal(2.0, r.X[0], 2);
        Assert.Equal(0.5, r.X[1], 2);
    }

    [Fact]
    public void Float32LeastSquares_NamedVariables_CapturedFloat64Data_NeedsNoCasts()
    {
        var t = Tensor.FromArray(DecayT);
        var y = Tensor.FromArray(DecayY);
        var x0 = new Variables { ["a"] = Tensor.Scalar(1.0), ["k"] = Tensor.Scalar(1.0) };
        var r = LeastSquares.Solve(v => (v["a"] * Tensor.Exp(-v["k"] * t)) - y, x0, new LeastSquaresOptions { Precision = DType.Float32 });
        Assert.True(r.Success, r.Message);
        Assert.Equal(2.0, r.Variables!["a"].Item(), 2);
    }

    /// <summary>
    /// A small residual function is replayed in float32 as in float64. The replayed Jacobian takes one backward pass per
    /// residual where the tensor route (more residuals than variables) takes forward-mode columns: the same numbers up to
    /// the dtype's rounding, so the runs agree to float64 rounding in float64 and to float32 resolution in float32.
    /// </summary>
    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void LeastSquares_ReplaysInItsPrecision_SameRunAsTensorRoute(DType dtype)
    {
        var t = Tensor.FromArray(DecayT);
        var y = Tensor.FromArray(DecayY);
        Func<Tensor, Tensor> f = p =>
        {
            using var precision = EvaluationPrecision.Begin(p.DType);
            return (p[0] * Tensor.Exp(-p[1] * t)) - y;
        };
        using var model = new TensorResidualModel(f, 2, DecayT.Length, dtype);
        model.Prepare([1.0, 1.0]);
        Assert.True(model.Replayed);

        var options = new LeastSquaresOptions { Precision = dtype };
        var replayed = LeastSquares.Solve(f, [1.0, 1.0], options);
        var tensorRoute = LeastSquares.Solve(f, [1.0, 1.0], options with { Replay = false });
        Assert.True(replayed.Success, replayed.Message);
        Assert.Equal(tensorRoute.Status, replayed.Status);
        double tolerance = dtype == DType.Float32 ? 1e-6 : 1e-12;
        for (int j = 0; j < 2; j++)
        {
            Assert.Equal(tensorRoute.X[j], replayed.X[j], tolerance * Math.Abs(tensorRoute.X[j]));
        }
    }

    [Fact]
    public void Float32CurveFit_Float64Data_FitsWithoutCasts_AndIsCloseToFloat64()
    {
        var d = Nist.NistCatalog.Get("Misra1a");
        Tensor Model(Tensor x, Tensor b) => b[0] * (1 - Tensor.Exp(-b[1] * x));
        var f64 = CurveFit.Fit(Model, d.X, Tensor.FromArray(d.Y), d.Start1);
        var f32 = CurveFit.Fit(Model, d.X, Tensor.FromArray(d.Y), d.Start1, new CurveFitOptions { Precision = DType.Float32 });
        Assert.True(f64.Success, f64.Message);
        Assert.True(f32.Success, f32.Message);
        for (int j = 0; j < 2; j++)
        {
            // float32 predictions carry relative rounding ~6e-8, and the certified parameters are resolved to a few
            // parts in 1e5 of their standard errors' scale by it.
            Assert.Equal(f64.Parameters[j], f32.Parameters[j], Math.Abs(f64.Parameters[j]) * 1e-3);
            Assert.Equal(f64.StandardErrors[j], f32.StandardErrors[j], f64.StandardErrors[j] * 1e-2);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Float32CurveFit_ReplayedEqualsTensorRoute(bool replay)
    {
        var x = Tensor.FromArray(DecayT);
        var w = Enumerable.Repeat(1.0, DecayT.Length).ToArray();
        Tensor Model(Tensor t, Tensor p) => p[0] * Tensor.Exp(-p[1] * t);
        using var model = new CurveFitModel(Model, x, DecayY, w, 2, replay, DType.Float32);
        model.Prepare([1.0, 1.0]);
        Assert.True(model.Pointwise);
        Assert.Equal(replay, model.Replayed);

        var options = new CurveFitOptions { Precision = DType.Float32 };
        var a = CurveFit.Fit(Model, DecayT, DecayY, [1.0, 1.0], options with { Replay = replay });
        var b = CurveFit.Fit(Model, DecayT, DecayY, [1.0, 1.0], options with { Replay = !replay });
        Assert.True(a.Success, a.Message);
        Assert.Equal(a.Parameters, b.Parameters);
        Assert.Equal(a.Nfev, b.Nfev);
    }

    [Fact]
    public void Float32CurveFit_ModelReturningFloat64_NamesThePrecision()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            CurveFit.Fit((t, p) => Tensor.FromArray(DecayY), DecayT, DecayY, [1.0], new CurveFitOptions { Precision = DType.Float32 }));
        Assert.Contains("Float32", e.Message);
    }
}
