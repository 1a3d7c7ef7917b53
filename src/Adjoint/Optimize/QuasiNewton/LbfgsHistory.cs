using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Adjoint.Optimize.QuasiNewton;

// Symbols (Nocedal & Wright, Sections 7.2 and 7.3): s_i = x_{i+1} - x_i, y_i = ∇f_{i+1} - ∇f_i, S = [s_0 … s_{k-1}],
// Y = [y_0 … y_{k-1}] (oldest first), θ = yᵀy / sᵀy of the newest pair (B₀ = θ I), D = diag(sᵢᵀyᵢ), L = strictly lower
// triangle of SᵀY.

/// <summary>
/// The last m correction pairs (s, y) of a limited-memory quasi-Newton method with their Gram matrices SᵀS, SᵀY and YᵀY,
/// maintained incrementally (O(m n) per new pair).
/// </summary>
internal sealed class LbfgsHistory
{
    private readonly List<double[]> _s = [];
    private readonly List<double[]> _y = [];
    private readonly double[,] _ss;
    private readonly double[,] _sy;
    private readonly double[,] _yy;
    private readonly Stack<double[]> _spare = new();

    public LbfgsHistory(int n, int m)
    {
        Dimension = n;
        Capacity = m;
        _ss = new double[m, m];
        _sy = new double[m, m];
        _yy = new double[m, m];
    }

    public int Dimension { get; }

    public int Capacity { get; }

    public int Count => _s.Count;

    /// <summary>θ, the scaling of B₀ = θ I (1 when empty).</summary>
    public double Theta { get; private set; } = 1;

    public double[] S(int i) => _s[i];

    public double[] Y(int i) => _y[i];

    /// <summary>sᵢᵀsⱼ.</summary>
    public double SS(int i, int j) => _ss[i, j];

    /// <summary>sᵢᵀyⱼ.</summary>
    public double SY(int i, int j) => _sy[i, j];

    /// <summary>yᵢᵀyⱼ.</summary>
    public double YY(int i, int j) => _yy[i, j];

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
        Theta = 1;
    }

    /// <summary>Appends a pair (dropping the oldest when full) and sets θ = yᵀy / sᵀy.</summary>
    public void Push(ReadOnlySpan<double> s, ReadOnlySpan<double> y)
    {
        int m = Capacity;
        if (_s.Count == m)
        {
            _spare.Push(_s[0]);
            _spare.Push(_y[0]);
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
            }
        }

        var sNew = Take();
        var yNew = Take();
        s.CopyTo(sNew);
        y.CopyTo(yNew);
        _s.Add(sNew);
        _y.Add(yNew);
        int k = _s.Count - 1;
        for (int i = 0; i <= k; i++)
        {
            _ss[i, k] = _ss[k, i] = TP.Dot(_s[i], sNew);
            _yy[i, k] = _yy[k, i] = TP.Dot(_y[i], yNew);
            _sy[i, k] = TP.Dot(_s[i], yNew);
            _sy[k, i] = TP.Dot(sNew, _y[i]);
        }

        Theta = _yy[k, k] / _sy[k, k];
    }

    private double[] Take() => _spare.Count > 0 ? _spare.Pop() : new double[Dimension];

    /// <summary>
    /// Writes H v into <paramref name="result"/> by the two-loop recursion with H₀ = I/θ: O(m n), the inverse of the
    /// compact matrix B = θI - W M Wᵀ built from the same pairs (Nocedal &amp; Wright, Algorithm 7.4).
    /// </summary>
    public void MultiplyInverse(ReadOnlySpan<double> v, Span<double> result)
    {
        int k = _s.Count;
        Span<double> alpha = k <= 64 ? stackalloc double[k] : new double[k];
        v.CopyTo(result);
        for (int i = k - 1; i >= 0; i--)
        {
            alpha[i] = TP.Dot(_s[i], result) / _sy[i, i];
            TP.MultiplyAdd(_y[i], -alpha[i], result, result);
        }

        TP.Multiply(result, 1 / Theta, result);
        for (int i = 0; i < k; i++)
        {
            double beta = TP.Dot(_y[i], result) / _sy[i, i];
            TP.MultiplyAdd(_s[i], alpha[i] - beta, result, result);
        }
    }

    /// <summary>A snapshot of the pairs as an inverse-Hessian operator (two-loop recursion).</summary>
    public LbfgsInverseHessian ToInverseHessian() =>
        new(Dimension, _s.Select(a => (double[])a.Clone()).ToArray(), _y.Select(a => (double[])a.Clone()).ToArray(), Theta);
}
