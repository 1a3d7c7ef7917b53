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
    public void Nnls_WarmStartFromAnotherProblemsPassiveSet_ReachesTheColdSolution()
    {
        var rng = new Random(7);
        const int rows = 80, cols = 120;
        var a = QpTestData.RandomMatrix(rng, rows, cols);
        var b = QpTestData.RandomVector(rng, rows);
        var columns = a.ToColumnMajorArray();
        var cold = new double[cols];
        Nnls.Solve(columns, rows, cols, b.ToArray(), cold);

        // The memory of a nearby problem (b perturbed), then the original problem from that start.
        var memory = new ActiveSetMemory();
        var nearby = b + (0.3 * QpTestData.RandomVector(rng, rows));
        Nnls.Solve(columns, rows, cols, nearby.ToArray(), new double[cols], memory);
        Assert.Equal(cols, memory.Columns);
        Assert.NotEmpty(memory.Passive);
        var warm = new double[cols];
        var (status, res) = Nnls.Solve(columns, rows, cols, b.ToArray(), warm, memory);
        Assert.Equal(SubproblemStatus.Solved, status);
        var x = Vector<double>.Build.DenseOfArray(warm);
        Assert.Equal((a * x - b).L2Norm(), res, 10);
        var w = a.TransposeThisAndMultiply(b - (a * x));
        for (int j = 0; j < cols; j++)
        {
            Assert.True(warm[j] >= 0, $"x[{j}] = {warm[j]}");
            Assert.True(w[j] <= 1e-9, $"w[{j}] = {w[j]}");
            Assert.True(Math.Abs(warm[j] - cold[j]) <= 1e-9 * (1 + Math.Abs(cold[j])), $"x[{j}] warm {warm[j]} cold {cold[j]}");
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
