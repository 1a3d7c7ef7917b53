using Adjoint.Autodiff;
using Adjoint.Optimize;
using Adjoint.Optimize.Constraints;
using Adjoint.Tensors;

namespace Adjoint.Tests.Optimize.Constraints;

/// <summary>Values, Jacobians, names, counts and faults of constraints as methods see them.</summary>
public class ConstraintSetTests
{
    private static Tensor F(Tensor x) => x.Square().Sum();

    /// <summary>Runs <paramref name="probe"/> on the prepared problem of a Teleport run from <paramref name="x0"/>.</summary>
    private static void Probe(double[] x0, IReadOnlyList<Constraint> constraints, Action<MinimizationProblem> probe, Bounds? bounds = null, DType? precision = null)
    {
        bool ran = false;
        Minimizer.Minimize(new Teleport(new TeleportOptions { Probe = p => { probe(p); ran = true; }, Precision = precision }), F, Tensor.FromArray(x0),
            bounds: bounds, constraints: constraints);
        Assert.True(ran);
    }

    // c(x) = [x0·x1, x0² + sin(x1), exp(x2)], J = [[x1, x0, 0], [2x0, cos x1, 0], [0, 0, exp x2]]
    private static Tensor Vector(Tensor x) => Tensor.Stack([x[0] * x[1], x[0].Square() + Tensor.Sin(x[1]), x[2].Exp()]);

    private static double[,] VectorJacobian(double[] x) =>
        new double[,] { { x[1], x[0], 0 }, { 2 * x[0], Math.Cos(x[1]), 0 }, { 0, 0, Math.Exp(x[2]) } };

    [Theory]
    [InlineData("autodiff", 1e-14)]
    [InlineData("user", 1e-14)]
    [InlineData("2-point", 1e-6)]
    [InlineData("3-point", 1e-9)]
    public void Jacobian_MatchesTheAnalyticOne(string source, double tolerance)
    {
        var c = new NonlinearConstraint(Vector, double.NegativeInfinity, 4.0) { Name = "vec" };
        c = source switch
        {
            "user" => c with { Jacobian = VectorJacobian },
            "2-point" => c with { Differentiation = Differentiation.TwoPoint },
            "3-point" => c with { Differentiation = Differentiation.ThreePoint },
            _ => c,
        };
        double[] x = [0.7, -1.3, 0.2];
        Probe([0.1, 0.2, 0.3], [c], p =>
        {
            var set = p.Constraints!;
            Assert.Equal(3, set.Count);
            Assert.Equal(source, set.DerivativeSourceOf(0));
            var values = new double[3];
            var jac = new double[9];
            set.EvaluateWithJacobian(x, values, jac);
            Assert.Equal(x[0] * x[1], values[0], 14);
            Assert.Equal((x[0] * x[0]) + Math.Sin(x[1]), values[1], 14);
            var expected = VectorJacobian(x);
            for (int i = 0; i < 3; i++)
            {
                for (int j = 0; j < 3; j++)
                {
                    Assert.True(Math.Abs(expected[i, j] - jac[(i * 3) + j]) <= tolerance * (1 + Math.Abs(expected[i, j])), $"{source} J[{i},{j}] = {jac[(i * 3) + j]}, expected {expected[i, j]}");
                }
            }
        });
    }

    [Fact]
    public void Counts_AndTheCacheAtTheSamePoint()
    {
        Probe([0.1, 0.2, 0.3], [new NonlinearConstraint(Vector, 0.0, 1.0)], p =>
        {
            var set = p.Constraints!;
            Assert.Equal(1, set.Evaluations); // the rows are learned at x0
            var v = new double[3];
            set.Evaluate([0.1, 0.2, 0.3], v); // cached
            Assert.Equal(1, set.Evaluations);
            set.Evaluate([0.5, 0.2, 0.3], v);
            Assert.Equal(2, set.Evaluations);
            var j = new double[9];
            set.EvaluateWithJacobian([0.5, 0.2, 0.3], v, j);
            set.EvaluateWithJacobian([0.5, 0.2, 0.3], v, j);
            Assert.Equal(3, set.Evaluations);
            Assert.Equal(1, set.JacobianEvaluations);
        });
    }

    [Fact]
    public void Rows_Names_StandardForm_AndMultiplierMapping()
    {
        var matrix = new NonlinearConstraint(x => x.Reshape(new Shape(1, 3)).BroadcastTo(new Shape(2, 3)) * Tensor.FromArray(new double[,] { { 1, 1, 1 }, { 2, 2, 2 } }),
            [-1.0, -1, -1, 0, 0, 0], [1.0, 1, 1, 0, 0, 0]) { Name = "grid" };
        var linear = new LinearConstraint(new double[] { 1, 1, 1 }, double.NegativeInfinity, 3);
        Probe([0.1, 0.2, 0.3], [matrix, linear], p =>
        {
            var set = p.Constraints!;
            Assert.Equal(7, set.Count);
            Assert.Equal("'grid'[1, 2]", set.RowName(5));
            Assert.Equal("'constraint 1'", set.RowName(6));
            Assert.Equal([2, 3], set.OutputShapeOf(0));
            Assert.True(set.IsEquality(3) && !set.IsEquality(0));
            Assert.Equal(3, set.EqualityRows.Count);
            Assert.Equal(7, set.InequalityRows.Count); // 3 two-sided rows give 6, the linear row 1
            Assert.Equal(new StandardRow(6, -1, 3), set.InequalityRows[^1]);
            Assert.Equal(2.0, set.InequalityRows[^1].Of(1.0));
            // ν on the standard rows maps to λ with ∇f + Jᵀλ = 0: an active upper side gives λ = +ν, lower λ = -ν.
            var eqNu = new double[3] { 1, 2, 3 };
            var inNu = new double[7];
            inNu[0] = 0.5; // row 0, lower side
            inNu[3] = 0.25; // row 1, upper side
            inNu[6] = 4; // linear row, upper side
            var lambda = new double[7];
            set.RowMultipliers(eqNu, inNu, lambda);
            Assert.Equal([-0.5, 0.25, 0, -1, -2, -3, 4], lambda);
            var v = new double[7];
            set.Evaluate([2.0, 0.0, 0.0], v);
            Assert.Equal(4, set.Violation(v), 12); // the equality row 3 is 2·x0 = 4, not 0
        });
    }

    [Fact]
    public void ViolationAndItsDescription()
    {
        Probe([0.0, 0.0], [Constraint.Equality(x => x.Sum() - 1, "budget"), Constraint.Inequality(x => x[0], "floor")], p =>
        {
            var set = p.Constraints!;
            var v = new double[2];
            set.Evaluate([-0.5, 0.0], v);
            Assert.Equal(1.5, set.Violation(v), 12);
            Assert.Equal(0, set.MostViolatedRow(v));
            Assert.Contains("'budget'", set.DescribeViolation(v), StringComparison.Ordinal);
            set.Evaluate([1.0, 0.0], v);
            Assert.Equal(0, set.Violation(v));
            Assert.Equal(-1, set.MostViolatedRow(v));
        });
    }

    [Fact]
    public void LagrangianHessianVectorProduct_IsExact()
    {
        // f = Σx², c = [x0·x1, x0² + sin x1, exp x2]; ∇²(f + λᵀc) = 2I + λ0 [[0,1,0],[1,0,0],0] + λ1 diag(2, -sin x1, 0) + λ2 diag(0,0,e^x2)
        foreach (var user in new[] { false, true })
        {
            var c = new NonlinearConstraint(Vector, 0.0, 1.0);
            if (user)
            {
                c = c with { Jacobian = VectorJacobian };
            }

            Probe([0.1, 0.2, 0.3], [c], p =>
            {
                double[] x = [0.4, 0.9, -0.2], lambda = [1.5, -2.0, 0.5], v = [1.0, -1.0, 2.0];
                var hv = new double[3];
                p.LagrangianHessianVectorProduct(x, lambda, v, hv);
                double s = Math.Sin(x[1]), e = Math.Exp(x[2]);
                double[] expected =
                [
                    (2 * v[0]) + (lambda[0] * v[1]) + (lambda[1] * 2 * v[0]),
                    (2 * v[1]) + (lambda[0] * v[0]) - (lambda[1] * s * v[1]),
                    (2 * v[2]) + (lambda[2] * e * v[2]),
                ];
                for (int i = 0; i < 3; i++)
                {
                    Assert.True(Math.Abs(expected[i] - hv[i]) <= (user ? 1e-6 : 1e-13), $"user={user} Hv[{i}] = {hv[i]}, expected {expected[i]}");
                }

                Assert.Equal(1, p.Constraints!.HessianEvaluations);
            });
        }
    }

    [Fact]
    public void VariablesFunction_AndFloat32WithFloat64Data()
    {
        var data = Tensor.FromArray([1.0, 2.0]);
        var c = new NonlinearConstraint((Variables v) => (v["a"] * data).Sum() + v["b"].Sum(), 0.0, 1.0) { Name = "mix" };
        bool ran = false;
        Minimizer.Minimize(new Teleport(new TeleportOptions { Probe = p =>
        {
            var values = new double[1];
            var jac = new double[4];
            p.Constraints!.EvaluateWithJacobian([1.0, 1.0, 3.0, 4.0], values, jac);
            Assert.Equal(10, values[0], 5);
            Assert.Equal([1.0, 2.0, 1.0, 1.0], jac);
            ran = true;
        }, Precision = DType.Float32 }),
            Objective.Create((Variables v) => v["a"].Square().Sum() + v["b"].Square().Sum()),
            new Variables { ["a"] = Tensor.FromArray([0.0, 0.0]), ["b"] = Tensor.FromArray([0.0, 0.0]) }, constraints: [c]);
        Assert.True(ran);
    }

    [Fact]
    public void Faults_NameTheConstraint()
    {
        double[] x0 = [0.5, 0.5];
        // Throws at x0.
        var throwing = new Constraint[] { Constraint.Inequality((Tensor _) => throw new InvalidOperationException("boom"), "exploding") };
        var e1 = Assert.Throws<ObjectiveException>(() => Minimizer.Minimize(new Teleport(new()), F, Tensor.FromArray(x0), constraints: throwing));
        Assert.Contains("'exploding'", e1.Message, StringComparison.Ordinal);
        Assert.Contains("boom", e1.Message, StringComparison.Ordinal);
        // Changes its size.
        int calls = 0;
        var growing = new Constraint[] { Constraint.Inequality(x => ++calls == 1 ? x[0] : x, "growing") };
        var e2 = Assert.Throws<ObjectiveException>(() => Minimizer.Minimize(new Teleport(new() { Target = [1.0, 1.0] }), F, Tensor.FromArray(x0), constraints: growing));
        Assert.Contains("'growing'", e2.Message, StringComparison.Ordinal);
        Assert.Contains("must not change", e2.Message, StringComparison.Ordinal);
        // Computed from host copies: the autodiff Jacobian would be zero.
        var host = new Constraint[] { Constraint.Inequality(x => Tensor.Scalar(x.ToArray()[0]), "host") };
        Probe(x0, host, p =>
        {
            var e3 = Assert.Throws<ObjectiveException>(() => p.Constraints!.EvaluateWithJacobian([1.0, 1.0], new double[1], new double[2]));
            Assert.Contains("'host'", e3.Message, StringComparison.Ordinal);
            Assert.Contains("TwoPoint", e3.Message, StringComparison.Ordinal);
        });
        // Wrong user Jacobian shape.
        var badJacobian = new Constraint[] { Constraint.Inequality(x => x[0], "shaped") with { Jacobian = _ => new double[2, 2] } };
        Probe(x0, badJacobian, p =>
        {
            var e4 = Assert.Throws<ObjectiveException>(() => p.Constraints!.EvaluateWithJacobian([1.0, 1.0], new double[1], new double[2]));
            Assert.Contains("'shaped'", e4.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void BadDefinitions_Throw()
    {
        Assert.Throws<ArgumentException>(() => new NonlinearConstraint(x => x, 2.0, 1.0));
        Assert.Throws<ArgumentException>(() => new NonlinearConstraint(x => x, double.NaN, 1.0));
        Assert.Throws<ArgumentException>(() => new NonlinearConstraint(x => x, [0.0, 1.0], [1.0, 2.0, 3.0]));
        Assert.Throws<ArgumentException>(() => new LinearConstraint(new double[,] { { double.NaN } }, 0, 1));
        Assert.Throws<ArgumentException>(() => new LinearConstraint(new double[,] { { 1, 2 } }, [0.0, 1.0, 2.0], [1.0]));
        double[] x0 = [0.5, 0.5];
        // Columns that do not match x, bound counts that do not match the rows, duplicate names.
        var e1 = Assert.Throws<ArgumentException>(() => Minimizer.Minimize(new Teleport(new()), F, Tensor.FromArray(x0), constraints: [new LinearConstraint(new double[] { 1, 2, 3 }, 0, 1)]));
        Assert.Contains("3 columns", e1.Message, StringComparison.Ordinal);
        var e2 = Assert.Throws<ArgumentException>(() => Minimizer.Minimize(new Teleport(new()), F, Tensor.FromArray(x0), constraints: [new NonlinearConstraint(x => x, [0.0, 0, 0], [1.0, 1, 1]) { Name = "three" }]));
        Assert.Contains("'three'", e2.Message, StringComparison.Ordinal);
        var e3 = Assert.Throws<ArgumentException>(() => Minimizer.Minimize(new Teleport(new()), F, Tensor.FromArray(x0), constraints: [Constraint.Equality(x => x[0], "same"), Constraint.Equality(x => x[1], "same")]));
        Assert.Contains("'same'", e3.Message, StringComparison.Ordinal);
    }
}
