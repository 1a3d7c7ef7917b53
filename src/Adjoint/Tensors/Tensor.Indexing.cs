using System.Runtime.CompilerServices;
using Adjoint.Autodiff.Ops;

namespace Adjoint.Tensors;

public sealed partial class Tensor
{
    /// <summary>
    /// numpy-style basic slicing: one entry per leading axis (the rest are taken whole). An integer selects one
    /// position and removes the axis; a range or <see cref="TensorIndex.Step"/> keeps it. Differentiable.
    /// </summary>
    /// <example><code>
    /// var tail = x[1..];          // all but the first element
    /// var head = x[..^1];         // all but the last
    /// var col  = m[.., 0];        // first column of a matrix
    /// var even = x[TensorIndex.Step(0, null, 2)];
    /// </code></example>
    [IndexerName("Index")]
    public Tensor this[params TensorIndex[] index] => SliceBy(index);

    /// <summary>Slices the first axis; see <see cref="this[TensorIndex[]]"/>.</summary>
    [IndexerName("Index")]
    public Tensor this[TensorIndex index] => SliceBy([index]);

    /// <summary>Slices the first two axes; see <see cref="this[TensorIndex[]]"/>.</summary>
    [IndexerName("Index")]
    public Tensor this[TensorIndex index0, TensorIndex index1] => SliceBy([index0, index1]);

    private Tensor SliceBy(ReadOnlySpan<TensorIndex> index)
    {
        {
            if (index.Length > Rank)
            {
                throw new ArgumentException($"Slice: {index.Length} indices for a tensor of shape {Shape}.", nameof(index));
            }

            int r = Rank;
            var starts = new int[r];
            var steps = new int[r];
            var counts = new int[r];
            Span<int> kept = stackalloc int[r];
            int nKept = 0;
            bool whole = true;
            for (int a = 0; a < r; a++)
            {
                int n = Shape.Dims[a];
                if (a < index.Length)
                {
                    var (s, st, c, keep) = index[a].Resolve(n, a);
                    starts[a] = s;
                    steps[a] = st;
                    counts[a] = c;
                    if (keep)
                    {
                        kept[nKept++] = c;
                    }

                    whole &= keep && s == 0 && st == 1 && c == n;
                }
                else
                {
                    steps[a] = 1;
                    counts[a] = n;
                    kept[nKept++] = n;
                }
            }

            if (whole)
            {
                return this;
            }

            var sliced = Indexing.Slice(this, starts, steps, counts);
            return nKept == r ? sliced : ShapeOps.Reshape(sliced, new Shape(kept[..nKept]));
        }
    }
}
