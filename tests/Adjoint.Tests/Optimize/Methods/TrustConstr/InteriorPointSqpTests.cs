using Adjoint.Optimize.Methods.TrustConstr;

namespace Adjoint.Tests.Optimize.Methods.TrustConstr;

public class InteriorPointSqpTests
{
    private static readonly InteriorPointSqp.Settings Defaults = new(1, 1, 0.1, 0.1, 1e-8, 1e-8, 1e-8);

    internal static (InteriorPointSqp Sqp, InteriorPointSqp.Verdict Verdict) Run(NonlinearProgram p, double[] x0,
        HessianApproximation kind = HessianApproximation.Exact, int maxTrials = 1000)
    {
        var sqp = new InteriorPointSqp(p, new LagrangianModel(p, kind), Defaults);
        sqp.Start(x0);
        for (int k = 0; k < maxTrials; k++)
        {
            var verdict = sqp.Check();
            if (verdict != InteriorPointSqp.Verdict.Continue)
            {
                return (sqp, verdict);
            }

            sqp.Iterate();
        }

        return (sqp, InteriorPointSqp.Verdict.Continue);
    }

    private static string Describe(TensorProgram p, InteriorPointSqp s, InteriorPointSqp.Verdict v) =>
        $"{p.Name}: {v} after {s.Trials} trials, nfev {p.FunctionEvaluations}, f {s.F:R}, optimality {s.Optimality:E2}, violation {s.Violation:E2}, x [{string.Join(", ", s.X)}]";

    private static void AssertSolved(TensorProgram p, InteriorPointSqp s, InteriorPointSqp.Verdict v, double fTol = 1e-6, double xTol = 1e-4,
        bool allowStepTolerance = false)
    {
        string what = Describe(p, s, v);
        Assert.True(v == InteriorPointSqp.Verdict.Optimal || (allowStepTolerance && v == InteriorPointSqp.Verdict.StepTolerance && s.Optimality < 1e-6), what);
        Assert.True(Math.Abs(s.F - p.FStar) <= fTol * Math.Max(1, Math.Abs(p.FStar)), what);
        Assert.True(s.Violation < 1e-8, what);
        if (p.XStar is { } xs)
        {
            for (int i = 0; i < xs.Length; i++)
            {
                Assert.True(Math.Abs(s.X[i] - xs[i]) < xTol * Math.Max(1, Math.Abs(xs[i])), what);
            }
        }
    }

    [Theory]
    [MemberData(nameof(HockSchittkowskiPrograms.EqualityNames), MemberType = typeof(HockSchittkowskiPrograms))]
    public void EqualitySqp_HockSchittkowski_ReachesTheSolution(string name)
    {
        var p = HockSchittkowskiPrograms.Get(name);
        var (s, v) = Run(p, p.X0);
        // HS46 and HS49 have quartic and sextic terms: f is flat near x*, which gtol locates to about 1e-2 only.
        AssertSolved(p, s, v, xTol: name is "HS46" or "HS49" ? 1e-2 : 1e-4);
        Assert.False(s.InteriorPoint);
        Assert.True(s.Trials < 100, Describe(p, s, v));
    }

    [Theory]
    [MemberData(nameof(HockSchittkowskiPrograms.InequalityNames), MemberType = typeof(HockSchittkowskiPrograms))]
    public void InteriorPoint_HockSchittkowski_ReachesTheSolution(string name)
    {
        var p = HockSchittkowskiPrograms.Get(name);
        var (s, v) = Run(p, p.X0);
        AssertSolved(p, s, v, fTol: 1e-6);
        Assert.True(s.InteriorPoint);
        Assert.True(s.BarrierUpdates > 0);
        Assert.All(s.InequalityMultipliers.ToArray(), m => Assert.True(m > -1e-6, Describe(p, s, v)));
        Assert.True(s.Complementarity < 1e-8, Describe(p, s, v));
    }

    [Theory]
    [InlineData("HS21", 9, -99.959967758434)]
    [InlineData("HS35", 9, 0.111143199580276)]
    [InlineData("HS71", 14, 17.0140335994898)]
    [InlineData("HS100", 17, 680.630075835563)]
    public void InteriorPoint_ScipyStopTest_MatchesScipyEvaluations(string name, int scipyNfev, double scipyF)
    {
        var p = HockSchittkowskiPrograms.Get(name);
        var sqp = new InteriorPointSqp(p, new LagrangianModel(p, HessianApproximation.Exact), Defaults with { RequireComplementarity = false });
        sqp.Start(p.X0);
        for (int k = 0; k < 100 && sqp.Check() == InteriorPointSqp.Verdict.Continue; k++)
        {
            sqp.Iterate();
        }

        Assert.Equal(scipyNfev, p.FunctionEvaluations);
        Assert.Equal(scipyF, sqp.F, 9);
    }

    [Fact]
    public void InteriorPoint_ScipyStopTest_StopsInsideAnEarlyBarrierSubproblem()
    {
        // scipy's test alone (no complementarity) ends HS21 at x₁ = 2.0008 after 8 trial steps, as scipy 1.10 does.
        var p = HockSchittkowskiPrograms.Hs21();
        var sqp = new InteriorPointSqp(p, new LagrangianModel(p, HessianApproximation.Exact), Defaults with { RequireComplementarity = false });
        sqp.Start(p.X0);
        var verdict = InteriorPointSqp.Verdict.Continue;
        for (int k = 0; k < 100 && verdict == InteriorPointSqp.Verdict.Continue; k++)
        {
            verdict = sqp.Check();
            if (verdict == InteriorPointSqp.Verdict.Continue)
            {
                sqp.Iterate();
            }
        }

        Assert.Equal(InteriorPointSqp.Verdict.Optimal, verdict);
        Assert.Equal(8, sqp.Trials);
        Assert.Equal(9, p.FunctionEvaluations);
        Assert.Equal(2.00080588, sqp.X[0], 6);
        Assert.True(sqp.Complementarity > 1e-6);
    }

    [Theory]
    [InlineData("HS6", HessianApproximation.Bfgs)]
    [InlineData("HS7", HessianApproximation.Bfgs)]
    [InlineData("HS48", HessianApproximation.Bfgs)]
    [InlineData("HS50", HessianApproximation.Sr1)]
    [InlineData("HS40", HessianApproximation.Sr1)]
    [InlineData("HS35", HessianApproximation.Bfgs)]
    [InlineData("HS71", HessianApproximation.Bfgs)]
    public void QuasiNewton_HockSchittkowski_ReachesTheSolution(string name, HessianApproximation kind)
    {
        var p = HockSchittkowskiPrograms.Get(name);
        var (s, v) = Run(p, p.X0, kind);
        AssertSolved(p, s, v, fTol: 1e-5, allowStepTolerance: true);
        Assert.Equal(0, p.HessianProducts);
    }

    [Fact]
    public void EqualitySqp_RepeatedConstraintRow_RankDeficientJacobianStillSolves()
    {
        var hs48 = HockSchittkowskiPrograms.Hs48();
        var p = new TensorProgram("HS48 twice", 5, x => (x[0] - 1).Square() + (x[1] - x[2]).Square() + (x[3] - x[4]).Square(),
            [x => x[0] + x[1] + x[2] + x[3] + x[4] - 5, x => x[2] - (2 * (x[3] + x[4])) + 3, x => 2 * (x[0] + x[1] + x[2] + x[3] + x[4] - 5)], [],
            hs48.X0, 0, [1, 1, 1, 1, 1]);
        var (s, v) = Run(p, p.X0);
        AssertSolved(p, s, v);
    }

    [Fact]
    public void EqualitySqp_Multipliers_SatisfyStationarity()
    {
        var p = HockSchittkowskiPrograms.Hs40();
        var (s, _) = Run(p, p.X0);
        var jeq = new double[3, 4];
        p.Jacobians(s.X, jeq, new double[0, 4]);
        for (int j = 0; j < 4; j++)
        {
            double r = s.Gradient[j];
            for (int i = 0; i < 3; i++)
            {
                r += jeq[i, j] * s.EqualityMultipliers[i];
            }

            Assert.True(Math.Abs(r) < 1e-8, $"component {j}: {r}");
        }
    }

    [Fact]
    public void EqualitySqp_Unconstrained_ActsAsTrustRegionNewton()
    {
        var p = new TensorProgram("Rosenbrock", 2, x => (100 * (x[1] - x[0].Square()).Square()) + (1 - x[0]).Square(), [], [], [-1.2, 1], 0, [1, 1]);
        var (s, v) = Run(p, p.X0);
        AssertSolved(p, s, v);
    }

    [Fact]
    public void InteriorPoint_InfeasibleProblem_DoesNotClaimOptimality()
    {
        // x0 ≥ 1 and x0 ≤ -1 cannot both hold.
        var p = new TensorProgram("infeasible", 1, x => x[0].Square(), [], [x => x[0] - 1, x => -1 - x[0]], [0.0], double.NaN);
        var (s, v) = Run(p, p.X0, maxTrials: 400);
        Assert.NotEqual(InteriorPointSqp.Verdict.Optimal, v);
        Assert.True(s.Violation > 0.5, Describe(p, s, v));
    }
}
