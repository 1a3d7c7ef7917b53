using Adjoint.Tensors.Kernels;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Adjoint.Optimize.QuasiNewton;

// Symbols (Nocedal & Wright, Sections 7.2 and 7.3): s_i = x_{i+1} - x_i, y_i = ∇f_{i+1} - ∇f_i, S = [s_0 … s_{k-1}],
// Y = [y_0 … y_{k-1}] (oldest first), θ = yᵀy / sᵀy of the newest pair (B₀ = θ I), D = diag(sᵢᵀyᵢ), L = strictly lower
// triangle of SᵀY.

/// <summary>
/// The last m correction pairs (s, y) of a limited-memory quasi-Newton method with their Gram matrices SᵀS, SᵀY and YᵀY,
/// maintained incrementally (O(m n) per new pair). Only the diagonal sᵢᵀyᵢ and the newest yᵀy are computed when a pair
/// arrives (all the two-loop recursion needs); the off-diagonal entries are filled the first time they are read (the
/// compact representation used with bounds), so unbounded problems never pay for them.
/// </summary>
internal sealed class LbfgsHistory
{
    private readonly List<double[]> _s = [];
    private readonly List<double[]> _y = [];
    private readonly double[,] _ss;
    private readonly double[,] _sy;
    private readonly double[,] _yy;
    private readonly Stack<double[]> _spare = new();

    /// <summary>Pairs (by current position) whose Gram entries against the others are not computed yet.</summary>
    private readonly bool[] _pending;

    public LbfgsHistory(int n, int m)
    {
        Dimension = n;
        Capacity = m;
        _ss = new double[m, m];
        _sy = new double[m, m];
        _yy = new double[m, m];
        _pending = new bool[m];
    }

    public int Dimension { get; }

    public int Capacity { get; }

    public int Count => _s.Count;

    /// <summary>θ, the scaling of B₀ = θ I (1 when empty).</summary>
    public double Theta { get; private set; } = 1;

    public double[] S(int i) => _s[i];

    public double[] Y(int i) => _y[i];

    /// <summary>sᵢᵀsⱼ.</summary>
    public double SS(int i, int j)
    {
        EnsureGram();
        return _ss[i, j];
    }

    /// <summary>sᵢᵀyⱼ.</summary>
    public double SY(int i, int j)
    {
        if (i != j)
        {
            EnsureGram();
        }

        return _sy[i, j];
    }

    /// <summary>yᵢᵀyⱼ.</summary>
    public double YY(int i, int j)
    {
        EnsureGram();
        return _yy[i, j];
    }

    /// <summary>Computes the Gram entries of every pending pair against all pairs.</summary>
    private void EnsureGram()
    {
        int count = _s.Count;
        Span<bool> wasPending = stackalloc bool[count];
        _pending.AsSpan(0, count).CopyTo(wasPending);
        for (int k = 0; k < count; k++)
        {
            if (!wasPending[k])
            {
                continue;
            }

            for (int i = 0; i < count; i++)
            {
                if (wasPending[i] && i < k)
                {
                    continue; // filled when pair i was processed
                }

                _ss[i, k] = _ss[k, i] = TP.Dot(_s[i], _s[k]);
                _yy[i, k] = _yy[k, i] = TP.Dot(_y[i], _y[k]);
                _sy[i, k] = TP.Dot(_s[i], _y[k]);
                _sy[k, i] = TP.Dot(_s[k], _y[i]);
            }

            _pending[k] = false;
        }
    }

    public void Clear()
    {
        foreach (var a in _s)
        {
            _spare.Push(a);
        }

        foreach (var a in _y)
        {
            _spare.Push(a);
        }

        _s.Clear();
        _y.Clear();
        Array.Clear(_pending);
        Theta = 1;
    }

    /// <summary>
    /// Appends the pair held in <paramref name="s"/> and <paramref name="y"/> by taking the arrays themselves (no copy
    /// of n numbers), and hands back arrays of the same length for the caller's next pair.
    /// </summary>
    public void PushSwap(ref double[] s, ref double[] y)
    {
        if (s.Length != Dimension || y.Length != Dimension)
        {
            throw new ArgumentException("Correction pairs must have the history's dimension.");
        }

        if (Append(s, y) is var (oldS, oldY))
        {
            s = oldS;
            y = oldY;
        }
        else
        {
            s = Take();
            y = Take();
        }
    }

    /// <summary>Adds the pair (the arrays become the history's), returning the dropped oldest pair when full.</summary>
    private (double[] S, double[] Y)? Append(double[] sNew, double[] yNew)
    {
        int m = Capacity;
        (double[] S, double[] Y)? dropped = null;
        if (_s.Count == m)
        {
            dropped = (_s[0], _y[0]);
            _s.RemoveAt(0);
            _y.RemoveAt(0);
            for (int i = 0; i < m - 1; i++)
            {
                for (int j = 0; j < m - 1; j++)
                {
                    _ss[i, j] = _ss[i + 1, j + 1];
                    _sy[i, j] = _sy[i + 1, j + 1];
                    _yy[i, j] = _yy[i + 1, j + 1];
                }

                _pending[i] = _pending[i + 1];
            }
        }

        _s.Add(sNew);
        _y.Add(yNew);
        int k = _s.Count - 1;
        _sy[k, k] = TP.Dot(sNew, yNew);
        _yy[k, k] = TP.Dot(yNew, yNew);
        _pending[k] = true;
        Theta = _yy[k, k] / _sy[k, k];
        return dropped;
    }

    private double[] Take() => _spare.Count > 0 ? _spare.Pop() : FreshMemory.Doubles(Dimension);

    /// <summary>
    /// Writes H v into <paramref name="result"/> by the two-loop recursion with H₀ = I/θ: O(m n), the inverse of the
    /// compact matrix B = θI - W M Wᵀ built from the same pairs (Nocedal &amp; Wright, Algorithm 7.4).
    /// </summary>
    public void MultiplyInverse(double[] v, double[] result)
    {
        int k = _s.Count;
        Span<double> alpha = k <= 64 ? stackalloc double[k] : new double[k];
        if (ParallelKernels.ShouldSplit(v.Length) && k > 0)
        {
            MultiplyInverseFused(v, result, alpha);
            return;
        }

        if (!ReferenceEquals(v, result))
        {
            v.CopyTo(result, 0);
        }

        for (int i = k - 1; i >= 0; i--)
        {
            alpha[i] = ParallelKernels.Dot(_s[i], result) / _sy[i, i];
            ParallelKernels.MultiplyAdd(_y[i], -alpha[i], result, result);
        }

        TP.Multiply(result, 1 / Theta, result);
        for (int i = 0; i < k; i++)
        {
            double beta = ParallelKernels.Dot(_y[i], result) / _sy[i, i];
            ParallelKernels.MultiplyAdd(_s[i], alpha[i] - beta, result, result);
        }
    }

    /// <summary>
    /// The two-loop recursion for long vectors, each update fused with the next dot product: 2m + 1 passes over memory
    /// instead of 4m + 2 (the vectors of a large problem do not fit in cache, so the recursion is bound by those passes).
    /// </summary>
    private void MultiplyInverseFused(double[] v, double[] result, Span<double> alpha)
    {
        int k = _s.Count;
        alpha[k - 1] = ParallelKernels.Dot(_s[k - 1], v) / _sy[k - 1, k - 1];
        var source = v;
        for (int i = k - 1; i >= 1; i--)
        {
            // result = source - α_i y_i, then α_{i-1} = s_{i-1} · result / (s_{i-1} · y_{i-1}).
            alpha[i - 1] = ParallelKernels.UpdateThenDot(source, -alpha[i], _y[i], 1, result, _s[i - 1]) / _sy[i - 1, i - 1];
            source = result;
        }

        // result = (source - α_0 y_0) / θ, then β_0 = y_0 · result / (s_0 · y_0).
        double beta = ParallelKernels.UpdateThenDot(source, -alpha[0], _y[0], 1 / Theta, result, _y[0]) / _sy[0, 0];
        for (int i = 0; i < k; i++)
        {
            // result += (α_i - β_i) s_i, then β_{i+1} = y_{i+1} · result / (s_{i+1} · y_{i+1}).
            var next = i + 1 < k ? _y[i + 1] : null;
            double dot = ParallelKernels.UpdateThenDot(result, alpha[i] - beta, _s[i], 1, result, next);
            beta = next is null ? 0 : dot / _sy[i + 1, i + 1];
        }
    }

    /// <summary>
    /// The pairs as an inverse-Hessian operator (two-loop recursion). It shares the history's vectors rather than
    /// copying m pairs of length n: take it when the run has ended (as the result does), not before further pushes.
    /// </summary>
    public LbfgsInverseHessian ToInverseHessian() => new(Dimension, [.. _s], [.. _y], Theta);
}
