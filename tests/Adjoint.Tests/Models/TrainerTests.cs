using Adjoint.Models;
using Adjoint.Optimize;
using Adjoint.Optimize.Methods;
using Adjoint.Optimize.Methods.LBfgsB;
using Adjoint.Tensors;

namespace Adjoint.Tests.Models;

public class TrainerTests
{
    private static (Tensor X, Tensor Y) Data(int n, int seed, double slope)
    {
        var x = Tensor.RandomUniform([n, 2], seed, -1, 1);
        var noise = Tensor.RandomNormal([n, 1], seed + 1, 0, 0.01);
        return (x, (slope * x[.., 0..1]) - (0.5 * x[.., 1..2]) + 0.3 + noise);
    }

    private static Sequential Net(int seed, double dropout = 0) => new(
        new Dense(2, 8, ActivationFunction.Tanh, seed: seed),
        new Dropout(dropout, seed: seed),
        new Dense(8, 1, seed: seed + 1));

    private sealed class Collect<T> : IProgress<T>
    {
        public List<T> Items { get; } = [];

        public void Report(T value) => Items.Add(value);
    }

    [Fact]
    public void FullBatch_HistoryHasOneRecordPerIteration()
    {
        var (x, y) = Data(100, 1, 2);
        var (vx, vy) = Data(50, 2, 2);
        var model = Net(3);
        var progress = new Collect<EpochRecord>();
        var h = Trainer.Fit(model, Losses.MeanSquaredError, x, y, new FitOptions { Method = new LBfgsBOptions { MaxIterations = 30 }, ValidationX = vx, ValidationY = vy },
            new FitControl { Progress = progress });
        Assert.True(h.FullBatch);
        Assert.Equal(h.Result.Nit, h.Records.Count);
        Assert.Equal(h.Records, progress.Items);
        Assert.Equal(Enumerable.Range(1, h.Records.Count), h.Records.Select(r => r.Epoch));
        for (int i = 1; i < h.Records.Count; i++)
        {
            Assert.True(h.Records[i].Loss <= h.Records[i - 1].Loss);
            Assert.True(h.Records[i].FunctionEvaluations > h.Records[i - 1].FunctionEvaluations);
        }

        Assert.True(h.Records[^1].Loss < 0.01 * h.InitialLoss, $"{h.InitialLoss} -> {h.Records[^1].Loss}");
        Assert.All(h.ValidationLoss, v => Assert.True(double.IsFinite(v)));
        Assert.Equal(Trainer.Evaluate(model, Losses.MeanSquaredError, vx, vy), h.Records[^1].ValidationLoss, 12);
        Assert.Equal(h.Result.X, model.GetParameterValues().Flatten());
    }

    [Fact]
    public void MiniBatch_IsReproducibleBySeed_AndReportsPerEpoch()
    {
        var (x, y) = Data(100, 1, 2);
        TrainingHistory Run(int seed, out double[] weights)
        {
            var model = Net(3, dropout: 0.2);
            var h = Trainer.Fit(model, Losses.MeanSquaredError, x, y, new FitOptions { BatchSize = 16, Epochs = 4, Seed = seed, Method = new AdamOptions { LearningRate = 0.01 } });
            Assert.False(model.Training);
            weights = model.GetParameterValues().Flatten();
            return h;
        }

        var a = Run(5, out var wa);
        var b = Run(5, out var wb);
        var c = Run(6, out var wc);
        Assert.Equal(wa, wb);
        Assert.Equal(a.Loss, b.Loss);
        Assert.NotEqual(wa, wc);
        Assert.False(a.FullBatch);
        Assert.Equal(4, a.Records.Count);
        Assert.Equal([0, 1, 2, 3], a.Records.Select(r => r.Epoch));
        Assert.Equal([7, 14, 21, 28], a.Records.Select(r => r.Iterations)); // ceil(100 / 16) = 7 updates per epoch
        Assert.Equal(28, a.Result.Nit);
        Assert.True(a.Loss[^1] < a.Loss[0], string.Join(", ", a.Loss));
        Assert.All(a.ValidationLoss, v => Assert.True(double.IsNaN(v)));
    }

    [Fact]
    public void MiniBatch_EpochLoss_IsTheWeightedMeanOfBatchLossesBeforeEachUpdate()
    {
        var (x, y) = Data(10, 1, 2);
        var model = new Sequential(new Dense(2, 1, seed: 1));
        var before = model.GetParameterValues();
        // One epoch, batches of 4, 4, 2, no shuffle: the first batch loss is evaluated at the starting weights.
        var h = Trainer.Fit(model, Losses.MeanSquaredError, x, y, new FitOptions { BatchSize = 4, Epochs = 1, Shuffle = false, Method = new GradientDescentOptions { LearningRate = 1e-9 } });
        var probe = new Sequential(new Dense(2, 1, seed: 1));
        probe.SetParameterValues(before);
        double expected = ((4 * Trainer.Evaluate(probe, Losses.MeanSquaredError, x[0..4], y[0..4]))
            + (4 * Trainer.Evaluate(probe, Losses.MeanSquaredError, x[4..8], y[4..8]))
            + (2 * Trainer.Evaluate(probe, Losses.MeanSquaredError, x[8..10], y[8..10]))) / 10;
        Assert.Equal(expected, h.Loss[0], 6);
        Assert.Equal(3, h.Result.Nit);
    }

    [Fact]
    public void EarlyStopping_RestoresBestWeights()
    {
        // Train towards slope +2 while validating against slope -2: the validation loss grows after the first epoch.
        var (x, y) = Data(64, 1, 2);
        var (vx, vy) = Data(64, 2, -2);
        FitOptions Options(int epochs, EarlyStopping? es) => new()
        {
            BatchSize = 16,
            Epochs = epochs,
            Seed = 9,
            Method = new AdamOptions { LearningRate = 0.02 },
            ValidationX = vx,
            ValidationY = vy,
            EarlyStopping = es,
        };

        var restored = Net(3);
        var h = Trainer.Fit(restored, Losses.MeanSquaredError, x, y, Options(20, new EarlyStopping { Patience = 2, RestoreBestWeights = true }));
        Assert.Equal(0, h.BestEpoch);
        Assert.Equal(2, h.StoppedEpoch);
        Assert.True(h.RestoredBestWeights);
        Assert.Equal(3, h.Records.Count);
        Assert.True(h.ValidationLoss[1] > h.ValidationLoss[0] && h.ValidationLoss[2] > h.ValidationLoss[0], string.Join(", ", h.ValidationLoss));
        Assert.Equal(TerminationReason.CallbackStopped, h.Result.Status);

        var oneEpoch = Net(3);
        Trainer.Fit(oneEpoch, Losses.MeanSquaredError, x, y, Options(1, null));
        Assert.Equal(oneEpoch.GetParameterValues().Flatten(), restored.GetParameterValues().Flatten());
        Assert.Equal(h.ValidationLoss[0], Trainer.Evaluate(restored, Losses.MeanSquaredError, vx, vy), 12);

        // Without restoring, the model keeps the weights of the epoch that stopped training.
        var kept = Net(3);
        var k = Trainer.Fit(kept, Losses.MeanSquaredError, x, y, Options(20, new EarlyStopping { Patience = 2 }));
        Assert.False(k.RestoredBestWeights);
        var threeEpochs = Net(3);
        Trainer.Fit(threeEpochs, Losses.MeanSquaredError, x, y, Options(3, null));
        Assert.Equal(threeEpochs.GetParameterValues().Flatten(), kept.GetParameterValues().Flatten());
    }

    [Fact]
    public void EarlyStopping_MinDeltaAndBaseline_FollowKeras()
    {
        var (x, y) = Data(64, 1, 2);
        var options = new FitOptions { BatchSize = 16, Epochs = 30, Seed = 1, Method = new AdamOptions { LearningRate = 0.01 } };
        // A min_delta larger than any decrease: no epoch after the first improves, so training stops at epoch = patience.
        var h = Trainer.Fit(Net(3), Losses.MeanSquaredError, x, y, options with { EarlyStopping = new EarlyStopping { Monitor = EarlyStoppingMonitor.Loss, MinDelta = 1e6, Patience = 3 } });
        Assert.Equal(0, h.BestEpoch);
        Assert.Equal(3, h.StoppedEpoch);
        // An unreachable baseline: improvements never reset the wait count but (as in Keras) never stop training either;
        // the first epoch that fails to improve once the wait count has reached patience stops it.
        var b = Trainer.Fit(Net(3), Losses.MeanSquaredError, x, y, options with { EarlyStopping = new EarlyStopping { Monitor = EarlyStoppingMonitor.Loss, Baseline = -1, Patience = 4 } });
        var loss = b.Loss;
        int expected = Enumerable.Range(1, loss.Length - 1).First(e => e + 1 >= 4 && loss[e] >= loss[..e].Min());
        Assert.Equal(expected, b.StoppedEpoch);
        Assert.Equal(expected + 1, loss.Length);
        Assert.Equal(Array.IndexOf(loss, loss.Min()), b.BestEpoch);
        Assert.Throws<ArgumentException>(() => Trainer.Fit(Net(3), Losses.MeanSquaredError, x, y, options with { EarlyStopping = new EarlyStopping() }));
    }

    [Fact]
    public void Callback_CanStopTraining_AndVerboseWritesKerasLines()
    {
        var (x, y) = Data(64, 1, 2);
        var writer = new StringWriter();
        var h = Trainer.Fit(Net(3), Losses.MeanSquaredError, x, y, new FitOptions { BatchSize = 32, Epochs = 10, Verbose = true },
            new FitControl { Output = writer, Callback = r => r.Epoch == 1 ? CallbackResult.Stop : CallbackResult.Continue });
        Assert.Equal(2, h.Records.Count);
        string text = writer.ToString();
        Assert.Contains("Epoch 1/10 - loss: ", text, StringComparison.Ordinal);
        Assert.Contains("Epoch 2/10 - loss: ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Epoch 3/10", text, StringComparison.Ordinal);
    }

    [Fact]
    public void WarmStart_AdamThenLBfgsB_ContinuesFromTheSameWeights()
    {
        var (x, y) = Data(200, 1, 2);
        var model = Net(3);
        var adam = Trainer.Fit(model, Losses.MeanSquaredError, x, y, new FitOptions { BatchSize = 32, Epochs = 3, Method = new AdamOptions { LearningRate = 0.01 } });
        double afterAdam = Trainer.Evaluate(model, Losses.MeanSquaredError, x, y);
        var full = Trainer.Fit(model, Losses.MeanSquaredError, x, y, new FitOptions { Method = new LBfgsBOptions { MaxIterations = 200 } });
        Assert.Equal(afterAdam, full.InitialLoss, 10);
        Assert.True(full.Records[^1].Loss < 1e-2 * afterAdam, $"{afterAdam} -> {full.Records[^1].Loss}");
        Assert.True(adam.Records.Count == 3);
    }

    [Fact]
    public void PredictAndEvaluate_UseEvaluationMode()
    {
        var (x, y) = Data(20, 1, 2);
        var model = Net(3, dropout: 0.5);
        var p = Trainer.Predict(model, x);
        Assert.Equal(model.Forward(x).ToArray(), p.ToArray());
        Assert.Equal(p.ToArray(), Trainer.Predict(model, x, batchSize: 7).ToArray());
        Assert.Equal(Losses.MeanSquaredError(p, y).Item(), Trainer.Evaluate(model, Losses.MeanSquaredError, x, y));
    }

    [Fact]
    public void MiniBatch_RejectsMethodsThatNeedOneObjective()
    {
        var (x, y) = Data(20, 1, 2);
        var e = Assert.Throws<ArgumentException>(() => Trainer.Fit(Net(3), Losses.MeanSquaredError, x, y, new FitOptions { BatchSize = 4, Method = new BfgsOptions() }));
        Assert.Contains("first-order", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KerasOpt_WithTrainer_OneAdamEpochFarOff_CgFullBatchExact()
    {
        var (x, y) = ModelObjectiveTests.LinearSystem();
        var adam = new Sequential(new Dense(4, 1, useBias: false, seed: 3, dtype: DType.Float32));
        var h = Trainer.Fit(adam, Losses.MeanSquaredError, x, y, new FitOptions { BatchSize = 32, Epochs = 1 });
        Assert.Equal(1, h.Result.Nit);
        Assert.True(Trainer.Evaluate(adam, Losses.MeanSquaredError, x, y) > 1);
        var cg = new Sequential(new Dense(4, 1, useBias: false, seed: 3, dtype: DType.Float32));
        Trainer.Fit(cg, Losses.MeanSquaredError, x, y, new FitOptions { Method = new ConjugateGradientOptions() });
        Assert.Equal(new double[] { 1, 2, 3, 4 }, cg.GetParameterValues()["dense/kernel"].ToArray(), new Tolerance(1e-4));
    }
}

public class ModuleTrainingExtensionsTests
{
    [Fact]
    public void FitPredictEvaluate_OnTheModel_MatchTheTrainer()
    {
        var (x, y) = ModelObjectiveTests.Regression();
        var model = new Sequential(new Dense(2, 1, seed: 1));
        var h = model.Fit(Losses.MeanSquaredError, x, y);
        Assert.True(h.Result.Success, h.Result.Message);
        Assert.Equal(Trainer.Predict(model, x).ToArray(), model.Predict(x).ToArray());
        Assert.True(model.Evaluate(Losses.MeanSquaredError, x, y) < 1e-10);
    }
}
