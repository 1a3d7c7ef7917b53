using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Adjoint.Optimize.TrustRegion;

// Symbols (Nocedal & Wright, Algorithm 4.1): x = x_k, g = ∇f_k, p = p_k the subproblem's step, Δ = Δ_k (Radius),
// Δ̂ the largest radius, η the acceptance threshold, ρ = ρ_k = (f(x_k) - f(x_k + p_k)) / (m_k(0) - m_k(p_k)).

/// <summary>
/// The trust-region loop shared by dogleg, trust-ncg, trust-exact and trust-krylov: a method is this driver plus an
/// <see cref="ITrustRegionSubproblem"/> (scipy's <c>_minimize_trust_region</c>).
/// </summary>
/// <remarks>
/// <para>Each iteration asks the subproblem for p with ‖p‖ ≤ Δ, evaluates f and ∇f at x + p and computes ρ. The radius
/// shrinks to Δ/4 when ρ &lt; 1/4 and doubles (up to Δ̂) when ρ &gt; 3/4 and the step reached the boundary; the step is
/// accepted when ρ &gt; η. Rejected steps count as iterations, as in scipy. A trial point where f or ∇f is NaN or infinite
/// counts as ρ = -∞ (the radius shrinks and the step is rejected).</para>
/// <para>Stops: ‖∇f‖∞ ≤ gtol (success, tested by the shared driver); the model predicting no decrease
/// (<see cref="TerminationReason.NoProgress"/>, scipy's warnflag 2); the radius falling below ε·max(1, ‖x‖)
/// (<see cref="TerminationReason.TrustRegionTooSmall"/>, or <see cref="TerminationReason.NonFiniteValue"/> when the
/// last trials were non-finite); a subproblem failure.</para>
/// <para>References: Nocedal &amp; Wright (2006), Algorithm 4.1; Conn, Gould, Toint (2000), "Trust-Region Methods", SIAM,
/// Algorithm 6.1.1.</para>
/// </remarks>
/// <typeparam name="TOptions">The method's options record.</typeparam>
internal abstract class TrustRegionDriver<TOptions>(TOptions options) : IterativeMethod<TOptions, TrustRegionState>(options)
    where TOptions : TrustRegionOptions
{
    /// <summary>Creates the subproblem solver for one run.</summary>
    protected abstract ITrustRegionSubproblem CreateSubproblem(MinimizationProblem problem);

    public override TrustRegionState Initialize(MinimizationProblem problem)
    {
        var s = new TrustRegionState(problem, CreateSubproblem(problem), Options.InitialTrustRadius);
        s.F = problem.ValueAndGradient(s.X, s.G!);
        s.GradientNorm = Convergence.InfNorm(s.G!);
        return s;
    }

    public override StepOutcome Step(MinimizationProblem problem, TrustRegionState s)
    {
        int n = problem.Dimension;
        var g = s.G!;
        var p = s.P;
        var step = s.Subproblem.Solve(s.Model, g, s.Radius, p);
        if (step.Failure is { } failure)
        {
            return StepOutcome.Stop(failure, step.Detail);
        }

        double predicted = -step.ModelChange;
        if (double.IsNaN(predicted))
        {
            return StepOutcome.Stop(TerminationReason.NonFiniteValue, "the quadratic model is not finite");
        }

        if (!(predicted > 0))
        {
            s.StepNorm = 0;
            return StepOutcome.Stop(TerminationReason.NoProgress, "the quadratic model predicts no decrease");
        }

        for (int i = 0; i < n; i++)
        {
            s.Trial[i] = s.X[i] + p[i];
        }

        double fTrial = problem.ValueAndGradient(s.Trial, s.TrialGradient);
        bool finite = double.IsFinite(fTrial) && Convergence.AllFinite(s.TrialGradient);
        double rho = finite ? (s.F - fTrial) / predicted : double.NegativeInfinity;
        if (rho < 0.25)
        {
            s.Radius *= 0.25;
        }
        else if (rho > 0.75 && step.HitsBoundary)
        {
            s.Radius = Math.Min(2 * s.Radius, Options.MaxTrustRadius);
        }

        if (rho > Options.Eta)
        {
            s.Trial.CopyTo(s.X, 0);
            s.TrialGradient.CopyTo(g, 0);
            s.F = fTrial;
            s.GradientNorm = Convergence.InfNorm(g);
            s.StepNorm = Convergence.InfNorm(p);
            s.Model.Reset();
            s.Subproblem.Reset();
            return StepOutcome.Continue;
        }

        s.StepNorm = 0;
        if (s.Radius < problem.MachineEpsilon * Math.Max(1, TP.Norm(s.X)))
        {
            return finite
                ? StepOutcome.Stop(TerminationReason.TrustRegionTooSmall, "no acceptable step")
                : StepOutcome.Stop(TerminationReason.NonFiniteValue, "every trial point near x gave a non-finite value");
        }

        return StepOutcome.Continue;
    }
}
