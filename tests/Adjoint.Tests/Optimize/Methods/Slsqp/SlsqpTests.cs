using System.Globalization;
using Adjoint.Optimize;
using Adjoint.Optimize.Constraints;
using Adjoint.Optimize.Methods.Slsqp;
using Adjoint.Tensors;
using Xunit.Abstractions;

namespace Adjoint.Tests.Optimize.Methods.Slsqp;

public class SlsqpTests(ITestOutputHelper output)
{
    /// <summary>A constrained test problem defined here (Hock and Schittkowski 1981 numbering).</summary>
    private sealed record Hs(string Name, Func<Tensor, Tensor> F, double[] X0, Bounds? Bounds, Constraint[] Constraints, double FStar);

    private static Tensor S(Tensor x, int i) => x[i];

    private static readonly Hs[] Problems =
    [
        new("HS6", x => (1 - S(x, 0)).Square(), [-1.2, 1], null,
            [Constraint.Equality(x => 10 * (S(x, 1) - S(x, 0).Square()), "c1")], 0),
        new("HS7", x => Tensor.Log(1 + S(x, 0).Square()) - S(x, 1), [2, 2], null,
            [Constraint.Equality(x => (1 + S(x, 0).Square()).Square() + S(x, 1).Square() - 4, "c1")], -Math.Sqrt(3)),
        new("HS21", x => (0.01 * S(x, 0).Square()) + S(x, 1).Square() - 100, [-1, -1], Bounds.FromPairs((2, 50), (-50, 50)),
            [Constraint.Inequality(x => (10 * S(x, 0)) - S(x, 1) - 10, "c1")], -99.96),
        new("HS35", x => 9 - (8 * S(x, 0)) - (6 * S(x, 1)) - (4 * S(x, 2)) + (2 * S(x, 0).Square()) + (2 * S(x, 1).Square())
                + S(x, 2).Square() + (2 * S(x, 0) * S(x, 1)) + (2 * S(x, 0) * S(x, 2)),
            [0.5, 0.5, 0.5], Bounds.All(0, null), [Constraint.Inequality(x => 3 - S(x, 0) - S(x, 1) - (2 * S(x, 2)), "c1")], 1.0 / 9),
        new("HS71", x => (S(x, 0) * S(x, 3) * (S(x, 0) + S(x, 1) + S(x, 2))) + S(x, 2), [1, 5, 5, 1], Bounds.All(1, 5),
            [Constraint.Inequality(x => (S(x, 0) * S(x, 1) * S(x, 2) * S(x, 3)) - 25, "product"),
             Constraint.Equality(x => x.Square().Sum() - 40, "sphere")], 17.014017289156026),
    ];

    private static readonly Hs[] MoreProblems =
    [
        new("HS10", x => S(x, 0) - S(x, 1), [-10, 10], null,
            [Constraint.Inequality(x => (-3 * S(x, 0).Square()) + (2 * S(x, 0) * S(x, 1)) - S(x, 1).Square() + 1, "c1")], -1),
        new("HS11", x => (S(x, 0) - 5).Square() + S(x, 1).Square() - 25, [4.9, 0.1], null,
            [Constraint.Inequality(x => S(x, 1) - S(x, 0).Square(), "c1")], -8.498464223),
        new("HS12", x => (0.5 * S(x, 0).Square()) + S(x, 1).Square() - (S(x, 0) * S(x, 1)) - (7 * S(x, 0)) - (7 * S(x, 1)), [0, 0], null,
            [Constraint.Inequality(x => 25 - (4 * S(x, 0).Square()) - S(x, 1).Square(), "c1")], -30),
        new("HS14", x => (S(x, 0) - 2).Square() + (S(x, 1) - 1).Square(), [2, 2], null,
            [Constraint.Equality(x => S(x, 0) - (2 * S(x, 1)) + 1, "c1"),
             Constraint.Inequality(x => (-S(x, 0).Square() / 4) - S(x, 1).Square() + 1, "c2")], 9 - (2.875 * Math.Sqrt(7))),
        new("HS26", x => (S(x, 0) - S(x, 1)).Square() + (S(x, 1) - S(x, 2)).Square().Square(), [-2.6, 2, 2], null,
            [Constraint.Equality(x => ((1 + S(x, 1).Square()) * S(x, 0)) + S(x, 2).Square().Square() - 3, "c1")], 0),
        new("HS28", x => (S(x, 0) + S(x, 1)).Square() + (S(x, 1) + S(x, 2)).Square(), [-4, 1, 1], null,
            [Constraint.Equality(x => S(x, 0) + (2 * S(x, 1)) + (3 * S(x, 2)) - 1, "c1")], 0),
        new("HS39", x => -S(x, 0), [2, 2, 2, 2], null,
            [Constraint.Equality(x => S(x, 1) - (S(x, 0).Square() * S(x, 0)) - S(x, 2).Square(), "c1"),
             Constraint.Equality(x => S(x, 0).Square() - S(x, 1) - S(x, 3).Square(), "c2")], -1),
        new("HS40", x => -(S(x, 0) * S(x, 1) * S(x, 2) * S(x, 3)), [0.8, 0.8, 0.8, 0.8], null,
            [Constraint.Equality(x => (S(x, 0).Square() * S(x, 0)) + S(x, 1).Square() - 1, "c1"),
             Constraint.Equality(x => (S(x, 0).Square() * S(x, 3)) - S(x, 2), "c2"),
             Constraint.Equality(x => S(x, 3).Square() - S(x, 1), "c3")], -0.25),
        new("HS43", x => S(x, 0).Square() + S(x, 1).Square() + (2 * S(x, 2).Square()) + S(x, 3).Square() - (5 * S(x, 0)) - (5 * S(x, 1))
                - (21 * S(x, 2)) + (7 * S(x, 3)), [0, 0, 0, 0], null,
            [Constraint.Inequality(x => 8 - x.Square().Sum() - S(x, 0) + S(x, 1) - S(x, 2) + S(x, 3), "c1"),
             Constraint.Inequality(x => 10 - S(x, 0).Square() - (2 * S(x, 1).Square()) - S(x, 2).Square() - (2 * S(x, 3).Square()) + S(x, 0) + S(x, 3), "c2"),
             Constraint.Inequality(x => 5 - (2 * S(x, 0).Square()) - S(x, 1).Square() - S(x, 2).Square() - (2 * S(x, 0)) + S(x, 1) + S(x, 3), "c3")], -44),
        new("HS48", x => (S(x, 0) - 1).Square() + (S(x, 1) - S(x, 2)).Square() + (S(x, 3) - S(x, 4)).Square(), [3, 5, -3, 2, -2], null,
            [Constraint.Equality(x => x.Sum() - 5, "c1"), Constraint.Equality(x => S(x, 2) - (2 * (S(x, 3) + S(x, 4))) + 3, "c2")], 0),
    ];

    public static TheoryData<string> MoreProblemNames => new(MoreProblems.Select(p => p.Name));

    [Theory]
    [MemberData(nameof(MoreProblemNames))]
    public void Slsqp_MoreHockSchittkowski_ReachFStar(string name)
    {
        var p = MoreProblems.Single(q => q.Name == name);
        var r = Minimizer.Minimize(p.F, p.X0, new SlsqpOptions(), p.Bounds, constraints: p.Constraints);
        Report(name, r);
        Assert.True(r.Success, r.Message);
        Assert.True(Math.Abs(r.Fun - p.FStar) <= 1e-6 * Math.Max(1, Math.Abs(p.FStar)), $"f = {r.Fun:R}, f* = {p.FStar:R}");
        Assert.True(r.MaxConstraintViolation <= 1e-6);
    }

    [Fact]
    public void Slsqp_Hs13_KktFailsAtTheSolution_EndsHonestly()
    {
        // HS13: the minimizer (1, 0) is a cusp where no multipliers exist (LICQ and KKT fail); scipy reports success at
        // f = 0.99922, slightly infeasible. Here: either f* within 1e-3 and feasible, or no success.
        var r = Minimizer.Minimize(x => (S(x, 0) - 2).Square() + S(x, 1).Square(), [-2.0, -2.0], new SlsqpOptions(), Bounds.All(0, null),
            constraints: [Constraint.Inequality(x => (1 - S(x, 0)).Square() * (1 - S(x, 0)) - S(x, 1), "cusp")]);
        Report("HS13", r);
        Assert.True(!r.Success || (Math.Abs(r.Fun - 1) <= 1e-3 && r.MaxConstraintViolation <= 1e-6), r.Message);
    }

    public static TheoryData<string> ProblemNames => new(Problems.Select(p => p.Name));

    private void Report(string name, MinimizeResult r) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: status {r.Status} f {r.Fun:R} nit {r.Nit} nfev {r.Nfev} njev {r.Njev} (final check {r.Check?.FunctionEvaluations}/{r.Check?.GradientEvaluations}) constr_nfev {r.ConstraintEvaluations} constr_njev {r.ConstraintJacobianEvaluations} violation {r.MaxConstraintViolation:E2} | {r.Message}"));

    [Theory]
    [MemberData(nameof(ProblemNames))]
    public void Slsqp_HockSchittkowski_ReachesFStar(string name)
    {
        var p = Problems.Single(q => q.Name == name);
        var r = Minimizer.Minimize(p.F, p.X0, new SlsqpOptions(), p.Bounds, constraints: p.Constraints);
        Report(name, r);
        Assert.True(r.Success, r.Message);
        Assert.True(Math.Abs(r.Fun - p.FStar) <= 1e-6 * Math.Max(1, Math.Abs(p.FStar)), $"f = {r.Fun:R}, f* = {p.FStar:R}");
        Assert.True(r.MaxConstraintViolation <= 1e-6);
        Assert.True(r.Nit <= 100);
    }

    // scipy's cheat-sheet shape: min xᵀQx - rᵀx over x ≥ 0 with Σx = 1 and x₁ + x₃ ≤ 0.45 (as 0.45 - x₁ - x₃ ≥ 0).
    private static readonly double[,] Q = { { 4, 1, 0.5, 0 }, { 1, 3, 0.2, 0.1 }, { 0.5, 0.2, 2, 0.3 }, { 0, 0.1, 0.3, 1.5 } };
    private static readonly double[] R = [1, 2, 0.5, 1.5];

    // scipy 1.10 minimize(method='SLSQP', options={'ftol': 1e-15}) from x0 = 0.25 (with the default ftol = 1e-6 scipy stops
    // after 5 iterations at f = -0.29579470595, x within 3e-4 of this).
    private static readonly double[] CheatX = [0.20574174176169854, 0.1648102492332717, 0.3442582582383017, 0.2851897507667281];
    private const double CheatFun = -0.2957950961064558;

    private static Tensor Cheat(Tensor x)
    {
        Tensor f = -R[0] * S(x, 0);
        for (int i = 1; i < 4; i++)
        {
            f = f - (R[i] * S(x, i));
        }

        for (int i = 0; i < 4; i++)
        {
            for (int j = 0; j < 4; j++)
            {
                if (Q[i, j] != 0)
                {
                    f = f + (Q[i, j] * S(x, i) * S(x, j));
                }
            }
        }

        return f;
    }

    private static readonly Constraint[] CheatConstraints =
    [
        Constraint.Equality(x => x.Sum() - 1, "budget"),
        Constraint.Inequality(x => 0.45 - S(x, 1) - S(x, 3), "cap"),
    ];

    private static void AssertCheatSolution(MinimizeResult r, double tol = 1e-6)
    {
        Assert.True(r.Success, r.Message);
        Assert.Equal(CheatFun, r.Fun, 9);
        for (int i = 0; i < 4; i++)
        {
            Assert.True(Math.Abs(r.X[i] - CheatX[i]) <= tol, $"x[{i}] = {r.X[i]:R}");
        }
    }

    [Fact]
    public void Slsqp_CheatSheet_Autodiff_MatchesScipy()
    {
        var r = Minimizer.Minimize(Cheat, [0.25, 0.25, 0.25, 0.25], new SlsqpOptions(), Bounds.All(0, null), constraints: CheatConstraints);
        Report("cheat autodiff", r);
        AssertCheatSolution(r);
        // Multipliers in the library convention: budget (equality) and cap (upper bound of -x₁ - x₃... as c ≥ 0, lower side active: λ ≤ 0).
        Assert.True(r.Optimality <= 1e-6, r.Message);
        Assert.True(r.Constraints![1].Multipliers![0] <= 0);
        Assert.True(r.Nit <= 10);
    }

    [Fact]
    public void Slsqp_CheatSheet_UserJacobians_GiveTheSameAnswer()
    {
        var objective = Objective.Create(Cheat) with
        {
            Gradient = x =>
            {
                var g = new double[4];
                for (int i = 0; i < 4; i++)
                {
                    g[i] = -R[i];
                    for (int j = 0; j < 4; j++)
                    {
                        g[i] += (Q[i, j] + Q[j, i]) * x[j];
                    }
                }

                return g;
            },
        };
        var constraints = new Constraint[]
        {
            new NonlinearConstraint(x => x.Sum() - 1, 0.0, 0.0) { Name = "budget", Jacobian = _ => new double[,] { { 1, 1, 1, 1 } } },
            new NonlinearConstraint(x => 0.45 - S(x, 1) - S(x, 3), 0.0, double.PositiveInfinity) { Name = "cap", Jacobian = _ => new double[,] { { 0, -1, 0, -1 } } },
        };
        var user = Minimizer.Minimize(objective, Tensor.FromArray([0.25, 0.25, 0.25, 0.25]), new SlsqpOptions(), Bounds.All(0, null), constraints: constraints);
        Report("cheat user", user);
        AssertCheatSolution(user);
        var auto = Minimizer.Minimize(Cheat, [0.25, 0.25, 0.25, 0.25], new SlsqpOptions(), Bounds.All(0, null), constraints: CheatConstraints);
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(auto.X[i], user.X[i], 10);
        }

        Assert.Equal(auto.Nit, user.Nit);
    }

    [Fact]
    public void Slsqp_CheatSheet_LinearConstraints_GiveTheSameAnswer()
    {
        var constraints = new Constraint[]
        {
            new LinearConstraint(new double[,] { { 1, 1, 1, 1 } }, 1.0, 1.0) { Name = "budget" },
            new LinearConstraint(new double[,] { { 0, 1, 0, 1 } }, double.NegativeInfinity, 0.45) { Name = "cap" },
        };
        var r = Minimizer.Minimize(Cheat, [0.25, 0.25, 0.25, 0.25], new SlsqpOptions(), Bounds.All(0, null), constraints: constraints);
        Report("cheat linear", r);
        AssertCheatSolution(r);
        Assert.True(r.Constraints![1].Multipliers![0] >= 0, "upper side active: λ ≥ 0");
    }

    [Fact]
    public void Slsqp_InfeasibleStart_ReachesTheSolution()
    {
        var r = Minimizer.Minimize(Cheat, [2.0, 0.0, 3.0, 1.0], new SlsqpOptions(), Bounds.All(0, null), constraints: CheatConstraints);
        Report("cheat infeasible x0", r);
        AssertCheatSolution(r);
    }

    [Fact]
    public void Slsqp_DependentEqualityRows_DoNotCrashAndReachTheSolution()
    {
        // The budget stated three times, once scaled: the constraint Jacobian has rank 2 of 4 rows.
        var constraints = new Constraint[]
        {
            Constraint.Equality(x => x.Sum() - 1, "budget"),
            Constraint.Equality(x => x.Sum() - 1, "budget again"),
            Constraint.Equality(x => (2 * x.Sum()) - 2, "budget doubled"),
            Constraint.Inequality(x => 0.45 - S(x, 1) - S(x, 3), "cap"),
        };
        var r = Minimizer.Minimize(Cheat, [0.25, 0.25, 0.25, 0.25], new SlsqpOptions(), Bounds.All(0, null), constraints: constraints);
        Report("dependent rows", r);
        AssertCheatSolution(r);
    }

    [Fact]
    public void Slsqp_MoreEqualitiesThanVariables_Consistent_IsSolved()
    {
        // x₀ = 1, x₁ = 2, x₀ + x₁ = 3: three rows in two variables (Kraft's code stops with mode 2 here).
        var constraints = new Constraint[]
        {
            Constraint.Equality(x => S(x, 0) - 1, "a"),
            Constraint.Equality(x => S(x, 1) - 2, "b"),
            Constraint.Equality(x => S(x, 0) + S(x, 1) - 3, "sum"),
        };
        var r = Minimizer.Minimize(x => x.Square().Sum(), [0.0, 0.0], new SlsqpOptions(), constraints: constraints);
        Report("overdetermined", r);
        Assert.True(r.Success, r.Message);
        Assert.Equal(1, r.X[0], 9);
        Assert.Equal(2, r.X[1], 9);
    }

    [Fact]
    public void Slsqp_InfeasibleProblem_IsInfeasibleNamingAConstraint()
    {
        var constraints = new Constraint[]
        {
            Constraint.Inequality(x => S(x, 0) - 1, "at least one"),
            Constraint.Inequality(x => -S(x, 0), "at most zero"),
        };
        var r = Minimizer.Minimize(x => x.Square().Sum(), [0.5], new SlsqpOptions(), constraints: constraints);
        Report("infeasible", r);
        Assert.False(r.Success);
        Assert.Equal(TerminationReason.Infeasible, r.Status);
        Assert.True(r.Message.Contains("'at least one'", StringComparison.Ordinal) || r.Message.Contains("'at most zero'", StringComparison.Ordinal), r.Message);
        Assert.True(r.MaxConstraintViolation >= 0.5 - 1e-9);
    }

    [Fact]
    public void Slsqp_InfeasibleAgainstBounds_IsInfeasible()
    {
        // Σx = 5 with 0 ≤ x ≤ 1 in two variables.
        var r = Minimizer.Minimize(x => x.Square().Sum(), [0.5, 0.5], new SlsqpOptions(), Bounds.All(0, 1),
            constraints: [Constraint.Equality(x => x.Sum() - 5, "total")]);
        Report("infeasible bounds", r);
        Assert.False(r.Success);
        Assert.Equal(TerminationReason.Infeasible, r.Status);
        Assert.Contains("'total'", r.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Slsqp_NaNConstraint_StopsNamingTheConstraint()
    {
        var constraints = new Constraint[]
        {
            Constraint.Equality(x => x.Sum() - 1, "budget"),
            Constraint.Inequality(x => Tensor.Sqrt(S(x, 0) - 5), "broken"),
        };
        var r = Minimizer.Minimize(x => x.Square().Sum(), [0.5, 0.5], new SlsqpOptions(), constraints: constraints);
        Report("NaN constraint", r);
        Assert.False(r.Success);
        Assert.Equal(TerminationReason.NonFiniteValue, r.Status);
        Assert.Contains("'broken'", r.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Slsqp_NaNConstraintAwayFromTheStart_IsAvoidedOrReported()
    {
        // log(x₀) is NaN for x₀ < 0; the full step from x0 goes there, the line search must back off or stop honestly.
        var constraints = new Constraint[] { Constraint.Inequality(x => Tensor.Log(S(x, 0)) + 10, "log") };
        var r = Minimizer.Minimize(x => (x - 3).Square().Sum() + (10 * S(x, 0)), [0.1, 0.0], new SlsqpOptions(), constraints: constraints);
        Report("NaN later", r);
        Assert.True(double.IsFinite(r.Fun));
        Assert.True(r.Success || r.Status != TerminationReason.GradientTolerance, r.Message);
        Assert.True(!r.Success || r.MaxConstraintViolation <= 1e-6);
    }

    [Fact]
    public void Slsqp_BoundsHoldAtEveryEvaluatedPoint()
    {
        var seen = new List<double[]>();
        var objective = Objective.Create(x => Cheat(x)) with
        {
            Gradient = x =>
            {
                seen.Add((double[])x.Clone());
                var g = new double[4];
                for (int i = 0; i < 4; i++)
                {
                    g[i] = -R[i];
                    for (int j = 0; j < 4; j++)
                    {
                        g[i] += (Q[i, j] + Q[j, i]) * x[j];
                    }
                }

                return g;
            },
        };
        var constraints = new Constraint[]
        {
            new NonlinearConstraint(x => x.Sum() - 1, 0.0, 0.0) { Name = "budget", Jacobian = x => { seen.Add((double[])x.Clone()); return new double[,] { { 1, 1, 1, 1 } }; } },
            new NonlinearConstraint(x => 0.45 - S(x, 1) - S(x, 3), 0.0, double.PositiveInfinity) { Name = "cap", Jacobian = _ => new double[,] { { 0, -1, 0, -1 } } },
        };
        var iterates = new List<double[]>();
        var control = new MinimizeControl { Callback = info => { iterates.Add(info.X); return CallbackResult.Continue; } };
        var r = Minimizer.Minimize(objective, Tensor.FromArray([3.0, 0.0, 0.0, 0.0]), new SlsqpOptions(), Bounds.All(0, 0.3), control, constraints);
        Report("bounds", r);
        Assert.NotEmpty(iterates);
        Assert.All(seen.Concat(iterates), x => Assert.All(x, v => Assert.InRange(v, 0, 0.3)));
    }

    [Fact]
    public void Slsqp_BoundsOnly_MatchesTheBoxMinimizer()
    {
        // Rosenbrock with 0 ≤ x ≤ 0.5 (x₁ ≤ 0.5 active): the minimizer is x = (0.5, 0.25).
        static Tensor Rosen(Tensor x) => (100 * (S(x, 1) - S(x, 0).Square()).Square()) + (1 - S(x, 0)).Square();
        var r = Minimizer.Minimize(Rosen, [0.0, 0.0], new SlsqpOptions(), Bounds.All(0, 0.5));
        Report("rosenbrock box", r);
        Assert.True(r.Success, r.Message);
        Assert.Equal(0.5, r.X[0], 6);
        Assert.Equal(0.25, r.X[1], 6);
        // Without general constraints the driver reports no bound multipliers; the gradient shows the active upper bound.
        Assert.Equal(-1, r.Gradient![0], 5);
    }

    [Fact]
    public void Slsqp_IterationLimit_IsReportedByTheDriver()
    {
        var p = Problems.Single(q => q.Name == "HS6");
        var r = Minimizer.Minimize(p.F, p.X0, new SlsqpOptions { MaxIterations = 2 }, p.Bounds, constraints: p.Constraints);
        Assert.False(r.Success);
        Assert.Equal(TerminationReason.MaxIterations, r.Status);
        Assert.Equal(2, r.Nit);
    }

    [Fact]
    public void Slsqp_Registry_DescribesCapabilities()
    {
        var d = MethodRegistry.Find("SLSQP");
        Assert.True(d.Capabilities.UsesGradient && d.Capabilities.SupportsBounds && d.Capabilities.SupportsEquality && d.Capabilities.SupportsInequality);
        Assert.IsType<SlsqpOptions>(d.DefaultOptions());
        var settings = new SlsqpOptions().Resolve(3, DType.Float64);
        Assert.Equal(100, settings.MaxIterations);
        Assert.Equal(1e-6, settings.FunctionTolerance);
        Assert.Equal(1e-8, new SlsqpOptions { Tolerance = 1e-8 }.Resolve(3, DType.Float64).FunctionTolerance);
    }

    [Fact]
    public void Slsqp_IncompatibleLinearizationAtStart_IsRelaxedAndConverges()
    {
        // x² = 1 linearized at x = 0 reads 0·d = 1: incompatible. The relaxed subproblem moves on the objective alone,
        // and from x = 0.5 the linearization is compatible; the solution is x = 1 (f = 0.25).
        var r = Minimizer.Minimize(x => (x - 0.5).Square().Sum(), [0.0], new SlsqpOptions(),
            constraints: [Constraint.Equality(x => x.Square().Sum() - 1, "circle")]);
        Report("relaxed start", r);
        Assert.True(r.Success, r.Message);
        Assert.Equal(1, r.X[0], 7);
    }

    [Fact]
    public void Slsqp_Float32_CheatSheet_EndsHonestly()
    {
        var r = Minimizer.Minimize(Cheat, Tensor.FromArray([0.25, 0.25, 0.25, 0.25]).To(DType.Float32), new SlsqpOptions(), Bounds.All(0, null),
            constraints: CheatConstraints);
        Report("cheat float32", r);
        Assert.True(Math.Abs(r.Fun - CheatFun) <= 1e-5, r.Message);
        Assert.True(!r.Success || r.MaxConstraintViolation <= 1e-6);
    }

    [Fact]
    public void Slsqp_DocumentationExample_Runs()
    {
        // docs/methods/slsqp.md; scipy (ftol 1e-14): x = (2/3, 4/3), f = 1/9 + 49/36.
        var r = Minimizer.Minimize(x => (x - Tensor.FromArray([1.0, 2.5])).Square().Sum(), [2.0, 0.0], new SlsqpOptions(),
            Bounds.All(0, null),
            constraints: [Constraint.Equality(x => x.Sum() - 2, "budget"),
                          Constraint.Inequality(x => x[0] - (2 * x[1]) + 2, "ratio")]);
        Report("docs example", r);
        Assert.True(r.Success, r.Message);
        Assert.Equal(2.0 / 3, r.X[0], 7);
        Assert.Equal(4.0 / 3, r.X[1], 7);
        Assert.True(r.Constraints![1].Multipliers![0] < 0, "active lower side (≥ 0): λ ≤ 0");
    }
}
