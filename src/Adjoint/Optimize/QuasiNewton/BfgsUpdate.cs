using System.Runtime.Intrinsics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Adjoint.Optimize.QuasiNewton;

// Symbols (Nocedal & Wright, Section 6.1): H the inverse-Hessian approximation, s = x_{k+1} - x_k, y = ∇f_{k+1} - ∇f_k,
// ρ = 1 / (yᵀs).

/// <summary>The BFGS update of a dense inverse-Hessian approximation in O(n²) with rank-2 vector operations.</summary>
/// <remarks>
/// H⁺ = (I - ρ s yᵀ) H (I - ρ y sᵀ) + ρ s sᵀ expands (with H symmetric, u = H y) to
/// H⁺ = H - ρ (s uᵀ + u sᵀ) + (ρ² yᵀu + ρ) s sᵀ: one matrix-vector product and one rank-2 update, never an n×n
/// matrix product (which would cost O(n³)).
/// <para>References: Nocedal &amp; Wright (2006), Eq. (6.17).</para>
/// </remarks>
internal static class BfgsUpdate
{
    /// <summary>H += (c s - ρ u) sᵀ - ρ s uᵀ, one fused pass over each row; rows split over the cores when n is large.</summary>
    internal static unsafe void RankTwo(Span<double> h, int n, ReadOnlySpan<double> s, ReadOnlySpan<double> u, double c, double rho)
    {
        fixed (double* hp = h, sp = s, up = u)
        {
            nint hAddr = (nint)hp, sAddr = (nint)sp, uAddr = (nint)up;
            void Rows(int first, int count)
            {
                double* hr = (double*)hAddr, sr = (double*)sAddr, ur = (double*)uAddr;
                for (int i = first; i < first + count; i++)
                {
                    RowUpdate(hr + ((long)i * n), sr, (c * sr[i]) - (rho * ur[i]), ur, -rho * sr[i], n);
                }
            }

            if ((long)n * n >= ParallelRowsMin)
            {
                ParallelRows(n, Rows);
            }
            else
            {
                Rows(0, n);
            }
        }
    }

    /// <summary>Matrices with at least this many entries split row loops over the cores.</summary>
    private const long ParallelRowsMin = 1L << 16;

    private static void ParallelRows(int n, Action<int, int> rows)
    {
        int parts = Math.Min(Environment.ProcessorCount, 2);
        int chunk = (n + parts - 1) / parts;
        Parallel.For(0, parts, p =>
        {
            int first = p * chunk;
            int count = Math.Min(chunk, n - first);
            if (count > 0)
            {
                rows(first, count);
            }
        });
    }

    /// <summary>
    /// result = H v with the current rows, and in the same pass H += (c s - ρ u) sᵀ - ρ s uᵀ: a product and a deferred
    /// rank-two update for the cost of one read and one write of H.
    /// </summary>
    internal static unsafe void MultiplyThenUpdate(Span<double> h, int n, ReadOnlySpan<double> v, Span<double> result,
        ReadOnlySpan<double> s, ReadOnlySpan<double> u, double c, double rho)
    {
        fixed (double* hp = h, vp = v, rp = result, sp = s, up = u)
        {
            nint hAddr = (nint)hp, vAddr = (nint)vp, rAddr = (nint)rp, sAddr = (nint)sp, uAddr = (nint)up;
            void Rows(int first, int count)
            {
                double* hr = (double*)hAddr, vr = (double*)vAddr, rr = (double*)rAddr, sr = (double*)sAddr, ur = (double*)uAddr;
                for (int i = first; i < first + count; i++)
                {
                    rr[i] = RowDotThenUpdate(hr + ((long)i * n), vr, sr, (c * sr[i]) - (rho * ur[i]), ur, -rho * sr[i], n);
                }
            }

            if ((long)n * n >= ParallelRowsMin)
            {
                ParallelRows(n, Rows);
            }
            else
            {
                Rows(0, n);
            }
        }
    }

    /// <summary>Returns row · v (four independent accumulators), then row += a s + b u.</summary>
    private static unsafe double RowDotThenUpdate(double* row, double* v, double* s, double a, double* u, double b, int n)
    {
        int j = 0;
        double dot = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var av = Vector512.Create(a);
            var bv = Vector512.Create(b);
            Vector512<double> acc0 = default, acc1 = default, acc2 = default, acc3 = default;
            for (; j <= n - 32; j += 32)
            {
                var r0 = Vector512.Load(row + j);
                var r1 = Vector512.Load(row + j + 8);
                var r2 = Vector512.Load(row + j + 16);
                var r3 = Vector512.Load(row + j + 24);
                acc0 = Vector512.FusedMultiplyAdd(r0, Vector512.Load(v + j), acc0);
                acc1 = Vector512.FusedMultiplyAdd(r1, Vector512.Load(v + j + 8), acc1);
                acc2 = Vector512.FusedMultiplyAdd(r2, Vector512.Load(v + j + 16), acc2);
                acc3 = Vector512.FusedMultiplyAdd(r3, Vector512.Load(v + j + 24), acc3);
                Vector512.FusedMultiplyAdd(Vector512.Load(u + j), bv, Vector512.FusedMultiplyAdd(Vector512.Load(s + j), av, r0)).Store(row + j);
                Vector512.FusedMultiplyAdd(Vector512.Load(u + j + 8), bv, Vector512.FusedMultiplyAdd(Vector512.Load(s + j + 8), av, r1)).Store(row + j + 8);
                Vector512.FusedMultiplyAdd(Vector512.Load(u + j + 16), bv, Vector512.FusedMultiplyAdd(Vector512.Load(s + j + 16), av, r2)).Store(row + j + 16);
                Vector512.FusedMultiplyAdd(Vector512.Load(u + j + 24), bv, Vector512.FusedMultiplyAdd(Vector512.Load(s + j + 24), av, r3)).Store(row + j + 24);
            }

            for (; j <= n - 8; j += 8)
            {
                var r = Vector512.Load(row + j);
                acc0 = Vector512.FusedMultiplyAdd(r, Vector512.Load(v + j), acc0);
                Vector512.FusedMultiplyAdd(Vector512.Load(u + j), bv, Vector512.FusedMultiplyAdd(Vector512.Load(s + j), av, r)).Store(row + j);
            }

            dot = Vector512.Sum((acc0 + acc1) + (acc2 + acc3));
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var av = Vector256.Create(a);
            var bv = Vector256.Create(b);
            Vector256<double> acc0 = default, acc1 = default;
            for (; j <= n - 8; j += 8)
            {
                var r0 = Vector256.Load(row + j);
                var r1 = Vector256.Load(row + j + 4);
                acc0 = Vector256.FusedMultiplyAdd(r0, Vector256.Load(v + j), acc0);
                acc1 = Vector256.FusedMultiplyAdd(r1, Vector256.Load(v + j + 4), acc1);
                Vector256.FusedMultiplyAdd(Vector256.Load(u + j), bv, Vector256.FusedMultiplyAdd(Vector256.Load(s + j), av, r0)).Store(row + j);
                Vector256.FusedMultiplyAdd(Vector256.Load(u + j + 4), bv, Vector256.FusedMultiplyAdd(Vector256.Load(s + j + 4), av, r1)).Store(row + j + 4);
            }

            dot = Vector256.Sum(acc0 + acc1);
        }

        for (; j < n; j++)
        {
            dot += row[j] * v[j];
            row[j] += (a * s[j]) + (b * u[j]);
        }

        return dot;
    }

    /// <summary>row += a s + b u.</summary>
    private static unsafe void RowUpdate(double* row, double* s, double a, double* u, double b, int n)
    {
        int j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var av = Vector512.Create(a);
            var bv = Vector512.Create(b);
            for (; j <= n - 8; j += 8)
            {
                var r = Vector512.Load(row + j);
                r = Vector512.FusedMultiplyAdd(Vector512.Load(s + j), av, r);
                r = Vector512.FusedMultiplyAdd(Vector512.Load(u + j), bv, r);
                r.Store(row + j);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var av = Vector256.Create(a);
            var bv = Vector256.Create(b);
            for (; j <= n - 4; j += 4)
            {
                var r = Vector256.Load(row + j);
                r = Vector256.FusedMultiplyAdd(Vector256.Load(s + j), av, r);
                r = Vector256.FusedMultiplyAdd(Vector256.Load(u + j), bv, r);
                r.Store(row + j);
            }
        }

        for (; j < n; j++)
        {
            row[j] += (a * s[j]) + (b * u[j]);
        }
    }

    /// <summary>Writes -H g into <paramref name="direction"/>.</summary>
    public static unsafe void Direction(ReadOnlySpan<double> h, int n, ReadOnlySpan<double> g, Span<double> direction)
    {
        if ((long)n * n < ParallelRowsMin)
        {
            for (int i = 0; i < n; i++)
            {
                direction[i] = -TP.Dot(h.Slice(i * n, n), g);
            }

            return;
        }

        fixed (double* hp = h, gp = g, dp = direction)
        {
            nint hAddr = (nint)hp, gAddr = (nint)gp, dAddr = (nint)dp;
            ParallelRows(n, (first, count) =>
            {
                var gs = new ReadOnlySpan<double>((double*)gAddr, n);
                for (int i = first; i < first + count; i++)
                {
                    ((double*)dAddr)[i] = -TP.Dot(new ReadOnlySpan<double>((double*)hAddr + ((long)i * n), n), gs);
                }
            });
        }
    }

    /// <summary>Sets H to γ I.</summary>
    public static void SetScaledIdentity(Span<double> h, int n, double gamma)
    {
        h.Clear();
        for (int i = 0; i < n; i++)
        {
            h[(i * n) + i] = gamma;
        }
    }
}
