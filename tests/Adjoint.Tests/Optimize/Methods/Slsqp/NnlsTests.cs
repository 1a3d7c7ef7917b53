using Adjoint.Optimize.Methods.Slsqp;
using MathNet.Numerics.LinearAlgebra;

namespace Adjoint.Tests.Optimize.Methods.Slsqp;

public class NnlsTests
{
    [Theory]
    [InlineData(6, 4, 1)]
    [InlineData(4, 7, 2)]
    [InlineData(10, 10, 3)]
    [InlineData(3, 12, 4)]
    public void Nnls_RandomProblems_SatisfyKkt(int rows, int cols, int seed)
    {
        var rng = new Random(seed);
        for (int trial = 0; trial < 30; trial++)
        {
            var a = QpTestData.RandomMatrix(rng, rows, cols);
            var b = QpTestData.RandomVector(rng, rows);
            var (status, x, res) = Nnls.Solve(a, b);
            Assert.Equal(SubproblemStatus.Solved, status);
            var w = a.TransposeThisAndMultiply(b - (a * x));
            Assert.Equal((a * x - b).L2Norm(), res, 12);
            for (int j = 0; j < cols; j++)
            {
                Assert.True(x[j] >= 0, $"x[{j}] = {x[j]}");
                Assert.True(w[j] <= 1e-9, $"w[{j}] = {w[j]} (trial {trial})");
                if (x[j] > 0)
                {
                    Assert.True(Math.Abs(w[j]) <= 1e-9, $"w[{j}] = {w[j]} at positive x");
                }
            }
        }
    }

    [Fact]
    public void Nnls_DependentColumns_DoesNotCrashAndSatisfiesKkt()
    {
        var a = Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 1, 2, 0 }, { 1, 1, 2, 1 }, { 0, 0, 0, 1 } });
        var b = Vector<double>.Build.DenseOfArray([3, 4, 1]);
        var (status, x, res) = Nnls.Solve(a, b);
        Assert.Equal(SubproblemStatus.Solved, status);
        Assert.True(res < 1e-12, $"residual {res}");
        Assert.All(x, v => Assert.True(v >= 0));
    }

    [Fact]
    public void Nnls_NegativeUnconstrainedSolution_ReturnsZero()
    {
        var a = Matrix<double>.Build.DenseIdentity(3);
        var b = Vector<double>.Build.DenseOfArray([-1, -2, -3]);
        var (status, x, _) = Nnls.Solve(a, b);
        Assert.Equal(SubproblemStatus.Solved, status);
        Assert.Equal(0, x.L2Norm());
    }
}
