using Adjoint.Optimize;

namespace Adjoint.Tests.Optimize.Constraints;

/// <summary>Options of <see cref="Teleport"/>: where to jump and what to claim there.</summary>
internal sealed record TeleportOptions : MinimizeOptions
{
    public override string MethodName => "Teleport";

    /// <summary>The point the single step jumps to (null: stay at x0).</summary>
    public double[]? Target { get; init; }

    /// <summary>The status the step claims.</summary>
    public TerminationReason Claim { get; init; } = TerminationReason.GradientTolerance;

    /// <summary>Runs against the prepared problem before anything else.</summary>
    public Action<MinimizationProblem>? Probe { get; init; }

    /// <summary>Multipliers the method reports (null: none).</summary>
    public double[]? Multipliers { get; init; }
}

/// <summary>A constrained "method" that jumps to a given point and claims a status: it exercises the driver's honesty.</summary>
internal sealed class Teleport(TeleportOptions options) : IterativeMethod<TeleportOptions, Teleport.State>(options)
{
    public override string Name => "Teleport";

    public override MethodCapabilities Capabilities { get; } = new(UsesGradient: true, SupportsBounds: true, SupportsEquality: true, SupportsInequality: true);

    public override State Initialize(MinimizationProblem problem)
    {
        Options.Probe?.Invoke(problem);
        var s = new State(problem.Dimension);
        problem.X0.CopyTo(s.X, 0);
        Evaluate(problem, s);
        s.GradientNorm = double.PositiveInfinity; // never succeed before the step
        return s;
    }

    public override StepOutcome Step(MinimizationProblem problem, State state)
    {
        Options.Target?.CopyTo(state.X, 0);
        Evaluate(problem, state);
        state.Multipliers = Options.Multipliers;
        state.GradientNorm = 0; // the claim
        return StepOutcome.Stop(Options.Claim);
    }

    private static void Evaluate(MinimizationProblem problem, State s)
    {
        s.F = problem.ValueAndGradient(s.X, s.G);
        if (problem.Constraints is { } set)
        {
            var c = new double[set.Count];
            set.Evaluate(s.X, c);
            s.ConstraintViolation = set.Violation(c);
        }
    }

    internal sealed class State(int n) : MethodState(n, hasGradient: true);
}
