using Adjoint.Optimize;
using Adjoint.Optimize.Constraints;
using Adjoint.Tensors;

namespace Adjoint.Tests.Optimize.Constraints;

/// <summary>Every registered constrained method against the same invariants.</summary>
public class ConstrainedConformanceTests
{
    public static TheoryData<string> Methods()
    {
        var d = new TheoryData<string>();
        foreach (var m in MethodRegistry.All.Where(m => m.Capabilities.SupportsInequality))
        {
            d.Add(m.Name);
        }

        return d;
    }

    private static MinimizeOptions Options(string method) => MethodRegistry.Find(method).DefaultOptions();

    // scipy's tutorial problem: min (x0 - 1)² + (x1 - 2.5)² s.t. three linear inequalities, x >= 0; x* = (1.4, 1.7), f* = 0.8.
    private static Tensor Tutorial(Tensor x) => (x[0] - 1).Square() + (x[1] - 2.5).Square();

    private static Constraint[] TutorialConstraints() =>
    [
        Constraint.Inequality(x => x[0] - (2 * x[1]) + 2, "first"),
        Constraint.Inequality(x => -x[0] - (2 * x[1]) + 6, "second"),
        Constraint.Inequality(x => -x[0] + (2 * x[1]) + 2, "third"),
    ];

    private static readonly Bounds Positive = Bounds.All(0, null);

    /// <summary>The returned violation is what the constraints give at the returned x.</summary>
    private static double Recomputed(MinimizeResult r, IReadOnlyList<Constraint> constraints, Bounds? bounds)
    {
        double worst = 0;
        var x = Tensor.FromArray(r.X);
        foreach (var c in constraints)
        {
            var values = ((NonlinearConstraint)c).TensorFunction!(x).ToArray();
            for (int i = 0; i < values.Length; i++)
            {
                double lo = c.Lower[c.Lower.Count == 1 ? 0 : i], hi = c.Upper[c.Upper.Count == 1 ? 0 : i];
                worst = Math.Max(worst, Math.Max(lo - values[i], values[i] - hi));
            }
        }

        if (bounds is not null)
        {
            worst = Math.Max(worst, -r.X.Min());
        }

        return worst;
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Tutorial_Solved_SuccessMatchesStatus_ViolationRecomputed(string method)
    {
        var constraints = TutorialConstraints();
        var r = Minimizer.Minimize(Tutorial, [2.0, 0.0], Options(method), Positive, constraints: constraints);
        Assert.True(r.Success, r.Message);
        Assert.Equal(r.Status.IsSuccess(), r.Success);
        Assert.Equal(0.8, r.Fun, 3);
        Assert.Equal(1.4, r.X[0], 2);
        Assert.Equal(1.7, r.X[1], 2);
        Assert.Equal(Recomputed(r, constraints, Positive), r.MaxConstraintViolation, 12);
        Assert.True(r.MaxConstraintViolation <= 2e-4, r.Message);
        Assert.Equal(3, r.Constraints!.Count);
        // Only the first inequality is active: its multiplier is the nonzero one (λ <= 0 on an active lower bound).
        var first = r.Constraints[0].Multipliers;
        if (first is not null)
        {
            Assert.True(first[0] < -0.1, $"first multiplier {first[0]}");
            Assert.True(Math.Abs(r.Constraints[1].Multipliers![0]) < 1e-3);
        }
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void ConstraintCounts_EqualCallsTheConstraintSaw(string method)
    {
        int calls = 0;
        var counted = Constraint.Inequality(x =>
        {
            calls++;
            return 1 - x.Square().Sum();
        }, "disk");
        var r = Minimizer.Minimize(x => (x[0] - 2).Square() + (x[1] - 1).Square(), [0.0, 0.0], Options(method), constraints: [counted]);
        Assert.True(r.Success, r.Message);
        Assert.Equal(calls, r.ConstraintEvaluations + r.ConstraintHessianEvaluations);
        Assert.Equal(2 / Math.Sqrt(5), r.X[0], 3);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void InfeasibleProblem_IsNeverASuccess(string method)
    {
        Constraint[] contradictory = [Constraint.Inequality(x => x[0] - 1, "at least one"), Constraint.Inequality(x => -x[0], "at most zero")];
        var r = Minimizer.Minimize(x => x.Square().Sum(), [0.5, 0.5], Options(method), constraints: contradictory);
        Assert.False(r.Success, r.Message);
        Assert.True(r.MaxConstraintViolation > 1e-3, r.Message);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void InfeasibleStart_IsHandled(string method)
    {
        var r = Minimizer.Minimize(Tutorial, [10.0, -5.0], Options(method), Positive, constraints: TutorialConstraints());
        Assert.True(r.Success, r.Message);
        Assert.Equal(0.8, r.Fun, 3);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void NaNConstraint_IsNamed_AndNotASuccess(string method)
    {
        // log(x0 - 1) is NaN left of x0 = 1, where the unconstrained minimizer (0, 0) pulls.
        var r = Minimizer.Minimize(x => x.Square().Sum(), [3.0, 1.0], Options(method), constraints: [Constraint.Inequality(x => (x[0] - 1).Log() + 10, "log")]);
        Assert.False(r.Success && r.X[0] <= 1, r.Message);
        if (r.Status == TerminationReason.NonFiniteValue)
        {
            Assert.Contains("'log'", r.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Float32_Runs_AndReportsInFloat32(string method)
    {
        var r = Minimizer.Minimize(Tutorial, Tensor.FromArray([2.0f, 0.0f]), Options(method), Positive, constraints: TutorialConstraints());
        Assert.True(r.Success, r.Message);
        Assert.Equal(DType.Float32, r.XTensor.DType);
        Assert.Equal(0.8, r.Fun, 2);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Cancellation_StopsTheRun(string method)
    {
        using var cts = new CancellationTokenSource();
        int calls = 0;
        var r = Minimizer.Minimize(x =>
        {
            if (++calls == 3)
            {
                cts.Cancel();
            }

            return Tutorial(x);
        }, [2.0, 0.0], Options(method), Positive, new MinimizeControl { CancellationToken = cts.Token }, TutorialConstraints());
        Assert.Equal(TerminationReason.Cancelled, r.Status);
        Assert.False(r.Success);
        Assert.True(calls <= 4, $"{calls} calls");
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void EqualityConstrained_WhereSupported(string method)
    {
        if (!MethodRegistry.Find(method).Capabilities.SupportsEquality)
        {
            Assert.Throws<ArgumentException>(() => Minimizer.Minimize(x => x.Square().Sum(), [1.0, 0.0], Options(method), constraints: [Constraint.Equality(x => x.Sum() - 1)]));
            return;
        }

        // min x0² + 2 x1² s.t. x0 + x1 = 1: x* = (2/3, 1/3), λ = -4/3 (∇f + λ∇c = 0).
        var r = Minimizer.Minimize(x => x[0].Square() + (2 * x[1].Square()), [1.0, 0.0], Options(method), constraints: [Constraint.Equality(x => x.Sum() - 1, "sum")]);
        Assert.True(r.Success, r.Message);
        Assert.Equal(2.0 / 3, r.X[0], 3);
        Assert.True(r.MaxConstraintViolation <= 2e-4);
        if (r.Constraints![0].Multipliers is { } lambda)
        {
            Assert.Equal(-4.0 / 3, lambda[0], 2);
        }
    }
}
