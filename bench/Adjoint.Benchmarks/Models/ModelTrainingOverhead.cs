using System.Diagnostics;
using System.Globalization;
using Adjoint.Autodiff;
using Adjoint.Models;
using Adjoint.Optimize;
using Adjoint.Optimize.Methods.LBfgsB;
using Adjoint.Tensors;

namespace Adjoint.Benchmarks.Models;

/// <summary>
/// The full-batch MLP of the peer runner (10,000 x 32 -> 64 -> 64 -> 1, tanh, float32, MSE): time per loss and
/// gradient through a Sequential model objective against the same network written by hand over named variables,
/// and 200 L-BFGS-B iterations both ways. The difference is the models layer's overhead per iteration.
/// </summary>
public static class ModelTrainingOverhead
{
    /// <summary>Runs the comparison and prints one line per measurement.</summary>
    /// <param name="args">Optional: the number of value-and-gradient repetitions (default 30).</param>
    public static void Run(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        int repeats = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 30;
        var x = Tensor.RandomNormal([10_000, 32], 0, dtype: DType.Float32);
        var w = Tensor.RandomNormal([32, 1], 1, dtype: DType.Float32);
        var y = (Tensor.Tanh(x.MatMul(w)) + (0.1 * Tensor.RandomNormal([10_000, 1], 2, dtype: DType.Float32))).Detach();
        Sequential Model() => new(
            new Dense(32, 64, ActivationFunction.Tanh, seed: 1, dtype: DType.Float32),
            new Dense(64, 64, ActivationFunction.Tanh, seed: 2, dtype: DType.Float32),
            new Dense(64, 1, seed: 3, dtype: DType.Float32));
        Tensor Hand(Variables p)
        {
            var h = Tensor.Tanh(x.MatMul(p["dense/kernel"]) + p["dense/bias"]);
            h = Tensor.Tanh(h.MatMul(p["dense_1/kernel"]) + p["dense_1/bias"]);
            return (h.MatMul(p["dense_2/kernel"]) + p["dense_2/bias"] - y).Square().Mean();
        }

        var model = Model();
        var objective = ModelObjective.Create(model, Losses.MeanSquaredError, x, y);
        var start = objective.Start();
        double handSeconds = Median(repeats, () => Grad.ValueAndGrad(Hand, start));
        double modelSeconds = Median(repeats, () => objective.ValueAndGradient());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"mlp value+grad float32: hand-written {handSeconds * 1e3:F2} ms, model objective {modelSeconds * 1e3:F2} ms, overhead {100 * ((modelSeconds / handSeconds) - 1):F1}%"));

        var options = new LBfgsBOptions { MaxIterations = 200, FunctionTolerance = 0, GradientTolerance = 0, VerifySolution = false };
        var clock = Stopwatch.StartNew();
        var handRun = Minimizer.Minimize(Hand, start, options);
        double handWall = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var fit = Trainer.Fit(Model(), Losses.MeanSquaredError, x, y, new FitOptions { Method = options });
        double fitWall = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"mlp L-BFGS-B 200 float32: hand-written nit {handRun.Nit} nfev {handRun.Nfev} f {handRun.Fun:G6} {handWall:F2} s ({handWall / handRun.Nfev * 1e3:F2} ms/eval); Trainer.Fit nit {fit.Result.Nit} nfev {fit.Result.Nfev} f {fit.Result.Fun:G6} {fitWall:F2} s ({fitWall / fit.Result.Nfev * 1e3:F2} ms/eval); overhead per evaluation {100 * ((fitWall / fit.Result.Nfev) / (handWall / handRun.Nfev) - 1):F1}%"));
    }

    private static double Median(int repeats, Action action)
    {
        action();
        var times = new double[repeats];
        for (int i = 0; i < repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            action();
            times[i] = clock.Elapsed.TotalSeconds;
        }

        Array.Sort(times);
        return times[repeats / 2];
    }
}
