using Adjoint.Tensors;

namespace Adjoint.Models;

/// <summary>Keras-style calls on a model: <c>model.Fit(...)</c>, <c>model.Predict(x)</c>, <c>model.Evaluate(...)</c> (see <see cref="Trainer"/>).</summary>
public static class ModuleTrainingExtensions
{
    /// <summary>Trains the model on (x, y); see <see cref="Trainer.Fit"/>.</summary>
    public static TrainingHistory Fit(this Module model, Func<Tensor, Tensor, Tensor> loss, Tensor x, Tensor y, FitOptions? options = null, FitControl? control = null) =>
        Trainer.Fit(model, loss, x, y, options, control);

    /// <summary>The model's output in evaluation mode; see <see cref="Trainer.Predict"/>.</summary>
    public static Tensor Predict(this Module model, Tensor x, int? batchSize = null) => Trainer.Predict(model, x, batchSize);

    /// <summary>The loss on (x, y) in evaluation mode; see <see cref="Trainer.Evaluate"/>.</summary>
    public static double Evaluate(this Module model, Func<Tensor, Tensor, Tensor> loss, Tensor x, Tensor y) => Trainer.Evaluate(model, loss, x, y);
}
