using Adjoint.Optimize;

namespace Adjoint.Fit;

/// <summary>What a least-squares method hands back to the facade, which completes the public result.</summary>
internal sealed record SolverOutcome(double[] X, double[] F, TerminationReason Status, int Nfev, int Njev)
{
    /// <summary>The (loss-scaled) Jacobian at X, column-major, when the method has it; otherwise the facade evaluates it.</summary>
    public double[]? Jacobian { get; init; }

    /// <summary>The method's optimality measure, when it has one.</summary>
    public double? Optimality { get; init; }

    /// <summary>The active bounds, when the method has them.</summary>
    public int[]? ActiveMask { get; init; }

    /// <summary>The cost at X, when the method has it.</summary>
    public double? Cost { get; init; }

    /// <summary>The gradient at X, when the method has it.</summary>
    public double[]? Gradient { get; init; }
}
