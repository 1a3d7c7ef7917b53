using Adjoint.Optimize.QuasiNewton;

namespace Adjoint.Optimize.Methods.LBfgsB;

// Symbols (Byrd, Lu, Nocedal, Zhu 1995, Section 5.1): Z the free variables at the Cauchy point x^c,
// r^c = Zᵀ(g + θ(x^c - x) - W M c) the reduced gradient, B̂ = ZᵀBZ = θI - ZᵀW M WᵀZ the reduced matrix,
// d^u = -B̂⁻¹ r^c by Sherman-Morrison-Woodbury:
// B̂⁻¹ = I/θ + ZᵀW (I - M WᵀZZᵀW / θ)⁻¹ M WᵀZ / θ².

/// <summary>
/// Direct primal subspace minimization: minimizes the quadratic model over the variables that are free at the Cauchy
/// point, then returns to the box (L-BFGS-B 3.0: project onto the box and keep the projection if it is a descent
/// direction, otherwise truncate the step at the first bound as in the original algorithm).
/// </summary>
/// <remarks>References: Byrd, Lu, Nocedal, Zhu (1995), Section 5.1; Morales and Nocedal (2011), "Remark on Algorithm 778",
/// ACM TOMS 38(1).</remarks>
internal static class SubspaceMinimization
{
    /// <summary>Writes the subspace minimizer x̄ into <paramref name="xbar"/>, with scratch vectors from <paramref name="work"/>.</summary>
    public static void Compute(ReadOnlySpan<double> x, ReadOnlySpan<double> g, double[]? lower, double[]? upper,
        CompactRepresentation b, ReadOnlySpan<double> xcp, ReadOnlySpan<double> c, Span<double> xbar, StepWorkspace work)
    {
        int n = x.Length, k = b.Pairs, k2 = 2 * k;
        double theta = b.Theta;
        xcp.CopyTo(xbar);
        var free = work.Free;
        int freeCount = 0;
        for (int i = 0; i < n; i++)
        {
            bool f = lower is null || upper is null || (xcp[i] > lower[i] && xcp[i] < upper[i]);
            free[i] = f;
            freeCount += f ? 1 : 0;
        }

        if (freeCount == 0)
        {
            return;
        }

        // r = Zᵀ(g + θ(x^c - x) - W M c), kept as a full-length vector with zeros at active variables.
        var mc = new double[k2];
        b.MultiplyM(c, mc);
        var r = work.ReducedGradient;
        var wmc = work.WProduct;
        if (k > 0)
        {
            b.WMultiply(mc, wmc);
        }
        else
        {
            Array.Clear(wmc, 0, n);
        }

        for (int i = 0; i < n; i++)
        {
            r[i] = free[i] ? g[i] + (theta * (xcp[i] - x[i])) - wmc[i] : 0;
        }

        var du = work.SubspaceStep;
        if (k == 0)
        {
            for (int i = 0; i < n; i++)
            {
                du[i] = free[i] ? -r[i] / theta : 0;
            }
        }
        else
        {
            var v = new double[k2];
            b.WTranspose(r, v);          // WᵀZ r (r vanishes off the free set)
            var mv = new double[k2];
            b.MultiplyM(v, mv);
            var gram = b.FreeGram(free, freeCount);
            // N = I - M (WᵀZZᵀW) / θ
            var nmat = new double[k2, k2];
            var col = new double[k2];
            var mcol = new double[k2];
            for (int j = 0; j < k2; j++)
            {
                for (int i = 0; i < k2; i++)
                {
                    col[i] = gram[i, j];
                }

                b.MultiplyM(col, mcol);
                for (int i = 0; i < k2; i++)
                {
                    nmat[i, j] = (i == j ? 1 : 0) - (mcol[i] / theta);
                }
            }

            if (!SmallDense.Solve(nmat, k2, mv))
            {
                mv.AsSpan().Clear();
            }

            var zw = wmc;
            b.WMultiply(mv, zw);
            for (int i = 0; i < n; i++)
            {
                du[i] = free[i] ? (-r[i] / theta) - (zw[i] / (theta * theta)) : 0;
            }
        }

        // L-BFGS-B 3.0: try the projection of x^c + d^u onto the box.
        double slope = 0;
        for (int i = 0; i < n; i++)
        {
            double xi = xcp[i] + du[i];
            if (free[i] && lower is not null && upper is not null)
            {
                xi = Math.Clamp(xi, lower[i], upper[i]);
            }

            xbar[i] = free[i] ? xi : xcp[i];
            slope += (xbar[i] - x[i]) * g[i];
        }

        if (slope < 0 || lower is null || upper is null)
        {
            return;
        }

        // Otherwise truncate: the largest α ≤ 1 with x^c + α d^u inside the box.
        double alpha = 1;
        for (int i = 0; i < n; i++)
        {
            if (!free[i] || du[i] == 0)
            {
                continue;
            }

            double room = du[i] < 0 ? lower[i] - xcp[i] : upper[i] - xcp[i];
            alpha = Math.Min(alpha, room / du[i]);
        }

        alpha = Math.Max(alpha, 0);
        for (int i = 0; i < n; i++)
        {
            xbar[i] = free[i] ? Math.Clamp(xcp[i] + (alpha * du[i]), lower[i], upper[i]) : xcp[i];
        }
    }
}
