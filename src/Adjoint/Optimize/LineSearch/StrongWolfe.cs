namespace Adjoint.Optimize.LineSearch;

// Symbols: α (stp) the trial step, φ(α) = f(x + α d), c1 (FunctionTolerance, "ftol" in MINPACK), c2 (CurvatureTolerance,
// "gtol"), [αl, αu] (stx, sty) the interval of uncertainty with αl the best step so far, ψ(α) = φ(α) - φ(0) - c1 α φ'(0)
// the auxiliary function of the first stage.

/// <summary>
/// The Moré-Thuente line search: finds a step satisfying the strong Wolfe conditions
/// φ(α) ≤ φ(0) + c1 α φ'(0) and |φ'(α)| ≤ c2 |φ'(0)| with safeguarded cubic and quadratic interpolation.
/// </summary>
/// <remarks>
/// <para>Algorithm: the interval of uncertainty [αl, αu] is updated from each trial; while no trial has satisfied
/// ψ(α) ≤ 0 with φ'(α) ≥ 0, steps are chosen on the auxiliary function ψ, afterwards on φ itself. Trial steps come from
/// the minimizers of cubic and quadratic interpolants (the four cases of Moré and Thuente, Section 4), extrapolate by at
/// most a factor of 4 until a minimizer is bracketed, and bisect when the interval fails to shrink by a third.
/// A non-finite φ(α) shrinks the step halfway back to αl, so the search backs off from regions where the objective
/// overflows. This is the search of scipy's BFGS/CG (MINPACK-2 dcsrch) and of L-BFGS-B.</para>
/// <para>References: J. J. Moré and D. J. Thuente, "Line search algorithms with guaranteed sufficient decrease",
/// ACM TOMS 20(3), 1994. Nocedal &amp; Wright (2006), Section 3.5.</para>
/// </remarks>
public sealed class StrongWolfe : ILineSearch
{
    /// <summary>Creates the search.</summary>
    /// <param name="c1">Sufficient-decrease constant (scipy <c>c1</c>, default 1e-4).</param>
    /// <param name="c2">Curvature constant (scipy <c>c2</c>, default 0.9; CG uses 0.4).</param>
    /// <param name="xtol">Relative width of the interval of uncertainty at which the search gives up (0.1 in L-BFGS-B, 1e-14 in scipy's BFGS).</param>
    /// <param name="maxEvaluations">Maximum evaluations of φ (scipy <c>maxls</c>).</param>
    /// <param name="minStep">
    /// The smallest step tried (MINPACK's <c>stpmin</c>; scipy's <c>amin</c>, 1e-8 in Newton-CG, 1e-100 in BFGS and CG). When
    /// the search is driven down to it without satisfying the conditions, it ends with <see cref="LineSearchStatus.IntervalTooSmall"/>.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException">0 &lt; c1 &lt; c2 &lt; 1 does not hold, or a bad limit.</exception>
    public StrongWolfe(double c1 = 1e-4, double c2 = 0.9, double xtol = 1e-14, int maxEvaluations = 100, double minStep = 0)
    {
        if (!(c1 > 0 && c1 < c2 && c2 < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(c1), $"StrongWolfe needs 0 < c1 < c2 < 1; got c1={c1}, c2={c2}.");
        }

        if (!(xtol >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(xtol), xtol, "xtol must be non-negative.");
        }

        if (!(minStep >= 0 && double.IsFinite(minStep)))
        {
            throw new ArgumentOutOfRangeException(nameof(minStep), minStep, "minStep must be non-negative and finite.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(maxEvaluations, 1);
        MinStep = minStep;
        C1 = c1;
        C2 = c2;
        Xtol = xtol;
        MaxEvaluations = maxEvaluations;
    }

    /// <summary>Sufficient-decrease constant c1.</summary>
    public double C1 { get; }

    /// <summary>Curvature constant c2.</summary>
    public double C2 { get; }

    /// <summary>Relative interval width tolerance.</summary>
    public double Xtol { get; }

    /// <summary>Maximum evaluations of φ.</summary>
    public int MaxEvaluations { get; }

    /// <summary>The smallest step tried.</summary>
    public double MinStep { get; }

    /// <inheritdoc/>
    public LineSearchResult Search(ILineFunction phi, double phi0, double dphi0, double initialStep, double maxStep = double.PositiveInfinity)
    {
        ArgumentNullException.ThrowIfNull(phi);
        if (!(dphi0 < 0))
        {
            return new LineSearchResult(0, phi0, dphi0, 0, LineSearchStatus.NotDescent);
        }

        const double xtrapl = 1.1, xtrapu = 4.0;
        double stpmin = MinStep, stpmax = maxStep;
        double stp = Math.Min(Math.Max(initialStep, 0), stpmax);
        if (!(stp > 0) || stp < stpmin)
        {
            return new LineSearchResult(0, phi0, dphi0, 0, LineSearchStatus.IntervalTooSmall);
        }

        double gtest = C1 * dphi0;
        double width = stpmax - stpmin, width1 = 2 * width;
        bool brackt = false, stage1 = true;
        double stx = 0, fx = phi0, gx = dphi0;
        double sty = 0, fy = phi0, gy = dphi0;
        double stmin = 0, stmax = stp + (xtrapu * stp);
        int evals = 0;
        bool anyFinite = false;

        while (true)
        {
            double f = phi.Evaluate(stp, out double g);
            evals++;
            if (!double.IsFinite(f) || !double.IsFinite(g))
            {
                // Back off toward the best step: the objective overflowed or is undefined here.
                if (evals >= MaxEvaluations)
                {
                    return Best(anyFinite ? LineSearchStatus.MaxEvaluations : LineSearchStatus.NonFinite);
                }

                brackt = true;
                sty = stp;
                fy = double.PositiveInfinity;
                gy = double.NaN;
                stmax = stp;
                stmin = stx;
                stpmax = stp;
                stp = stx + (0.5 * (stp - stx));
                if (stp - stx <= 1e-20 * Math.Max(1, stx))
                {
                    return Best(anyFinite ? LineSearchStatus.IntervalTooSmall : LineSearchStatus.NonFinite);
                }

                continue;
            }

            anyFinite = true;
            double ftest = phi0 + (stp * gtest);
            if (stage1 && f <= ftest && g >= 0)
            {
                stage1 = false;
            }

            if (f <= ftest && Math.Abs(g) <= -C2 * dphi0)
            {
                return new LineSearchResult(stp, f, g, evals, LineSearchStatus.Converged);
            }

            if (stp == stpmax && f <= ftest && g <= gtest)
            {
                return new LineSearchResult(stp, f, g, evals, LineSearchStatus.MaxStep);
            }

            if (brackt && (stp <= stmin || stp >= stmax))
            {
                return BestWith(stp, f, g, LineSearchStatus.IntervalTooSmall);
            }

            if (brackt && stmax - stmin <= Xtol * stmax)
            {
                return BestWith(stp, f, g, LineSearchStatus.IntervalTooSmall);
            }

            if (stp == stpmin && (f > ftest || g >= gtest))
            {
                return BestWith(stp, f, g, LineSearchStatus.IntervalTooSmall);
            }

            if (evals >= MaxEvaluations)
            {
                return BestWith(stp, f, g, LineSearchStatus.MaxEvaluations);
            }

            if (double.IsPositiveInfinity(fy))
            {
                // Upper end of the bracket is a non-finite point: bisect on the finite side.
                if (f <= fx && f <= ftest)
                {
                    if (g < 0)
                    {
                        stx = stp;
                        fx = f;
                        gx = g;
                    }
                    else
                    {
                        sty = stp;
                        fy = f;
                        gy = g;
                    }
                }
                else
                {
                    sty = stp;
                    fy = f;
                    gy = g;
                }

                stmin = Math.Min(stx, sty);
                stmax = Math.Max(stx, sty);
                stp = 0.5 * (stx + sty);
                continue;
            }

            if (stage1 && f <= fx && f > ftest)
            {
                // Use the auxiliary function ψ until a step with ψ ≤ 0 and φ' ≥ 0 appears.
                double fm = f - (stp * gtest), fxm = fx - (stx * gtest), fym = fy - (sty * gtest);
                double gm = g - gtest, gxm = gx - gtest, gym = gy - gtest;
                Step(ref stx, ref fxm, ref gxm, ref sty, ref fym, ref gym, ref stp, fm, gm, ref brackt, stmin, stmax);
                fx = fxm + (stx * gtest);
                fy = fym + (sty * gtest);
                gx = gxm + gtest;
                gy = gym + gtest;
            }
            else
            {
                Step(ref stx, ref fx, ref gx, ref sty, ref fy, ref gy, ref stp, f, g, ref brackt, stmin, stmax);
            }

            if (brackt)
            {
                if (Math.Abs(sty - stx) >= 0.66 * width1)
                {
                    stp = stx + (0.5 * (sty - stx));
                }

                width1 = width;
                width = Math.Abs(sty - stx);
                stmin = Math.Min(stx, sty);
                stmax = Math.Max(stx, sty);
            }
            else
            {
                stmin = stp + (xtrapl * (stp - stx));
                stmax = stp + (xtrapu * (stp - stx));
            }

            stp = Math.Clamp(stp, stpmin, stpmax);
            if ((brackt && (stp <= stmin || stp >= stmax)) || (brackt && stmax - stmin <= Xtol * stmax))
            {
                stp = stx;
            }
        }

        LineSearchResult Best(LineSearchStatus status) =>
            stx > 0 ? new LineSearchResult(stx, fx, gx, evals, status) : new LineSearchResult(0, phi0, dphi0, evals, status);

        LineSearchResult BestWith(double s, double f, double g, LineSearchStatus status) =>
            f < fx || stx == 0 ? (f < phi0 ? new LineSearchResult(s, f, g, evals, status) : Best(status)) : Best(status);
    }

    /// <summary>
    /// One safeguarded step of Moré and Thuente (their Section 4): updates the interval [stx, sty] with the trial
    /// (stp, fp, dp) and chooses the next trial from cubic/quadratic interpolation.
    /// </summary>
    internal static void Step(ref double stx, ref double fx, ref double dx, ref double sty, ref double fy, ref double dy,
        ref double stp, double fp, double dp, ref bool brackt, double stpmin, double stpmax)
    {
        double sgnd = dp * Math.Sign(dx);
        double stpf;
        if (fp > fx)
        {
            // Case 1: higher value; the minimizer is bracketed. Cubic or the average with the quadratic.
            double theta = (3 * (fx - fp) / (stp - stx)) + dx + dp;
            double s = Max3(theta, dx, dp);
            double gamma = s * Math.Sqrt(Math.Max(0, ((theta / s) * (theta / s)) - ((dx / s) * (dp / s))));
            if (stp < stx)
            {
                gamma = -gamma;
            }

            double p = gamma - dx + theta;
            double q = gamma - dx + gamma + dp;
            double r = p / q;
            double stpc = stx + (r * (stp - stx));
            double stpq = stx + (dx / (((fx - fp) / (stp - stx)) + dx) / 2 * (stp - stx));
            stpf = Math.Abs(stpc - stx) < Math.Abs(stpq - stx) ? stpc : stpc + ((stpq - stpc) / 2);
            brackt = true;
        }
        else if (sgnd < 0)
        {
            // Case 2: lower value, derivatives of opposite sign; bracketed. Cubic or secant, whichever is farther.
            double theta = (3 * (fx - fp) / (stp - stx)) + dx + dp;
            double s = Max3(theta, dx, dp);
            double gamma = s * Math.Sqrt(Math.Max(0, ((theta / s) * (theta / s)) - ((dx / s) * (dp / s))));
            if (stp > stx)
            {
                gamma = -gamma;
            }

            double p = gamma - dp + theta;
            double q = gamma - dp + gamma + dx;
            double r = p / q;
            double stpc = stp + (r * (stx - stp));
            double stpq = stp + (dp / (dp - dx) * (stx - stp));
            stpf = Math.Abs(stpc - stp) > Math.Abs(stpq - stp) ? stpc : stpq;
            brackt = true;
        }
        else if (Math.Abs(dp) < Math.Abs(dx))
        {
            // Case 3: lower value, same-sign derivative decreasing in magnitude. The cubic is used only if it tends
            // to infinity in the direction of the step or its minimum is beyond stp; otherwise the step goes to the end.
            double theta = (3 * (fx - fp) / (stp - stx)) + dx + dp;
            double s = Max3(theta, dx, dp);
            double gamma = s * Math.Sqrt(Math.Max(0, ((theta / s) * (theta / s)) - ((dx / s) * (dp / s))));
            if (stp > stx)
            {
                gamma = -gamma;
            }

            double p = gamma - dp + theta;
            double q = gamma + (dx - dp) + gamma;
            double r = p / q;
            double stpc = r < 0 && gamma != 0 ? stp + (r * (stx - stp)) : stp > stx ? stpmax : stpmin;
            double stpq = stp + (dp / (dp - dx) * (stx - stp));
            if (brackt)
            {
                stpf = Math.Abs(stpc - stp) < Math.Abs(stpq - stp) ? stpc : stpq;
                stpf = stp > stx ? Math.Min(stp + (0.66 * (sty - stp)), stpf) : Math.Max(stp + (0.66 * (sty - stp)), stpf);
            }
            else
            {
                stpf = Math.Abs(stpc - stp) > Math.Abs(stpq - stp) ? stpc : stpq;
                stpf = Math.Clamp(stpf, stpmin, stpmax);
            }
        }
        else
        {
            // Case 4: lower value, derivative not decreasing in magnitude. Cubic through (stp, sty) if bracketed.
            if (brackt)
            {
                double theta = (3 * (fp - fy) / (sty - stp)) + dy + dp;
                double s = Max3(theta, dy, dp);
                double gamma = s * Math.Sqrt(Math.Max(0, ((theta / s) * (theta / s)) - ((dy / s) * (dp / s))));
                if (stp > sty)
                {
                    gamma = -gamma;
                }

                double p = gamma - dp + theta;
                double q = gamma - dp + gamma + dy;
                double r = p / q;
                stpf = stp + (r * (sty - stp));
            }
            else
            {
                stpf = stp > stx ? stpmax : stpmin;
            }
        }

        if (fp > fx)
        {
            sty = stp;
            fy = fp;
            dy = dp;
        }
        else
        {
            if (sgnd < 0)
            {
                sty = stx;
                fy = fx;
                dy = dx;
            }

            stx = stp;
            fx = fp;
            dx = dp;
        }

        stp = stpf;
    }

    private static double Max3(double a, double b, double c) => Math.Max(Math.Abs(a), Math.Max(Math.Abs(b), Math.Abs(c)));
}
