using Adjoint.Tensors;

namespace Adjoint.Models;

/// <summary>
/// Loss functions of (prediction, target), each the mean over all samples (Keras' default reduction), written with
/// tensor operations so that their gradients and Hessian-vector products come from autodiff.
/// </summary>
/// <remarks>
/// Each method has the shape <c>Func&lt;Tensor, Tensor, Tensor&gt;</c>, so it can be passed to a model objective or the
/// trainer as a method group (<c>Losses.MeanSquaredError</c>). Targets are constants (not differentiated).
/// </remarks>
public static class Losses
{
    /// <summary>mean((p − t)²) over all elements (Keras <c>mse</c>, PyTorch <c>MSELoss</c>).</summary>
    public static Tensor MeanSquaredError(Tensor prediction, Tensor target)
    {
        CheckShapes(prediction, target, nameof(MeanSquaredError));
        return (prediction - target).Square().Mean();
    }

    /// <summary>mean(|p − t|) over all elements (Keras <c>mae</c>, PyTorch <c>L1Loss</c>).</summary>
    public static Tensor MeanAbsoluteError(Tensor prediction, Tensor target)
    {
        CheckShapes(prediction, target, nameof(MeanAbsoluteError));
        return (prediction - target).Abs().Mean();
    }

    /// <summary>
    /// The Huber loss with threshold δ = 1 (Keras <c>Huber</c>, PyTorch <c>HuberLoss</c>): mean of ½r² where |r| ≤ δ and
    /// δ(|r| − ½δ) elsewhere, r = p − t.
    /// </summary>
    public static Tensor Huber(Tensor prediction, Tensor target) => Huber(prediction, target, 1.0);

    /// <summary>The Huber loss with threshold <paramref name="delta"/>: mean of ½r² where |r| ≤ δ and δ(|r| − ½δ) elsewhere.</summary>
    /// <exception cref="ArgumentOutOfRangeException">δ is not positive.</exception>
    public static Tensor Huber(Tensor prediction, Tensor target, double delta)
    {
        CheckShapes(prediction, target, nameof(Huber));
        if (!(delta > 0 && double.IsFinite(delta)))
        {
            throw new ArgumentOutOfRangeException(nameof(delta), delta, "The Huber threshold must be positive and finite.");
        }

        var a = (prediction - target).Abs();
        var q = Tensor.Minimum(a, delta);
        return ((0.5 * q.Square()) + (delta * (a - q))).Mean();
    }

    /// <summary>
    /// Binary cross-entropy of logits z against targets t in [0, 1] (Keras <c>BinaryCrossentropy(from_logits=True)</c>,
    /// PyTorch <c>BCEWithLogitsLoss</c>): mean(softplus(z) − t·z), which equals −t·log σ(z) − (1 − t)·log(1 − σ(z)) without
    /// overflow for large |z|.
    /// </summary>
    public static Tensor BinaryCrossEntropyWithLogits(Tensor logits, Tensor target)
    {
        CheckShapes(logits, target, nameof(BinaryCrossEntropyWithLogits));
        return (Tensor.Softplus(logits) - (target * logits)).Mean();
    }

    /// <summary>
    /// Categorical cross-entropy of logits [N, C] against integer class labels (Keras
    /// <c>SparseCategoricalCrossentropy(from_logits=True)</c>, PyTorch <c>CrossEntropyLoss</c>):
    /// mean over samples of logsumexp(z_i) − z_i[y_i], with the stable log-sum-exp.
    /// </summary>
    /// <param name="logits">Scores, shape [N, C].</param>
    /// <param name="labels">N integer labels in [0, C), as a tensor of any shape with N elements.</param>
    /// <exception cref="ArgumentException">Shapes disagree or a label is not an integer in range.</exception>
    public static Tensor SparseCategoricalCrossEntropyWithLogits(Tensor logits, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(labels);
        var classes = Labels(logits, labels, nameof(SparseCategoricalCrossEntropyWithLogits));
        int c = logits.Shape[1];
        var flat = new int[classes.Length];
        for (int i = 0; i < flat.Length; i++)
        {
            flat[i] = (i * c) + classes[i];
        }

        var picked = Tensor.Gather(logits.Reshape(logits.Size), flat);
        return (Tensor.LogSumExp(logits, [1]) - picked).Mean();
    }

    /// <summary>The L2 penalty factor·Σ‖p‖² over <paramref name="tensors"/> (Keras' <c>l2(factor)</c> regularizer, summed over weights).</summary>
    /// <exception cref="ArgumentException">No tensors were given.</exception>
    public static Tensor L2(IEnumerable<Tensor> tensors, double factor)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        Tensor? sum = null;
        foreach (var t in tensors)
        {
            var s = t.Square().Sum();
            sum = sum is null ? s : sum + s;
        }

        return sum is null ? throw new ArgumentException("L2 needs at least one tensor.", nameof(tensors)) : factor * sum;
    }

    /// <summary>Validates [N, C] logits against N integer labels and returns the labels.</summary>
    internal static int[] Labels(Tensor logits, Tensor labels, string caller)
    {
        if (logits.Rank != 2)
        {
            throw new ArgumentException($"{caller}: logits must have shape [N, C]; got {logits.Shape}.", nameof(logits));
        }

        if (labels.Size != logits.Shape[0])
        {
            throw new ArgumentException($"{caller}: {labels.Size} labels for {logits.Shape[0]} samples.", nameof(labels));
        }

        var classes = Embedding.ToIndices(labels);
        foreach (int k in classes)
        {
            if ((uint)k >= (uint)logits.Shape[1])
            {
                throw new ArgumentException($"{caller}: label {k} is outside [0, {logits.Shape[1]}).", nameof(labels));
            }
        }

        return classes;
    }

    private static void CheckShapes(Tensor prediction, Tensor target, string caller)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(target);
        if (prediction.Shape != target.Shape)
        {
            throw new ArgumentException($"{caller}: prediction shape {prediction.Shape} differs from target shape {target.Shape}.", nameof(target));
        }
    }
}
