namespace Adjoint.Optimize;

/// <summary>
/// Base of iterative methods: a method supplies <see cref="Initialize"/> (evaluate at x0, allocate buffers) and
/// <see cref="Step"/> (one iteration); the shared <see cref="Driver"/> does everything else.
/// </summary>
/// <typeparam name="TOptions">The method's options record.</typeparam>
/// <typeparam name="TState">The method's state.</typeparam>
internal abstract class IterativeMethod<TOptions, TState> : IMinimizationMethod
    where TOptions : MinimizeOptions
    where TState : MethodState
{
    /// <summary>Creates the method with validated options.</summary>
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

    public abstract TState Initialize(MinimizationProblem problem);

    public abstract StepOutcome Step(MinimizationProblem problem, TState state);
}
