using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Adjoint.Optimize.TrustRegion;

// Symbols (Nocedal & Wright, Algorithm 4.1): x = x_k, g = ∇f_k, B = ∇²f_k (exact, by autodiff) or its product,
// Δ (Radius) the trust radius, p the subproblem step, ρ = (f(x) - f(x + p)) / (m(0) - m(p)) the agreement ratio,
// η the acceptance threshold.

/// <summary>
/// The trust-region outer loop shared by every trust-region method: solve the subproblem, compare actual and predicted
/// reduction, accept or reject, resize the radius. Subclasses supply only the <see cref="ITrustRegionSubproblem"/>.
/// </summary>
/// <remarks>
/// <para>Radius update as Nocedal &amp; Wright Algorithm 4.1 and scipy: ρ &lt; 1/4 shrinks Δ to Δ/4; ρ &gt; 3/4 with the step on
/// the boundary doubles it (at most Δ_max); the step is accepted when ρ &gt; η. A non-finite f(x + p) counts as ρ = -∞, so the
/// region shrinks away from it. Each subproblem solve is one iteration (accepted or not), as scipy counts. Stops with
/// <see cref="TerminationReason.TrustRegionTooSmall"/> when Δ falls below ε·max(1, ‖x‖).</para>
/// <para>References: Nocedal &amp; Wright (2006), Algorithm 4.1; Conn, Gould, Toint (2000), Trust-Region Methods.</para>
/// </remarks>
/// <typeparam name="TOptions">The method's options.</typeparam>
internal abstract class TrustRegionDriver<TOptions>(TOptions options) : IterativeMethod<TOptions, TrustRegionDriver<TOptions>.State>(options)
    where TOptions : TrustRegionOptions
{
    public override MethodCapabilities Capabilities => new(UsesGradient: true, UsesHessianProduct: !CreateSubproblem().NeedsDenseHessian,
        UsesHessian: CreateSubproblem().NeedsDenseHessian);

    /// <summary>The subproblem solver (a fresh one per run; it may keep buffers).</summary>
    protected abstract ITrustRegionSubproblem CreateSubproblem();

    public override State Initialize(MinimizationProblem problem)
    {
        var s = new State(problem, CreateSubproblem(), Options.InitialTrustRadius);
        s.F = problem.ValueAndGradient(s.X, s.G!);
        s.GradientNorm = Convergence.InfNorm(s.G!);
        return s;
    }

    public override StepOutcome Step(MinimizationProblem problem, State s)
    {
        int n = problem.Dimension;
        var g = s.G!;
        s.HessianOperator.Prepare();
        bool boundary = s.Subproblem.Solve(g, s.HessianOperator, s.Radius, s.P);
        s.HessianOperator.Multiply(s.P, s.Bp);
        double predicted = -(TP.Dot(g, s.P) + (0.5 * TP.Dot(s.P, s.Bp)));
        TP.Add(s.X, s.P, s.Trial);
        double fTrial = problem.ValueAndGradient(s.Trial, s.TrialG);
        double rho = double.IsFinite(fTrial) && predicted > 0 ? (s.F - fTrial) / predicted : double.NegativeInfinity;
        if (rho < 0.25)
        {
            s.Radius *= 0.25;
        }
        else if (rho > 0.75 && boundary)
        {
            s.Radius = Math.Min(2 * s.Radius, Options.MaxTrustRadius);
        }

        if (rho > Options.Eta && Convergence.AllFinite(s.TrialG))
        {
            s.StepNorm = Convergence.InfNorm(s.P);
            s.Trial.CopyTo(s.X, 0);
            s.TrialG.CopyTo(g, 0);
            s.F = fTrial;
            s.GradientNorm = Convergence.InfNorm(g);
            s.HessianOperator.Invalidate();
        }
        else if (s.Radius < problem.MachineEpsilon * Math.Max(1, TP.Norm(s.X)))
        {
            return StepOutcome.Stop(TerminationReason.TrustRegionTooSmall);
        }

        return StepOutcome.Continue;
    }

    internal sealed class State : MethodState
    {
        public State(MinimizationProblem problem, ITrustRegionSubproblem subproblem, double radius)
            : base(problem.Dimension, hasGradient: true)
        {
            int n = problem.Dimension;
            problem.X0.CopyTo(X, 0);
            Subproblem = subproblem;
            Radius = radius;
            P = new double[n];
            Bp = new double[n];
            Trial = new double[n];
            TrialG = new double[n];
            HessianOperator = new ProblemHessian(problem, X, subproblem.NeedsDenseHessian);
        }

        public ITrustRegionSubproblem Subproblem { get; }

        public double Radius { get; set; }

        public double[] P { get; }

        public double[] Bp { get; }

        public double[] Trial { get; }

        public double[] TrialG { get; }

        public ProblemHessian HessianOperator { get; }

        public override double[,]? Hessian
        {
            get
            {
                if (HessianOperator.Dense is not { } h)
                {
                    return null;
                }

                int n = X.Length;
                var m = new double[n, n];
                for (int i = 0; i < n; i++)
                {
                    for (int j = 0; j < n; j++)
                    {
                        m[i, j] = h[(i * n) + j];
                    }
                }

                return m;
            }
        }
    }

    /// <summary>∇²f at the current x through the problem: Hessian-vector products, or one dense Hessian per accepted point.</summary>
    internal sealed class ProblemHessian(MinimizationProblem problem, double[] x, bool dense) : IHessianOperator
    {
        private bool _valid;

        public int Dimension => problem.Dimension;

        public double[]? Dense { get; private set; }

        public void Prepare()
        {
            if (dense && !_valid)
            {
                Dense ??= new double[problem.Dimension * problem.Dimension];
                problem.Hessian(x, Dense);
            }

            _valid = true;
        }

        public void Invalidate() => _valid = false;

        public void Multiply(ReadOnlySpan<double> v, Span<double> result)
        {
            if (Dense is { } h && dense)
            {
                int n = problem.Dimension;
                for (int i = 0; i < n; i++)
                {
                    result[i] = TP.Dot(h.AsSpan(i * n, n), v);
                }
            }
            else
            {
                problem.HessianVectorProduct(x, v, result);
            }
        }
    }
}
