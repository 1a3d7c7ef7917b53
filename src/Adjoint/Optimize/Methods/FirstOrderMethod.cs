namespace Adjoint.Optimize.Methods;

/// <summary>
/// The loop shared by the fixed-step first-order methods (gradient descent, RMSProp, Adam): the method turns the gradient
/// into a displacement, and this base evaluates the new point, backing off on non-finite values.
/// </summary>
/// <remarks>
/// One function-and-gradient evaluation per iteration. When f or ∇f is NaN or infinite at x + s, the displacement s is
/// halved (up to 30 times) before the run stops with <see cref="TerminationReason.NonFiniteValue"/>. The only success is
/// ‖∇f‖∞ ≤ gtol, tested by the shared driver; there is no function or step test.
/// </remarks>
/// <typeparam name="TOptions">The method's options record.</typeparam>
internal abstract class FirstOrderMethod<TOptions>(TOptions options) : IterativeMethod<TOptions, FirstOrderMethod<TOptions>.State>(options)
    where TOptions : MinimizeOptions
{
    public override MethodCapabilities Capabilities { get; } = new(UsesGradient: true);

    /// <summary>Writes the displacement s for iteration <paramref name="t"/> (1-based) from the gradient, updating the method's buffers.</summary>
    protected abstract void Displacement(State s, int t, double[] step);

    public override State Initialize(MinimizationProblem problem)
    {
        var s = new State(problem);
        s.F = problem.ValueAndGradient(s.X, s.G!);
        s.GradientNorm = Convergence.InfNorm(s.G!);
        return s;
    }

    public override StepOutcome Step(MinimizationProblem problem, State s)
    {
        int n = problem.Dimension;
        s.T++;
        Displacement(s, s.T, s.Step);
        for (int attempt = 0; attempt <= 30; attempt++)
        {
            for (int i = 0; i < n; i++)
            {
                s.Trial[i] = s.X[i] + s.Step[i];
            }

            double f = problem.ValueAndGradient(s.Trial, s.TrialGradient);
            if (double.IsFinite(f) && Convergence.AllFinite(s.TrialGradient))
            {
                s.StepNorm = Convergence.InfNorm(s.Step);
                s.Trial.CopyTo(s.X, 0);
                s.TrialGradient.CopyTo(s.G!, 0);
                s.F = f;
                s.GradientNorm = Convergence.InfNorm(s.G!);
                return StepOutcome.Continue;
            }

            for (int i = 0; i < n; i++)
            {
                s.Step[i] *= 0.5;
            }
        }

        return StepOutcome.Stop(TerminationReason.NonFiniteValue, "f or its gradient stayed non-finite after halving the step 30 times");
    }

    internal sealed class State : MethodState
    {
        public State(MinimizationProblem problem)
            : base(problem.Dimension, hasGradient: true)
        {
            int n = problem.Dimension;
            problem.X0.CopyTo(X, 0);
            Step = new double[n];
            Trial = new double[n];
            TrialGradient = new double[n];
            First = new double[n];
            Second = new double[n];
        }

        /// <summary>The iteration counter t (1 at the first update).</summary>
        public int T { get; set; }

        public double[] Step { get; }

        public double[] Trial { get; }

        public double[] TrialGradient { get; }

        /// <summary>First buffer: velocity (momentum) or Adam's first moment m.</summary>
        public double[] First { get; }

        /// <summary>Second buffer: the running mean of squared gradients (RMSProp, Adam's v).</summary>
        public double[] Second { get; }
    }
}
