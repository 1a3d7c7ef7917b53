using Adjoint.Tensors;

namespace Adjoint.Models;

/// <summary>Evaluation metrics of (prediction, target), as plain numbers (not differentiated).</summary>
public static class Metrics
{
    /// <summary>The fraction of samples whose largest logit (first on ties) is the label (Keras <c>sparse_categorical_accuracy</c>).</summary>
    /// <param name="logits">Scores or probabilities, shape [N, C].</param>
    /// <param name="labels">N integer labels.</param>
    public static double Accuracy(Tensor logits, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(labels);
        var classes = Losses.Labels(logits, labels, nameof(Accuracy));
        var z = logits.ToArray();
        int c = logits.Shape[1];
        int hits = 0;
        for (int i = 0; i < classes.Length; i++)
        {
            int best = 0;
            for (int k = 1; k < c; k++)
            {
                if (z[(i * c) + k] > z[(i * c) + best])
                {
                    best = k;
                }
            }

            hits += best == classes[i] ? 1 : 0;
        }

        return (double)hits / classes.Length;
    }

    /// <summary>The fraction of elements where (logit &gt; 0) agrees with (target &gt; 0.5) (Keras <c>binary_accuracy</c> on logits).</summary>
    public static double BinaryAccuracy(Tensor logits, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(target);
        if (logits.Shape != target.Shape)
        {
            throw new ArgumentException($"BinaryAccuracy: shapes {logits.Shape} and {target.Shape} differ.", nameof(target));
        }

        var z = logits.ToArray();
        var t = target.ToArray();
        return (double)z.Where((v, i) => (v > 0) == (t[i] > 0.5)).Count() / z.Length;
    }

    /// <summary>mean(|p − t|) as a number.</summary>
    public static double MeanAbsoluteError(Tensor prediction, Tensor target) => Losses.MeanAbsoluteError(prediction, target).Item();

    /// <summary>√mean((p − t)²) as a number.</summary>
    public static double RootMeanSquaredError(Tensor prediction, Tensor target) => Math.Sqrt(Losses.MeanSquaredError(prediction, target).Item());
}
