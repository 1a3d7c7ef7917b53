using Adjoint.Optimize.LineSearch;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Adjoint.Optimize.Methods;

// Symbols (Nocedal & Wright, Section 5.2, Eqs. 5.44-5.45): x = x_k, g = ∇f_k, p = p_k the search direction,
// β = β_k^{PR+} = max(0, ∇f_{k+1}ᵀ(∇f_{k+1} - ∇f_k) / ‖∇f_k‖²), α = α_k.

/// <summary>Nonlinear conjugate gradient, Polak-Ribière+ with a strong Wolfe line search (scipy <c>method='CG'</c>).</summary>
/// <remarks>
/// <para>p₀ = -∇f₀; after each step, p_{k+1} = -∇f_{k+1} + β p_k with β = max(0, β^{PR}). The line search uses c2 = 0.4 (so the
/// strong Wolfe conditions give descent directions); if the new direction nevertheless fails the descent test
/// pᵀ∇f ≤ -0.01‖∇f‖², it restarts with steepest descent. The first trial step is min(1, 2.02 (f_k - f_{k-1}) / φ'(0)) with
/// f_{-1} = f₀ + ‖∇f₀‖/2, as scipy. Convergence: ‖∇f‖∞ ≤ gtol.</para>
/// <para>References: Nocedal &amp; Wright (2006), Algorithm 5.4 and Section 5.2; Polak and Ribière (1969); Gilbert and Nocedal
/// (1992), "Global convergence properties of conjugate gradient methods", SIAM J. Optim. 2(1).</para>
/// </remarks>
internal sealed class ConjugateGradient(ConjugateGradientOptions options) : IterativeMethod<ConjugateGradientOptions, ConjugateGradient.State>(options)
{
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

        double alpha0 = 2.02 * (s.F - s.PreviousF) / dphi0;
        alpha0 = alpha0 > 0 && double.IsFinite(alpha0) ? Math.Min(1, alpha0) : 1;
        s.Phi.Reset(s.X, s.P);
        var ls = s.Search.Search(s.Phi, s.F, dphi0, alpha0, 1e100);
        if (!ls.Succeeded && !ls.Usable(s.F))
        {
            return StepOutcome.Stop(ls.Status == LineSearchStatus.NonFinite ? TerminationReason.NonFiniteValue : TerminationReason.LineSearchFailed,
                $"line search: {ls.Status}");
        }

        s.Phi.EnsureAt(ls.Step);
        var gNew = s.Phi.Gradient;
        double gg = TP.Dot(g, g);
        double yg = 0;
        double stepInf = 0;
        for (int i = 0; i < n; i++)
        {
            yg += (gNew[i] - g[i]) * gNew[i];
            stepInf = Math.Max(stepInf, Math.Abs(s.Phi.Point[i] - s.X[i]));
        }

        double beta = Math.Max(0, yg / gg);
        s.Phi.Point.CopyTo(s.X, 0);
        gNew.CopyTo(g, 0);
        s.PreviousF = s.F;
        s.F = s.Phi.LastValue;
        s.GradientNorm = Convergence.InfNorm(g);
        s.StepNorm = stepInf;
        // p_{k+1} = -g_{k+1} + β p_k, restarting when it is not a sufficient descent direction.
        TP.Multiply(s.P, beta, s.P);
        TP.Subtract(s.P, g, s.P);
        double gNorm2 = TP.Dot(g, g);
        if (TP.Dot(s.P, g) > -0.01 * gNorm2)
        {
            TP.Negate(g, s.P);
        }

        return StepOutcome.Continue;
    }

    internal sealed class State : MethodState
    {
        public State(MinimizationProblem problem, ConjugateGradientOptions options)
            : base(problem.Dimension, hasGradient: true)
        {
            problem.X0.CopyTo(X, 0);
            P = new double[problem.Dimension];
            Phi = new LineRestriction(problem);
            Search = new StrongWolfe(options.C1, options.C2, 1e-14, 100);
        }

        public double[] P { get; }

        public double PreviousF { get; set; }

        public LineRestriction Phi { get; }

        public StrongWolfe Search { get; }
    }
}
