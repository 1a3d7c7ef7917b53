namespace Adjoint.Optimize;

/// <summary>A minimization method: immutable, thread-safe, configured by its options record.</summary>
/// <remarks>Most methods derive from <see cref="IterativeMethod{TOptions, TState}"/> and let the shared driver own limits,
/// callbacks, NaN guards, cancellation and the result; a new method is one file plus one <see cref="MethodRegistry"/> line.</remarks>
public interface IMinimizationMethod
{
    /// <summary>The scipy name ("BFGS", "L-BFGS-B", ...).</summary>
    string Name { get; }

    /// <summary>What the method needs and honours.</summary>
    MethodCapabilities Capabilities { get; }

    /// <summary>The options this instance runs with.</summary>
    MinimizeOptions Options { get; }

    /// <summary>Runs the method on a prepared problem.</summary>
    MinimizeResult Minimize(MinimizationProblem problem, MinimizeControl control);
}
