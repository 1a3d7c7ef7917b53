using Adjoint.Autodiff;
using Adjoint.Models;
using Adjoint.Optimize;
using Adjoint.Optimize.Methods;
using Adjoint.Optimize.Methods.LBfgsB;
using Adjoint.Tensors;

namespace Adjoint.Tests.Models;

public class ChunkedObjectiveTests
{
    private static (Sequential Model, Tensor X, Tensor Y) Problem(DType dtype)
    {
        var model = new Sequential(new Dense(3, 16, ActivationFunction.Tanh, seed: 1, dtype: dtype), new LayerNorm(16, dtype: dtype), new Dense(16, 1, seed: 2, dtype: dtype));
        var x = Tensor.RandomNormal([103, 3], 5, dtype: dtype);
        var y = Tensor.Sin(x[.., 0..1]) + (0.3 * x[.., 1..2]);
        return (model, x, y);
    }

    [Theory]
    [InlineData(DType.Float64, 1e-13)]
    [InlineData(DType.Float32, 2e-5)]
    public void ChunkedValueAndGradient_EqualOneTape(DType dtype, double tolerance)
    {
        var (model, x, y) = Problem(dtype);
        var options = new ModelObjectiveOptions { Regularization = p => Losses.L2(p.Values, 1e-3) };
        var whole = ModelObjective.Create(model, Losses.MeanSquaredError, x, y, options);
        var chunked = ModelObjective.Create(model, Losses.MeanSquaredError, x, y, options with { ChunkSize = 10 });
        Assert.Equal(11, chunked.ChunkCount);
        var (v1, g1) = whole.ValueAndGradient();
        var (v2, g2) = chunked.ValueAndGradient();
        Assert.Equal(v1, v2, tolerance * Math.Abs(v1));
        Assert.Equal(v1, chunked.Value(), tolerance * Math.Abs(v1));
        double scale = g1.Flatten().Max(Math.Abs);
        Assert.Equal(g1.Flatten(), g2.Flatten(), new Tolerance(tolerance * scale));
        Assert.Equal(dtype, g2.Values.First().DType);
    }

    [Fact]
    public void Chunked_IsDeterministic()
    {
        var (model, x, y) = Problem(DType.Float32);
        var chunked = ModelObjective.Create(model, Losses.MeanSquaredError, x, y, new ModelObjectiveOptions { ChunkSize = 7 });
        var (v1, g1) = chunked.ValueAndGradient();
        var (v2, g2) = chunked.ValueAndGradient();
        Assert.Equal(BitConverter.DoubleToInt64Bits(v1), BitConverter.DoubleToInt64Bits(v2));
        Assert.Equal(g1.Flatten(), g2.Flatten());
    }

    [Fact]
    public void ChunkedHessianVectorProduct_EqualsOneTape_AndNewtonCgRuns()
    {
        var (model, x, y) = Problem(DType.Float64);
        var whole = ModelObjective.Create(model, Losses.MeanSquaredError, x, y);
        var chunked = ModelObjective.Create(model, Losses.MeanSquaredError, x, y, new ModelObjectiveOptions { ChunkSize = 25 });
        var start = whole.Start();
        var p = start.Flatten();
        var v = Tensor.RandomNormal([p.Length], 3).ToArray();
        var flat = Tensor.FromArray(p);
        var expected = Grad.Hvp(t => whole.Evaluate(ModuleTests.Split(start, t)), flat, Tensor.FromArray(v)).ToArray();
        var actual = chunked.Objective.HessianVectorProduct!(p, v);
        Assert.Equal(expected, actual, new Tolerance(1e-12 * expected.Max(Math.Abs)));

        var r = chunked.Minimize(new NewtonCgOptions { MaxIterations = 30 });
        Assert.True(r.Fun < 0.2 * whole.Value() + 1e-3 || r.Fun < 1e-3, r.ToString());
    }

    [Fact]
    public void ChunkedTraining_MatchesOneTapeTraining()
    {
        var (m1, x, y) = Problem(DType.Float64);
        var (m2, _, _) = Problem(DType.Float64);
        var r1 = ModelObjective.Create(m1, Losses.MeanSquaredError, x, y).Minimize(new LBfgsBOptions { MaxIterations = 20 });
        var r2 = ModelObjective.Create(m2, Losses.MeanSquaredError, x, y, new ModelObjectiveOptions { ChunkSize = 16 }).Minimize(new LBfgsBOptions { MaxIterations = 20 });
        Assert.Equal(r1.Nit, r2.Nit);
        Assert.Equal(r1.Fun, r2.Fun, 1e-9 * r1.Fun);
        Assert.Equal(r1.X, r2.X, new Tolerance(1e-6));
    }

    [Fact]
    public void SumReduction_AddsChunkLosses()
    {
        var (model, x, y) = Problem(DType.Float64);
        static Tensor HalfSse(Tensor p, Tensor t) => 0.5 * (p - t).Square().Sum();
        var whole = ModelObjective.Create(model, HalfSse, x, y, new ModelObjectiveOptions { Reduction = LossReduction.Sum });
        var chunked = ModelObjective.Create(model, HalfSse, x, y, new ModelObjectiveOptions { Reduction = LossReduction.Sum, ChunkSize = 20 });
        Assert.Equal(whole.Value(), chunked.Value(), 1e-12 * whole.Value());
        Assert.Equal(whole.ValueAndGradient().Gradient.Flatten(), chunked.ValueAndGradient().Gradient.Flatten(), new Tolerance(1e-10));
    }
}
