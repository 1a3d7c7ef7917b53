using Adjoint.Optimize;

namespace Adjoint.Fit;

/// <summary>
/// The Trust Region Reflective method for bound-constrained nonlinear least squares, as scipy's <c>least_squares</c>
/// (<c>method='trf'</c>, <c>tr_solver='exact'</c>) implements it.
/// </summary>
/// <remarks>
/// <para>With bounds lb &lt;= x &lt;= ub, the Coleman-Li vector v (v_i = distance to the bound the anti-gradient points at,
/// or 1) turns the first-order conditions into v g = 0. In the scaled ("hat") variables x = D x_h with
/// D = diag(sqrt(v) * x_scale), the model Hessian is B_h = J_h^T J_h + C with J_h = J D and C = diag(g dv x_scale)
/// (diag_h), and each iteration solves the trust-region subproblem ||p_h|| &lt;= Delta exactly: the SVD of [J_h; C^1/2]
/// (from a QR factorization, both Math.NET) gives the Levenberg-Marquardt parameter alpha by Moré's Newton iteration on the
/// secular equation. A step that leaves the box is replaced by the best of three: the step cut back at the boundary
/// (times theta = max(0.995, 1 - ||v g||_inf)), its reflection at the first bound hit, and the constrained Cauchy step
/// along -g_h. Iterates stay strictly feasible. Without bounds this is the classical exact trust-region
/// Levenberg-Marquardt iteration.</para>
/// <para>Symbols: <c>Delta</c> trust radius, <c>alpha</c> LM parameter, <c>v, dv</c> Coleman-Li vector and its derivative,
/// <c>d</c> the scaling D, <c>diagH</c> C, <c>gH</c> = D g, <c>theta</c> the step-back ratio from the bounds.</para>
/// <para>References: M. A. Branch, T. F. Coleman, Y. Li, "A subspace, interior, and conjugate gradient method for
/// large-scale bound-constrained minimization problems", SIAM J. Sci. Comput. 21(1) (1999) 1-23; J. J. Moré, "The
/// Levenberg-Marquardt algorithm: implementation and theory", Lecture Notes in Mathematics 630 (1978).</para>
/// </remarks>
internal static class TrustRegionReflective
{
    private const double Eps = 2.220446049250313e-16;

    public static SolverOutcome Solve(LeastSquaresProblem model, double[] x0, LeastSquaresOptions o)
    {
        int m = model.M, n = model.N;
        var (lb, ub) = (model.Lower, model.Upper);
        bool bounded = model.IsBounded;
        var loss = o.Loss == LossFunction.Linear ? null : new RobustLoss(o.Loss, o.FScale);
        double ftol = o.FunctionTolerance, xtol = o.StepTolerance, gtol = o.GradientTolerance;
        int maxNfev = o.MaxFunctionEvaluations ?? 100 * n;

        var x = (double[])x0.Clone();
        var fTrue = new double[m];
        model.Evaluate(x, fTrue);
        int nfev = 1, njev = 0;
        if (!LevenbergMarquardt.AllFinite(fTrue))
        {
            return new SolverOutcome(x, fTrue, TerminationReason.NonFiniteValue, nfev, njev);
        }

        var jac = new double[m * n];
        model.Jacobian(x, jac);
        njev++;
        if (!LevenbergMarquardt.AllFinite(jac))
        {
            return new SolverOutcome(x, fTrue, TerminationReason.NonFiniteValue, nfev, njev);
        }

        var f = (double[])fTrue.Clone();
        double cost = loss is null ? 0.5 * Dot(f, f) : loss.ScaleInPlace(f, jac, n);
        var g = new double[n];
        Grad(jac, f, g, m, n);

        bool jacScale = o.XScale.IsJacobian;
        double[] scale, scaleInv;
        if (jacScale)
        {
            (scale, scaleInv) = JacScale(jac, m, n, null);
        }
        else
        {
            scale = o.XScale.Resolve(n);
            scaleInv = scale.Select(s => 1 / s).ToArray();
        }

        var v = new double[n];
        var dv = new double[n];
        double delta = 0;
        if (bounded)
        {
            ColemanLi(x, g, lb, ub, v, dv);
            for (int i = 0; i < n; i++)
            {
                double vi = dv[i] != 0 ? v[i] * scaleInv[i] : v[i];
                double t = x0[i] * scaleInv[i] / Math.Sqrt(vi);
                delta += t * t;
            }
        }
        else
        {
            for (int i = 0; i < n; i++)
            {
                double t = x0[i] * scaleInv[i];
                delta += t * t;
            }
        }

        delta = Math.Sqrt(delta);
        if (delta == 0 || !double.IsFinite(delta))
        {
            delta = 1.0;
        }

        int rows = bounded ? m + n : m;
        var jh = new double[m * n];
        var aug = new double[rows * n];
        var fAug = new double[rows];
        var d = new double[n];
        var diagH = new double[n];
        var gH = new double[n];
        var p = new double[n];
        var pH = new double[n];
        var step = new double[n];
        var stepH = new double[n];
        var xNew = new double[n];
        var fNew = new double[m];
        var work = new double[m];
        double alpha = 0, gNorm = 0;
        TerminationReason? status = null;

        while (true)
        {
            if (bounded)
            {
                ColemanLi(x, g, lb, ub, v, dv);
                gNorm = 0;
                for (int i = 0; i < n; i++)
                {
                    gNorm = Math.Max(gNorm, Math.Abs(g[i] * v[i]));
                }
            }
            else
            {
                gNorm = 0;
                for (int i = 0; i < n; i++)
                {
                    gNorm = Math.Max(gNorm, Math.Abs(g[i]));
                }
            }

            if (gNorm < gtol)
            {
                status = TerminationReason.GradientTolerance;
            }

            if (model.Report(x, fTrue, cost, gNorm) is { } stop && status is null)
            {
                status = stop;
            }

            if (status is not null || nfev >= maxNfev)
            {
                break;
            }

            for (int i = 0; i < n; i++)
            {
                if (bounded)
                {
                    double vi = dv[i] != 0 ? v[i] * scaleInv[i] : v[i];
                    d[i] = Math.Sqrt(vi) * scale[i];
                    diagH[i] = g[i] * dv[i] * scale[i];
                }
                else
                {
                    d[i] = scale[i];
                    diagH[i] = 0;
                }

                gH[i] = d[i] * g[i];
            }

            for (int j = 0; j < n; j++)
            {
                for (int i = 0; i < m; i++)
                {
                    jh[(j * m) + i] = jac[(j * m) + i] * d[j];
                }
            }

            Array.Clear(fAug);
            f.CopyTo(fAug, 0);
            if (bounded)
            {
                Array.Clear(aug);
                for (int j = 0; j < n; j++)
                {
                    Array.Copy(jh, j * m, aug, j * rows, m);
                    aug[(j * rows) + m + j] = Math.Sqrt(diagH[j]);
                }
            }
            else
            {
                Array.Copy(jh, aug, m * n);
            }

            var sub = TrustRegionSubproblem.Factor(aug, rows, n, fAug);
            double theta = Math.Max(0.995, 1 - gNorm);

            double actualReduction = -1, costNew = cost;
            while (actualReduction <= 0 && nfev < maxNfev)
            {
                alpha = sub.Solve(m, delta, alpha, pH);
                double predicted;
                for (int i = 0; i < n; i++)
                {
                    p[i] = d[i] * pH[i];
                }

                if (bounded)
                {
                    predicted = SelectStep(x, jh, m, diagH, gH, p, pH, d, delta, lb, ub, theta, step, stepH, work);
                }
                else
                {
                    p.CopyTo(step, 0);
                    pH.CopyTo(stepH, 0);
                    predicted = -EvaluateQuadratic(jh, m, gH, stepH, null, work);
                }

                for (int i = 0; i < n; i++)
                {
                    xNew[i] = x[i] + step[i];
                }

                if (bounded)
                {
                    MakeStrictlyFeasible(xNew, lb, ub, 0);
                }

                model.Evaluate(xNew, fNew);
                nfev++;
                double stepHNorm = Norm(stepH);
                if (!LevenbergMarquardt.AllFinite(fNew))
                {
                    delta = 0.25 * stepHNorm;
                    continue;
                }

                costNew = loss is null ? 0.5 * Dot(fNew, fNew) : loss.Cost(fNew);
                actualReduction = cost - costNew;
                var (deltaNew, ratio) = UpdateRadius(delta, actualReduction, predicted, stepHNorm, stepHNorm > 0.95 * delta);
                double stepNorm = Norm(step);
                status = CheckTermination(actualReduction, cost, stepNorm, Norm(x), ratio, ftol, xtol);
                if (status is not null)
                {
                    break;
                }

                alpha *= delta / deltaNew;
                delta = deltaNew;
            }

            if (actualReduction > 0)
            {
                xNew.CopyTo(x, 0);
                fNew.CopyTo(fTrue, 0);
                fNew.CopyTo(f, 0);
                cost = costNew;
                model.Jacobian(x, jac);
                njev++;
                if (loss is not null)
                {
                    loss.ScaleInPlace(f, jac, n);
                }

                Grad(jac, f, g, m, n);
                if (jacScale)
                {
                    (scale, scaleInv) = JacScale(jac, m, n, scaleInv);
                }
            }
        }

        status ??= TerminationReason.MaxEvaluations;
        var active = bounded ? FindActive(x, lb, ub, xtol) : new int[n];
        return new SolverOutcome(x, fTrue, status.Value, nfev, njev)
        {
            Jacobian = jac,
            Optimality = gNorm,
            ActiveMask = active,
            Cost = cost,
            Gradient = g,
        };
    }

    internal static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }

    internal static double Norm(ReadOnlySpan<double> a) => LevenbergMarquardt.Norm(a);

    /// <summary>g = J^T f for column-major J.</summary>
    internal static void Grad(double[] jac, ReadOnlySpan<double> f, Span<double> g, int m, int n)
    {
        for (int j = 0; j < n; j++)
        {
            g[j] = Dot(jac.AsSpan(j * m, m), f);
        }
    }

    /// <summary>scipy's compute_jac_scale: scale = 1 / column norms (never decreasing the norms after the first call).</summary>
    internal static (double[] Scale, double[] ScaleInv) JacScale(double[] jac, int m, int n, double[]? scaleInvOld)
    {
        var inv = new double[n];
        for (int j = 0; j < n; j++)
        {
            inv[j] = Norm(jac.AsSpan(j * m, m));
            if (scaleInvOld is null)
            {
                if (inv[j] == 0)
                {
                    inv[j] = 1;
                }
            }
            else
            {
                inv[j] = Math.Max(inv[j], scaleInvOld[j]);
            }
        }

        return (inv.Select(s => 1 / s).ToArray(), inv);
    }

    /// <summary>The Coleman-Li scaling vector v and its derivative dv (scipy's CL_scaling_vector).</summary>
    internal static void ColemanLi(double[] x, double[] g, double[] lb, double[] ub, double[] v, double[] dv)
    {
        for (int i = 0; i < x.Length; i++)
        {
            v[i] = 1;
            dv[i] = 0;
            if (g[i] < 0 && double.IsFinite(ub[i]))
            {
                v[i] = ub[i] - x[i];
                dv[i] = -1;
            }

            if (g[i] > 0 && double.IsFinite(lb[i]))
            {
                v[i] = x[i] - lb[i];
                dv[i] = 1;
            }
        }
    }

    /// <summary>0.5 s^T (J^T J + diag) s + g^T s.</summary>
    internal static double EvaluateQuadratic(double[] jac, int m, ReadOnlySpan<double> g, ReadOnlySpan<double> s, double[]? diag, double[] work)
    {
        int n = s.Length;
        Array.Clear(work, 0, m);
        for (int j = 0; j < n; j++)
        {
            double sj = s[j];
            if (sj == 0)
            {
                continue;
            }

            var col = jac.AsSpan(j * m, m);
            for (int i = 0; i < m; i++)
            {
                work[i] += col[i] * sj;
            }
        }

        double q = Dot(work.AsSpan(0, m), work.AsSpan(0, m));
        if (diag is not null)
        {
            for (int j = 0; j < n; j++)
            {
                q += s[j] * diag[j] * s[j];
            }
        }

        return (0.5 * q) + Dot(s, g);
    }

    /// <summary>
    /// The coefficients of f(t) = 0.5 (s0 + s t)^T (J^T J + diag)(s0 + s t) + g^T (s0 + s t) = a t^2 + b t + c.
    /// </summary>
    internal static (double A, double B, double C) BuildQuadratic1D(double[] jac, int m, double[] g, double[] s, double[]? diag, double[]? s0)
    {
        int n = s.Length;
        var jv = new double[m];
        var ju = new double[m];
        for (int j = 0; j < n; j++)
        {
            var col = jac.AsSpan(j * m, m);
            for (int i = 0; i < m; i++)
            {
                jv[i] += col[i] * s[j];
                if (s0 is not null)
                {
                    ju[i] += col[i] * s0[j];
                }
            }
        }

        double a = Dot(jv, jv);
        if (diag is not null)
        {
            for (int j = 0; j < n; j++)
            {
                a += s[j] * diag[j] * s[j];
            }
        }

        a *= 0.5;
        double b = Dot(g, s);
        double c = 0;
        if (s0 is not null)
        {
            b += Dot(ju, jv);
            c = (0.5 * Dot(ju, ju)) + Dot(g, s0);
            if (diag is not null)
            {
                for (int j = 0; j < n; j++)
                {
                    b += s0[j] * diag[j] * s[j];
                    c += 0.5 * s0[j] * diag[j] * s0[j];
                }
            }
        }

        return (a, b, c);
    }

    /// <summary>The minimum of a t^2 + b t + c on [lo, hi] (finite bounds): (t, value).</summary>
    internal static (double T, double Value) MinimizeQuadratic1D(double a, double b, double lo, double hi, double c)
    {
        double bestT = lo, best = (a * lo * lo) + (b * lo) + c;
        double vh = (a * hi * hi) + (b * hi) + c;
        if (vh < best)
        {
            best = vh;
            bestT = hi;
        }

        if (a != 0)
        {
            double e = -0.5 * b / a;
            if (lo < e && e < hi)
            {
                double ve = (a * e * e) + (b * e) + c;
                if (ve < best)
                {
                    best = ve;
                    bestT = e;
                }
            }
        }

        return (bestT, best);
    }

    /// <summary>The smallest t &gt;= 0 with x + t s on the boundary, and which variables hit it (-1 lower, 1 upper).</summary>
    internal static (double Step, int[] Hits) StepSizeToBound(double[] x, double[] s, double[] lb, double[] ub)
    {
        int n = x.Length;
        var steps = new double[n];
        double min = double.PositiveInfinity;
        for (int i = 0; i < n; i++)
        {
            steps[i] = s[i] == 0 ? double.PositiveInfinity : Math.Max((lb[i] - x[i]) / s[i], (ub[i] - x[i]) / s[i]);
            min = Math.Min(min, steps[i]);
        }

        var hits = new int[n];
        for (int i = 0; i < n; i++)
        {
            hits[i] = steps[i] == min ? Math.Sign(s[i]) : 0;
        }

        return (min, hits);
    }

    /// <summary>The roots t of ||x + s t|| = Delta for x inside the trust region: (negative, positive).</summary>
    internal static (double Neg, double Pos) IntersectTrustRegion(double[] x, double[] s, double delta)
    {
        double a = Dot(s, s);
        double b = Dot(x, s);
        double c = Dot(x, x) - (delta * delta);
        double dd = Math.Sqrt(Math.Max(0, (b * b) - (a * c)));
        double q = -(b + Math.CopySign(dd, b));
        double t1 = q / a, t2 = c / q;
        return t1 < t2 ? (t1, t2) : (t2, t1);
    }

    internal static int[] FindActive(double[] x, double[] lb, double[] ub, double rtol)
    {
        int n = x.Length;
        var active = new int[n];
        for (int i = 0; i < n; i++)
        {
            if (rtol == 0)
            {
                active[i] = x[i] <= lb[i] ? -1 : x[i] >= ub[i] ? 1 : 0;
                continue;
            }

            double lowerDist = x[i] - lb[i], upperDist = ub[i] - x[i];
            double lowerThr = rtol * Math.Max(1, Math.Abs(lb[i])), upperThr = rtol * Math.Max(1, Math.Abs(ub[i]));
            if (double.IsFinite(lb[i]) && lowerDist <= Math.Min(upperDist, lowerThr))
            {
                active[i] = -1;
            }

            if (double.IsFinite(ub[i]) && upperDist <= Math.Min(lowerDist, upperThr))
            {
                active[i] = 1;
            }
        }

        return active;
    }

    /// <summary>Moves x strictly inside the bounds (relative distance rstep, or the next float when rstep = 0).</summary>
    internal static void MakeStrictlyFeasible(double[] x, double[] lb, double[] ub, double rstep)
    {
        var active = FindActive(x, lb, ub, rstep);
        for (int i = 0; i < x.Length; i++)
        {
            if (active[i] == -1)
            {
                x[i] = rstep == 0 ? Math.BitIncrement(lb[i]) : lb[i] + (rstep * Math.Max(1, Math.Abs(lb[i])));
            }
            else if (active[i] == 1)
            {
                x[i] = rstep == 0 ? Math.BitDecrement(ub[i]) : ub[i] - (rstep * Math.Max(1, Math.Abs(ub[i])));
            }

            if (x[i] < lb[i] || x[i] > ub[i])
            {
                x[i] = 0.5 * (lb[i] + ub[i]);
            }
        }
    }

    /// <summary>scipy's update_tr_radius: shrink to a quarter of the step on poor agreement, double on good agreement at the boundary.</summary>
    internal static (double Delta, double Ratio) UpdateRadius(double delta, double actual, double predicted, double stepNorm, bool boundHit)
    {
        double ratio = predicted > 0 ? actual / predicted : 0;
        if (ratio < 0.25)
        {
            delta = 0.25 * stepNorm;
        }
        else if (ratio > 0.75 && boundHit)
        {
            delta *= 2.0;
        }

        return (delta, ratio);
    }

    /// <summary>scipy's check_termination (ftol: dF &lt; ftol F with ratio &gt; 0.25; xtol: ||dx|| &lt; xtol (xtol + ||x||)).</summary>
    internal static TerminationReason? CheckTermination(double dF, double F, double dxNorm, double xNorm, double ratio, double ftol, double xtol)
    {
        bool fOk = dF < ftol * F && ratio > 0.25;
        bool xOk = dxNorm < xtol * (xtol + xNorm);
        return fOk && xOk ? TerminationReason.FunctionAndStepTolerance
            : fOk ? TerminationReason.FunctionTolerance
            : xOk ? TerminationReason.StepTolerance
            : null;
    }

    /// <summary>
    /// Chooses among the trust-region step (cut at the boundary), its reflection and the constrained Cauchy step;
    /// writes the step and its hat-space form and returns the predicted reduction.
    /// </summary>
    private static double SelectStep(double[] x, double[] jh, int m, double[] diagH, double[] gH, double[] p, double[] pH, double[] d,
        double delta, double[] lb, double[] ub, double theta, double[] step, double[] stepH, double[] work)
    {
        int n = x.Length;
        bool inside = true;
        for (int i = 0; i < n; i++)
        {
            double xi = x[i] + p[i];
            inside &= xi >= lb[i] && xi <= ub[i];
        }

        if (inside)
        {
            p.CopyTo(step, 0);
            pH.CopyTo(stepH, 0);
            return -EvaluateQuadratic(jh, m, gH, pH, diagH, work);
        }

        var (pStride, hits) = StepSizeToBound(x, p, lb, ub);
        var rH = (double[])pH.Clone();
        var r = new double[n];
        for (int i = 0; i < n; i++)
        {
            if (hits[i] != 0)
            {
                rH[i] = -rH[i];
            }

            r[i] = d[i] * rH[i];
        }

        var pc = new double[n];
        var pcH = new double[n];
        var xOnBound = new double[n];
        for (int i = 0; i < n; i++)
        {
            pc[i] = p[i] * pStride;
            pcH[i] = pH[i] * pStride;
            xOnBound[i] = x[i] + pc[i];
        }

        var (_, toTr) = IntersectTrustRegion(pcH, rH, delta);
        var (toBound, _) = StepSizeToBound(xOnBound, r, lb, ub);
        double rStride = Math.Min(toBound, toTr);
        double rStrideL, rStrideU;
        if (rStride > 0)
        {
            rStrideL = (1 - theta) * pStride / rStride;
            rStrideU = rStride == toBound ? theta * toBound : toTr;
        }
        else
        {
            rStrideL = 0;
            rStrideU = -1;
        }

        double rValue = double.PositiveInfinity;
        if (rStrideL <= rStrideU)
        {
            var (a, b, c) = BuildQuadratic1D(jh, m, gH, rH, diagH, pcH);
            var (t, val) = MinimizeQuadratic1D(a, b, rStrideL, rStrideU, c);
            rValue = val;
            for (int i = 0; i < n; i++)
            {
                rH[i] = (rH[i] * t) + pcH[i];
                r[i] = rH[i] * d[i];
            }
        }

        for (int i = 0; i < n; i++)
        {
            pc[i] *= theta;
            pcH[i] *= theta;
        }

        double pValue = EvaluateQuadratic(jh, m, gH, pcH, diagH, work);

        var agH = new double[n];
        var ag = new double[n];
        for (int i = 0; i < n; i++)
        {
            agH[i] = -gH[i];
            ag[i] = d[i] * agH[i];
        }

        double toTr2 = delta / Norm(agH);
        var (toBound2, _) = StepSizeToBound(x, ag, lb, ub);
        double agStride = toBound2 < toTr2 ? theta * toBound2 : toTr2;
        var (a2, b2, _) = BuildQuadratic1D(jh, m, gH, agH, diagH, null);
        var (agT, agValue) = MinimizeQuadratic1D(a2, b2, 0, agStride, 0);
        for (int i = 0; i < n; i++)
        {
            agH[i] *= agT;
            ag[i] *= agT;
        }

        if (pValue < rValue && pValue < agValue)
        {
            pc.CopyTo(step, 0);
            pcH.CopyTo(stepH, 0);
            return -pValue;
        }

        if (rValue < pValue && rValue < agValue)
        {
            r.CopyTo(step, 0);
            rH.CopyTo(stepH, 0);
            return -rValue;
        }

        ag.CopyTo(step, 0);
        agH.CopyTo(stepH, 0);
        return -agValue;
    }
}

/// <summary>
/// The exact trust-region subproblem min ||f + A p||, ||p|| &lt;= Delta, solved from one SVD of A (scipy's
/// <c>solve_lsq_trust_region</c>, after Moré 1978), computed by <see cref="ReducedSvd"/>.
/// </summary>
internal sealed class TrustRegionSubproblem
{
    private const double Eps = 2.220446049250313e-16;
    private readonly double[] _s;
    private readonly double[] _uf;
    private readonly double[] _v; // n x n column-major: V[i, k] at i + k n
    private readonly int _n;

    private TrustRegionSubproblem(double[] s, double[] uf, double[] v, int n)
    {
        _s = s;
        _uf = uf;
        _v = v;
        _n = n;
    }

    /// <summary>Factors the column-major rows x n matrix a (destroyed) and projects f.</summary>
    public static TrustRegionSubproblem Factor(double[] a, int rows, int n, double[] f)
    {
        var (s, v, uf) = ReducedSvd.Decompose(a, rows, n, f);
        return new TrustRegionSubproblem(s, uf!, v, n);
    }

    /// <summary>Solves for the step p (written) with ||p|| &lt;= delta and returns the LM parameter alpha.</summary>
    /// <param name="m">The number of residuals (for the rank test).</param>
    /// <param name="delta">The trust radius.</param>
    /// <param name="initialAlpha">The previous alpha.</param>
    /// <param name="p">Receives the step.</param>
    public double Solve(int m, double delta, double initialAlpha, double[] p)
    {
        int n = _n, k = _s.Length;
        var suf = new double[k];
        for (int i = 0; i < k; i++)
        {
            suf[i] = _s[i] * _uf[i];
        }

        bool fullRank = m >= n && k == n && _s[k - 1] > Eps * m * _s[0];
        if (fullRank)
        {
            Combine(i => _uf[i] / _s[i], p, -1);
            if (TrustRegionReflective.Norm(p) <= delta)
            {
                return 0;
            }
        }

        double alphaUpper = TrustRegionReflective.Norm(suf) / delta;
        double alphaLower = 0;
        if (fullRank)
        {
            var (phi0, dphi0) = Phi(0, suf, delta);
            alphaLower = -phi0 / dphi0;
        }

        double alpha = !fullRank && initialAlpha == 0
            ? Math.Max(0.001 * alphaUpper, Math.Sqrt(alphaLower * alphaUpper))
            : initialAlpha;
        for (int it = 0; it < 10; it++)
        {
            if (alpha < alphaLower || alpha > alphaUpper)
            {
                alpha = Math.Max(0.001 * alphaUpper, Math.Sqrt(alphaLower * alphaUpper));
            }

            var (phi, dphi) = Phi(alpha, suf, delta);
            if (phi < 0)
            {
                alphaUpper = alpha;
            }

            double ratio = phi / dphi;
            alphaLower = Math.Max(alphaLower, alpha - ratio);
            alpha -= (phi + delta) * ratio / delta;
            if (Math.Abs(phi) < 0.01 * delta)
            {
                break;
            }
        }

        double a = alpha;
        Combine(i => suf[i] / ((_s[i] * _s[i]) + a), p, -1);
        double pn = TrustRegionReflective.Norm(p);
        if (pn > 0)
        {
            for (int i = 0; i < n; i++)
            {
                p[i] *= delta / pn;
            }
        }

        return alpha;
    }

    private (double Phi, double DPhi) Phi(double alpha, double[] suf, double delta)
    {
        double pn2 = 0, dsum = 0;
        for (int i = 0; i < suf.Length; i++)
        {
            double den = (_s[i] * _s[i]) + alpha;
            double q = suf[i] / den;
            pn2 += q * q;
            dsum += suf[i] * suf[i] / (den * den * den);
        }

        double pn = Math.Sqrt(pn2);
        return (pn - delta, -dsum / pn);
    }

    /// <summary>p = sign * V c, with c_i from the coefficient function.</summary>
    private void Combine(Func<int, double> coef, double[] p, double sign)
    {
        int n = _n, k = _s.Length;
        Array.Clear(p, 0, n);
        for (int c = 0; c < k; c++)
        {
            double w = sign * coef(c);
            for (int i = 0; i < n; i++)
            {
                p[i] += _v[i + (c * n)] * w;
            }
        }
    }
}
