using Adjoint.Autodiff;
using Adjoint.Optimize;
using Adjoint.Tensors;

namespace Adjoint.Tests.Optimize;

/// <summary>A method written outside the library, on the public method API only, gets the driver's services.</summary>
public class CustomMethodTests
{
    private static readonly Objective Quadratic = Objective.Create(x => (Tensor.FromArray([1.0, 2.0]) * (x - 1).Square()).Sum());

    private static Variables Start(double a = -1.2, double b = 1.0) => new() { ["x"] = Tensor.FromArray([a, b]) };

    [Fact]
    public void ConvergingRun_SucceedsOnTheGradientTest_WithExactCounts()
    {
        int calls = 0;
        var counted = Objective.Create(x =>
        {
            calls++;
            return (Tensor.FromArray([1.0, 2.0]) * (x - 1).Square()).Sum();
        });
        var r = Minimizer.Minimize(new Momentum(new MomentumOptions()), counted, Start());
        Assert.Equal(TerminationReason.GradientTolerance, r.Status);
        Assert.True(r.Success, r.ToString());
        Assert.True(r.GradientNorm <= 1e-5, r.ToString());
        Assert.Equal("Momentum", r.Method);
        // The final check's evaluations are counted too, and reported apart.
        var check = r.Check!;
        Assert.True(check.Verified);
        Assert.Equal(r.Nit + 1, r.Nfev - check.FunctionEvaluations);
        Assert.Equal(r.Nit + 1, r.Njev - check.GradientEvaluations);
        Assert.Equal(calls, r.Nfev + r.Nhev);
        Assert.NotNull(r.Gradient);
        Assert.All(r.X, v => Assert.Equal(1, v, 4));
    }

    [Fact]
    public void OptionsRecordDerivingMinimizeOptions_IsValidatedAndResolved()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Momentum(new MomentumOptions { MaxIterations = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Momentum(new MomentumOptions { LearningRate = 0 }));
        var r = Minimizer.Minimize(new Momentum(new MomentumOptions { GradientTolerance = 1e-2, RecordTrace = true }), Quadratic, Start());
        Assert.True(r.Success && r.GradientNorm <= 1e-2, r.ToString());
        Assert.Equal(r.Nit + 1, r.Trace!.Count);
        // The record's own Resolve supplies its default maxiter (500 + n).
        var capped = Minimizer.Minimize(new Momentum(new MomentumOptions { LearningRate = 1e-3 }), Quadratic, Start());
        Assert.Equal(TerminationReason.MaxIterations, capped.Status);
        Assert.Equal(502, capped.Nit);
    }

    [Fact]
    public void MaxIterations_IsAnHonestFailure()
    {
        var r = Minimizer.Minimize(new Momentum(new MomentumOptions { MaxIterations = 7 }), Quadratic, Start());
        Assert.Equal(TerminationReason.MaxIterations, r.Status);
        Assert.False(r.Success);
        Assert.Equal(7, r.Nit);
        Assert.Contains("gtol", r.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Callback_StopsTheRun()
    {
        var seen = new List<int>();
        var r = Minimizer.Minimize(new Momentum(new MomentumOptions()), Quadratic, Start(), control: new MinimizeControl
        {
            Callback = info =>
            {
                seen.Add(info.Iteration);
                return info.Iteration == 5 ? CallbackResult.Stop : CallbackResult.Continue;
            },
        });
        Assert.Equal(TerminationReason.CallbackStopped, r.Status);
        Assert.Equal(5, r.Nit);
        Assert.Equal([0, 1, 2, 3, 4, 5], seen);
    }

    [Fact]
    public void Cancellation_StopsWithinOneIteration()
    {
        using var cts = new CancellationTokenSource();
        var r = Minimizer.Minimize(new Momentum(new MomentumOptions()), Quadratic, Start(), control: new MinimizeControl
        {
            CancellationToken = cts.Token,
            Callback = info =>
            {
                if (info.Iteration == 3)
                {
                    cts.Cancel();
                }

                return CallbackResult.Continue;
            },
        });
        Assert.Equal(TerminationReason.Cancelled, r.Status);
        Assert.Equal(3, r.Nit);
    }

    [Fact]
    public void EvaluationBudget_ReturnsTheLastCompletedIterate()
    {
        var r = Minimizer.Minimize(new Momentum(new MomentumOptions { MaxFunctionEvaluations = 4 }), Quadratic, Start());
        Assert.Equal(TerminationReason.MaxEvaluations, r.Status);
        Assert.Equal(4, r.Nfev);
        Assert.Equal(3, r.Nit);
    }

    [Fact]
    public void NonFiniteValue_IsCaughtByTheDriver()
    {
        // exp overflows after a few steps with a large learning rate on a steep objective.
        var steep = Objective.Create(x => (x * x).Exp().Sum());
        var r = Minimizer.Minimize(new Momentum(new MomentumOptions { LearningRate = 50 }), steep, Start(1.5, 1.5));
        Assert.Equal(TerminationReason.NonFiniteValue, r.Status);
        Assert.False(r.Success);
        Assert.True(double.IsFinite(r.Fun), r.ToString());
        var atStart = Minimizer.Minimize(new Momentum(new MomentumOptions()), Objective.Create(x => (x.Sum() - 10).Log()), Start());
        Assert.Equal(TerminationReason.NonFiniteValue, atStart.Status);
        Assert.Equal(0, atStart.Nit);
    }

    private sealed record MomentumOptions : MinimizeOptions
    {
        public override string MethodName => "Momentum";

        public double LearningRate { get; init; } = 1.0;

        public double Mass { get; init; } = 0.9;

        public override void Validate()
        {
            base.Validate();
            if (!(LearningRate > 0))
            {
                throw new ArgumentOutOfRangeException(nameof(LearningRate));
            }
        }

        public override ResolvedSettings Resolve(int n, DType dtype) => base.Resolve(n, dtype) with { MaxIterations = MaxIterations ?? 500 + n };
    }

    private sealed class MomentumState(int n) : MethodState(n, hasGradient: true)
    {
        public double[] Velocity { get; } = new double[n];
    }

    private sealed class Momentum(MomentumOptions options) : IterativeMethod<MomentumOptions, MomentumState>(options)
    {
        public override string Name => "Momentum";

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

            state.StepNorm = Options.LearningRate * state.Velocity.Max(Math.Abs);
            state.Evaluate(problem);
            return StepOutcome.Continue;
        }
    }
}
