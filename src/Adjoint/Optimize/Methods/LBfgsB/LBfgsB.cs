using Adjoint.Optimize.LineSearch;
using Adjoint.Optimize.QuasiNewton;
using Adjoint.Tensors.Kernels;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Adjoint.Optimize.Methods.LBfgsB;

// Symbols (Byrd, Lu, Nocedal, Zhu 1995; Nocedal & Wright Section 7.3 and 16.7): x = x_k, g = ∇f_k, [l, u] the box,
// B the L-BFGS approximation θI - W M Wᵀ built from the last m pairs (s, y), x^c the generalized Cauchy point,
// x̄ the subspace minimizer, d = x̄ - x the search direction, α (stp) the step, α_max (stpmax) the largest feasible step.

/// <summary>
/// L-BFGS-B: limited-memory BFGS for bound-constrained problems (scipy <c>method='L-BFGS-B'</c>), the algorithm of
/// Byrd, Lu, Nocedal and Zhu with the 3.0 subspace refinement.
/// </summary>
/// <remarks>
/// <para>Each iteration (1) finds the generalized Cauchy point by walking the projected steepest-descent path through its
/// breakpoints and minimizing the quadratic model on each segment (<see cref="CauchyPoint"/>); (2) minimizes the model
/// over the variables still free at the Cauchy point with the compact representation and the Sherman-Morrison-Woodbury
/// formula (<see cref="SubspaceMinimization"/>); (3) searches along d = x̄ - x with the Moré-Thuente line search
/// (c1 = 1e-3, c2 = 0.9, xtol = 0.1, at most maxls evaluations), never stepping beyond the bounds (α ≤ α_max); (4) stores
/// the pair (s, y) when sᵀy &gt; ε·(-gᵀd)α. The first step is min(1/‖d‖, α_max) unless every variable is boxed. A failed
/// line search discards the memory and restarts from steepest descent; a second failure stops with
/// <see cref="TerminationReason.LineSearchFailed"/>. Without any finite bound, steps (1)-(2) reduce exactly to
/// x̄ = x - B⁻¹∇f, which is computed by the two-loop recursion in O(m n).</para>
/// <para>Convergence: the projected gradient's infinity norm ≤ pgtol (success), or a relative reduction of f below ftol,
/// which counts as success only if the projected gradient norm is also below pgtol
/// (<see cref="TerminationReason.NoProgress"/> otherwise; scipy reports such stops as successes).
/// Every iterate lies inside the box. Costs O(m n) per iteration plus O(n log n) for the breakpoints when bounds are present.</para>
/// <para>References: R. H. Byrd, P. Lu, J. Nocedal, C. Zhu, "A limited memory algorithm for bound constrained
/// optimization", SIAM J. Sci. Comput. 16(5), 1995; C. Zhu, R. H. Byrd, P. Lu, J. Nocedal, "Algorithm 778", ACM TOMS 23(4),
/// 1997; J. L. Morales, J. Nocedal, "Remark on Algorithm 778", ACM TOMS 38(1), 2011.</para>
/// </remarks>
internal sealed class LBfgsB(LBfgsBOptions options) : IterativeMethod<LBfgsBOptions, LBfgsB.State>(options)
{
    public override string Name => "L-BFGS-B";

    public override MethodCapabilities Capabilities { get; } = new(UsesGradient: true, SupportsBounds: true);

    public override State Initialize(MinimizationProblem problem)
    {
        var s = new State(problem, Options);
        s.F = problem.ValueAndGradient(s.X, s.G!);
        s.GradientNorm = Convergence.ProjectedGradientNorm(s.X, s.G!, problem.Lower, problem.Upper);
        return s;
    }

    public override StepOutcome Step(MinimizationProblem problem, State s)
    {
        int n = problem.Dimension;
        var g = s.G!;
        LineSearchResult ls = default;
        double gd = 0;
        for (int attempt = 0; attempt < 2; attempt++)
        {
            if (!problem.HasBounds)
            {
                // Without bounds the Cauchy point and the subspace step over all variables give x̄ = x - B⁻¹g exactly,
                // and B⁻¹g is the two-loop recursion over the same pairs: O(m n) instead of O(m² n + m³).
                s.History.MultiplyInverse(g, s.D);
                TP.Negate(s.D, s.D);
            }
            else
            {
                if (!s.Compact.Form())
                {
                    s.History.Clear();
                    s.Compact.Form();
                }

                s.Workspace ??= new StepWorkspace(n);
                CauchyPoint.Compute(s.X, g, problem.Lower, problem.Upper, s.Compact, s.Xcp, s.C, problem.MachineEpsilon, s.Workspace);
                SubspaceMinimization.Compute(s.X, g, problem.Lower, problem.Upper, s.Compact, s.Xcp, s.C, s.Xbar, s.Workspace);
                TP.Subtract(s.Xbar, s.X, s.D);
            }

            gd = TP.Dot(g, s.D);
            if (gd < 0)
            {
                double stpmax = MaxStep(problem, s);
                double dnorm = TP.Norm(s.D);
                double stp0 = s.FirstIteration && !s.Boxed ? Math.Min(1 / dnorm, stpmax) : 1;
                s.Phi.Reset(s.X, s.D);
                ls = s.Search.Search(s.Phi, s.F, gd, stp0, stpmax);
                if (ls.Succeeded || ls.Usable(s.F))
                {
                    break;
                }
            }

            if (s.History.Count == 0)
            {
                // Already steepest descent: give up.
                return StepOutcome.Stop(gd >= 0 ? TerminationReason.LineSearchFailed
                    : ls.Status == LineSearchStatus.NonFinite ? TerminationReason.NonFiniteValue : TerminationReason.LineSearchFailed,
                    gd >= 0 ? "the search direction is not a descent direction" : $"line search: {ls.Status}");
            }

            s.History.Clear();
            ls = default;
        }

        if (!(ls.Succeeded || ls.Usable(s.F)))
        {
            return StepOutcome.Stop(TerminationReason.LineSearchFailed, $"line search: {ls.Status}");
        }

        s.Phi.EnsureAt(ls.Step);
        s.FirstIteration = false;
        double fOld = s.F;
        TP.Subtract(s.Phi.Point, s.X, s.Sv);
        TP.Subtract(s.Phi.Gradient, g, s.Yv);

        s.Phi.Point.CopyTo(s.X, 0);
        s.Phi.Gradient.CopyTo(g, 0);
        s.F = s.Phi.LastValue;
        s.GradientNorm = Convergence.ProjectedGradientNorm(s.X, g, problem.Lower, problem.Upper);
        s.StepNorm = Convergence.InfNorm(s.Sv);

        double sy = TP.Dot(s.Sv, s.Yv);
        if (sy > problem.MachineEpsilon * (-gd * ls.Step) && double.IsFinite(sy))
        {
            var sv = s.Sv;
            var yv = s.Yv;
            s.History.PushSwap(ref sv, ref yv);
            s.Sv = sv;
            s.Yv = yv;
        }

        var settings = problem.Settings;
        if (s.GradientNorm > settings.GradientTolerance
            && fOld - s.F <= settings.FunctionTolerance * Math.Max(Math.Max(Math.Abs(fOld), Math.Abs(s.F)), 1))
        {
            return StepOutcome.Stop(TerminationReason.FunctionTolerance, "relative reduction of f below ftol");
        }

        return StepOutcome.Continue;
    }

    /// <summary>The largest α with x + α d inside the box (1 at the first iteration of a constrained problem, as L-BFGS-B).</summary>
    private static double MaxStep(MinimizationProblem problem, State s)
    {
        if (problem.Lower is not { } lo || problem.Upper is not { } hi)
        {
            return 1e10;
        }

        if (s.FirstIteration)
        {
            return 1;
        }

        double stpmax = 1e10;
        for (int i = 0; i < s.D.Length; i++)
        {
            double di = s.D[i];
            if (di < 0 && lo[i] > double.NegativeInfinity)
            {
                stpmax = Math.Min(stpmax, (lo[i] - s.X[i]) / di);
            }
            else if (di > 0 && hi[i] < double.PositiveInfinity)
            {
                stpmax = Math.Min(stpmax, (hi[i] - s.X[i]) / di);
            }
        }

        return Math.Max(stpmax, 0);
    }

    internal sealed class State : MethodState
    {
        public State(MinimizationProblem problem, LBfgsBOptions options)
            : base(problem.Dimension, hasGradient: true)
        {
            int n = problem.Dimension;
            problem.X0.CopyTo(X, 0);
            History = new LbfgsHistory(n, options.MaxCorrections);
            Compact = new CompactRepresentation(History);
            Xcp = FreshMemory.Doubles(n);
            Xbar = FreshMemory.Doubles(n);
            D = FreshMemory.Doubles(n);
            Sv = FreshMemory.Doubles(n);
            Yv = FreshMemory.Doubles(n);
            C = new double[2 * options.MaxCorrections];
            Phi = new LineRestriction(problem) { Project = true };
            Search = options.LineSearch.CreateMoreThuente(1e-3, 0.9, options.MaxLineSearch);
            Boxed = problem.Lower is { } lo && problem.Upper is { } hi
                && lo.All(double.IsFinite) && hi.All(double.IsFinite);
        }

        public LbfgsHistory History { get; }

        /// <summary>Scratch vectors of the bounded step (allocated at the first bounded iteration).</summary>
        public StepWorkspace? Workspace { get; set; }

        public CompactRepresentation Compact { get; }

        public double[] Xcp { get; }

        public double[] Xbar { get; }

        public double[] D { get; }

        public double[] Sv { get; set; }

        public double[] Yv { get; set; }

        public double[] C { get; }

        public LineRestriction Phi { get; }

        public StrongWolfe Search { get; }

        public bool Boxed { get; }

        public bool FirstIteration { get; set; } = true;

        public override InverseHessianApproximation? InverseHessian => History.ToInverseHessian();
    }
}
