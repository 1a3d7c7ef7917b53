using Adjoint.Tensors;

namespace Adjoint.Models;

/// <summary>
/// A low-rank model of a sparsely observed matrix, M[i, j] ≈ U[i]·V[j], with U and V <see cref="Embedding"/> tables
/// (named <c>u/embeddings</c> and <c>v/embeddings</c>); the input is an [n, 2] tensor of (row, column) index pairs and
/// the output the n predicted entries, shape [n, 1].
/// </summary>
/// <remarks>
/// Train it on the observed entries with a sum loss (<c>½·Σ(prediction − value)²</c>, <see cref="LossReduction.Sum"/>)
/// and an L2 penalty on both tables. The gradient touches only the rows and columns observed.
/// </remarks>
public sealed class MatrixFactorization : Module
{
    /// <summary>Creates the factor tables with entries uniform in [−scale, scale].</summary>
    /// <param name="rows">The matrix's rows.</param>
    /// <param name="columns">The matrix's columns.</param>
    /// <param name="rank">The factor rank.</param>
    /// <param name="seed">The seed (U uses it, V uses seed + 1).</param>
    /// <param name="dtype">The tables' dtype.</param>
    /// <param name="scale">The half-width of the initial uniform distribution.</param>
    public MatrixFactorization(int rows, int columns, int rank, int seed, DType dtype = DType.Float64, double scale = 0.1)
    {
        U = RegisterModule("u", new Embedding(rows, rank, seed, dtype, scale));
        V = RegisterModule("v", new Embedding(columns, rank, seed + 1, dtype, scale));
    }

    /// <summary>The row factors, [rows, rank].</summary>
    public Embedding U { get; }

    /// <summary>The column factors, [columns, rank].</summary>
    public Embedding V { get; }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The input is not an [n, 2] tensor of integer indices.</exception>
    public override Tensor Forward(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank != 2 || x.Shape[1] != 2)
        {
            throw new ArgumentException($"MatrixFactorization expects [n, 2] (row, column) pairs; got shape {x.Shape}.", nameof(x));
        }

        var pairs = Embedding.ToIndices(x);
        var rows = new int[pairs.Length / 2];
        var columns = new int[rows.Length];
        for (int k = 0; k < rows.Length; k++)
        {
            rows[k] = pairs[2 * k];
            columns[k] = pairs[(2 * k) + 1];
        }

        return (U.Lookup(rows) * V.Lookup(columns)).Sum(1, keepDims: true);
    }
}
