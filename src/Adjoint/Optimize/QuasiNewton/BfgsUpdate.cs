using System.Runtime.Intrinsics;

namespace Adjoint.Optimize.QuasiNewton;

// Symbols (Nocedal & Wright, Section 6.1): H the inverse-Hessian approximation, s = x_{k+1} - x_k, y = ∇f_{k+1} - ∇f_k,
// ρ = 1 / (yᵀs).

/// <summary>
/// The BFGS update of a dense inverse-Hessian approximation in O(n²) with rank-2 vector operations, on the upper
/// triangle of a row-major n×n array.
/// </summary>
/// <remarks>
/// <para>H⁺ = (I - ρ s yᵀ) H (I - ρ y sᵀ) + ρ s sᵀ expands (with H symmetric, u = H y) to
/// H⁺ = H - ρ (s uᵀ + u sᵀ) + (ρ² yᵀu + ρ) s sᵀ: one matrix-vector product and one rank-2 update, never an n×n
/// matrix product (which would cost O(n³)).</para>
/// <para>H is symmetric, so only the entries H[i, j] with j ≥ i are kept current (the strict lower triangle of the
/// array is not read); <see cref="MirrorUpper"/> completes the matrix when it is handed out. A product reads each
/// stored entry once for both H[i, j] v[j] (row i) and H[j, i] v[i] (column i), so a product with an update reads and
/// writes n²/2 entries instead of n²: BFGS at n in the thousands is bound by that memory traffic.</para>
/// <para>References: Nocedal &amp; Wright (2006), Eq. (6.17).</para>
/// </remarks>
internal static class BfgsUpdate
{
    /// <summary>Matrices with at least this many entries split row loops over the cores.</summary>
    private const long ParallelRowsMin = 1L << 16;

    /// <summary>The second thread's column contributions (reused per calling thread).</summary>
    [ThreadStatic]
    private static double[]? t_partial;

    /// <summary>H += (c s - ρ u) sᵀ - ρ s uᵀ on the upper triangle.</summary>
    internal static unsafe void RankTwo(Span<double> h, int n, ReadOnlySpan<double> s, ReadOnlySpan<double> u, double c, double rho)
    {
        fixed (double* hp = h, sp = s, up = u)
        {
            for (int i = 0; i < n; i++)
            {
                double a = (c * sp[i]) - (rho * up[i]), b = -rho * sp[i];
                double* row = hp + ((long)i * n);
                for (int j = i; j < n; j++)
                {
                    row[j] += (a * sp[j]) + (b * up[j]);
                }
            }
        }
    }

    /// <summary>Copies the upper triangle onto the lower one, making the array the full symmetric matrix.</summary>
    internal static void MirrorUpper(Span<double> h, int n)
    {
        for (int i = 1; i < n; i++)
        {
            for (int j = 0; j < i; j++)
            {
                h[(i * n) + j] = h[(j * n) + i];
            }
        }
    }

    /// <summary>
    /// result = H v with the current entries, and in the same pass H += (c s - ρ u) sᵀ - ρ s uᵀ: a product and a deferred
    /// rank-two update for the cost of one read and one write of the upper triangle.
    /// </summary>
    internal static void MultiplyThenUpdate(Span<double> h, int n, ReadOnlySpan<double> v, Span<double> result,
        ReadOnlySpan<double> s, ReadOnlySpan<double> u, double c, double rho) =>
        SymmetricPass(h, n, v, result, s, u, c, rho, update: true);

    /// <summary>Writes -H g into <paramref name="direction"/>.</summary>
    public static void Direction(Span<double> h, int n, ReadOnlySpan<double> g, Span<double> direction)
    {
        SymmetricPass(h, n, g, direction, default, default, 0, 0, update: false);
        for (int i = 0; i < n; i++)
        {
            direction[i] = -direction[i];
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

    /// <summary>
    /// result = H v from the upper triangle and, when <paramref name="update"/>, the rank-two update of the entries read.
    /// Rows are split between two threads at equal entry counts; each accumulates the column contributions H[i, j] v[i]
    /// into a private vector, added at the end.
    /// </summary>
    private static unsafe void SymmetricPass(Span<double> h, int n, ReadOnlySpan<double> v, Span<double> result,
        ReadOnlySpan<double> s, ReadOnlySpan<double> u, double c, double rho, bool update)
    {
        result.Clear();
        fixed (double* hp = h, vp = v, rp = result, sp = s, up = u)
        {
            if ((long)n * n < ParallelRowsMin || Environment.ProcessorCount < 2)
            {
                Rows(hp, n, vp, rp, sp, up, c, rho, update, 0, n);
                return;
            }

            // Rows [0, split) hold about half of the n(n+1)/2 stored entries: (n - split)² ≈ n²/2.
            int split = Math.Clamp((int)Math.Round(n * (1 - Math.Sqrt(0.5))), 1, n - 1);
            if (t_partial is null || t_partial.Length < n)
            {
                t_partial = new double[n];
            }

            var partial = t_partial;
            Array.Clear(partial, 0, n);
            nint hAddr = (nint)hp, vAddr = (nint)vp, rAddr = (nint)rp, sAddr = (nint)sp, uAddr = (nint)up;
            Parallel.For(0, 2, part =>
            {
                fixed (double* other = partial)
                {
                    double* target = part == 0 ? (double*)rAddr : other;
                    int first = part == 0 ? 0 : split, last = part == 0 ? split : n;
                    Rows((double*)hAddr, n, (double*)vAddr, target, (double*)sAddr, (double*)uAddr, c, rho, update, first, last);
                }
            });
            for (int i = 0; i < n; i++)
            {
                rp[i] += partial[i];
            }
        }
    }

    /// <summary>Rows [first, last) of the symmetric pass, accumulating into <paramref name="r"/> (zeroed by the caller).</summary>
    private static unsafe void Rows(double* h, int n, double* v, double* r, double* s, double* u, double c, double rho, bool update, int first, int last)
    {
        for (int i = first; i < last; i++)
        {
            double* row = h + ((long)i * n);
            double vi = v[i];
            double a = update ? (c * s[i]) - (rho * u[i]) : 0, b = update ? -rho * s[i] : 0;
            double diagonal = row[i];
            double dot = diagonal * vi;
            if (update)
            {
                row[i] = diagonal + (a * s[i]) + (b * u[i]);
            }

            int j = i + 1;
            dot += update ? RowTail<WithUpdate>(row, v, r, s, u, vi, a, b, j, n) : RowTail<ProductOnly>(row, v, r, s, u, vi, a, b, j, n);
            r[i] += dot;
        }
    }

    /// <summary>
    /// Returns Σ row[j] v[j] over [j0, n) while adding row[j] vi to r[j], and (for <typeparamref name="TMode"/> =
    /// <see cref="WithUpdate"/>) then row[j] += a s[j] + b u[j].
    /// </summary>
    private static unsafe double RowTail<TMode>(double* row, double* v, double* r, double* s, double* u, double vi, double a, double b, int j0, int n)
        where TMode : IRowMode
    {
        int j = j0;
        double dot = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var viv = Vector512.Create(vi);
            var av = Vector512.Create(a);
            var bv = Vector512.Create(b);
            Vector512<double> acc0 = default, acc1 = default;
            for (; j <= n - 16; j += 16)
            {
                var h0 = Vector512.Load(row + j);
                var h1 = Vector512.Load(row + j + 8);
                acc0 = Vector512.FusedMultiplyAdd(h0, Vector512.Load(v + j), acc0);
                acc1 = Vector512.FusedMultiplyAdd(h1, Vector512.Load(v + j + 8), acc1);
                Vector512.FusedMultiplyAdd(h0, viv, Vector512.Load(r + j)).Store(r + j);
                Vector512.FusedMultiplyAdd(h1, viv, Vector512.Load(r + j + 8)).Store(r + j + 8);
                if (TMode.Update)
                {
                    Vector512.FusedMultiplyAdd(Vector512.Load(u + j), bv, Vector512.FusedMultiplyAdd(Vector512.Load(s + j), av, h0)).Store(row + j);
                    Vector512.FusedMultiplyAdd(Vector512.Load(u + j + 8), bv, Vector512.FusedMultiplyAdd(Vector512.Load(s + j + 8), av, h1)).Store(row + j + 8);
                }
            }

            dot = Vector512.Sum(acc0 + acc1);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var viv = Vector256.Create(vi);
            var av = Vector256.Create(a);
            var bv = Vector256.Create(b);
            Vector256<double> acc0 = default;
            for (; j <= n - 4; j += 4)
            {
                var h0 = Vector256.Load(row + j);
                acc0 = Vector256.FusedMultiplyAdd(h0, Vector256.Load(v + j), acc0);
                Vector256.FusedMultiplyAdd(h0, viv, Vector256.Load(r + j)).Store(r + j);
                if (TMode.Update)
                {
                    Vector256.FusedMultiplyAdd(Vector256.Load(u + j), bv, Vector256.FusedMultiplyAdd(Vector256.Load(s + j), av, h0)).Store(row + j);
                }
            }

            dot = Vector256.Sum(acc0);
        }

        for (; j < n; j++)
        {
            double hj = row[j];
            dot += hj * v[j];
            r[j] += hj * vi;
            if (TMode.Update)
            {
                row[j] = hj + (a * s[j]) + (b * u[j]);
            }
        }

        return dot;
    }

    /// <summary>Whether a row pass also applies the rank-two update (a constant the JIT folds per instantiation).</summary>
    private interface IRowMode
    {
        static abstract bool Update { get; }
    }

    /// <summary>Product and update.</summary>
    private readonly struct WithUpdate : IRowMode
    {
        public static bool Update => true;
    }

    /// <summary>Product only.</summary>
    private readonly struct ProductOnly : IRowMode
    {
        public static bool Update => false;
    }
}
