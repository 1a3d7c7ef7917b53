namespace Adjoint.Optimize;

/// <summary>
/// Base of iterative methods, built-in or user-written: a method supplies <see cref="Initialize"/> (evaluate at x0,
/// allocate buffers) and <see cref="Step"/> (one iteration); the shared <see cref="Driver"/> does everything else:
/// maxiter, the evaluation budget, the time limit, cancellation, callbacks, progress, the trace, NaN guards,
/// best-so-far tracking, the gtol test that decides success for gradient methods, and the result with exact counts.
/// </summary>
/// <remarks>
/// Run a method with <see cref="Minimizer.Minimize(IMinimizationMethod, Objective, Autodiff.Variables, Constraints.Bounds?, MinimizeControl?, IReadOnlyList{Constraints.Constraint}?)"/>.
/// Its options may be a built-in record or the method's own record deriving <see cref="MinimizeOptions"/>.
/// </remarks>
/// <example><code>
/// sealed record MomentumOptions : MinimizeOptions
/// {
///     public override string MethodName => "Momentum";
///     public double LearningRate { get; init; } = 1e-3;
/// }
/// sealed class MomentumState(int n) : MethodState(n, hasGradient: true) { public double[] V { get; } = new double[n]; }
/// sealed class Momentum(MomentumOptions o) : IterativeMethod&lt;MomentumOptions, MomentumState&gt;(o)
/// {
///     public override string Name => "Momentum";
///     public override MethodCapabilities Capabilities { get; } = new(UsesGradient: true);
///     public override MomentumState Initialize(MinimizationProblem p)
///     {
///         var s = new MomentumState(p.Dimension);
///         p.X0.CopyTo(s.X, 0);
///         s.Evaluate(p);
///         return s;
///     }
///     public override StepOutcome Step(MinimizationProblem p, MomentumState s)
///     {
///         for (int i = 0; i &lt; s.X.Length; i++) { s.V[i] = (0.9 * s.V[i]) - s.G![i]; s.X[i] += Options.LearningRate * s.V[i]; }
///         s.Evaluate(p);
///         return StepOutcome.Continue;
///     }
/// }
/// </code></example>
/// <typeparam name="TOptions">The method's options record.</typeparam>
/// <typeparam name="TState">The method's state.</typeparam>
public abstract class IterativeMethod<TOptions, TState> : IMinimizationMethod
    where TOptions : MinimizeOptions
    where TState : MethodState
{
    /// <summary>Creates the method with validated options.</summary>
    /// <param name="options">The options this instance runs with; <see cref="MinimizeOptions.Validate"/> runs here.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is invalid.</exception>
    protected IterativeMethod(TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
    }

    /// <inheritdoc/>
    public abstract string Name { get; }

    /// <inheritdoc/>
    public abstract MethodCapabilities Capabilities { get; }

    /// <summary>The options this instance runs with.</summary>
    public TOptions Options { get; }

    MinimizeOptions IMinimizationMethod.Options => Options;

    /// <inheritdoc/>
    public MinimizeResult Minimize(MinimizationProblem problem, MinimizeControl control)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return Driver.Run(this, problem, control ?? MinimizeControl.Default);
    }

    /// <summary>
    /// Starts a run: allocates the state, copies <see cref="MinimizationProblem.X0"/> into <see cref="MethodState.X"/> and
    /// evaluates f (and ∇f for gradient methods) there.
    /// </summary>
    /// <param name="problem">The problem, with counted evaluations and the resolved settings.</param>
    /// <returns>The state at x0; the driver checks it for non-finite values and the gtol test before the first step.</returns>
    public abstract TState Initialize(MinimizationProblem problem);

    /// <summary>
    /// One iteration: moves the state to the next iterate (consistent <see cref="MethodState.X"/>, <see cref="MethodState.F"/>,
    /// <see cref="MethodState.G"/> and <see cref="MethodState.GradientNorm"/> on return).
    /// </summary>
    /// <param name="problem">The problem, with counted evaluations and the resolved settings.</param>
    /// <param name="state">The state returned by <see cref="Initialize"/>, as the previous step left it.</param>
    /// <returns><see cref="StepOutcome.Continue"/>, or a stop with the method's own reason.</returns>
    public abstract StepOutcome Step(MinimizationProblem problem, TState state);
}
