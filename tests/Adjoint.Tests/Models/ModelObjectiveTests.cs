using Adjoint.Models;
using Adjoint.Optimize;
using Adjoint.Optimize.Constraints;
using Adjoint.Optimize.Methods;
using Adjoint.Optimize.Methods.LBfgsB;
using Adjoint.Tensors;

namespace Adjoint.Tests.Models;

public class ModelObjectiveTests
{
    /// <summary>keras-opt's demo: y = X·[1, 2, 3, 4] with X uniform 10 x 4 (seeded).</summary>
    internal static (Tensor X, Tensor Y) LinearSystem()
    {
        var x = Tensor.RandomUniform([10, 4], 42, dtype: DType.Float32);
        var y = x.MatMul(Tensor.FromArray([1f, 2f, 3f, 4f], [4, 1]));
        return (x, y);
    }

    /// <summary>autograd-minimize's Keras regression: X uniform 200 x 2 (seeded), y = 2·x0 + 0.4·x1 − 1.</summary>
    internal static (Tensor X, Tensor Y) Regression()
    {
        var x = Tensor.RandomUniform([200, 2], 7);
        var y = (2 * x[.., 0..1]) + (0.4 * x[.., 1..2]) - 1;
        return (x, y);
    }

    [Fact]
    public void KerasOpt_OneAdamEpochStaysFar_FullBatchCgRecoversWeights()
    {
        var (x, y) = LinearSystem();
        var sgd = new Sequential(new Dense(4, 1, useBias: false, seed: 3, dtype: DType.Float32));
        // Keras' fit with batch_size 32 on 10 samples: one epoch is one Adam step (lr 1e-3).
        ModelObjective.Create(sgd, Losses.MeanSquaredError, x, y).Minimize(new AdamOptions { MaxIterations = 1 });
        var far = sgd.GetParameterValues()["dense/kernel"].ToArray();
        Assert.True(far.Zip(new[] { 1.0, 2, 3, 4 }).Max(p => Math.Abs(p.First - p.Second)) > 1, string.Join(", ", far));

        var model = new Sequential(new Dense(4, 1, useBias: false, seed: 3, dtype: DType.Float32));
        var r = ModelObjective.Create(model, Losses.MeanSquaredError, x, y).Minimize(new ConjugateGradientOptions());
        Assert.Equal("CG", r.Method);
        Assert.True(r.Success, r.Message);
        var kernel = model.GetParameterValues()["dense/kernel"];
        Assert.Equal(DType.Float32, kernel.DType);
        Assert.Equal(new double[] { 1, 2, 3, 4 }, kernel.ToArray(), new Tolerance(1e-4));
    }

    [Fact]
    public void KerasBfgsPerceptron_Float32Autodiff_LossFallsToOne()
    {
        var x = Tensor.FromArray(new float[,] { { -1, 2, -3, -1 }, { 3, 2, -1, -4 } });
        var y = Tensor.FromArray(new float[,] { { 2 }, { -1 } });
        var model = new Sequential(new Dense(4, 1, ActivationFunction.Sigmoid, dtype: DType.Float32));
        model.SetParameterValues(new Adjoint.Autodiff.Variables
        {
            ["dense/kernel"] = Tensor.FromArray([1.0, 2, 3, 4], [4, 1]),
            ["dense/bias"] = Tensor.FromArray([1.0]),
        });
        var objective = ModelObjective.Create(model, Losses.MeanSquaredError, x, y);
        Assert.Equal(2.49977, objective.Value(), 4);  // the question's starting loss
        var r = objective.Minimize(new BfgsOptions());
        Assert.Equal("BFGS", r.Method);
        Assert.True(r.Nit > 0, r.ToString());
        // The infimum is 1 (sigmoid outputs 1 and 0 against targets 2 and -1); the answer's eps fix reached 1.0027.
        double final = objective.Value();
        Assert.InRange(final, 1.0, 1.003);
        Assert.Equal(final, r.Fun, 5);
    }

    [Fact]
    public void AutogradMinimizeKerasRegression_LBfgsB_RecoversCoefficients()
    {
        var (x, y) = Regression();
        var model = new Sequential(new Dense(2, 1, seed: 1));
        var r = ModelObjective.Create(model, Losses.MeanSquaredError, x, y).Minimize(new LBfgsBOptions());
        Assert.Equal("L-BFGS-B", r.Method);
        Assert.True(r.Success, r.Message);
        var p = model.GetParameterValues();
        Assert.Equal(-1.0, p["dense/bias"].Item(), 5);
        Assert.Equal(new[] { 2.0, 0.4 }, p["dense/kernel"].ToArray(), new Tolerance(1e-5));
    }

    [Fact]
    public void Bounds_ByParameterName_AreHonoured()
    {
        var (x, y) = Regression();
        var model = new Sequential(new Dense(2, 1, seed: 1));
        var bounds = new Bounds { ["dense/kernel"] = Bound.Elementwise([double.NegativeInfinity, double.NegativeInfinity], [1.5, double.PositiveInfinity]) };
        var r = ModelObjective.Create(model, Losses.MeanSquaredError, x, y).Minimize(new LBfgsBOptions(), bounds);
        Assert.True(r.Success, r.Message);
        var kernel = model.GetParameterValues()["dense/kernel"].ToArray();
        Assert.Equal(1.5, kernel[0], 12);
    }

    public static TheoryData<string> Methods()
    {
        var data = new TheoryData<string>();
        foreach (var m in MethodRegistry.All)
        {
            data.Add(m.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void EveryMethod_TrainsTheModel_AndWritesTheSolutionBack(string method)
    {
        var (x, y) = Regression();
        var model = new Sequential(new Dense(2, 1, seed: 1), new Dropout(0.5, seed: 1));
        var objective = ModelObjective.Create(model, Losses.MeanSquaredError, x, y);
        double before = objective.Value();
        var options = MethodRegistry.Find(method).DefaultOptions() with { MaxIterations = 3000 };
        if (options is AdamOptions adam)
        {
            options = adam with { LearningRate = 0.05 };
        }
        else if (options is RmsPropOptions rms)
        {
            options = rms with { LearningRate = 0.01 };
        }
        else if (options is GradientDescentOptions gd)
        {
            options = gd with { LearningRate = 0.5 };
        }

        var r = objective.Minimize(options);
        double after = objective.Value();
        Assert.True(after < 1e-3 * before, $"{method}: {before} -> {after}; {r}");
        Assert.Equal(r.Fun, after, 12);
        Assert.Equal(r.X, model.GetParameterValues().Flatten());
        Assert.Equal(2, model.Layers.Count);
    }

    [Fact]
    public void NonTrainableParameters_StayFixed()
    {
        var (x, y) = Regression();
        var model = new Sequential(new Dense(2, 1, seed: 1));
        model.Parameters()[1].Trainable = false; // the bias
        var objective = ModelObjective.Create(model, Losses.MeanSquaredError, x, y);
        Assert.Equal(["dense/kernel"], objective.Start().Names);
        objective.Minimize(new LBfgsBOptions());
        Assert.Equal(0.0, model.GetParameterValues()["dense/bias"].Item());
    }

    [Fact]
    public void Regularization_IsAddedOnce()
    {
        var (x, y) = Regression();
        var model = new Sequential(new Dense(2, 1, seed: 1));
        var plain = ModelObjective.Create(model, Losses.MeanSquaredError, x, y);
        var penalized = ModelObjective.Create(model, Losses.MeanSquaredError, x, y, new ModelObjectiveOptions { Regularization = p => Losses.L2(p.Values, 0.1) });
        double l2 = 0.1 * model.GetParameterValues().Flatten().Sum(v => v * v);
        Assert.Equal(plain.Value() + l2, penalized.Value(), 12);
    }
}
