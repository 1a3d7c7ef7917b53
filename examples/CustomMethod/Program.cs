using Adjoint.Autodiff;
using Adjoint.Optimize;
using Adjoint.Tensors;

// scipy's "custom minimizers" page ends with a batch gradient descent with momentum (`bgd`, adapted from autograd) that
// runs maxiter steps and always returns success=True. The same update as an Adjoint method is the few lines of
// MomentumDescent below; the shared driver adds the honest success test (the gradient norm against gtol), exact counts,
// the callback, cancellation, the time limit and the trace.

// 1. A problem it does not solve in its iteration budget: Rosenbrock's function from the standard start.
var rosenbrock = Objective.Create(x => (100 * (x[1..] - x[..^1].Square()).Square() + (1 - x[..^1]).Square()).Sum());
var slow = Minimizer.Minimize(new MomentumDescent(new MomentumOptions { MaxIterations = 1000 }), rosenbrock,
    new Variables { ["x"] = Tensor.FromArray([-1.2, 1.0]) });
Console.WriteLine("== Rosenbrock, learning rate 1e-3, 1000 iterations (scipy's bgd reports success=True here)");
Console.WriteLine(slow.Report());

// 2. A problem it solves: a convex quadratic with a larger learning rate.
var quadratic = Objective.Create(x => (Tensor.FromArray([1.0, 2.0]) * (x - 1).Square()).Sum());
var fast = Minimizer.Minimize(new MomentumDescent(new MomentumOptions { LearningRate = 1.0 }), quadratic,
    new Variables { ["x"] = Tensor.FromArray([-1.2, 1.0]) });
Console.WriteLine("== Quadratic, learning rate 1");
Console.WriteLine(fast.Report());

// 3. scipy's callback(x) that returns true to break: here a callback result, reported as CallbackStopped.
var stopped = Minimizer.Minimize(new MomentumDescent(new MomentumOptions { LearningRate = 1.0 }), quadratic,
    new Variables { ["x"] = Tensor.FromArray([-1.2, 1.0]) },
    control: new MinimizeControl { Callback = info => info.Iteration >= 10 ? CallbackResult.Stop : CallbackResult.Continue });
Console.WriteLine("== Quadratic, stopped by the callback after 10 iterations");
Console.WriteLine(stopped);
return slow.Success || !fast.Success || stopped.Success ? 1 : 0;

/// <summary>The options of <see cref="MomentumDescent"/>: scipy's <c>bgd</c> arguments, plus every shared setting (maxiter, gtol, ...).</summary>
internal sealed record MomentumOptions : MinimizeOptions
{
    /// <inheritdoc/>
    public override string MethodName => "BGD";

    /// <summary>The step scale (bgd <c>learning_rate</c>), default 1e-3.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>The momentum (bgd <c>mass</c>), default 0.9.</summary>
    public double Mass { get; init; } = 0.9;
}

/// <summary>The velocity beside the iterate.</summary>
internal sealed class MomentumState(int n) : MethodState(n, hasGradient: true)
{
    /// <summary>v, updated as v ← mass·v − (1 − mass)·g.</summary>
    public double[] Velocity { get; } = new double[n];
}

/// <summary>Batch gradient descent with momentum: v ← mass·v − (1 − mass)·∇f(x), x ← x + learning_rate·v.</summary>
internal sealed class MomentumDescent(MomentumOptions options) : IterativeMethod<MomentumOptions, MomentumState>(options)
{
    public override string Name => "BGD";

    public override MethodCapabilities Capabilities { get; } = new(UsesGradient: true);

    public override MomentumState Initialize(MinimizationProblem problem)
    {
        var state = new MomentumState(problem.Dimension);
        problem.X0.CopyTo(state.X, 0);
        state.Evaluate(problem);
        return state;
    }

    public override StepOutcome Step(MinimizationProblem problem, MomentumState state)
    {
        for (int i = 0; i < state.X.Length; i++)
        {
            state.Velocity[i] = (Options.Mass * state.Velocity[i]) - ((1 - Options.Mass) * state.G![i]);
            state.X[i] += Options.LearningRate * state.Velocity[i];
        }

        state.Evaluate(problem);
        return StepOutcome.Continue;
    }
}
