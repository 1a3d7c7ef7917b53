using Adjoint.Optimize;
using Adjoint.Optimize.Constraints;
using Adjoint.Tensors;

namespace Adjoint.Tests.Optimize.Constraints;

/// <summary>The driver never reports success at an infeasible or non-stationary point, whatever the method claims.</summary>
public class ConstrainedDriverTests
{
    // min (x0 - 2)² + (x1 - 1)² subject to x0 + x1 = 1: x* = (1, 0), f* = 2, λ = 2 (∇f + λ∇c = 0).
    private static Tensor F(Tensor x) => (x - Tensor.FromArray([2.0, 1.0])).Square().Sum();

    private static readonly Constraint[] Budget = [Constraint.Equality(x => x.Sum() - 1, "budget")];

    private static MinimizeResult Jump(double[] target, IReadOnlyList<Constraint>? constraints = null, TerminationReason claim = TerminationReason.GradientTolerance,
        double[]? multipliers = null) =>
        Minimizer.Minimize(new Teleport(new TeleportOptions { Target = target, Claim = claim, Multipliers = multipliers }), F,
            Tensor.FromArray([0.0, 0.0]), constraints: constraints ?? Budget);

    [Fact]
    public void ClaimAtTheSolution_Succeeds_WithEstimatedMultipliers()
    {
        var r = Jump([1.0, 0.0]);
        Assert.True(r.Success, r.Message);
        Assert.Equal(2, r.Fun, 12);
        Assert.True(r.MaxConstraintViolation <= 1e-12);
        Assert.True(r.Optimality <= 1e-10, r.Message);
        var report = Assert.Single(r.Constraints!);
        Assert.Equal("budget", report.Name);
        Assert.Equal(2, report.Multipliers![0], 8);
        Assert.Equal("autodiff", report.JacobianSource);
        Assert.True(report.ExactJacobian);
        Assert.Contains("violation=", r.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ClaimAtAnInfeasiblePoint_IsInfeasible_NamingTheConstraint()
    {
        var r = Jump([2.0, 1.0]);
        Assert.False(r.Success);
        Assert.Equal(TerminationReason.Infeasible, r.Status);
        Assert.Contains("'budget'", r.Message, StringComparison.Ordinal);
        Assert.Equal(2, r.MaxConstraintViolation, 12);
    }

    [Fact]
    public void ClaimAtAFeasibleNonStationaryPoint_IsNotASuccess()
    {
        var r = Jump([0.5, 0.5]);
        Assert.False(r.Success);
        Assert.Equal(TerminationReason.NoProgress, r.Status);
        Assert.Contains("first-order", r.Message, StringComparison.Ordinal);
        Assert.True(r.Optimality > 1, r.Message);
    }

    [Fact]
    public void WrongMethodMultipliers_AreReplacedByTheEstimate_WhenTheyFail()
    {
        var r = Jump([1.0, 0.0], multipliers: [-5.0]);
        Assert.True(r.Success, r.Message);
        Assert.True(r.Optimality <= 1e-10);
    }

    [Fact]
    public void InequalityActiveWithTheWrongSign_IsNotStationary()
    {
        // x0 + x1 >= 1 holds with equality at (0.5, 0.5) for f = (x0)² + (x1)² + ... pulled *into* the region: min of
        // (x - (2, 1))² subject to x0 + x1 <= 1 ... at (0.5, 0.5) on the boundary, the gradient points out of the
        // feasible side, so no sign-correct multiplier makes it stationary.
        var upper = new Constraint[] { new NonlinearConstraint(x => x.Sum(), double.NegativeInfinity, 1.0) { Name = "cap" } };
        var r = Jump([0.5, 0.5], upper);
        Assert.False(r.Success);
        Assert.Equal(TerminationReason.NoProgress, r.Status);
        // (1, 0) is the constrained minimizer of the cap too, with λ = 2 >= 0 on the active upper bound.
        var ok = Jump([1.0, 0.0], upper);
        Assert.True(ok.Success, ok.Message);
        Assert.Equal(2, ok.Constraints![0].Multipliers![0], 8);
        // With the constraint pointing the other way (x0 + x1 >= 1) the minimizer is (2, 1), inside: λ = 0.
        var lower = new Constraint[] { Constraint.Inequality(x => x.Sum() - 1, "floor") };
        var inside = Jump([2.0, 1.0], lower);
        Assert.True(inside.Success, inside.Message);
        var wrong = Jump([1.0, 0.0], lower);
        Assert.False(wrong.Success, wrong.Message);
    }

    [Fact]
    public void NaNConstraint_IsNonFinite_NamingIt()
    {
        var nan = new Constraint[] { Constraint.Inequality(x => (x[0] - 0.5).Log(), "logarithm") };
        var r = Minimizer.Minimize(new Teleport(new TeleportOptions { Target = [0.0, 0.0] }), F, Tensor.FromArray([1.0, 0.0]), constraints: nan);
        Assert.Equal(TerminationReason.NonFiniteValue, r.Status);
        Assert.Contains("'logarithm'", r.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BoundsViolation_CountsAsInfeasible()
    {
        var r = Minimizer.Minimize(new Teleport(new TeleportOptions { Target = [1.0, 0.0] }), F, Tensor.FromArray([0.0, 0.0]),
            bounds: Bounds.All(-1, 0.5), constraints: Budget);
        Assert.Equal(TerminationReason.Infeasible, r.Status);
        Assert.Contains("x[0]", r.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnconstrainedMethod_WithConstraints_NamesTheMethodsThatCan()
    {
        var e = Assert.Throws<ArgumentException>(() => Minimizer.Minimize(F, Tensor.FromArray([0.0, 0.0]), new Adjoint.Optimize.Methods.BfgsOptions(), constraints: Budget));
        Assert.Contains("BFGS cannot honour constraints", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifySolutionOff_StillRefusesAnInfeasibleSuccess()
    {
        var r = Minimizer.Minimize(new Teleport(new TeleportOptions { Target = [2.0, 1.0], VerifySolution = false }), F, Tensor.FromArray([0.0, 0.0]), constraints: Budget);
        Assert.Equal(TerminationReason.Infeasible, r.Status);
        var feasible = Minimizer.Minimize(new Teleport(new TeleportOptions { Target = [0.5, 0.5], VerifySolution = false }), F, Tensor.FromArray([0.0, 0.0]), constraints: Budget);
        Assert.True(feasible.Success, "with the check off, the first-order test is the method's own");
    }
}
