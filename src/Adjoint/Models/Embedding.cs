using Adjoint.Tensors;

namespace Adjoint.Models;

/// <summary>
/// A lookup table of <see cref="Count"/> vectors of length <see cref="Dimension"/> (Keras' <c>Embedding</c>): the
/// output for integer indices of shape S has shape S + [dimension].
/// </summary>
/// <remarks>
/// The table starts uniform in [−0.05, 0.05] (Keras' default) from a seeded generator. The gradient of a lookup adds
/// into the rows looked up (repeated indices add up), so a sparse set of observations touches only its rows.
/// </remarks>
public sealed class Embedding : Module
{
    /// <summary>Creates the table.</summary>
    /// <param name="count">The number of rows (Keras' <c>input_dim</c>).</param>
    /// <param name="dimension">The length of each row (Keras' <c>output_dim</c>).</param>
    /// <param name="seed">The generator's seed; null draws one from <see cref="Random.Shared"/>.</param>
    /// <param name="dtype">The table's dtype.</param>
    /// <param name="scale">The half-width a of the initial uniform distribution U(−a, a); default 0.05.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    public Embedding(int count, int dimension, int? seed = null, DType dtype = DType.Float64, double scale = 0.05)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        Count = count;
        Dimension = dimension;
        Table = RegisterParameter("embeddings", Tensor.RandomUniform([count, dimension], seed ?? Random.Shared.Next(), -scale, scale, DType.Float64).To(dtype).Detach());
    }

    /// <summary>The number of rows.</summary>
    public int Count { get; }

    /// <summary>The length of each row.</summary>
    public int Dimension { get; }

    /// <summary>The table, shape [count, dimension] (named <c>embeddings</c> as in Keras).</summary>
    public Parameter Table { get; }

    /// <summary>The rows at <paramref name="indices"/>, shape [indices.Length, dimension].</summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside [0, count).</exception>
    public Tensor Lookup(int[] indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        foreach (int i in indices)
        {
            if ((uint)i >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), i, $"Embedding index {i} is outside [0, {Count}).");
            }
        }

        return Tensor.Gather(Table.Value, indices);
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">An element of <paramref name="x"/> is not an integer.</exception>
    public override Tensor Forward(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var rows = Lookup(ToIndices(x));
        return rows.Reshape([.. x.Shape.ToArray(), Dimension]);
    }

    /// <summary>The elements of a tensor holding integer values, as indices.</summary>
    /// <exception cref="ArgumentException">An element is not an integer.</exception>
    internal static int[] ToIndices(Tensor x)
    {
        var values = x.ToArray();
        var indices = new int[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            double v = values[i];
            if (v != Math.Round(v) || Math.Abs(v) > int.MaxValue)
            {
                throw new ArgumentException($"Index tensor element {i} is {v}, not an integer.", nameof(x));
            }

            indices[i] = (int)v;
        }

        return indices;
    }
}
