using System.Globalization;

namespace Adjoint.Models;

/// <summary>One entry of the training history: an epoch of mini-batch training, or an iteration of full-batch training.</summary>
/// <param name="Epoch">The 0-based epoch (mini-batch) or the 1-based iteration (full batch).</param>
/// <param name="Loss">The training loss: the sample-weighted mean of the epoch's mini-batch losses, each computed before
/// its update (as Keras reports it), or the full objective at the iterate (full batch).</param>
/// <param name="ValidationLoss">The loss on the validation data at the weights after the epoch (without regularization), or NaN without validation data.</param>
/// <param name="GradientNorm">The infinity norm of the last gradient evaluated (of the last mini-batch, or of the full objective).</param>
/// <param name="Iterations">Optimizer iterations (updates) so far.</param>
/// <param name="FunctionEvaluations">Objective evaluations so far.</param>
/// <param name="GradientEvaluations">Gradient evaluations so far.</param>
/// <param name="Elapsed">Time since training started.</param>
public sealed record EpochRecord(
    int Epoch,
    double Loss,
    double ValidationLoss,
    double GradientNorm,
    int Iterations,
    int FunctionEvaluations,
    int GradientEvaluations,
    TimeSpan Elapsed)
{
    /// <summary>A Keras-style progress line: <c>Epoch 3/10 - loss: 1.2346e-01 - val_loss: 1.5e-01 - 12 ms</c>.</summary>
    /// <param name="label">"Epoch" or "Iteration".</param>
    /// <param name="total">The planned number of epochs or iterations, or null.</param>
    public string ProgressLine(string label, int? total)
    {
        ArgumentNullException.ThrowIfNull(label);
        var c = CultureInfo.InvariantCulture;
        int shown = label == "Epoch" ? Epoch + 1 : Epoch;
        string count = total is { } t ? string.Create(c, $"{shown}/{t}") : shown.ToString(c);
        string validation = double.IsNaN(ValidationLoss) ? "" : string.Create(c, $" - val_loss: {ValidationLoss:0.0000e+00}");
        return string.Create(c, $"{label} {count} - loss: {Loss:0.0000e+00}{validation} - |g|: {GradientNorm:0.00e+00} - nfev: {FunctionEvaluations} - {Elapsed.TotalMilliseconds:F0} ms");
    }
}
