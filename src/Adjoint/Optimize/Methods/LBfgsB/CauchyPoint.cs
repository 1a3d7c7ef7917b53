namespace Adjoint.Optimize.Methods.LBfgsB;

// Symbols (Byrd, Lu, Nocedal, Zhu 1995, Section 4): t_i breakpoints, d the projected steepest-descent direction
// (d_i = -g_i until variable i hits its bound), x^c the generalized Cauchy point, p = Wᵀd, c = Wᵀ(x^c - x),
// f' and f'' the first and second derivatives of the quadratic model along the current path segment.

/// <summary>
/// The generalized Cauchy point: the first local minimizer of the quadratic model m(x) = gᵀ(x - x_k) + ½(x - x_k)ᵀB(x - x_k)
/// along the projected steepest-descent path P(x_k - t g), examined segment by segment between breakpoints.
/// </summary>
/// <remarks>References: Byrd, Lu, Nocedal, Zhu (1995), Algorithm CP (Section 4, Eqs. 4.3-4.11).</remarks>
internal static class CauchyPoint
{
    /// <summary>Computes x^c into <paramref name="xcp"/> and c = Wᵀ(x^c - x) into <paramref name="c"/>, with scratch vectors from <paramref name="work"/>.</summary>
    public static void Compute(ReadOnlySpan<double> x, ReadOnlySpan<double> g, double[]? lower, double[]? upper,
        CompactRepresentation b, Span<double> xcp, Span<double> c, double epsilon, StepWorkspace work)
    {
        int n = x.Length, k2 = 2 * b.Pairs;
        double theta = b.Theta;
        x.CopyTo(xcp);
        c[..k2].Clear();
        var d = work.Direction;
        var t = work.Breakpoints;
        var breakpoints = work.Order;
        breakpoints.Clear();
        double fp = 0;
        for (int i = 0; i < n; i++)
        {
            double ti = double.PositiveInfinity;
            if (lower is not null && upper is not null)
            {
                if (g[i] < 0 && upper[i] < double.PositiveInfinity)
                {
                    ti = (x[i] - upper[i]) / g[i];
                }
                else if (g[i] > 0 && lower[i] > double.NegativeInfinity)
                {
                    ti = (x[i] - lower[i]) / g[i];
                }
            }

            t[i] = ti;
            d[i] = ti == 0 ? 0 : -g[i];
            fp -= d[i] * d[i];
            if (ti > 0 && ti < double.PositiveInfinity)
            {
                breakpoints.Add(i);
            }
        }

        if (fp == 0)
        {
            return; // the projected gradient is zero: x is its own Cauchy point
        }

        var p = new double[k2];
        b.WTranspose(d, p);
        double fpp = (-theta * fp) - b.MInner(p, p);
        double fppOriginal = fpp;
        double dtMin = fpp > 0 ? -fp / fpp : double.PositiveInfinity;
        double tOld = 0;
        breakpoints.Sort((i, j) => t[i].CompareTo(t[j]));
        var w = new double[k2];
        var mc = new double[k2];
        var mp = new double[k2];
        var mw = new double[k2];
        int next = 0;
        while (next < breakpoints.Count)
        {
            int bi = breakpoints[next];
            double dt = t[bi] - tOld;
            if (dtMin < dt)
            {
                break;
            }

            // Move to the breakpoint: variable bi becomes fixed at its bound.
            double xb = d[bi] > 0 ? upper![bi] : lower![bi];
            double zb = xb - x[bi];
            xcp[bi] = xb;
            for (int j = 0; j < k2; j++)
            {
                c[j] += dt * p[j];
            }

            double gb = g[bi];
            b.Row(bi, w);
            b.MultiplyM(c, mc);
            b.MultiplyM(p, mp);
            b.MultiplyM(w, mw);
            double wMc = 0, wMp = 0, wMw = 0;
            for (int j = 0; j < k2; j++)
            {
                wMc += w[j] * mc[j];
                wMp += w[j] * mp[j];
                wMw += w[j] * mw[j];
            }

            fp += (dt * fpp) + (gb * gb) + (theta * gb * zb) - (gb * wMc);
            fpp -= (theta * gb * gb) + (2 * gb * wMp) + (gb * gb * wMw);
            fpp = Math.Max(epsilon * fppOriginal, fpp);
            for (int j = 0; j < k2; j++)
            {
                p[j] += gb * w[j];
            }

            d[bi] = 0;
            tOld = t[bi];
            next++;
            dtMin = fp >= 0 ? 0 : fpp > 0 ? -fp / fpp : double.PositiveInfinity;
        }

        if (double.IsPositiveInfinity(dtMin))
        {
            // Unbounded model along the remaining path (cannot happen with B positive definite); stop at the last breakpoint.
            dtMin = 0;
        }

        dtMin = Math.Max(dtMin, 0);
        tOld += dtMin;
        for (int i = 0; i < n; i++)
        {
            if (d[i] != 0)
            {
                xcp[i] = x[i] + (tOld * d[i]);
            }
        }

        for (int j = 0; j < k2; j++)
        {
            c[j] += dtMin * p[j];
        }

        if (lower is not null && upper is not null)
        {
            for (int i = 0; i < n; i++)
            {
                xcp[i] = Math.Clamp(xcp[i], lower[i], upper[i]);
            }
        }
    }
}
