using System.Diagnostics;
using Adjoint.Autodiff;
using Adjoint.Optimize;
using Adjoint.Optimize.Methods;
using Adjoint.Optimize.Methods.LBfgsB;
using Adjoint.Tensors;

namespace Adjoint.Models;

/// <summary>Trains, evaluates and runs models: Keras' <c>fit</c>, <c>evaluate</c> and <c>predict</c> on <see cref="Minimizer"/>.</summary>
/// <remarks>
/// <para>Full batch: the model's loss over all the data is one <see cref="ModelObjective"/>, minimized by any method;
/// the history has one record per iteration. Mini-batch: one <see cref="Minimizer"/> run of a first-order method whose
/// objective switches to the next batch after every update, so the method's state (Adam's moments) carries across
/// batches and epochs; the history has one record per epoch. In both, the weights the run ends with (or the best ones,
/// when early stopping restores them) are written into the model. Training again continues from the model's current
/// weights: Adam on mini-batches, then L-BFGS-B full batch, is two calls.</para>
/// <para>Mini-batch runs are reproducible: the permutations come from <see cref="FitOptions.Seed"/>, dropout masks
/// from the layers' seeds, and every evaluation is single-threaded in a fixed order. <see cref="Module.Training"/> is
/// true only while a mini-batch is evaluated; validation and the final check see the deterministic model. A
/// mini-batch run never stops on the gradient of one batch (gtol is 0 and the final check is off): it ends after
/// <see cref="FitOptions.Epochs"/> epochs, by early stopping, by the callback or by cancellation.</para>
/// </remarks>
/// <example><code>
/// var history = Trainer.Fit(model, Losses.MeanSquaredError, x, y,
///     new FitOptions { BatchSize = 32, Epochs = 20, ValidationX = xv, ValidationY = yv,
///                      EarlyStopping = new EarlyStopping { Patience = 3, RestoreBestWeights = true } });
/// Trainer.Fit(model, Losses.MeanSquaredError, x, y, new FitOptions { Method = new LBfgsBOptions() });   // warm start
/// </code></example>
public static class Trainer
{
    /// <summary>Trains <paramref name="model"/> on (x, y) and writes the trained weights into it.</summary>
    /// <param name="model">The model; training starts at its current weights.</param>
    /// <param name="loss">The loss of (prediction, target), a mean over samples (see <see cref="Losses"/>).</param>
    /// <param name="x">Inputs; axis 0 indexes samples.</param>
    /// <param name="y">Targets; axis 0 indexes samples.</param>
    /// <param name="options">Method, batching, validation, early stopping; null: full-batch L-BFGS-B.</param>
    /// <param name="control">Callback, progress, output and cancellation, or null.</param>
    /// <exception cref="ArgumentException">Mismatched data, validation data missing for a monitor that needs it, or a
    /// method other than a first-order one for mini-batches.</exception>
    public static TrainingHistory Fit(Module model, Func<Tensor, Tensor, Tensor> loss, Tensor x, Tensor y, FitOptions? options = null, FitControl? control = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(loss);
        options ??= new FitOptions();
        control ??= FitControl.Default;
        if ((options.ValidationX is null) != (options.ValidationY is null))
        {
            throw new ArgumentException("Give both ValidationX and ValidationY, or neither.", nameof(options));
        }

        if (options.EarlyStopping is { Monitor: EarlyStoppingMonitor.ValidationLoss } && options.ValidationX is null)
        {
            throw new ArgumentException("Early stopping monitors the validation loss, but no validation data was given; set ValidationX and ValidationY or monitor Loss.", nameof(options));
        }

        var objective = ModelObjective.Create(model, loss, x, y, options.Objective);
        var validation = options.ValidationX is { } vx ? ModelObjective.Create(model, loss, vx, options.ValidationY!) : null;
        return options.BatchSize is null
            ? FullBatch(objective, validation, options, control)
            : MiniBatch(objective, validation, options, control);
    }

    /// <summary>The model's output for <paramref name="x"/> in evaluation mode (dropout off), without recording.</summary>
    /// <param name="model">The model.</param>
    /// <param name="x">Inputs.</param>
    /// <param name="batchSize">Evaluate this many samples at a time (outputs concatenated), or null for all at once.</param>
    public static Tensor Predict(Module model, Tensor x, int? batchSize = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(x);
        bool training = model.Training;
        model.Training = false;
        try
        {
            using var noGrad = Grad.NoGrad();
            using var precision = EvaluationPrecision.Begin(model.DType);
            if (batchSize is not { } size || size >= x.Shape[0])
            {
                return model.Call(x).Detach();
            }

            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
            var parts = new List<Tensor>();
            for (int start = 0; start < x.Shape[0]; start += size)
            {
                parts.Add(model.Call(x[start..Math.Min(x.Shape[0], start + size)]));
            }

            return Tensor.Concat(parts).Detach();
        }
        finally
        {
            model.Training = training;
        }
    }

    /// <summary>The loss of the model's predictions on (x, y) in evaluation mode (Keras <c>evaluate</c>), without regularization.</summary>
    public static double Evaluate(Module model, Func<Tensor, Tensor, Tensor> loss, Tensor x, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(loss);
        var prediction = Predict(model, x);
        using var precision = EvaluationPrecision.Begin(prediction.DType);
        return loss(prediction, y).Item();
    }

    private static TrainingHistory FullBatch(ModelObjective objective, ModelObjective? validation, FitOptions options, FitControl control)
    {
        var model = objective.Model;
        var start = objective.Start();
        var records = new List<EpochRecord>();
        var stopping = options.EarlyStopping is { } es ? new EarlyStoppingState(es) : null;
        var output = options.Verbose ? control.Output ?? Console.Out : null;
        var method = options.Method ?? new LBfgsBOptions();
        double initial = double.NaN;
        var minimizeControl = new MinimizeControl
        {
            CancellationToken = control.CancellationToken,
            Callback = info =>
            {
                if (info.Iteration == 0)
                {
                    initial = info.Fun;
                    return CallbackResult.Continue;
                }

                var weights = start.Unflatten(info.X);
                double validationLoss = validation is null ? double.NaN : ValidationLoss(validation, weights);
                var record = new EpochRecord(info.Iteration, info.Fun, validationLoss, info.GradientNorm, info.Iteration,
                    info.FunctionEvaluations, info.GradientEvaluations, info.Elapsed);
                return Observe(record, records, stopping, info.X, control, output, "Iteration", method.MaxIterations);
            },
        };
        var result = Minimizer.Minimize(objective.Objective, start, method, options.Bounds, minimizeControl);
        return Finish(model, start, result, records, stopping, initial, fullBatch: true);
    }

    private static TrainingHistory MiniBatch(ModelObjective objective, ModelObjective? validation, FitOptions options, FitControl control)
    {
        var method = options.Method ?? new AdamOptions();
        if (method is not (AdamOptions or RmsPropOptions or GradientDescentOptions))
        {
            throw new ArgumentException($"Mini-batch training needs a first-order method (Adam, RMSProp, GradientDescent); {method.MethodName} assumes one deterministic objective. Train it full batch (BatchSize = null).", nameof(options));
        }

        if (options.Bounds is not null)
        {
            throw new ArgumentException("Bounds need full-batch training with a method that honours them (L-BFGS-B, TNC, ...).", nameof(options));
        }

        var model = objective.Model;
        var start = objective.Start();
        var batches = new BatchSource(objective.X, objective.Y, options.BatchSize!.Value, options.Shuffle, options.Seed);
        int perEpoch = batches.BatchesPerEpoch;
        var regularization = options.Objective?.Regularization;
        var loss = objective.Loss;
        var (bx, by) = batches.Get(0);
        Tensor Function(Variables v)
        {
            model.Training = true;
            try
            {
                Tensor value;
                using (model.Bind(v))
                {
                    value = loss(model.Call(bx), by);
                }

                return regularization is null ? value : value.Reshape(Shape.Scalar) + regularization(v).Reshape(Shape.Scalar);
            }
            finally
            {
                model.Training = false;
            }
        }

        var records = new List<EpochRecord>();
        var stopping = options.EarlyStopping is { } es ? new EarlyStoppingState(es) : null;
        var output = options.Verbose ? control.Output ?? Console.Out : null;
        double initial = double.NaN, weightedSum = 0;
        var clock = Stopwatch.StartNew();
        var minimizeControl = new MinimizeControl
        {
            CancellationToken = control.CancellationToken,
            Callback = info =>
            {
                int k = info.Iteration;
                if (k == 0)
                {
                    initial = info.Fun;
                }

                var result = CallbackResult.Continue;
                if (k > 0 && k % perEpoch == 0)
                {
                    int epoch = (k / perEpoch) - 1;
                    var weights = start.Unflatten(info.X);
                    double validationLoss = validation is null ? double.NaN : ValidationLoss(validation, weights);
                    var record = new EpochRecord(epoch, weightedSum / batches.SampleCount, validationLoss, info.GradientNorm, k,
                        info.FunctionEvaluations, info.GradientEvaluations, clock.Elapsed);
                    weightedSum = 0;
                    result = Observe(record, records, stopping, info.X, control, output, "Epoch", options.Epochs);
                }

                if (k < perEpoch * options.Epochs)
                {
                    // info.Fun is the loss of batch k at the weights before the update it drives.
                    weightedSum += info.Fun * batches.SizeOf(k);
                }

                (bx, by) = batches.Get(k + 1);
                return result;
            },
        };
        var settings = method with { MaxIterations = perEpoch * options.Epochs, GradientTolerance = 0, VerifySolution = false, MaxFunctionEvaluations = null };
        var run = Minimizer.Minimize(Optimize.Objective.Create(Function), start, settings, null, minimizeControl);
        return Finish(model, start, run, records, stopping, initial, fullBatch: false);
    }

    private static CallbackResult Observe(EpochRecord record, List<EpochRecord> records, EarlyStoppingState? stopping, double[] x,
        FitControl control, TextWriter? output, string label, int? total)
    {
        records.Add(record);
        output?.WriteLine(record.ProgressLine(label, total));
        control.Progress?.Report(record);
        var answer = control.Callback?.Invoke(record) ?? CallbackResult.Continue;
        if (stopping is not null)
        {
            var settings = stopping;
            double monitored = settings.MonitorsLoss ? record.Loss : record.ValidationLoss;
            if (settings.Update(record.Epoch, monitored, x))
            {
                output?.WriteLine($"{label} {record.Epoch + (label == "Epoch" ? 1 : 0)}: early stopping");
                return CallbackResult.Stop;
            }
        }

        return answer;
    }

    private static TrainingHistory Finish(Module model, Variables start, MinimizeResult result, List<EpochRecord> records,
        EarlyStoppingState? stopping, double initial, bool fullBatch)
    {
        bool restore = stopping is { StoppedEpoch: not null, BestWeights: not null };
        model.SetParameterValues(restore ? start.Unflatten(stopping!.BestWeights!) : result.Variables);
        return new TrainingHistory
        {
            Records = records,
            InitialLoss = initial,
            Result = result,
            FullBatch = fullBatch,
            StoppedEpoch = stopping?.StoppedEpoch,
            BestEpoch = stopping?.BestEpoch,
            RestoredBestWeights = restore,
        };
    }

    private static double ValidationLoss(ModelObjective validation, Variables weights)
    {
        using var noGrad = Grad.NoGrad();
        using var scope = TensorScope.Begin();
        using var precision = EvaluationPrecision.Begin(weights.Values.First().DType);
        return validation.DataLoss(weights, validation.X, validation.Y).Item();
    }
}
