using Adjoint.Optimize.Methods.Slsqp;
using MathNet.Numerics.LinearAlgebra;

namespace Adjoint.Tests.Optimize.Methods.Slsqp;

public class LeastDistanceTests
{
    [Fact]
    public void Ldp_HalfPlane_ProjectsOrigin()
    {
        // min ‖x‖ s.t. x₁ + x₂ ≥ 2: x = (1, 1), λ = 1.
        var g = Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 1 } });
        var (status, x, lambda) = LeastDistance.Solve(g, Vector<double>.Build.DenseOfArray([2]));
        Assert.Equal(SubproblemStatus.Solved, status);
        Assert.Equal(1, x[0], 12);
        Assert.Equal(1, x[1], 12);
        Assert.Equal(1, lambda[0], 12);
    }

    [Fact]
    public void Ldp_OriginFeasible_ReturnsZero()
    {
        var g = Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 0 }, { 0, 1 } });
        var (status, x, lambda) = LeastDistance.Solve(g, Vector<double>.Build.DenseOfArray([-1, -2]));
        Assert.Equal(SubproblemStatus.Solved, status);
        Assert.Equal(0, x.L2Norm());
        Assert.Equal(0, lambda.L2Norm());
    }

    [Fact]
    public void Ldp_IncompatibleConstraints_ReportsIncompatible()
    {
        // x ≥ 1 and x ≤ 0.
        var g = Matrix<double>.Build.DenseOfArray(new double[,] { { 1 }, { -1 } });
        var (status, _, _) = LeastDistance.Solve(g, Vector<double>.Build.DenseOfArray([1, 0]));
        Assert.Equal(SubproblemStatus.Incompatible, status);
    }

    [Fact]
    public void Ldp_RandomFeasible_SatisfiesKkt()
    {
        var rng = new Random(7);
        for (int trial = 0; trial < 40; trial++)
        {
            int n = 1 + rng.Next(6), m = 1 + rng.Next(10);
            var g = QpTestData.RandomMatrix(rng, m, n);
            var x0 = QpTestData.RandomVector(rng, n);
            var h = (g * x0) - Vector<double>.Build.Dense(m, _ => rng.NextDouble() < 0.5 ? 0 : rng.NextDouble());
            var (status, x, lambda) = LeastDistance.Solve(g, h);
            Assert.Equal(SubproblemStatus.Solved, status);
            var e = Matrix<double>.Build.DenseIdentity(n);
            string? bad = QpTestData.KktViolation(e, Vector<double>.Build.Dense(n), Matrix<double>.Build.Dense(0, n),
                Vector<double>.Build.Dense(0), g, h, null, null, x.ToArray(), [], lambda.ToArray(), new double[n]);
            Assert.True(bad is null, $"trial {trial}: {bad}");
            Assert.True(x.L2Norm() <= x0.L2Norm() + 1e-12);
        }
    }
}
