using Adjoint.Autodiff;
using Adjoint.Optimize;
using Adjoint.Optimize.Constraints;
using Adjoint.Optimize.Methods;
using Adjoint.Tensors;

namespace Adjoint.Tests.Optimize;

public class SeedExampleTests
{
    internal static Tensor Rosen(Tensor x) => (100 * (x[1..] - x[..^1].Square()).Square() + (1 - x[..^1]).Square()).Sum();

    [Fact]
    public void Rosenbrock_DefaultMethod_ConvergesToOnes()
    {
        var r = Minimizer.Minimize(Rosen, Tensor.FromArray([-1.2, 1.0, -1.2, 1.0, 0.5]));
        Assert.Equal("BFGS", r.Method);
        Assert.True(r.Success, r.Message);
        Assert.Equal(TerminationReason.GradientTolerance, r.Status);
        Assert.All(r.X, v => Assert.Equal(1.0, v, 4));
        Assert.True(r.Fun < 1e-9, r.ToString());
        Assert.True(r.GradientNorm <= 1e-5);
        Assert.NotNull(r.InverseHessian);
        Assert.Equal(r.Nfev - r.Check!.FunctionEvaluations, r.Njev - r.Check.GradientEvaluations);
    }

    [Fact]
    public void Rosenbrock_LBfgsB_ConvergesToOnes()
    {
        var x0 = Tensor.FromArray([-1.2, 1.0, -1.2, 1.0, 0.5]);
        var r = Minimizer.Minimize(Rosen, x0, new Adjoint.Optimize.Methods.LBfgsB.LBfgsBOptions());
        Assert.True(r.Fun < 1e-8, r.ToString());
        // scipy's ftol stop leaves the projected gradient above gtol; the final check verifies the minimizer.
        Assert.Equal(TerminationReason.VerifiedMinimum, r.Status);
        Assert.True(r.Success, r.Message);
        Assert.True(r.GradientNorm > 1e-5);

        var strict = Minimizer.Minimize(Rosen, x0, new Adjoint.Optimize.Methods.LBfgsB.LBfgsBOptions { FunctionTolerance = 0 });
        Assert.True(strict.Success, strict.ToString() + strict.Message);
        Assert.All(strict.X, v => Assert.Equal(1.0, v, 4));
    }

    private static (Tensor Target, Variables X0) Factorization()
    {
        var u = Tensor.RandomNormal([10, 3], seed: 11);
        var v = Tensor.RandomNormal([3, 15], seed: 12);
        var target = u.MatMul(v);
        var x0 = new Variables { ["U"] = Tensor.RandomNormal([10, 3], seed: 21, std: 0.5), ["V"] = Tensor.RandomNormal([3, 15], seed: 22, std: 0.5) };
        return (target, x0);
    }

    [Fact]
    public void MatrixFactorization_NamedVariables_ReachesTinyLoss()
    {
        var (target, x0) = Factorization();
        var r = Minimizer.Minimize(p => 0.5 * (p["U"].MatMul(p["V"]) - target).Square().Sum(), x0,
            new BfgsOptions { GradientTolerance = 1e-9 });
        Assert.True(r.Fun < 1e-7, r.ToString());
        Assert.Equal([10, 3], r.Variables["U"].Shape.Dims);
        Assert.Equal([3, 15], r.Variables["V"].Shape.Dims);
    }

    [Fact]
    public void Bounds_AllNonPositive_RespectedAtSolution()
    {
        var (target, x0) = Factorization();
        var r = Minimizer.Minimize(p => 0.5 * (p["U"].MatMul(p["V"]) - target).Square().Sum(), x0, bounds: Bounds.All(null, 0));
        Assert.Equal("L-BFGS-B", r.Method);
        Assert.All(r.X, v => Assert.True(v <= 0));
        Assert.True(r.Success || r.Status == TerminationReason.NoProgress, r.Message);
    }

    [Fact]
    public void Bounds_PerVariable_RespectedAtSolution()
    {
        var (target, x0) = Factorization();
        var bounds = new Bounds { ["U"] = (null, 0.0), ["V"] = (-1.0, null) };
        var r = Minimizer.Minimize(p => 0.5 * (p["U"].MatMul(p["V"]) - target).Square().Sum(), x0, bounds: bounds);
        Assert.All(r.Variables["U"].ToArray(), v => Assert.True(v <= 0));
        Assert.All(r.Variables["V"].ToArray(), v => Assert.True(v >= -1));
        Assert.True(r.Fun < 0.5 * target.Square().Sum().Item());
    }

    [Fact]
    public void Bounds_PerElement_RespectedAndActive()
    {
        var lower = new[] { -2.0, 1.5, -2.0, -2.0 };
        var upper = new[] { 0.5, 3.0, 2.0, 2.0 };
        var bounds = new Bounds { ["x"] = Bound.Elementwise(lower, upper) };
        var r = Minimizer.Minimize(Rosen, Tensor.FromArray([0.0, 2.0, 0.0, 0.0]), bounds: bounds);
        Assert.True(r.Success, r.Message);
        for (int i = 0; i < 4; i++)
        {
            Assert.InRange(r.X[i], lower[i], upper[i]);
        }

        Assert.Equal(0.5, r.X[0], 12);
    }

    [Fact]
    public void NewtonCg_Float64Tol1e8_ReachesOnesClosely()
    {
        var r = Minimizer.Minimize(Rosen, Tensor.FromArray([1.3, 0.7, 0.8, 1.9, 1.2]), new NewtonCgOptions { Tolerance = 1e-8 });
        Assert.True(r.Success, r.Message);
        double mean = r.X.Select(v => v - 1).Average();
        Assert.True(Math.Abs(mean) < 1e-8, mean.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(r.Nhev > 0);
    }

    /// <summary>
    /// The scipy cheat sheet's SLSQP call: x0 = [0, 0], bounds (0, None) per variable, an equality sum(x) - 1 = 0 and an
    /// inequality sum(x) + 1 >= 0, each with its Jacobian (ones); here with the objective (x0 - 0.3)² + (x1 - 2)², whose
    /// minimizer on that set is (0, 1) with the bound on x0 active. The user Jacobians and autodiff agree.
    /// </summary>
    [Fact]
    public void CheatSheet_Slsqp_BoundsEqualityInequality_UserJacobianOrAutodiff()
    {
        static Tensor Func(Tensor x) => (x[0] - 0.3).Square() + (x[1] - 2).Square();
        var bounds = Bounds.FromPairs((0, null), (0, null));
        Constraint[] withJacobians =
        [
            Constraint.Equality(x => x.Sum() - 1.0) with { Jacobian = x => new double[,] { { 1, 1 } } },
            Constraint.Inequality(x => x.Sum() + 1.0) with { Jacobian = x => new double[,] { { 1, 1 } } },
        ];
        Constraint[] byAutodiff = [Constraint.Equality(x => x.Sum() - 1.0), Constraint.Inequality(x => x.Sum() + 1.0)];
        var user = Minimizer.Minimize(Func, [0.0, 0.0], "SLSQP", bounds, constraints: withJacobians);
        var auto = Minimizer.Minimize(Func, [0.0, 0.0], "SLSQP", bounds, constraints: byAutodiff);
        foreach (var r in new[] { user, auto })
        {
            Assert.True(r.Success, r.Message);
            Assert.Equal(0, r.X[0], 10);
            Assert.Equal(1, r.X[1], 10);
            Assert.Equal(1.09, r.Fun, 10);
            Assert.True(r.MaxConstraintViolation <= 1e-10);
            Assert.Equal(2, r.Constraints![0].Multipliers![0], 6);      // ∇f + λ∇c + μ = 0 with ∇f = (-0.6, -2)
            Assert.Equal(0, r.Constraints[1].Multipliers![0], 6);       // inactive
        }

        Assert.Equal("user", user.Constraints![0].JacobianSource);
        Assert.Equal("autodiff", auto.Constraints![0].JacobianSource);
        Assert.Equal(user.Nit, auto.Nit);
    }
}
