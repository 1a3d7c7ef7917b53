using Adjoint.Autodiff;
using Adjoint.Fit;
using Adjoint.Optimize;
using Adjoint.Optimize.Constraints;
using Adjoint.Tensors;

namespace Adjoint.Tests.Fit;

public class LeastSquaresTests
{
    private static Tensor Rosenbrock(Tensor x) => Tensor.Stack([10 * (x[1] - x[0].Square()), 1 - x[0]]);

    [Theory]
    [InlineData(LeastSquaresMethod.Lm)]
    [InlineData(LeastSquaresMethod.Trf)]
    [InlineData(LeastSquaresMethod.Dogbox)]
    public void Rosenbrock_Converges(LeastSquaresMethod method)
    {
        var r = LeastSquares.Solve(Rosenbrock, [-1.2, 1.0], new LeastSquaresOptions { Method = method });
        Assert.True(r.Success, r.Message);
        Assert.Equal(1.0, r.X[0], 1e-7);
        Assert.Equal(1.0, r.X[1], 1e-7);
        Assert.True(r.Cost < 1e-14);
        Assert.Equal(2, r.Jacobian.GetLength(0));
        Assert.True(r.Nfev >= r.Njev - 1);
    }

    /// <summary>
    /// lm on linear residuals A x - b, with A built from prescribed singular values 1 ... 10^-decades (so its scaled
    /// Gram matrix is well conditioned, needs Gram-Schmidt, or is nearly singular), reaches the least-squares solution
    /// that Math.NET's QR gives, to the accuracy the conditioning allows.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(7)]
    [InlineData(10)]
    public void Lm_LinearProblems_ReachTheQrSolution(int decades)
    {
        const int m = 40, n = 6;
        var random = new Random(decades);
        var u = MathNet.Numerics.LinearAlgebra.Double.DenseMatrix.Create(m, n, (_, _) => random.NextDouble() - 0.5).QR().Q.SubMatrix(0, m, 0, n);
        var v = MathNet.Numerics.LinearAlgebra.Double.DenseMatrix.Create(n, n, (_, _) => random.NextDouble() - 0.5).QR().Q;
        var s = MathNet.Numerics.LinearAlgebra.Double.DenseMatrix.OfDiagonalArray(Enumerable.Range(0, n).Select(k => Math.Pow(10, -decades * k / (n - 1.0))).ToArray());
        var a = u * s * v.Transpose();
        var b = MathNet.Numerics.LinearAlgebra.Double.DenseVector.Create(m, _ => random.NextDouble());
        var exact = a.QR().Solve(b);

        var at = Tensor.FromArray(a.ToArray());
        var bt = Tensor.FromArray(b.ToArray());
        var r = LeastSquares.Solve(x => Tensor.MatMul(at, x) - bt, new double[n], new LeastSquaresOptions { Method = LeastSquaresMethod.Lm, FunctionTolerance = 1e-15, StepTolerance = 1e-15, GradientTolerance = 1e-15 });
        Assert.True(r.Success, r.Message);
        double tolerance = 1e-13 * Math.Pow(10, decades) * exact.L2Norm();
        for (int j = 0; j < n; j++)
        {
            Assert.True(Math.Abs(r.X[j] - exact[j]) <= tolerance, $"x[{j}] = {r.X[j]}, QR gives {exact[j]} (tolerance {tolerance:G3})");
        }
    }

    [Fact]
    public void Lm_RankDeficientJacobian_TakesTheMinimumNormStep()
    {
        // r depends on x0 + x1 only: J has rank 1 everywhere, and from (0, 0) the minimum-norm Gauss-Newton step moves
        // both coordinates equally to x0 + x1 = 3.
        var r = LeastSquares.Solve(x => Tensor.Stack([x[0] + x[1] - 3, 2 * (x[0] + x[1]) - 6, x[0] + x[1] - 3]), [0.0, 0.0], new LeastSquaresOptions { Method = LeastSquaresMethod.Lm });
        Assert.True(r.Success, r.Message);
        Assert.True(r.Cost < 1e-20);
        Assert.Equal(1.5, r.X[0], 1e-10);
        Assert.Equal(1.5, r.X[1], 1e-10);
    }

    [Fact]
    public void Bounds_ActiveAtSolution_Reported()
    {
        // Unconstrained minimum at (1, 1); the bound x1 <= 0.5 is active.
        var r = LeastSquares.Solve(Rosenbrock, [-1.2, 0.2], new LeastSquaresOptions { Bounds = Bounds.Elementwise(null, [double.PositiveInfinity, 0.5]) });
        Assert.True(r.Success, r.Message);
        Assert.True(r.X[1] <= 0.5);
        Assert.Equal(1, r.ActiveMask[1]);
        Assert.Equal(0, r.ActiveMask[0]);
        Assert.Equal(0.5, r.X[1], 1e-8);
        Assert.True(Math.Abs(r.Gradient[0]) < 1e-6, $"{r.Gradient[0]}");
    }

    [Fact]
    public void Dogbox_Bounds_ActiveAtSolution_HeldExactlyOnBound()
    {
        // Unconstrained minimum at (1, 1); the bound x1 <= 0.5 is active and dogbox holds x1 exactly on it.
        var options = new LeastSquaresOptions
        {
            Method = LeastSquaresMethod.Dogbox,
            Bounds = Bounds.Elementwise(null, [double.PositiveInfinity, 0.5]),
        };
        var r = LeastSquares.Solve(Rosenbrock, [-1.2, 0.2], options);
        Assert.True(r.Success, r.Message);
        Assert.Equal(0.5, r.X[1]);
        Assert.Equal(1, r.ActiveMask[1]);
        Assert.Equal(0, r.ActiveMask[0]);
        Assert.True(Math.Abs(r.Gradient[0]) < 1e-6, $"{r.Gradient[0]}");
        Assert.True(r.Gradient[1] < 0, "the gradient must push x1 against its upper bound");
        var trf = LeastSquares.Solve(Rosenbrock, [-1.2, 0.2], options with { Method = LeastSquaresMethod.Trf });
        Assert.Equal(trf.X[0], r.X[0], 1e-7);
    }

    [Fact]
    public void Dogbox_BoxAroundStart_StaysFeasibleWithRobustLoss()
    {
        // y = a exp(b t) with outliers; both parameters boxed so that the unconstrained fit is infeasible in b.
        var t = Tensor.FromArray(Enumerable.Range(0, 20).Select(i => i * 0.1).ToArray());
        var yv = Enumerable.Range(0, 20).Select(i => 2 * Math.Exp(0.8 * i * 0.1)).ToArray();
        yv[3] += 5;
        yv[11] -= 4;
        var y = Tensor.FromArray(yv);
        var options = new LeastSquaresOptions
        {
            Method = LeastSquaresMethod.Dogbox,
            Loss = LossFunction.SoftL1,
            FScale = 0.1,
            Bounds = Bounds.Elementwise([0.0, 0.0], [10.0, 0.7]),
        };
        var r = LeastSquares.Solve(p => (p[0] * Tensor.Exp(p[1] * t)) - y, [1.0, 0.1], options);
        Assert.True(r.Success, r.Message);
        Assert.Equal(0.7, r.X[1]);
        Assert.InRange(r.X[0], 0.0, 10.0);
        var trf = LeastSquares.Solve(p => (p[0] * Tensor.Exp(p[1] * t)) - y, [1.0, 0.1], options with { Method = LeastSquaresMethod.Trf });
        Assert.Equal(trf.X[0], r.X[0], 1e-5);
        Assert.Equal(trf.Cost, r.Cost, 1e-8);
    }

    [Fact]
    public void NamedVariables_ReturnsSolutionByName()
    {
        var t = Tensor.FromArray([0.0, 1, 2, 3]);
        var y = Tensor.FromArray([1.0, Math.E, Math.E * Math.E, Math.Exp(3)]);
        var x0 = new Variables { ["a"] = Tensor.Scalar(0.5, DType.Float64), ["b"] = Tensor.Scalar(0.5, DType.Float64) };
        var r = LeastSquares.Solve(v => (v["a"] * Tensor.Exp(v["b"] * t)) - y, x0, new LeastSquaresOptions { XScale = VariableScale.Jacobian });
        Assert.True(r.Success, r.Message);
        Assert.Equal(1.0, r.Variables!["a"].Item(), 1e-8);
        Assert.Equal(1.0, r.Variables["b"].Item(), 1e-8);
    }

    [Fact]
    public void Lm_RejectsBoundsAndRobustLoss()
    {
        Assert.Throws<ArgumentException>(() => LeastSquares.Solve(Rosenbrock, [0.0, 0.0], new LeastSquaresOptions { Method = LeastSquaresMethod.Lm, Loss = LossFunction.Huber }));
        Assert.Throws<ArgumentException>(() => LeastSquares.Solve(Rosenbrock, [0.0, 0.0], new LeastSquaresOptions { Method = LeastSquaresMethod.Lm, Bounds = Bounds.All(0.0, 1.0) }));
    }

    [Fact]
    public void MaxEvaluations_ReportsFailure()
    {
        var r = LeastSquares.Solve(Rosenbrock, [-1.2, 1.0], new LeastSquaresOptions { MaxFunctionEvaluations = 2 });
        Assert.Equal(TerminationReason.MaxEvaluations, r.Status);
        Assert.False(r.Success);
        Assert.Contains("Maximum number", r.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void X0OutsideBounds_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => LeastSquares.Solve(Rosenbrock, [2.0, 0.0], new LeastSquaresOptions { Bounds = Bounds.All(-1.0, 1.0) }));
        Assert.Contains("x0[0]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void JacobianRoutes_RowsAndColumns_Agree()
    {
        Func<Tensor, Tensor> f = x => Tensor.Concat([Tensor.Sin(x) * x[0], Tensor.Exp(x * 0.1), x.Square().Sum().Reshape(1)], 0);
        double[] x0 = [0.3, -0.7, 1.1];
        var rows = new double[7 * 3];
        var cols = new double[7 * 3];
        TensorResidualModel.JacobianByRows(f, x0, 7, rows);
        TensorResidualModel.JacobianByColumns(f, x0, 7, cols);
        for (int i = 0; i < rows.Length; i++)
        {
            Assert.Equal(rows[i], cols[i], 1e-14);
        }
    }
}
