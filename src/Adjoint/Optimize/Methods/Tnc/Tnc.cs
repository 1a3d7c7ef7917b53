using Adjoint.Optimize.LineSearch;
using Adjoint.Tensors;

namespace Adjoint.Optimize.Methods.Tnc;

// Symbols (Nash 1984/1985; Nocedal & Wright Section 7.1 "inexact Newton" and Section 16.7 for the active set): internally
// z = (x - offset) / scale the scaled variables and f̃ = σ f the rescaled objective (σ = fscale), g = ∇_z f̃ projected on the
// free variables, H v the Hessian-vector product in z, p the truncated-Newton direction (preconditioned CG), α the step,
// α_max (spe) the largest step keeping the free variables in the box, pivot_i ∈ {-1: at lower, 0: free, 1: at upper, 2: fixed},
// (s, y) = (α p, g⁺ - g) the pair feeding the preconditioner.

/// <summary>
/// Truncated Newton with bounds, Nash's algorithm as in scipy's TNC (<c>method='TNC'</c>), on exact Hessian-vector products.
/// </summary>
/// <remarks>
/// <para>Variables are scaled (default: by up - low for variables bounded on both sides, by 1 + |x0| otherwise) and f is
/// rescaled by 1/‖g‖ whenever |log10 ‖g‖| exceeds <c>rescale</c>. An active set fixes the variables held at a bound
/// (pivot ≠ 0); the gradient, the CG vectors and the direction are projected onto the free variables. Each iteration:</para>
/// <para>(1) direction: preconditioned CG on H p = -g over the free variables, at most maxCGit Hessian-vector products
/// (exact, by double backward, instead of TNC's finite differences of gradients), stopped by Nash's quadratic-model test
/// (k + 1)(1 - q_{k-1}/q_k) ≤ 1/2, by non-positive curvature, or when the direction stops descending; the preconditioner is
/// Nash's two-step BFGS on a diagonal (<see cref="TncPreconditioner"/>).</para>
/// <para>(2) step: α_max is the largest step to a bound along p, capped at stepmx/‖p‖; the first trial is
/// min(1, -2|f - fmin| / gᵀp, α_max); the step satisfies the strong Wolfe conditions with c1 = 1e-4 and c2 = eta (a
/// Moré-Thuente search bounded by α_max, in place of TNC's Gill-Murray search); points are clipped to the box.</para>
/// <para>(3) active set: reaching α_max adds the variables that hit their bound; when f has dropped enough since the last
/// change (or the free gradient is small), the bound with the most negative Lagrange multiplier estimate is released.</para>
/// <para>(4) stops: the scaled projected gradient's 2-norm ≤ pgtol·σ (<see cref="TerminationReason.GradientTolerance"/>);
/// with no change of the active set, |Δf̃| ≤ ftol·σ (<see cref="TerminationReason.FunctionTolerance"/>) or
/// α‖p‖ ≤ xtol (<see cref="TerminationReason.StepTolerance"/>), both verified against gtol by the shared driver.</para>
/// <para>References: S. G. Nash (1984), "Newton-type minimization via the Lanczos method", SIAM J. Numer. Anal. 21(4);
/// S. G. Nash (1985), "Preconditioning of truncated-Newton methods", SIAM J. Sci. Stat. Comput. 6(3); S. G. Nash (2000),
/// "A survey of truncated-Newton methods", J. Comput. Appl. Math. 124; Gill, Murray, Wright (1981), "Practical
/// Optimization", Section 5.5; Nocedal &amp; Wright (2006), Sections 7.1 and 16.7.</para>
/// </remarks>
internal sealed class Tnc(TncOptions options) : IterativeMethod<TncOptions, Tnc.State>(options)
{
    public override string Name => "TNC";

    public override MethodCapabilities Capabilities { get; } = new(UsesGradient: true, UsesHessianProduct: true, SupportsBounds: true);

    public override State Initialize(MinimizationProblem problem)
    {
        var s = new State(problem, Options);
        s.F = problem.ValueAndGradient(s.X, s.G!);
        s.GradientNorm = Convergence.ProjectedGradientNorm(s.X, s.G!, problem.Lower, problem.Upper);
        s.SetConstraints();
        s.ScaledGradient();
        for (int i = 0; i < s.N; i++)
        {
            // Release bounds whose Lagrange multiplier estimate has the wrong sign.
            if (s.Pivot[i] is -1 or 1 && -s.Pivot[i] * s.Gs[i] < 0)
            {
                s.Pivot[i] = 0;
            }
        }

        s.Project(s.Gs);
        s.FLastConstraint = s.Fs;
        s.FLastReset = s.Fs;
        return s;
    }

    public override StepOutcome Step(MinimizationProblem problem, State s)
    {
        int n = s.N;
        var settings = problem.Settings;
        if (s.AtLocalMinimum())
        {
            return StepOutcome.Stop(TerminationReason.GradientTolerance, "TNC: projected gradient below pgtol");
        }

        // Rescale f when the gradient's magnitude drifts far from 1.
        double gnormNow = Norm(s.Gs);
        if (gnormNow > Precision<double>.MachineEpsilon && Math.Abs(Math.Log10(gnormNow)) > Options.Rescale)
        {
            double k = 1 / gnormNow;
            s.FScale *= k;
            s.Fs *= k;
            s.FLastConstraint *= k;
            s.FLastReset *= k;
            s.DifNew *= k;
            for (int i = 0; i < n; i++)
            {
                s.Gs[i] *= k;
            }

            s.Pre.Restart();
            s.ICycle = n - 1;
            s.NewConstraint = true;
        }

        double gnorm = Norm(s.Gs);
        if (!Direction(problem, s, gnorm))
        {
            return StepOutcome.Stop(TerminationReason.NonFiniteValue, "a Hessian-vector product is not finite");
        }

        var pre = s.Pre;
        if (!s.NewConstraint)
        {
            if (!pre.Reset)
            {
                for (int i = 0; i < n; i++)
                {
                    pre.Sr[i] += pre.Sk[i];
                    pre.Yr[i] += pre.Yk[i];
                }

                s.ICycle++;
            }
            else
            {
                Array.Copy(pre.Sk, pre.Sr, n);
                Array.Copy(pre.Yk, pre.Yr, n);
                s.FLastReset = s.Fs;
                s.ICycle = 1;
            }
        }

        Array.Copy(s.Gs, s.OldG, n);
        double oldF = s.Fs;
        double oldGtp = Dot(s.P, s.Gs);
        double pnorm = Norm(s.P);
        double ustpmax = s.StepMx / (pnorm + Precision<double>.MachineEpsilon);
        double spe = s.MaxStep(ustpmax);
        double alpha = 0;
        int evaluationsBefore = problem.FunctionEvaluations;
        if (spe > 0 && oldGtp < 0)
        {
            double d = Math.Abs(s.Fs - (Options.MinimumEstimate * s.FScale));
            double alpha0 = 2 * d <= -oldGtp && d >= Precision<double>.MachineEpsilon ? -2 * d / oldGtp : 1;
            alpha0 = Math.Min(alpha0, spe);
            for (int i = 0; i < n; i++)
            {
                s.Dx[i] = s.ScaleX[i] * s.P[i];
            }

            s.Phi.Reset(s.X, s.Dx);
            var ls = s.Search.Search(s.Phi, s.F, oldGtp / s.FScale, alpha0, spe);
            if (ls.Status == LineSearchStatus.NonFinite && !ls.Usable(s.F))
            {
                return StepOutcome.Stop(TerminationReason.NonFiniteValue, "line search: no finite value along the direction");
            }

            if (!ls.Succeeded && !ls.Usable(s.F))
            {
                return StepOutcome.Stop(TerminationReason.LineSearchFailed, $"line search: {ls.Status}");
            }

            alpha = ls.Step;
            s.Phi.EnsureAt(alpha);
            s.StepNorm = 0;
            for (int i = 0; i < n; i++)
            {
                s.StepNorm = Math.Max(s.StepNorm, Math.Abs(s.Phi.Point[i] - s.X[i]));
            }

            s.Phi.Point.CopyTo(s.X, 0);
            s.Phi.Gradient.CopyTo(s.G!, 0);
            s.F = s.Phi.LastValue;
            s.Fs = s.F * s.FScale;
            if (alpha >= 0.9 * ustpmax)
            {
                s.StepMx *= 1e2;
            }

            s.NewConstraint = alpha >= spe * (1 - 1e-12);
        }
        else
        {
            s.NewConstraint = true;
            s.StepNorm = 0;
        }

        if (s.NewConstraint)
        {
            if (!s.AddConstraints() && problem.FunctionEvaluations == evaluationsBefore)
            {
                return StepOutcome.Stop(TerminationReason.NoProgress, "TNC: unable to progress (no step and no new bound)");
            }

            s.FLastConstraint = s.Fs;
        }

        double difOld = s.DifNew;
        s.DifNew = oldF - s.Fs;
        if (s.ICycle == 1)
        {
            if (s.DifNew > difOld * 2)
            {
                s.EpsRed += s.EpsRed;
            }

            if (s.DifNew < difOld * 0.5)
            {
                s.EpsRed *= 0.5;
            }
        }

        s.ScaledGradient();
        Array.Copy(s.Gs, s.Temp, n);
        s.Project(s.Temp);
        gnorm = Norm(s.Temp);
        s.GradientNorm = Convergence.ProjectedGradientNorm(s.X, s.G!, problem.Lower, problem.Upper);
        bool released = s.RemoveConstraint(oldGtp, gnorm, s.PgTol * s.FScale);
        if (released)
        {
            s.FLastConstraint = s.Fs;
        }

        if (!released && !s.NewConstraint)
        {
            if (Math.Abs(s.DifNew) <= settings.FunctionTolerance * s.FScale)
            {
                s.Project(s.Gs);
                return StepOutcome.Stop(TerminationReason.FunctionTolerance, "TNC: |f_k - f_k+1| below ftol");
            }

            if (alpha * pnorm <= settings.StepTolerance)
            {
                s.Project(s.Gs);
                return StepOutcome.Stop(TerminationReason.StepTolerance, "TNC: |x_k - x_k+1| below xtol");
            }
        }

        s.Project(s.Gs);
        if (!s.NewConstraint)
        {
            for (int i = 0; i < n; i++)
            {
                pre.Yk[i] = s.Gs[i] - s.OldG[i];
                pre.Sk[i] = alpha * s.P[i];
            }

            pre.YkSk = Dot(pre.Yk, pre.Sk);
            if (s.ICycle == n - 1 || s.DifNew < s.EpsRed * (s.FLastReset - s.Fs))
            {
                pre.Reset = true;
            }
            else
            {
                pre.YrSr = Dot(pre.Yr, pre.Sr);
                pre.Reset = pre.YrSr <= 0;
            }

            pre.DiagonalOnly = false;
        }

        return s.AtLocalMinimum()
            ? StepOutcome.Stop(TerminationReason.GradientTolerance, "TNC: projected gradient below pgtol")
            : StepOutcome.Continue;
    }

    /// <summary>Preconditioned truncated CG for H p = -g on the free variables (TNC's direction); false on non-finite products.</summary>
    private bool Direction(MinimizationProblem problem, State s, double gnorm)
    {
        int n = s.N;
        var p = s.P;
        var g = s.Gs;
        var pre = s.Pre;
        int maxCg = Math.Min(Options.MaxCGIterations ?? Math.Clamp(n / 2, 1, 50), n);
        if (maxCg == 0)
        {
            for (int i = 0; i < n; i++)
            {
                p[i] = -g[i];
            }

            s.Project(p);
            return true;
        }

        const double tol = 1e-12;
        var r = s.R;
        var v = s.V;
        var zk = s.Zk;
        var hv = s.Hv;
        pre.Begin();
        for (int i = 0; i < n; i++)
        {
            r[i] = -g[i];
            v[i] = 0;
            p[i] = 0;
        }

        double qold = 0, rzold = 0;
        for (int k = 0; k < maxCg; k++)
        {
            s.Project(r);
            pre.Apply(r, zk);
            s.Project(zk);
            double rz = Dot(r, zk);
            if (rz / gnorm < tol)
            {
                if (k == 0)
                {
                    for (int i = 0; i < n; i++)
                    {
                        p[i] = -g[i];
                    }

                    s.Project(p);
                }

                break;
            }

            double beta = k == 0 ? 0 : rz / rzold;
            for (int i = 0; i < n; i++)
            {
                v[i] = zk[i] + (beta * v[i]);
            }

            s.Project(v);
            s.HessianTimes(problem, v, hv);
            s.Project(hv);
            double vhv = Dot(v, hv);
            if (!double.IsFinite(vhv))
            {
                return false;
            }

            if (vhv / gnorm < tol)
            {
                // Non-positive curvature: keep the direction so far (the preconditioned steepest descent at k = 0).
                if (k == 0)
                {
                    pre.Apply(g, p);
                    for (int i = 0; i < n; i++)
                    {
                        p[i] = -p[i];
                    }

                    s.Project(p);
                }

                break;
            }

            pre.Update(v, hv, r);
            double a = rz / vhv;
            for (int i = 0; i < n; i++)
            {
                p[i] += a * v[i];
                r[i] -= a * hv[i];
            }

            double gtp = Dot(p, g);
            double qnew = 0.5 * (gtp + Dot(r, p));
            double qtest = (k + 1) * (1 - (qold / qnew));
            if (qtest <= 0.5)
            {
                break;
            }

            if (gtp > 0)
            {
                // The direction stopped descending: undo the last update.
                for (int i = 0; i < n; i++)
                {
                    p[i] -= a * v[i];
                }

                break;
            }

            qold = qnew;
            rzold = rz;
        }

        pre.End();
        return Convergence.AllFinite(p);
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }

    private static double Norm(double[] a) => Math.Sqrt(Dot(a, a));

    internal sealed class State : MethodState
    {
        private readonly MinimizationProblem _problem;
        private readonly double[] _lower;
        private readonly double[] _upper;
        private readonly double[] _xv;
        private readonly double[] _hx;

        public State(MinimizationProblem problem, TncOptions options)
            : base(problem.Dimension, hasGradient: true)
        {
            _problem = problem;
            int n = problem.Dimension;
            N = n;
            problem.X0.CopyTo(X, 0);
            _lower = problem.Lower ?? Fill(n, double.NegativeInfinity);
            _upper = problem.Upper ?? Fill(n, double.PositiveInfinity);
            if (options.Scale is { Length: var ls } && ls != n)
            {
                throw new ArgumentException($"Scale must have {n} elements.", nameof(options));
            }

            ScaleX = new double[n];
            for (int i = 0; i < n; i++)
            {
                bool boxed = double.IsFinite(_lower[i]) && double.IsFinite(_upper[i]);
                ScaleX[i] = options.Scale is { } sc ? Math.Abs(sc[i]) : boxed ? _upper[i] - _lower[i] : 1 + Math.Abs(X[i]);
            }

            Pivot = new int[n];
            Gs = new double[n];
            OldG = new double[n];
            Temp = new double[n];
            P = new double[n];
            Dx = new double[n];
            R = new double[n];
            V = new double[n];
            Zk = new double[n];
            Hv = new double[n];
            _xv = new double[n];
            _hx = new double[n];
            Pre = new TncPreconditioner(n);
            StepMx = options.StepMax;
            ICycle = n - 1;
            PgTol = options.ProjectedGradientTolerance ?? (1e-2 * Math.Sqrt(Math.Sqrt(problem.MachineEpsilon)));
            Phi = new LineRestriction(problem) { Project = true };
            Search = options.LineSearch.CreateMoreThuente(1e-4, options.Eta, 64);
        }

        public int N { get; }

        /// <summary>The variable scaling (TNC's xscale; its offset only shifts z and drops out of every formula here).</summary>
        public double[] ScaleX { get; }

        public int[] Pivot { get; }

        /// <summary>∇_z f̃ = σ · scale ⊙ ∇f, projected on the free variables between uses.</summary>
        public double[] Gs { get; }

        public double[] OldG { get; }

        public double[] Temp { get; }

        /// <summary>The direction p in scaled variables.</summary>
        public double[] P { get; }

        /// <summary>The direction in x: scale ⊙ p.</summary>
        public double[] Dx { get; }

        public double[] R { get; }

        public double[] V { get; }

        public double[] Zk { get; }

        public double[] Hv { get; }

        public TncPreconditioner Pre { get; }

        public double FScale { get; set; } = 1;

        /// <summary>σ f at X.</summary>
        public double Fs { get; set; }

        public double FLastConstraint { get; set; }

        public double FLastReset { get; set; }

        public double DifNew { get; set; }

        public double EpsRed { get; set; } = 0.05;

        public int ICycle { get; set; }

        public bool NewConstraint { get; set; } = true;

        public double StepMx { get; set; }

        public double PgTol { get; }

        public LineRestriction Phi { get; }

        public StrongWolfe Search { get; }

        /// <summary>Gs = σ scale ⊙ G (unprojected); Fs = σ F.</summary>
        public void ScaledGradient()
        {
            Fs = F * FScale;
            for (int i = 0; i < N; i++)
            {
                Gs[i] = G![i] * ScaleX[i] * FScale;
            }
        }

        public bool AtLocalMinimum()
        {
            double s = 0;
            for (int i = 0; i < N; i++)
            {
                s += Gs[i] * Gs[i];
            }

            return Math.Sqrt(s) <= PgTol * FScale;
        }

        public void Project(double[] v)
        {
            for (int i = 0; i < N; i++)
            {
                if (Pivot[i] != 0)
                {
                    v[i] = 0;
                }
            }
        }

        /// <summary>H_z v = σ scale ⊙ ∇²f (scale ⊙ v), exact (double backward).</summary>
        public void HessianTimes(MinimizationProblem problem, double[] v, double[] result)
        {
            for (int i = 0; i < N; i++)
            {
                _xv[i] = ScaleX[i] * v[i];
            }

            problem.HessianVectorProduct(X, _xv, _hx);
            for (int i = 0; i < N; i++)
            {
                result[i] = FScale * ScaleX[i] * _hx[i];
            }
        }

        /// <summary>Marks variables at their bounds (fixed ones when the bounds coincide).</summary>
        public void SetConstraints()
        {
            for (int i = 0; i < N; i++)
            {
                if (ScaleX[i] == 0 || _lower[i] == _upper[i])
                {
                    Pivot[i] = 2;
                }
                else if (double.IsFinite(_lower[i]) && X[i] - _lower[i] <= Precision<double>.MachineEpsilon * 10 * (Math.Abs(_lower[i]) + 1))
                {
                    Pivot[i] = -1;
                }
                else if (double.IsFinite(_upper[i]) && _upper[i] - X[i] <= Precision<double>.MachineEpsilon * 10 * (Math.Abs(_upper[i]) + 1))
                {
                    Pivot[i] = 1;
                }
                else
                {
                    Pivot[i] = 0;
                }
            }
        }

        /// <summary>The largest α ≤ <paramref name="step"/> keeping the free variables of x + α·scale⊙p in the box.</summary>
        public double MaxStep(double step)
        {
            for (int i = 0; i < N; i++)
            {
                if (Pivot[i] != 0 || P[i] == 0)
                {
                    continue;
                }

                double di = ScaleX[i] * P[i];
                double t = di < 0 ? (_lower[i] - X[i]) / di : (_upper[i] - X[i]) / di;
                if (t < step)
                {
                    step = t;
                }
            }

            return Math.Max(step, 0);
        }

        /// <summary>Fixes the free variables that reached a bound along p (snapping them onto it); whether any was added.</summary>
        public bool AddConstraints()
        {
            bool added = false;
            for (int i = 0; i < N; i++)
            {
                if (Pivot[i] != 0 || P[i] == 0)
                {
                    continue;
                }

                if (P[i] < 0 && double.IsFinite(_lower[i]) && X[i] - _lower[i] <= Precision<double>.MachineEpsilon * 10 * (Math.Abs(_lower[i]) + 1))
                {
                    Pivot[i] = -1;
                    X[i] = _lower[i];
                    added = true;
                }
                else if (P[i] > 0 && double.IsFinite(_upper[i]) && _upper[i] - X[i] <= Precision<double>.MachineEpsilon * 10 * (Math.Abs(_upper[i]) + 1))
                {
                    Pivot[i] = 1;
                    X[i] = _upper[i];
                    added = true;
                }
            }

            return added;
        }

        /// <summary>Releases the bound with the most negative multiplier estimate once enough progress was made on the current set.</summary>
        public bool RemoveConstraint(double gtp, double gnorm, double pgtolScaled)
        {
            if (FLastConstraint - Fs <= -0.5 * gtp && gnorm > pgtolScaled)
            {
                return false;
            }

            int imax = -1;
            double cmax = 0;
            for (int i = 0; i < N; i++)
            {
                if (Pivot[i] == 2)
                {
                    continue;
                }

                double t = -Pivot[i] * Gs[i];
                if (t < cmax)
                {
                    cmax = t;
                    imax = i;
                }
            }

            if (imax < 0)
            {
                return false;
            }

            Pivot[imax] = 0;
            return true;
        }

        private static double[] Fill(int n, double v)
        {
            var a = new double[n];
            Array.Fill(a, v);
            return a;
        }
    }
}
