using Adjoint.Models;
using Adjoint.Optimize.Methods;
using Adjoint.Optimize.Methods.LBfgsB;
using Adjoint.Tensors;
using Xunit.Abstractions;

namespace Adjoint.Tests.Models;

public class MatrixFactorizationTests(ITestOutputHelper output)
{
    private const double Noise = 0.1;

    /// <summary>A rank-r matrix with N(0, 1) entries, observed at a seeded random fraction of positions with N(0, noise²) noise, split into training and held-out entries.</summary>
    private static (Tensor TrainX, Tensor TrainY, Tensor TestX, Tensor TestY) Problem(int m, int n, int rank, double fraction, int seed)
    {
        var u = Tensor.RandomNormal([m, rank], seed, 0, 1 / Math.Sqrt(Math.Sqrt(rank))).ToArray();
        var v = Tensor.RandomNormal([n, rank], seed + 1, 0, 1 / Math.Sqrt(Math.Sqrt(rank))).ToArray();
        var random = new Random(seed + 2);
        var train = new List<(int, int, double)>();
        var test = new List<(int, int, double)>();
        var gauss = Tensor.RandomNormal([(int)(m * n * fraction * 1.3) + 100], seed + 3, 0, Noise).ToArray();
        int g = 0;
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                if (random.NextDouble() >= fraction)
                {
                    continue;
                }

                double value = 0;
                for (int k = 0; k < rank; k++)
                {
                    value += u[(i * rank) + k] * v[(j * rank) + k];
                }

                (random.NextDouble() < 0.9 ? train : test).Add((i, j, value + gauss[g++ % gauss.Length]));
            }
        }

        static (Tensor, Tensor) ToTensors(List<(int I, int J, double Value)> entries) => (
            Tensor.FromArray(entries.SelectMany(e => new double[] { e.I, e.J }).ToArray(), [entries.Count, 2]),
            Tensor.FromArray(entries.Select(e => e.Value).ToArray(), [entries.Count, 1]));
        var (trainX, trainY) = ToTensors(train);
        var (testX, testY) = ToTensors(test);
        return (trainX, trainY, testX, testY);
    }

    private static Tensor HalfSse(Tensor prediction, Tensor target) => 0.5 * (prediction - target).Square().Sum();

    private (double LBfgsB, double Adam, int Evaluations) Compare(int m, int n, int rank, double fraction, int maxIterations)
    {
        var (x, y, tx, ty) = Problem(m, n, rank, fraction, 11);
        var objective = new ModelObjectiveOptions { Reduction = LossReduction.Sum, Regularization = p => Losses.L2(p.Values, 0.01) };
        var full = new MatrixFactorization(m, n, rank, seed: 5);
        var lbfgs = Trainer.Fit(full, HalfSse, x, y, new FitOptions { Method = new LBfgsBOptions { MaxIterations = maxIterations }, Objective = objective });
        int evaluations = lbfgs.Result.Njev;
        double rmseLbfgs = Metrics.RootMeanSquaredError(full.Predict(tx), ty);

        var adamModel = new MatrixFactorization(m, n, rank, seed: 5);
        var adam = Trainer.Fit(adamModel, HalfSse, x, y, new FitOptions { Method = new AdamOptions { LearningRate = 0.01, MaxIterations = evaluations - 1 }, Objective = objective });
        double rmseAdam = Metrics.RootMeanSquaredError(adamModel.Predict(tx), ty);
        output.WriteLine($"{m}x{n} rank {rank}, {fraction:P0} observed ({x.Shape[0]} training, {tx.Shape[0]} held out), noise {Noise}");
        output.WriteLine($"L-BFGS-B: {lbfgs.Result.Nit} iterations, {evaluations} gradient evaluations, held-out RMSE {rmseLbfgs:F4}, {lbfgs.Result.Elapsed.TotalSeconds:F1} s");
        output.WriteLine($"Adam (lr 0.01, full batch): {adam.Result.Njev} gradient evaluations, held-out RMSE {rmseAdam:F4}");
        Assert.True(adam.Result.Njev <= evaluations);
        return (rmseLbfgs, rmseAdam, evaluations);
    }

    [Fact]
    public void Small_LBfgsBReachesTheNoiseLevel_AdamWithTheSameEvaluationsDoesNot()
    {
        var (lbfgs, adam, _) = Compare(200, 200, 5, 0.2, 300);
        Assert.True(lbfgs < 1.5 * Noise, $"L-BFGS-B held-out RMSE {lbfgs}");
        Assert.True(adam > 2 * lbfgs, $"Adam held-out RMSE {adam} vs L-BFGS-B {lbfgs}");
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Large_2000x2000Rank10_LBfgsBReachesTheNoiseLevel()
    {
        var (lbfgs, adam, _) = Compare(2000, 2000, 10, 0.05, 500);
        Assert.True(lbfgs < 1.5 * Noise, $"L-BFGS-B held-out RMSE {lbfgs}");
        Assert.True(adam > 2 * lbfgs, $"Adam held-out RMSE {adam} vs L-BFGS-B {lbfgs}");
    }

    [Fact]
    public void Forward_LooksUpRowAndColumnFactors()
    {
        var model = new MatrixFactorization(3, 4, 2, seed: 1);
        var u = model.U.Table.Value.ToArray();
        var v = model.V.Table.Value.ToArray();
        var p = model.Forward(Tensor.FromArray([2.0, 3, 0, 1], [2, 2])).ToArray();
        Assert.Equal((u[4] * v[6]) + (u[5] * v[7]), p[0], 14);
        Assert.Equal((u[0] * v[2]) + (u[1] * v[3]), p[1], 14);
        Assert.Equal(["u/embeddings", "v/embeddings"], model.NamedParameters().Select(q => q.Key));
    }
}
