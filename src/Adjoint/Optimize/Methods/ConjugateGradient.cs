using Adjoint.Optimize.LineSearch;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Adjoint.Optimize.Methods;

// Symbols (Nocedal & Wright, Section 5.2, Eqs. 5.44-5.45): x = x_k, g = ∇f_k, p = p_k the search direction,
// β = β_k^{PR+} = max(0, ∇f_{k+1}ᵀ(∇f_{k+1} - ∇f_k) / ‖∇f_k‖²), α = α_k, σ = 0.01 the sufficient-descent constant.

/// <summary>Nonlinear conjugate gradient, Polak-Ribière+ with a strong Wolfe line search (scipy <c>method='CG'</c>).</summary>
/// <remarks>
/// <para>p₀ = -∇f₀; after each step, p_{k+1} = -∇f_{k+1} + β p_k with β = max(0, β^{PR}). The strong Wolfe conditions
/// (c2 = 0.4) do not by themselves make p_{k+1} a sufficient descent direction, so a step is accepted only if
/// p_{k+1}ᵀ∇f_{k+1} ≤ -σ‖∇f_{k+1}‖² (σ = 0.01) or ‖∇f_{k+1}‖∞ ≤ gtol (Gilbert and Nocedal's condition, as scipy). The line
/// search is scipy's: Moré-Thuente first; if it fails, or its step fails that test, the bracketing-and-zoom search of
/// Nocedal and Wright, which applies the test while searching (<see cref="StrongWolfeZoom"/>). When both fail, the first
/// search's step is still taken if it satisfied the strong Wolfe conditions and only the descent test rejected it, and
/// the method restarts with p_{k+1} = -∇f_{k+1} (scipy stops there); otherwise the run stops with
/// <see cref="TerminationReason.LineSearchFailed"/>, the attempt not counting as an iteration. The first trial step is
/// min(1, 2.02 (f_k - f_{k-1}) / φ'(0)) with f_{-1} = f₀ + ‖∇f₀‖/2, as scipy; when f did not change in the last iteration
/// it is 0, and the run stops with <see cref="TerminationReason.LineSearchFailed"/>, as scipy. Should p_k not be a descent
/// direction (possible only after the fallback accepts a step without the curvature condition), it is replaced by -∇f_k.
/// Convergence: ‖∇f‖∞ ≤ gtol.</para>
/// <para>References: Nocedal &amp; Wright (2006), Algorithm 5.4, Section 5.2 and Algorithms 3.5-3.6; Polak and Ribière (1969);
/// Gilbert and Nocedal (1992), "Global convergence properties of conjugate gradient methods", SIAM J. Optim. 2(1).</para>
/// </remarks>
internal sealed class ConjugateGradient(ConjugateGradientOptions options) : IterativeMethod<ConjugateGradientOptions, ConjugateGradient.State>(options)
{
    /// <summary>σ of the sufficient-descent test p_{k+1}ᵀ∇f_{k+1} ≤ -σ‖∇f_{k+1}‖².</summary>
    private const double DescentConstant = 0.01;

    public override string Name => "CG";

    public override MethodCapabilities Capabilities { get; } = new(UsesGradient: true);

    public override State Initialize(MinimizationProblem problem)
    {
        var s = new State(problem, Options);
        s.F = problem.ValueAndGradient(s.X, s.G!);
        s.GradientNorm = Convergence.InfNorm(s.G!);
        s.PreviousF = s.F + (0.5 * TP.Norm(s.G!));
        TP.Negate(s.G!, s.P);
        return s;
    }

    public override StepOutcome Step(MinimizationProblem problem, State s)
    {
        int n = problem.Dimension;
        var g = s.G!;
        double dphi0 = TP.Dot(g, s.P);
        if (!(dphi0 < 0))
        {
            TP.Negate(g, s.P);
            dphi0 = TP.Dot(g, s.P);
        }

        double alpha0 = WolfeWithFallback.InitialStep(s.F, s.PreviousF, dphi0);
        if (alpha0 == 0)
        {
            return StepOutcome.StopWithoutStep(TerminationReason.LineSearchFailed, "f did not change in the last iteration");
        }

        s.GradientSquared = TP.Dot(g, g);
        s.Phi.Reset(s.X, s.P);
        var ls = s.Search.Search(s.Phi, s.F, dphi0, alpha0, s.Acceptance, out var first);
        bool restart = false;
        if (!WolfeWithFallback.Acceptable(ls))
        {
            if (first.Status != LineSearchStatus.Converged)
            {
                return StepOutcome.StopWithoutStep(ls.Status == LineSearchStatus.NonFinite ? TerminationReason.NonFiniteValue : TerminationReason.LineSearchFailed,
                    $"line search: {ls.Status}");
            }

            // Both searches failed, but the first found a strong Wolfe step that only the descent test rejected: take it
            // and restart with steepest descent (scipy stops here).
            ls = first;
            restart = true;
        }

        s.Phi.EnsureAt(ls.Step);
        var gNew = s.Phi.Gradient;
        double beta = s.Beta(gNew);
        double stepInf = 0;
        for (int i = 0; i < n; i++)
        {
            stepInf = Math.Max(stepInf, Math.Abs(s.Phi.Point[i] - s.X[i]));
        }

        s.Phi.Point.CopyTo(s.X, 0);
        gNew.CopyTo(g, 0);
        s.PreviousF = s.F;
        s.F = s.Phi.LastValue;
        s.GradientNorm = Convergence.InfNorm(g);
        s.StepNorm = stepInf;
        // p_{k+1} = -g_{k+1} + β p_k.
        TP.Multiply(s.P, restart ? 0 : beta, s.P);
        TP.Subtract(s.P, g, s.P);
        return StepOutcome.Continue;
    }

    internal sealed class State : MethodState
    {
        private readonly double _gradientTolerance;

        public State(MinimizationProblem problem, ConjugateGradientOptions options)
            : base(problem.Dimension, hasGradient: true)
        {
            problem.X0.CopyTo(X, 0);
            P = new double[problem.Dimension];
            Phi = new LineRestriction(problem);
            Search = options.LineSearch.Create(options.C1, options.C2, 100);
            Acceptance = DescentCondition;
            _gradientTolerance = problem.Settings.GradientTolerance;
        }

        public double[] P { get; }

        public double PreviousF { get; set; }

        /// <summary>‖∇f_k‖², the denominator of β.</summary>
        public double GradientSquared { get; set; }

        public LineRestriction Phi { get; }

        public WolfeWithFallback Search { get; }

        /// <summary>The extra acceptance test of the line search (bound once, so the iterations allocate nothing).</summary>
        public StepAcceptance Acceptance { get; }

        /// <summary>β^{PR+} for the gradient <paramref name="gNew"/> at the trial point.</summary>
        public double Beta(double[] gNew)
        {
            var g = G!;
            double yg = 0;
            for (int i = 0; i < gNew.Length; i++)
            {
                yg += (gNew[i] - g[i]) * gNew[i];
            }

            return Math.Max(0, yg / GradientSquared);
        }

        /// <summary>
        /// Accepts a strong Wolfe step when the next direction -∇f_{k+1} + β p_k is a sufficient descent direction or the
        /// step already meets gtol; <see cref="Phi"/> holds ∇f_{k+1} of the step asked about, and φ'(α) = ∇f_{k+1}ᵀp_k.
        /// </summary>
        private bool DescentCondition(double step, double value, double derivative)
        {
            var gNew = Phi.Gradient;
            if (Convergence.InfNorm(gNew) <= _gradientTolerance)
            {
                return true;
            }

            double gg = TP.Dot(gNew, gNew);
            return (-gg + (Beta(gNew) * derivative)) <= -DescentConstant * gg;
        }
    }
}
