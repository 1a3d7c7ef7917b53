using Adjoint.Optimize.QuasiNewton;

namespace Adjoint.Optimize.Methods.LBfgsB;

// Symbols (Byrd, Lu, Nocedal, Zhu 1995, Section 3; Nocedal & Wright Section 7.3): B = θ I - W M Wᵀ with
// W = [Y  θS] (n × 2k) and M = [[-D, Lᵀ], [L, θ SᵀS]]⁻¹ (2k × 2k); D = diag(sᵢᵀyᵢ), L_ij = sᵢᵀyⱼ for i > j.

/// <summary>The compact representation of the L-BFGS matrix B, formed from an <see cref="LbfgsHistory"/>.</summary>
internal sealed class CompactRepresentation
{
    private readonly LbfgsHistory _history;
    private double[,] _m = new double[0, 0];

    public CompactRepresentation(LbfgsHistory history) => _history = history;

    /// <summary>k, the number of pairs; W has 2k columns.</summary>
    public int Pairs { get; private set; }

    public double Theta { get; private set; } = 1;

    /// <summary>Forms M from the history; returns false when the middle matrix is singular.</summary>
    public bool Form()
    {
        var h = _history;
        int k = h.Count;
        Pairs = k;
        Theta = h.Theta;
        if (k == 0)
        {
            return true;
        }

        var mid = new double[2 * k, 2 * k];
        for (int i = 0; i < k; i++)
        {
            mid[i, i] = -h.SY(i, i);
            for (int j = 0; j < k; j++)
            {
                if (i > j)
                {
                    mid[k + i, j] = h.SY(i, j);   // L
                    mid[j, k + i] = h.SY(i, j);   // Lᵀ
                }

                mid[k + i, k + j] = Theta * h.SS(i, j);
            }
        }

        if (_m.GetLength(0) != 2 * k)
        {
            _m = new double[2 * k, 2 * k];
        }

        return SmallDense.Invert(mid, 2 * k, _m);
    }

    /// <summary>r = Wᵀ v.</summary>
    public void WTranspose(ReadOnlySpan<double> v, Span<double> r)
    {
        int k = Pairs;
        for (int j = 0; j < k; j++)
        {
            r[j] = System.Numerics.Tensors.TensorPrimitives.Dot(_history.Y(j), v);
            r[k + j] = Theta * System.Numerics.Tensors.TensorPrimitives.Dot(_history.S(j), v);
        }
    }

    /// <summary>result = W coefficients (n-vector), by 2k streaming multiply-adds.</summary>
    public void WMultiply(ReadOnlySpan<double> coefficients, Span<double> result)
    {
        int k = Pairs;
        result.Clear();
        for (int j = 0; j < k; j++)
        {
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(_history.Y(j), coefficients[j], result, result);
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(_history.S(j), Theta * coefficients[k + j], result, result);
        }
    }

    /// <summary>w = row b of W.</summary>
    public void Row(int b, Span<double> w)
    {
        int k = Pairs;
        for (int j = 0; j < k; j++)
        {
            w[j] = _history.Y(j)[b];
            w[k + j] = Theta * _history.S(j)[b];
        }
    }

    /// <summary>r = M v.</summary>
    public void MultiplyM(ReadOnlySpan<double> v, Span<double> r)
    {
        int k2 = 2 * Pairs;
        for (int i = 0; i < k2; i++)
        {
            double s = 0;
            for (int j = 0; j < k2; j++)
            {
                s += _m[i, j] * v[j];
            }

            r[i] = s;
        }
    }

    /// <summary>uᵀ M v.</summary>
    public double MInner(ReadOnlySpan<double> u, ReadOnlySpan<double> v)
    {
        int k2 = 2 * Pairs;
        double total = 0;
        for (int i = 0; i < k2; i++)
        {
            double s = 0;
            for (int j = 0; j < k2; j++)
            {
                s += _m[i, j] * v[j];
            }

            total += u[i] * s;
        }

        return total;
    }

    /// <summary>
    /// WᵀZZᵀW for the free set Z, as WᵀW minus the contributions of the active variables (or summed over the free
    /// ones, whichever set is smaller): O(k² min(|free|, |active|)) given the maintained Gram matrices.
    /// </summary>
    public double[,] FreeGram(ReadOnlySpan<bool> free, int freeCount)
    {
        int k = Pairs, n = free.Length;
        double t = Theta;
        var g = new double[2 * k, 2 * k];
        bool subtract = freeCount > n - freeCount;
        if (subtract)
        {
            for (int i = 0; i < k; i++)
            {
                for (int j = 0; j < k; j++)
                {
                    g[i, j] = _history.YY(i, j);
                    g[i, k + j] = t * _history.SY(j, i);
                    g[k + i, j] = t * _history.SY(i, j);
                    g[k + i, k + j] = t * t * _history.SS(i, j);
                }
            }
        }

        double sign = subtract ? -1 : 1;
        var w = new double[2 * k];
        for (int b = 0; b < n; b++)
        {
            if (free[b] == subtract)
            {
                continue;
            }

            Row(b, w);
            for (int i = 0; i < 2 * k; i++)
            {
                double wi = sign * w[i];
                if (wi == 0)
                {
                    continue;
                }

                for (int j = 0; j < 2 * k; j++)
                {
                    g[i, j] += wi * w[j];
                }
            }
        }

        return g;
    }
}
