namespace Adjoint.Optimize.Methods;

// Symbols (Lagarias, Reeds, Wright, Wright 1998): vertices x_0 … x_n sorted by f (x_0 best), x̄ the centroid of the n best,
// ρ reflection, χ expansion, ψ contraction, σ shrink coefficients.

/// <summary>The Nelder-Mead downhill simplex method (scipy <c>method='Nelder-Mead'</c>), derivative-free.</summary>
/// <remarks>
/// <para>Each iteration reflects the worst vertex through the centroid of the others; it expands when the reflection is the
/// new best, contracts (outside or inside) when it is not better than the second worst, and shrinks the simplex toward the best
/// vertex when contraction fails. Coefficients ρ = 1, χ = 2, ψ = 1/2, σ = 1/2, or the adaptive ones of Gao and Han for larger n.
/// With bounds, trial points are clipped into the box, as scipy. NaN values count as +∞, so the simplex moves away from them.</para>
/// <para>Success (<see cref="TerminationReason.SimplexConverged"/>) when max‖x_i - x_0‖∞ ≤ xatol and max|f_i - f_0| ≤ fatol.</para>
/// <para>References: Nelder and Mead (1965), Computer Journal 7; Lagarias et al. (1998), SIAM J. Optim. 9(1); Gao and Han (2012),
/// "Implementing the Nelder-Mead simplex algorithm with adaptive parameters", Comput. Optim. Appl. 51.</para>
/// </remarks>
internal sealed class NelderMead(NelderMeadOptions options) : IterativeMethod<NelderMeadOptions, NelderMead.State>(options)
{
    public override string Name => "Nelder-Mead";

    public override MethodCapabilities Capabilities { get; } = new(UsesGradient: false, SupportsBounds: true);

    public override State Initialize(MinimizationProblem problem)
    {
        int n = problem.Dimension;
        var s = new State(n);
        if (Options.InitialSimplex is { } init)
        {
            if (init.Length != n + 1 || init.Any(v => v is null || v.Length != n))
            {
                throw new ArgumentException($"InitialSimplex must have {n + 1} rows of {n} values.", nameof(problem));
            }

            for (int k = 0; k <= n; k++)
            {
                init[k].CopyTo(s.Sim[k], 0);
            }
        }
        else
        {
            for (int k = 0; k <= n; k++)
            {
                problem.X0.CopyTo(s.Sim[k], 0);
                if (k > 0)
                {
                    double v = s.Sim[k][k - 1];
                    s.Sim[k][k - 1] = v != 0 ? 1.05 * v : 0.00025;
                }
            }
        }

        for (int k = 0; k <= n; k++)
        {
            Clip(problem, s.Sim[k]);
            s.FSim[k] = Eval(problem, s.Sim[k]);
        }

        Sort(s);
        Publish(s);
        return s;
    }

    public override StepOutcome Step(MinimizationProblem problem, State s)
    {
        int n = problem.Dimension;
        double rho = 1, chi = 2, psi = 0.5, sigma = 0.5;
        if (Options.Adaptive)
        {
            chi = 1 + (2.0 / n);
            psi = 0.75 - (1.0 / (2.0 * n));
            sigma = 1 - (1.0 / n);
        }

        var sim = s.Sim;
        var fsim = s.FSim;
        var xbar = s.Xbar;
        // x̄ = (x_0 + … + x_{n-1}) / n, summed in vertex order and divided once (as scipy, so the iterates round alike).
        Array.Clear(xbar);
        for (int k = 0; k < n; k++)
        {
            for (int i = 0; i < n; i++)
            {
                xbar[i] += sim[k][i];
            }
        }

        for (int i = 0; i < n; i++)
        {
            xbar[i] /= n;
        }

        var worst = sim[n];
        Combine(xbar, worst, 1 + rho, -rho, s.Xr);
        Clip(problem, s.Xr);
        double fxr = Eval(problem, s.Xr);
        bool shrink = false;
        if (fxr < fsim[0])
        {
            Combine(xbar, worst, 1 + (rho * chi), -rho * chi, s.Xe);
            Clip(problem, s.Xe);
            double fxe = Eval(problem, s.Xe);
            Accept(s, fxe < fxr ? s.Xe : s.Xr, Math.Min(fxe, fxr));
        }
        else if (fxr < fsim[n - 1])
        {
            Accept(s, s.Xr, fxr);
        }
        else if (fxr < fsim[n])
        {
            Combine(xbar, worst, 1 + (psi * rho), -psi * rho, s.Xc);
            Clip(problem, s.Xc);
            double fxc = Eval(problem, s.Xc);
            if (fxc <= fxr)
            {
                Accept(s, s.Xc, fxc);
            }
            else
            {
                shrink = true;
            }
        }
        else
        {
            Combine(xbar, worst, 1 - psi, psi, s.Xc);
            Clip(problem, s.Xc);
            double fxcc = Eval(problem, s.Xc);
            if (fxcc < fsim[n])
            {
                Accept(s, s.Xc, fxcc);
            }
            else
            {
                shrink = true;
            }
        }

        if (shrink)
        {
            for (int k = 1; k <= n; k++)
            {
                for (int i = 0; i < n; i++)
                {
                    sim[k][i] = sim[0][i] + (sigma * (sim[k][i] - sim[0][i]));
                }

                Clip(problem, sim[k]);
                fsim[k] = Eval(problem, sim[k]);
            }
        }

        Sort(s);
        if (shrink && !double.IsFinite(fsim[1]))
        {
            // After a shrink every vertex but the best is non-finite: the objective is undefined around the best point.
            Publish(s);
            return StepOutcome.Stop(TerminationReason.NonFiniteValue, "every shrunken vertex gave a non-finite value");
        }

        double prevBest = s.F;
        Publish(s);
        s.StepNorm = prevBest == s.F ? 0 : double.NaN;
        double xspread = 0, fspread = 0;
        for (int k = 1; k <= n; k++)
        {
            fspread = Math.Max(fspread, Math.Abs(fsim[k] - fsim[0]));
            for (int i = 0; i < n; i++)
            {
                xspread = Math.Max(xspread, Math.Abs(sim[k][i] - sim[0][i]));
            }
        }

        return xspread <= problem.Settings.StepTolerance && fspread <= problem.Settings.FunctionTolerance
            ? StepOutcome.Stop(TerminationReason.SimplexConverged)
            : StepOutcome.Continue;
    }

    private static double Eval(MinimizationProblem problem, double[] x)
    {
        double f = problem.Value(x);
        return double.IsNaN(f) ? double.PositiveInfinity : f;
    }

    private static void Accept(State s, double[] x, double f)
    {
        int n = s.X.Length;
        x.CopyTo(s.Sim[n], 0);
        s.FSim[n] = f;
    }

    private static void Combine(double[] a, double[] b, double ca, double cb, double[] result)
    {
        for (int i = 0; i < a.Length; i++)
        {
            result[i] = (ca * a[i]) + (cb * b[i]);
        }
    }

    private static void Clip(MinimizationProblem problem, double[] x)
    {
        if (problem.Lower is { } lo && problem.Upper is { } hi)
        {
            for (int i = 0; i < x.Length; i++)
            {
                x[i] = Math.Clamp(x[i], lo[i], hi[i]);
            }
        }
    }

    private static void Sort(State s)
    {
        // Stable insertion sort by f (n + 1 vertices, mostly sorted already).
        var sim = s.Sim;
        var f = s.FSim;
        for (int i = 1; i < f.Length; i++)
        {
            var v = sim[i];
            double fv = f[i];
            int j = i - 1;
            while (j >= 0 && f[j] > fv)
            {
                sim[j + 1] = sim[j];
                f[j + 1] = f[j];
                j--;
            }

            sim[j + 1] = v;
            f[j + 1] = fv;
        }
    }

    private static void Publish(State s)
    {
        s.Sim[0].CopyTo(s.X, 0);
        s.F = s.FSim[0];
    }

    internal sealed class State : MethodState
    {
        public State(int n)
            : base(n, hasGradient: false)
        {
            Sim = new double[n + 1][];
            for (int k = 0; k <= n; k++)
            {
                Sim[k] = new double[n];
            }

            FSim = new double[n + 1];
            Xbar = new double[n];
            Xr = new double[n];
            Xe = new double[n];
            Xc = new double[n];
        }

        public double[][] Sim { get; }

        public double[] FSim { get; }

        public double[] Xbar { get; }

        public double[] Xr { get; }

        public double[] Xe { get; }

        public double[] Xc { get; }
    }
}
