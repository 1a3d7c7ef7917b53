using Adjoint.Optimize.LineSearch;
using Adjoint.Optimize.QuasiNewton;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Adjoint.Optimize.Methods;

// Symbols (Nocedal & Wright, Algorithm 6.1): x = x_k, g = ∇f_k, H = H_k (inverse-Hessian approximation),
// p = p_k = -H g (search direction), alpha = α_k (step from the line search), s = s_k = α p, y = y_k = g_{k+1} - g_k.

/// <summary>The BFGS quasi-Newton method with a strong Wolfe line search (scipy <c>method='BFGS'</c>).</summary>
/// <remarks>
/// <para>Each iteration computes p = -H ∇f, finds α satisfying the strong Wolfe conditions, steps and updates the
/// inverse-Hessian approximation with the BFGS formula. The update costs O(n²) (one matrix-vector product and a rank-2
/// update; scipy's implementation forms two n×n matrix products, O(n³)). The line search is scipy's: Moré-Thuente
/// first and, when it fails, the bracketing-and-zoom search of Nocedal and Wright (<see cref="StrongWolfeZoom"/>); when
/// both fail the run stops with <see cref="TerminationReason.LineSearchFailed"/> (not counting the attempt as an
/// iteration). The first trial step is α₀ = min(1, 2.02 (f_k - f_{k-1}) / φ'(0)), with f_{-1} = f_0 + ‖∇f_0‖/2, as
/// scipy; when f did not change in the last iteration it is 0 and the run stops there, as scipy. Updates with yᵀs ≤ 0
/// are skipped (the strong Wolfe conditions guarantee yᵀs &gt; 0; only a step the fallback accepts without the curvature
/// condition can lack it); scipy applies them.</para>
/// <para>Convergence: ‖∇f‖∞ ≤ gtol. The result carries H as <see cref="MinimizeResult.InverseHessian"/>.</para>
/// <para>References: Nocedal &amp; Wright (2006), Algorithm 6.1, Section 6.1 and Algorithms 3.5-3.6; Fletcher (1987), Practical
/// Methods of Optimization.</para>
/// </remarks>
internal sealed class Bfgs(BfgsOptions options) : IterativeMethod<BfgsOptions, Bfgs.State>(options)
{
    public override string Name => "BFGS";

    public override MethodCapabilities Capabilities { get; } = new(UsesGradient: true);

    public override State Initialize(MinimizationProblem problem)
    {
        var s = new State(problem, Options);
        s.F = problem.ValueAndGradient(s.X, s.G!);
        s.GradientNorm = Convergence.InfNorm(s.G!);
        s.PreviousF = s.F + (0.5 * TP.Norm(s.G!));
        return s;
    }

    public override StepOutcome Step(MinimizationProblem problem, State s)
    {
        int n = problem.Dimension;
        var g = s.G!;
        if (s.HgValid)
        {
            TP.Negate(s.Hg, s.P);
        }
        else
        {
            BfgsUpdate.Direction(s.H, n, g, s.P);
        }

        double dphi0 = TP.Dot(g, s.P);
        if (!(dphi0 < 0))
        {
            ResetToGradient(s, g);
            dphi0 = TP.Dot(g, s.P);
        }

        double alpha0 = WolfeWithFallback.InitialStep(s.F, s.PreviousF, dphi0);
        if (alpha0 == 0)
        {
            return StepOutcome.StopWithoutStep(TerminationReason.LineSearchFailed, "f did not change in the last iteration");
        }

        s.Phi.Reset(s.X, s.P);
        var ls = s.Search.Search(s.Phi, s.F, dphi0, alpha0, null);
        if (!WolfeWithFallback.Acceptable(ls))
        {
            return StepOutcome.StopWithoutStep(ls.Status == LineSearchStatus.NonFinite ? TerminationReason.NonFiniteValue : TerminationReason.LineSearchFailed,
                $"line search: {ls.Status}");
        }

        s.Phi.EnsureAt(ls.Step);
        double fOld = s.F;
        for (int i = 0; i < n; i++)
        {
            s.Sv[i] = s.Phi.Point[i] - s.X[i];
            s.Yv[i] = s.Phi.Gradient[i] - g[i];
        }

        s.Phi.Point.CopyTo(s.X, 0);
        s.Phi.Gradient.CopyTo(g, 0);
        s.PreviousF = fOld;
        s.F = s.Phi.LastValue;
        s.GradientNorm = Convergence.InfNorm(g);
        s.StepNorm = Convergence.InfNorm(s.Sv);
        if (s.IsIdentity && Options.ScaleInitialHessian)
        {
            double yy = TP.Dot(s.Yv, s.Yv), ys = TP.Dot(s.Yv, s.Sv);
            if (ys > 0 && yy > 0)
            {
                BfgsUpdate.SetScaledIdentity(s.H, n, ys / yy);
            }

            s.HgValid = false;
        }

        // One pass over H per iteration: H g⁺ is computed while the previous iteration's deferred rank-two update is
        // applied (MultiplyCurrent); with p = -H g, H y = H g⁺ + p needs no second product; this iteration's update is
        // deferred in turn, and H⁺ g⁺ (the next direction) follows from H g⁺ in O(n).
        if (s.HgValid)
        {
            MultiplyCurrent(s, n, g, s.Hg);
            TP.Add(s.Hg, s.P, s.U);
        }
        else
        {
            MultiplyCurrent(s, n, g, s.Hg);
            MultiplyCurrent(s, n, s.Yv, s.U);
        }

        double curvature = TP.Dot(s.Yv, s.Sv);
        if (curvature > 0 && double.IsFinite(curvature))
        {
            s.IsIdentity = false;
            double rho = 1 / curvature;
            double c = (rho * rho * TP.Dot(s.Yv, s.U)) + rho;
            double ug = TP.Dot(s.U, g), sg = TP.Dot(s.Sv, g);
            s.Sv.CopyTo(s.PendingS, 0);
            s.U.CopyTo(s.PendingU, 0);
            s.PendingC = c;
            s.PendingRho = rho;
            s.HasPending = true;
            TP.MultiplyAdd(s.Sv, (-rho * ug) + (c * sg), s.Hg, s.Hg);
            TP.MultiplyAdd(s.U, -rho * sg, s.Hg, s.Hg);
        }

        s.HgValid = true;

        var settings = problem.Settings;
        if (settings.FunctionTolerance > 0 && fOld - s.F <= settings.FunctionTolerance * Math.Max(Math.Max(Math.Abs(fOld), Math.Abs(s.F)), 1))
        {
            return StepOutcome.Stop(TerminationReason.FunctionTolerance);
        }

        if (settings.StepTolerance > 0 && TP.Norm(s.Sv) <= settings.StepTolerance * (settings.StepTolerance + TP.Norm(s.X)))
        {
            return StepOutcome.Stop(TerminationReason.StepTolerance);
        }

        return StepOutcome.Continue;
    }

    /// <summary>result = H v for the current H (the stored matrix plus any deferred update, which this applies).</summary>
    private static void MultiplyCurrent(State s, int n, double[] v, double[] result)
    {
        if (!s.HasPending)
        {
            BfgsUpdate.Direction(s.H, n, v, result);
            TP.Negate(result, result);
            return;
        }

        double c = s.PendingC, rho = s.PendingRho;
        BfgsUpdate.MultiplyThenUpdate(s.H, n, v, result, s.PendingS, s.PendingU, c, rho);
        s.HasPending = false;

        // The product used the rows before the update: add R v = s (c sᵀv - ρ uᵀv) - ρ u (sᵀv).
        double sv = TP.Dot(s.PendingS, v), uv = TP.Dot(s.PendingU, v);
        TP.MultiplyAdd(s.PendingS, (c * sv) - (rho * uv), result, result);
        TP.MultiplyAdd(s.PendingU, -rho * sv, result, result);
    }

    private static void ResetToGradient(State s, double[] g)
    {
        s.HasPending = false;
        BfgsUpdate.SetScaledIdentity(s.H, s.X.Length, 1);
        s.IsIdentity = true;
        s.HgValid = false;
        TP.Negate(g, s.P);
    }

    internal sealed class State : MethodState
    {
        public State(MinimizationProblem problem, BfgsOptions options)
            : base(problem.Dimension, hasGradient: true)
        {
            int n = problem.Dimension;
            problem.X0.CopyTo(X, 0);
            H = new double[n * n];
            BfgsUpdate.SetScaledIdentity(H, n, 1);
            P = new double[n];
            Sv = new double[n];
            Yv = new double[n];
            U = new double[n];
            Hg = new double[n];
            PendingS = new double[n];
            PendingU = new double[n];
            Phi = new LineRestriction(problem);
            Search = options.LineSearch.Create(options.C1, options.C2, options.MaxLineSearch);
        }

        public double[] H { get; }

        public double[] P { get; }

        public double[] Sv { get; }

        public double[] Yv { get; }

        public double[] U { get; }

        public bool IsIdentity { get; set; } = true;

        /// <summary>H g for the current H and g (valid after the first update).</summary>
        public double[] Hg { get; }

        public bool HgValid { get; set; }

        /// <summary>The deferred update H += (c s - ρ u) sᵀ - ρ s uᵀ: its s.</summary>
        public double[] PendingS { get; }

        /// <summary>The deferred update's u = H y.</summary>
        public double[] PendingU { get; }

        public double PendingC { get; set; }

        public double PendingRho { get; set; }

        /// <summary>Whether H in memory still lacks the deferred update.</summary>
        public bool HasPending { get; set; }

        public double PreviousF { get; set; }

        public LineRestriction Phi { get; }

        public WolfeWithFallback Search { get; }

        public override InverseHessianApproximation? InverseHessian
        {
            get
            {
                if (HasPending)
                {
                    BfgsUpdate.RankTwo(H, X.Length, PendingS, PendingU, PendingC, PendingRho);
                    HasPending = false;
                }

                var full = (double[])H.Clone();
                BfgsUpdate.MirrorUpper(full, X.Length);
                return new DenseInverseHessian(full, X.Length);
            }
        }
    }
}
