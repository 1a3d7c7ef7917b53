using Adjoint.Tensors;

namespace Adjoint.Models;

/// <summary>Mini-batches of (x, y) rows: batch k is position k mod B of epoch k div B, each epoch a seeded permutation (Fisher–Yates).</summary>
internal sealed class BatchSource
{
    private readonly double[] _x;
    private readonly double[] _y;
    private readonly int[] _xRow;
    private readonly int[] _yRow;
    private readonly DType _xType;
    private readonly DType _yType;
    private readonly int _batchSize;
    private readonly bool _shuffle;
    private readonly Random _random;
    private readonly List<int[]> _permutations = [];

    public BatchSource(Tensor x, Tensor y, int batchSize, bool shuffle, int seed)
    {
        SampleCount = x.Shape[0];
        _x = x.ToArray();
        _y = y.ToArray();
        _xRow = x.Shape.ToArray()[1..];
        _yRow = y.Shape.ToArray()[1..];
        _xType = x.DType;
        _yType = y.DType;
        _batchSize = Math.Min(batchSize, SampleCount);
        _shuffle = shuffle;
        _random = new Random(seed);
        BatchesPerEpoch = (SampleCount + _batchSize - 1) / _batchSize;
    }

    public int SampleCount { get; }

    public int BatchesPerEpoch { get; }

    /// <summary>The number of samples in batch <paramref name="k"/>.</summary>
    public int SizeOf(int k) => Math.Min(_batchSize, SampleCount - ((k % BatchesPerEpoch) * _batchSize));

    /// <summary>The rows of batch <paramref name="k"/> as new tensors of the data's dtypes.</summary>
    public (Tensor X, Tensor Y) Get(int k)
    {
        int epoch = k / BatchesPerEpoch;
        while (_permutations.Count <= epoch)
        {
            var p = Enumerable.Range(0, SampleCount).ToArray();
            if (_shuffle)
            {
                for (int i = p.Length - 1; i > 0; i--)
                {
                    int j = _random.Next(i + 1);
                    (p[i], p[j]) = (p[j], p[i]);
                }
            }

            _permutations.Add(p);
        }

        var perm = _permutations[epoch];
        int first = (k % BatchesPerEpoch) * _batchSize;
        var rows = perm.AsSpan(first, SizeOf(k));
        return (Rows(_x, _xRow, _xType, rows), Rows(_y, _yRow, _yType, rows));
    }

    private static Tensor Rows(double[] data, int[] rowShape, DType dtype, ReadOnlySpan<int> rows)
    {
        int width = 1;
        foreach (int d in rowShape)
        {
            width *= d;
        }

        var values = new double[rows.Length * width];
        for (int i = 0; i < rows.Length; i++)
        {
            Array.Copy(data, rows[i] * width, values, i * width, width);
        }

        return Tensor.FromArray(values, [rows.Length, .. rowShape], dtype);
    }
}
