using Adjoint.Optimize;
using Adjoint.Optimize.Constraints;
using Adjoint.Optimize.Methods.TrustConstr;
using Adjoint.Tensors;

namespace Adjoint.Tests.Optimize.Methods.TrustConstr;

/// <summary>trust-constr through <see cref="Minimizer"/>: the Hock-Schittkowski problems, bounds, multipliers, honesty.</summary>
public class TrustConstrTests
{
    // The number of leading inequality rows of each problem that are constraints; the rest are its bounds.
    private static readonly Dictionary<string, (int Rows, double[] Lower, double[] Upper)> BoundedProblems = new()
    {
        ["HS21"] = (1, [2, -50], [50, 50]),
        ["HS35"] = (1, [0, 0, 0], [double.PositiveInfinity, double.PositiveInfinity, double.PositiveInfinity]),
        ["HS71"] = (1, [1, 1, 1, 1], [5, 5, 5, 5]),
    };

    internal static MinimizeResult Solve(TensorProgram p, TrustConstrOptions? options = null, bool boundsAsBounds = true, MinimizeControl? control = null)
    {
        var constraints = new List<Constraint>();
        for (int i = 0; i < p.EqualityFunctions.Count; i++)
        {
            constraints.Add(Constraint.Equality(p.EqualityFunctions[i], $"h{i}"));
        }

        Bounds? bounds = null;
        int rows = p.InequalityFunctions.Count;
        if (boundsAsBounds && BoundedProblems.TryGetValue(p.Name, out var b))
        {
            rows = b.Rows;
            bounds = new Bounds { ["x"] = Bound.Elementwise(b.Lower, b.Upper) };
        }

        for (int i = 0; i < rows; i++)
        {
            constraints.Add(Constraint.Inequality(p.InequalityFunctions[i], $"g{i}"));
        }

        return Minimizer.Minimize(p.Objective, Tensor.FromArray(p.X0), options ?? new TrustConstrOptions(), bounds, control, constraints);
    }

    [Theory]
    [MemberData(nameof(HockSchittkowskiPrograms.EqualityNames), MemberType = typeof(HockSchittkowskiPrograms))]
    public void TrustConstr_EqualityHockSchittkowski_Succeeds(string name)
    {
        var p = HockSchittkowskiPrograms.Get(name);
        var r = Solve(p);
        Assert.True(r.Success, r.ToString());
        Assert.Equal(TerminationReason.GradientTolerance, r.Status);
        Assert.True(Math.Abs(r.Fun - p.FStar) <= 1e-6 * Math.Max(1, Math.Abs(p.FStar)), r.ToString());
        Assert.True(r.MaxConstraintViolation < 1e-8, r.ToString());
        Assert.True(r.GradientNorm < 1e-8, r.ToString());
        Assert.All(r.Constraints!, c => Assert.NotNull(c.Multipliers));
        Assert.Equal(r.Nfev - r.Check!.FunctionEvaluations, r.Njev - r.Check.GradientEvaluations);
    }

    [Theory]
    [MemberData(nameof(HockSchittkowskiPrograms.InequalityNames), MemberType = typeof(HockSchittkowskiPrograms))]
    public void TrustConstr_InequalityHockSchittkowski_WithBounds_Succeeds(string name)
    {
        var p = HockSchittkowskiPrograms.Get(name);
        var r = Solve(p);
        Assert.True(r.Success, r.ToString());
        Assert.True(Math.Abs(r.Fun - p.FStar) <= 1e-6 * Math.Max(1, Math.Abs(p.FStar)), r.ToString());
        Assert.True(r.MaxConstraintViolation < 1e-8, r.ToString());
        if (p.XStar is { } xs)
        {
            for (int i = 0; i < xs.Length; i++)
            {
                Assert.True(Math.Abs(r.X[i] - xs[i]) < 1e-5 * Math.Max(1, Math.Abs(xs[i])), r.ToString());
            }
        }
    }

    [Fact]
    public void TrustConstr_Hs21_ActiveLowerBound_HasANegativeBoundMultiplier()
    {
        var r = Solve(HockSchittkowskiPrograms.Hs21());
        Assert.True(r.Success, r.ToString());
        Assert.NotNull(r.BoundMultipliers);
        // ∇f = (0.02 x₁, 2 x₂) = (0.04, 0) at x* = (2, 0): μ₁ = -0.04 at the active lower bound (∇f + μ = 0).
        Assert.Equal(-0.04, r.BoundMultipliers![0], 6);
        Assert.Equal(0, r.BoundMultipliers[1], 6);
        Assert.Equal(0, r.Constraints![0].Multipliers![0], 6);
    }

    [Fact]
    public void TrustConstr_Hs71_ActiveInequality_HasALowerBoundSignMultiplier()
    {
        var r = Solve(HockSchittkowskiPrograms.Hs71());
        Assert.True(r.Success, r.ToString());
        var g = r.Constraints!.Single(c => c.Name == "g0");
        Assert.True(g.Multipliers![0] < 0, r.ToString());
    }

    [Fact]
    public void TrustConstr_Bounds_HoldAtEveryIterate()
    {
        var lower = new[] { 1.0, 1, 1, 1 };
        var upper = new[] { 5.0, 5, 5, 5 };
        int seen = 0;
        var control = new MinimizeControl
        {
            Callback = info =>
            {
                seen++;
                for (int i = 0; i < 4; i++)
                {
                    Assert.InRange(info.X[i], lower[i], upper[i]);
                }

                return CallbackResult.Continue;
            },
        };
        var r = Solve(HockSchittkowskiPrograms.Hs71(), control: control);
        Assert.True(r.Success, r.ToString());
        Assert.True(seen > 5);
    }

    [Fact]
    public void TrustConstr_InfeasibleConstraints_AreReportedInfeasible_NamingTheRow()
    {
        Constraint[] constraints =
        [
            Constraint.Inequality(x => x[0] - 1, "above"),
            Constraint.Inequality(x => -1 - x[0], "below"),
        ];
        var r = Minimizer.Minimize(x => x.Square().Sum(), Tensor.FromArray([0.0, 0.5]), new TrustConstrOptions(),
            constraints: constraints);
        Assert.False(r.Success, r.ToString());
        Assert.True(r.MaxConstraintViolation > 0.5, r.ToString());
        Assert.Equal(TerminationReason.Infeasible, r.Status);
        Assert.True(r.Message.Contains("'above'", StringComparison.Ordinal) || r.Message.Contains("'below'", StringComparison.Ordinal), r.Message);
    }

    [Theory]
    [InlineData(HessianApproximation.Bfgs)]
    [InlineData(HessianApproximation.Sr1)]
    public void TrustConstr_QuasiNewton_SolvesHs71WithoutHessianProducts(HessianApproximation kind)
    {
        var r = Solve(HockSchittkowskiPrograms.Hs71(), new TrustConstrOptions { HessianApproximation = kind });
        Assert.True(Math.Abs(r.Fun - 17.0140173) < 1e-5, r.ToString());
        Assert.True(r.MaxConstraintViolation < 1e-6, r.ToString());
        Assert.Equal(0, r.Nhev - r.Check!.HessianEvaluations);
    }

    [Theory]
    [InlineData("HS35", 9, 0.111143199580276)]
    [InlineData("HS100", 17, 680.630075835563)]
    public void TrustConstr_ScipyMode_ReproducesScipyEvaluations(string name, int scipyNfev, double scipyF)
    {
        // scipy 1.10 with exact Hessians and Bounds(keep_feasible=False) (bench/peers/trustconstr_scipy.py) stops inside an
        // early barrier subproblem; with complementarity not required and bounds as plain rows the iterations agree.
        var options = new TrustConstrOptions { RequireComplementarity = false, KeepBoundsFeasible = false };
        var r = Solve(HockSchittkowskiPrograms.Get(name), options);
        Assert.Equal(scipyNfev, r.Nfev - r.Check!.FunctionEvaluations);
        Assert.Equal(scipyF, r.Fun, 9);
    }

    [Fact]
    public void TrustConstr_Registry_HasScipyNameAndCapabilities()
    {
        var d = MethodRegistry.Find("trust-constr");
        Assert.True(d.Capabilities.SupportsEquality && d.Capabilities.SupportsInequality && d.Capabilities.SupportsBounds);
        Assert.True(d.Capabilities.UsesGradient && d.Capabilities.UsesHessianProduct);
        Assert.IsType<TrustConstrOptions>(d.DefaultOptions());
    }

    [Fact]
    public void TrustConstrOptions_InvalidValues_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adjoint.Optimize.Methods.TrustConstr.TrustConstr(new TrustConstrOptions { InitialTrustRadius = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adjoint.Optimize.Methods.TrustConstr.TrustConstr(new TrustConstrOptions { InitialBarrierParameter = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adjoint.Optimize.Methods.TrustConstr.TrustConstr(new TrustConstrOptions { BarrierTolerance = -1 }));
    }

    [Fact]
    public void TrustConstr_Unconstrained_Rosenbrock_Succeeds()
    {
        var r = Minimizer.Minimize(SeedExampleTests.Rosen, Tensor.FromArray([-1.2, 1.0]), new TrustConstrOptions());
        Assert.True(r.Success, r.ToString());
        Assert.True(r.Fun < 1e-12, r.ToString());
    }
}

public class TrustConstrEdgeCaseTests
{
    private static Tensor Quadratic(Tensor x) => (x - Tensor.FromArray([1.0, 2.0, 3.0])).Square().Sum();

    [Fact]
    public void TrustConstr_LinearConstraints_TwoSidedAndEquality_Succeed()
    {
        // min ‖x - (1,2,3)‖² subject to x₀ + x₁ + x₂ = 3 and 0 ≤ x₀ - x₁ ≤ 0.5: x* = (0.25, 0, 2.75)... solved by KKT below.
        Constraint[] constraints =
        [
            new LinearConstraint(new double[,] { { 1, 1, 1 } }, 3, 3) { Name = "sum" },
            new LinearConstraint(new double[,] { { 1, -1, 0 } }, 0, 0.5) { Name = "gap" },
        ];
        var r = Minimizer.Minimize(Quadratic, Tensor.FromArray([0.0, 0.0, 0.0]), new TrustConstrOptions(), constraints: constraints);
        Assert.True(r.Success, r.ToString());
        // With gap active at 0: x₀ = x₁ = t, x₂ = 3 - 2t; minimize (t-1)² + (t-2)² + (-2t)² → t = 0.5.
        Assert.Equal(0.5, r.X[0], 6);
        Assert.Equal(0.5, r.X[1], 6);
        Assert.Equal(2.0, r.X[2], 6);
        Assert.True(r.Constraints![1].Multipliers![0] < 0, r.ToString());
    }

    [Fact]
    public void TrustConstr_RepeatedEqualityConstraint_RankDeficientJacobian_Succeeds()
    {
        Constraint[] constraints =
        [
            Constraint.Equality(x => x.Sum() - 3, "sum"),
            Constraint.Equality(x => (2 * x.Sum()) - 6, "sum twice"),
        ];
        var r = Minimizer.Minimize(Quadratic, Tensor.FromArray([0.0, 0.0, 0.0]), new TrustConstrOptions(), constraints: constraints);
        Assert.True(r.Success, r.ToString());
        Assert.Equal(0, r.X[0], 6);
        Assert.Equal(1, r.X[1], 6);
        Assert.Equal(2, r.X[2], 6);
    }

    [Fact]
    public void TrustConstr_FixedVariable_StaysAtItsValue()
    {
        var bounds = new Bounds { ["x"] = Bound.Elementwise([-10, 0.5, -10], [10, 0.5, 10]) };
        var r = Minimizer.Minimize(Quadratic, Tensor.FromArray([0.0, 0.0, 0.0]), new TrustConstrOptions(), bounds);
        Assert.True(r.Success, r.ToString());
        Assert.Equal(1, r.X[0], 6);
        Assert.Equal(0.5, r.X[1], 12);
        Assert.Equal(3, r.X[2], 6);
    }

    [Fact]
    public void TrustConstr_InfeasibleStart_ReachesTheFeasibleSolution()
    {
        Constraint[] constraints = [Constraint.Inequality(x => x[0] + x[1] - 10, "far")];
        var r = Minimizer.Minimize(Quadratic, Tensor.FromArray([0.0, 0.0, 0.0]), new TrustConstrOptions(), constraints: constraints);
        Assert.True(r.Success, r.ToString());
        Assert.Equal(4.5, r.X[0], 5);
        Assert.Equal(5.5, r.X[1], 5);
    }

    [Fact]
    public void TrustConstr_Float32_EqualityProblem_EndsHonestly()
    {
        Constraint[] constraints = [Constraint.Equality(x => x.Sum() - 3, "sum")];
        var r = Minimizer.Minimize(Quadratic, Tensor.FromArray([0.0, 0.0, 0.0]).To(DType.Float32), new TrustConstrOptions(), constraints: constraints);
        Assert.True(r.MaxConstraintViolation < 1e-4, r.ToString());
        Assert.Equal(0, r.X[0], 3);
        Assert.Equal(r.Status.IsSuccess(), r.Success);
    }
}

public class TrustConstrStateTests
{
    [Fact]
    public void TrustConstr_VerboseLines_CarryTrustRadiusPenaltyAndBarrier()
    {
        var output = new StringWriter();
        var r = Minimizer.Minimize(x => (x - 1).Square().Sum(), Tensor.FromArray([0.0, 0.0]),
            new TrustConstrOptions { Verbose = true, RecordTrace = true }, Bounds.All(-5.0, 0.5), new MinimizeControl { Output = output });
        Assert.True(r.Success, r.ToString());
        Assert.Equal(0.5, r.X[0], 6);
        Assert.All(r.Trace!, i => Assert.Contains("tr_radius= ", i.Note, StringComparison.Ordinal));
        Assert.Contains("barrier= 1.00e-01", r.Trace![0].Note, StringComparison.Ordinal);
        Assert.Contains("penalty= ", output.ToString(), StringComparison.Ordinal);
    }
}

public class TrustConstrMediumTests
{
    [Fact]
    public void TrustConstr_FortyVariables_TenLinearEqualitiesAndBounds_Succeeds()
    {
        const int n = 40, m = 10;
        var rng = new Random(7);
        var a = new double[m, n];
        var target = new double[n];
        for (int j = 0; j < n; j++)
        {
            target[j] = rng.NextDouble() * 2 - 0.5;
            for (int i = 0; i < m; i++)
            {
                a[i, j] = rng.NextDouble() - 0.5;
            }
        }

        // b = A x̂ with x̂ = 0.5: feasible inside the box.
        var b = new double[m];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                b[i] += a[i, j] * 0.5;
            }
        }

        var t = Tensor.FromArray(target);
        Constraint[] constraints = [new LinearConstraint(a, b, b) { Name = "rows" }];
        var r = Minimizer.Minimize(x => (x - t).Square().Sum() + x.Pow(4).Sum(), Tensor.FromArray(new double[n]), new TrustConstrOptions(),
            Bounds.All(0.0, 1.0), constraints: constraints);
        Assert.True(r.Success, r.ToString());
        Assert.True(r.MaxConstraintViolation < 1e-8, r.ToString());
        Assert.All(r.X, v => Assert.InRange(v, 0.0, 1.0));
        Assert.True(r.Nit < 200, r.ToString());
    }
}
