using Adjoint.Optimize.LineSearch;
using Adjoint.Tensors;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Adjoint.Optimize.Methods;

// Symbols (Nocedal & Wright, Algorithm 7.1 "Line Search Newton-CG"): x = x_k, g = ∇f_k, H v the Hessian-vector product
// ∇²f_k v, z (xsupi) the inner CG iterate, r the inner residual (H z + g), d (psupi) the inner direction,
// η = min(0.5, √‖g‖₁) the forcing term, p the Newton-CG direction, α the line-search step.

/// <summary>Truncated Newton: conjugate gradient on exact Hessian-vector products, then a line search (scipy <c>method='Newton-CG'</c>).</summary>
/// <remarks>
/// <para>Each outer iteration solves ∇²f p = -∇f approximately by CG, stopping when ‖r‖₁ ≤ η‖∇f‖₁ with
/// η = min(0.5, √‖∇f‖₁) (superlinear convergence). Negative curvature ends the inner loop: with the previous iterate if
/// there is one, else with the steepest-descent direction scaled by the curvature; zero curvature along -∇f at once gives
/// p = 0 and stops the run on the step test. The step comes from scipy's line search: Moré-Thuente on [1e-8, 50] first
/// and, when it fails, the bracketing-and-zoom search of Nocedal and Wright (<see cref="StrongWolfeZoom"/>, unbounded);
/// the first trial step is α = 1, then min(1, 2.02 (f_k - f_{k-1}) / φ'(0)) as scipy (0 when f did not change, which
/// stops the run as in scipy). When both searches fail the run stops with <see cref="TerminationReason.LineSearchFailed"/>. Hessian-vector products come from double backward by
/// default (never forming the Hessian), or from a user <c>hessp</c>/<c>hess</c>, or from finite differences of gradients.</para>
/// <para>Stops when ‖α p‖₁ ≤ n·xtol; success requires ‖∇f‖∞ ≤ gtol as well. Unlike scipy, an inner CG loop that reaches
/// its 20·n iteration limit does not end the run: its iterate is used as the direction.</para>
/// <para>References: Nocedal &amp; Wright (2006), Algorithm 7.1; Dembo and Steihaug (1983), "Truncated-Newton algorithms for
/// large-scale unconstrained optimization", Math. Programming 26.</para>
/// </remarks>
internal sealed class NewtonCg(NewtonCgOptions options) : IterativeMethod<NewtonCgOptions, NewtonCg.State>(options)
{
    public override string Name => "Newton-CG";

    public override MethodCapabilities Capabilities { get; } = new(UsesGradient: true, UsesHessianProduct: true);

    public override State Initialize(MinimizationProblem problem)
    {
        var s = new State(problem, Options);
        s.F = problem.ValueAndGradient(s.X, s.G!);
        s.GradientNorm = Convergence.InfNorm(s.G!);
        return s;
    }

    public override StepOutcome Step(MinimizationProblem problem, State s)
    {
        int n = problem.Dimension;
        var g = s.G!;
        double gnorm1 = TP.SumOfMagnitudes(g);
        double eta = Math.Min(0.5, Math.Sqrt(gnorm1));
        double termcond = eta * gnorm1;
        var z = s.Z;
        var r = s.R;
        var d = s.Dir;
        var hd = s.Hd;
        Array.Clear(z);
        g.CopyTo(r, 0);
        TP.Negate(r, d);
        double rr = TP.Dot(r, r);
        int maxInner = Options.MaxInnerIterations ?? 20 * n;
        for (int i = 0; i < maxInner && TP.SumOfMagnitudes(r) > termcond; i++)
        {
            problem.HessianVectorProduct(s.X, d, hd);
            double curv = TP.Dot(d, hd);
            if (curv >= 0 && curv <= 3 * Precision<double>.MachineEpsilon)
            {
                break;
            }

            if (curv < 0)
            {
                if (i == 0)
                {
                    // Negative curvature at once: steepest descent scaled by the curvature.
                    TP.Multiply(g, -rr / -curv, z);
                }

                break;
            }

            double alpha = rr / curv;
            TP.MultiplyAdd(d, alpha, z, z);
            TP.MultiplyAdd(hd, alpha, r, r);
            double rrNew = TP.Dot(r, r);
            double beta = rrNew / rr;
            rr = rrNew;
            TP.Multiply(d, beta, d);
            TP.Subtract(d, r, d);
        }

        if (TP.SumOfMagnitudes(z) == 0)
        {
            // Zero curvature along -∇f at once: the Newton-CG step is zero, so the step test holds (scipy takes the zero step).
            return StepOutcome.Stop(TerminationReason.StepTolerance);
        }

        double dphi0 = TP.Dot(g, z);
        if (!(dphi0 < 0))
        {
            TP.Negate(g, z);
            dphi0 = TP.Dot(g, z);
        }

        double alpha0 = WolfeWithFallback.InitialStep(s.F, s.PreviousF, dphi0);
        if (alpha0 == 0)
        {
            return StepOutcome.StopWithoutStep(TerminationReason.LineSearchFailed, "f did not change in the last iteration");
        }

        s.Phi.Reset(s.X, z);
        var ls = s.Search.Search(s.Phi, s.F, dphi0, alpha0, null);
        if (!WolfeWithFallback.Acceptable(ls))
        {
            return StepOutcome.StopWithoutStep(ls.Status == LineSearchStatus.NonFinite ? TerminationReason.NonFiniteValue : TerminationReason.LineSearchFailed,
                $"line search: {ls.Status}");
        }

        s.Phi.EnsureAt(ls.Step);
        double update1 = 0, updateInf = 0;
        for (int i = 0; i < n; i++)
        {
            double u = s.Phi.Point[i] - s.X[i];
            update1 += Math.Abs(u);
            updateInf = Math.Max(updateInf, Math.Abs(u));
        }

        s.Phi.Point.CopyTo(s.X, 0);
        s.Phi.Gradient.CopyTo(g, 0);
        s.PreviousF = s.F;
        s.F = s.Phi.LastValue;
        s.GradientNorm = Convergence.InfNorm(g);
        s.StepNorm = updateInf;
        return update1 <= n * problem.Settings.StepTolerance ? StepOutcome.Stop(TerminationReason.StepTolerance) : StepOutcome.Continue;
    }

    internal sealed class State : MethodState
    {
        public State(MinimizationProblem problem, NewtonCgOptions options)
            : base(problem.Dimension, hasGradient: true)
        {
            int n = problem.Dimension;
            problem.X0.CopyTo(X, 0);
            Z = new double[n];
            R = new double[n];
            Dir = new double[n];
            Hd = new double[n];
            Phi = new LineRestriction(problem);
            // scipy's defaults for Newton-CG (LineSearchOptions.NewtonCgDefault): the MINPACK search on [1e-8, 50], the fallback unbounded.
            Search = options.LineSearch.Create(options.C1, options.C2, 100);
        }

        public double[] Z { get; }

        public double[] R { get; }

        public double[] Dir { get; }

        public double[] Hd { get; }

        public double PreviousF { get; set; } = double.NaN;

        public LineRestriction Phi { get; }

        public WolfeWithFallback Search { get; }
    }
}
