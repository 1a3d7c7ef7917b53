namespace Adjoint.Optimize.Methods.TrustConstr;

/// <summary>
/// The tangential (horizontal) step: projected conjugate gradient on min ½ xᵀH x + cᵀx subject to A x = -b,
/// ‖x‖ ≤ Δ and lb ≤ x ≤ ub, with every residual projected onto the null space of A.
/// </summary>
/// <remarks>
/// Starts from the minimum-norm feasible point -Aᵀ(AAᵀ)⁻¹b and runs at most n - m CG iterations (the dimension of the
/// null space); stops when the projected residual's squared norm falls below max(min(0.01‖g₀‖, 0.1‖g₀‖²), 1e-25),
/// at negative curvature (moving to the boundary of the region along the direction) or when a step would leave the
/// ball (cut at the boundary, Steihaug's rule). A point outside the box is replaced by the last feasible point on the
/// CG path (Conn, Gould, Toint 2000, section 15.4 for the projected CG; the box rule of Byrd, Hribar, Nocedal 1999).
/// <para>References: Gould, Hribar, Nocedal (2001), Algorithm II; Nocedal &amp; Wright (2006), Algorithm 16.2.</para>
/// </remarks>
internal static class ProjectedCg
{
    private const double CloseToZero = 1e-25;

    /// <summary>How a projected CG run ended (scipy's <c>cg_stop_cond</c> numbering).</summary>
    public enum Stop
    {
        /// <summary>No iteration was needed or run.</summary>
        None = 0,

        /// <summary>The iteration limit (n - m) was reached.</summary>
        IterationLimit = 1,

        /// <summary>The trust-region boundary was reached.</summary>
        Boundary = 2,

        /// <summary>Negative curvature was found.</summary>
        NegativeCurvature = 3,

        /// <summary>The projected residual met the tolerance.</summary>
        Converged = 4,
    }

    /// <summary>The CG iterations run, how the run ended and whether the step reached the region's boundary.</summary>
    public readonly record struct Info(int Iterations, Stop Stop, bool HitsBoundary);

    /// <summary>Writes the step into <paramref name="x"/> (length n).</summary>
    public static Info Solve(LinearMap h, ReadOnlySpan<double> c, IConstraintOperator projections, int m,
        ReadOnlySpan<double> b, double radius, ReadOnlySpan<double> lb, ReadOnlySpan<double> ub, Span<double> x)
    {
        int n = c.Length;
        projections.RowSpace(b, x);
        for (int i = 0; i < n; i++)
        {
            x[i] = -x[i];
        }

        var hx = new double[n];
        var r = new double[n];
        if (DenseOps.InfNorm(x) > 0)
        {
            h(x, hx);
        }

        for (int i = 0; i < n; i++)
        {
            hx[i] += c[i];
        }

        projections.NullSpace(hx, r);
        var g = new double[n];
        projections.NullSpace(r, g);
        var p = new double[n];
        for (int i = 0; i < n; i++)
        {
            p[i] = -g[i];
        }

        double rtg = DenseOps.Dot(g, g);
        double distance = radius - DenseOps.Norm(x);
        if (distance < 0)
        {
            throw new InvalidOperationException("The tangential subproblem has no solution: its starting point lies outside the trust region.");
        }

        if (distance < CloseToZero)
        {
            return new Info(0, Stop.Boundary, true);
        }

        var hp = new double[n];
        double tol = Math.Max(Math.Min(0.01 * Math.Sqrt(rtg), 0.1 * rtg), CloseToZero);
        int maxIter = Math.Max(n - m, 0);
        int maxInfeasible = maxIter;
        bool hitsBoundary = false;
        var stop = Stop.IterationLimit;
        int counter = 0, k = 0;
        var lastFeasible = new double[n];
        var xNext = new double[n];
        var step = new double[n];
        var rNext = new double[n];
        var gNext = new double[n];
        for (int it = 0; it < maxIter; it++)
        {
            if (rtg < tol)
            {
                stop = Stop.Converged;
                break;
            }

            k++;
            h(p, hp);
            double pHp = DenseOps.Dot(hp, p);
            if (pHp <= 0)
            {
                var (_, alphaEdge, meets) = StepGeometry.BoxSphere(x, p, lb, ub, radius, entireLine: true);
                if (meets)
                {
                    for (int i = 0; i < n; i++)
                    {
                        x[i] += alphaEdge * p[i];
                    }
                }

                StepGeometry.Clip(x, lb, ub);
                stop = Stop.NegativeCurvature;
                hitsBoundary = true;
                break;
            }

            double alpha = rtg / pHp;
            for (int i = 0; i < n; i++)
            {
                step[i] = alpha * p[i];
                xNext[i] = x[i] + step[i];
            }

            if (DenseOps.Norm(xNext) >= radius)
            {
                var (_, theta, meets) = StepGeometry.BoxSphere(x, step, lb, ub, radius);
                if (meets)
                {
                    for (int i = 0; i < n; i++)
                    {
                        x[i] += theta * step[i];
                    }
                }

                StepGeometry.Clip(x, lb, ub);
                stop = Stop.Boundary;
                hitsBoundary = true;
                break;
            }

            counter = StepGeometry.Inside(xNext, lb, ub) ? 0 : counter + 1;
            if (counter > 0)
            {
                var (_, theta, meets) = StepGeometry.BoxSphere(x, step, lb, ub, radius);
                if (meets)
                {
                    for (int i = 0; i < n; i++)
                    {
                        lastFeasible[i] = x[i] + (theta * step[i]);
                    }

                    StepGeometry.Clip(lastFeasible, lb, ub);
                    counter = 0;
                }
            }

            if (counter > maxInfeasible)
            {
                break;
            }

            for (int i = 0; i < n; i++)
            {
                rNext[i] = r[i] + (alpha * hp[i]);
            }

            projections.NullSpace(rNext, gNext);
            double rtgNext = DenseOps.Dot(gNext, gNext);
            double beta = rtgNext / rtg;
            for (int i = 0; i < n; i++)
            {
                p[i] = -gNext[i] + (beta * p[i]);
                x[i] = xNext[i];
                g[i] = gNext[i];
                r[i] = gNext[i];
            }

            rtg = rtgNext;
        }

        if (!StepGeometry.Inside(x, lb, ub))
        {
            lastFeasible.CopyTo(x);
            hitsBoundary = true;
        }

        return new Info(k, stop, hitsBoundary);
    }
}
