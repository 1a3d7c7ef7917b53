using Adjoint.Optimize.LineSearch;

namespace Adjoint.Optimize.Methods;

// Symbols (Powell 1964; Press et al., Section 10.7; Nocedal & Wright, Section 9.3 "coordinate and pattern-search methods"):
// x the current point, u_1 … u_n the direction set (Direc rows), f_start / x_start the value and point at the start of a sweep,
// Δf the largest decrease along one direction in the sweep (index "big"), d = x - x_start the sweep's net displacement,
// x_e = x + d the extrapolated point, α the line-search step along a direction.

/// <summary>Powell's conjugate direction method with scipy's modifications, derivative-free (scipy <c>method='Powell'</c>).</summary>
/// <remarks>
/// <para>Each iteration (a sweep) minimizes f along every direction of the set in turn with Brent's method. It then
/// evaluates the extrapolated point x + d, d the net displacement of the sweep, and, when Powell's test
/// 2(f_s - 2f + f_e)(f_s - f - Δf)² &lt; Δf (f_s - f_e)² says d is worth it, minimizes along d and replaces the direction of
/// largest decrease by d (the last slot), which keeps the set from becoming linearly dependent.</para>
/// <para>Bounds (as scipy 1.10): every line search is restricted to the interval of α keeping x + αu inside the box; a
/// doubly bounded interval uses bounded Brent (xatol = xtol), a one-sided one maps α = tan θ onto a bounded θ interval,
/// and the extrapolated point is pulled back into the box. Evaluations are clipped to the box against rounding, so every
/// iterate is feasible. A line search never accepts a point worse than the current one: where the bounded search ends
/// above f(x) (it never evaluates α = 0, and scipy then moves uphill), the bracketed Brent search runs on the projected
/// path clip(x + αu) from α = 0 instead.</para>
/// <para>Success (<see cref="TerminationReason.FunctionTolerance"/>) when 2(f_s - f) ≤ ftol(|f_s| + |f|) + 1e-20 over a sweep.
/// A sweep that makes no progress while the objective returned NaN or infinity stops with
/// <see cref="TerminationReason.NonFiniteValue"/>; NaN otherwise counts as +∞.</para>
/// <para>References: M. J. D. Powell (1964), "An efficient method for finding the minimum of a function of several
/// variables without calculating derivatives", Computer Journal 7(2); Press et al., "Numerical Recipes", Section 10.7;
/// R. P. Brent (1973), "Algorithms for Minimization without Derivatives", Chapter 7.</para>
/// </remarks>
internal sealed class Powell(PowellOptions options) : IterativeMethod<PowellOptions, Powell.State>(options)
{
    public override string Name => "Powell";

    public override MethodCapabilities Capabilities { get; } = new(UsesGradient: false, SupportsBounds: true);

    public override State Initialize(MinimizationProblem problem)
    {
        int n = problem.Dimension;
        var s = new State(problem);
        if (Options.InitialDirections is { } init)
        {
            if (init.Length != n || init.Any(v => v is null || v.Length != n))
            {
                throw new ArgumentException($"InitialDirections must have {n} rows of {n} values.", nameof(problem));
            }

            for (int k = 0; k < n; k++)
            {
                init[k].CopyTo(s.Direc[k], 0);
            }
        }
        else
        {
            for (int k = 0; k < n; k++)
            {
                s.Direc[k][k] = 1;
            }
        }

        s.F = s.Eval(s.X);
        return s;
    }

    public override StepOutcome Step(MinimizationProblem problem, State s)
    {
        int n = problem.Dimension;
        double xtol = problem.Settings.StepTolerance;
        double fStart = s.F;
        s.X.CopyTo(s.XStart, 0);
        s.SawNonFinite = false;
        int big = 0;
        double delta = 0;
        for (int i = 0; i < n; i++)
        {
            double before = s.F;
            LineSearch(problem, s, s.Direc[i], xtol);
            if (before - s.F > delta)
            {
                delta = before - s.F;
                big = i;
            }
        }

        double stepNorm = 0;
        for (int i = 0; i < n; i++)
        {
            stepNorm = Math.Max(stepNorm, Math.Abs(s.X[i] - s.XStart[i]));
        }

        s.StepNorm = stepNorm;
        if (s.SawNonFinite && !(s.F < fStart))
        {
            return StepOutcome.Stop(TerminationReason.NonFiniteValue, "a sweep made no progress and the objective returned non-finite values");
        }

        if (2 * (fStart - s.F) <= (problem.Settings.FunctionTolerance * (Math.Abs(fStart) + Math.Abs(s.F))) + 1e-20)
        {
            return StepOutcome.Stop(TerminationReason.FunctionTolerance, "relative decrease of f over a sweep below ftol");
        }

        // Extrapolate along the sweep's displacement d = x - x_start (pulled back into the box).
        var d = s.D;
        for (int i = 0; i < n; i++)
        {
            d[i] = s.X[i] - s.XStart[i];
        }

        double lmax = 1;
        if (problem.HasBounds)
        {
            lmax = Math.Min(1, StepInterval(problem, s.X, d).Hi);
        }

        for (int i = 0; i < n; i++)
        {
            s.Point[i] = s.X[i] + (lmax * d[i]);
        }

        double fe = s.Eval(s.Point);
        if (fStart > fe)
        {
            double t = 2 * (fStart + fe - (2 * s.F));
            double tmp = fStart - s.F - delta;
            t *= tmp * tmp;
            tmp = fStart - fe;
            t -= delta * tmp * tmp;
            if (t < 0)
            {
                if (LineSearch(problem, s, d, xtol))
                {
                    // Replace the direction of largest decrease by the displacement just made (moved to the last slot).
                    var freed = s.Direc[big];
                    s.Direc[big] = s.Direc[n - 1];
                    s.Direc[n - 1] = freed;
                    s.Moved.CopyTo(freed, 0);
                }
            }
        }

        return StepOutcome.Continue;
    }

    /// <summary>Minimizes f(x + α u) over α (within the bounds) and moves x there if it is better; the displacement goes to Moved.</summary>
    private static bool LineSearch(MinimizationProblem problem, State s, double[] u, double xtol)
    {
        bool any = false;
        foreach (double v in u)
        {
            any |= v != 0;
        }

        if (!any)
        {
            return false;
        }

        double f0 = s.F;
        double Phi(double alpha)
        {
            s.PointAt(alpha, u);
            return s.Eval(s.Point);
        }

        double alpha;
        double fa;
        var (lo, hi) = problem.HasBounds ? StepInterval(problem, s.X, u) : (double.NegativeInfinity, double.PositiveInfinity);
        if (double.IsNegativeInfinity(lo) && double.IsPositiveInfinity(hi))
        {
            (alpha, fa) = Brent.Minimize(Phi, f0, 100 * xtol);
        }
        else if (double.IsFinite(lo) && double.IsFinite(hi))
        {
            (alpha, fa) = Brent.MinimizeBounded(Phi, lo, hi, xtol);
        }
        else
        {
            // One-sided interval: α = tan θ with θ in (atan lo, atan hi).
            var (theta, ft) = Brent.MinimizeBounded(t => Phi(Math.Tan(t)), Math.Atan(lo), Math.Atan(hi), xtol);
            (alpha, fa) = (Math.Tan(theta), ft);
        }

        if (!(fa < f0) && problem.HasBounds)
        {
            // The bounded search ended above f(x) (it never evaluates α = 0; scipy would move uphill here): search the
            // projected path clip(x + αu) from α = 0 instead.
            (alpha, fa) = Brent.Minimize(Phi, f0, 100 * xtol);
        }

        if (!(fa < f0))
        {
            return false;
        }

        s.PointAt(alpha, u);
        for (int i = 0; i < s.X.Length; i++)
        {
            s.Moved[i] = problem.HasBounds ? s.Point[i] - s.X[i] : alpha * u[i];
        }

        s.Point.CopyTo(s.X, 0);
        s.F = fa;
        return true;
    }

    /// <summary>The interval of α with lower ≤ x + α u ≤ upper (scipy's <c>_line_for_search</c>).</summary>
    private static (double Lo, double Hi) StepInterval(MinimizationProblem problem, double[] x, double[] u)
    {
        var lower = problem.Lower!;
        var upper = problem.Upper!;
        double lo = double.NegativeInfinity, hi = double.PositiveInfinity;
        for (int i = 0; i < x.Length; i++)
        {
            if (u[i] == 0)
            {
                continue;
            }

            double a = (lower[i] - x[i]) / u[i];
            double b = (upper[i] - x[i]) / u[i];
            lo = Math.Max(lo, Math.Min(a, b));
            hi = Math.Min(hi, Math.Max(a, b));
        }

        return (lo, hi);
    }

    internal sealed class State : MethodState
    {
        private readonly MinimizationProblem _problem;

        public State(MinimizationProblem problem)
            : base(problem.Dimension, hasGradient: false)
        {
            _problem = problem;
            int n = problem.Dimension;
            problem.X0.CopyTo(X, 0);
            Direc = new double[n][];
            for (int k = 0; k < n; k++)
            {
                Direc[k] = new double[n];
            }

            XStart = new double[n];
            D = new double[n];
            Point = new double[n];
            Moved = new double[n];
        }

        public double[] Moved { get; }

        public double[][] Direc { get; }

        public double[] XStart { get; }

        public double[] D { get; }

        public double[] Point { get; }

        public bool SawNonFinite { get; set; }

        /// <summary>Writes x + α u, clipped to the box, into <see cref="Point"/>.</summary>
        public void PointAt(double alpha, double[] u)
        {
            for (int i = 0; i < X.Length; i++)
            {
                Point[i] = X[i] + (alpha * u[i]);
            }

            if (_problem.Lower is { } lo && _problem.Upper is { } hi)
            {
                for (int i = 0; i < X.Length; i++)
                {
                    Point[i] = Math.Clamp(Point[i], lo[i], hi[i]);
                }
            }
        }

        /// <summary>f at a point; NaN counts as +∞ (and is remembered).</summary>
        public double Eval(double[] x)
        {
            double f = _problem.Value(x);
            if (!double.IsFinite(f))
            {
                SawNonFinite = true;
                return double.PositiveInfinity;
            }

            return f;
        }
    }
}
