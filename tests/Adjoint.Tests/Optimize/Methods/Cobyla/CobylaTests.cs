using Adjoint.Optimize;
using Adjoint.Optimize.Constraints;
using Adjoint.Optimize.Methods.Cobyla;
using Adjoint.Tensors;
using Xunit.Abstractions;

namespace Adjoint.Tests.Optimize.Methods.Cobyla;

/// <summary>COBYLA through <see cref="Minimizer.Minimize(Objective, Tensor, MinimizeOptions?, Bounds?, MinimizeControl?, IReadOnlyList{Constraint}?)"/>.</summary>
public class CobylaTests(ITestOutputHelper output)
{
    private static readonly double Inf = double.PositiveInfinity;

    private static Tensor Sq(Tensor t) => t * t;

    private static MinimizeResult Run(Func<Tensor, Tensor> f, double[] x0, IReadOnlyList<Constraint>? constraints = null, Bounds? bounds = null,
        CobylaOptions? options = null, MinimizeControl? control = null) =>
        Minimizer.Minimize(Objective.Create(f), Tensor.FromArray(x0), options ?? new CobylaOptions(), bounds, control, constraints);

    private void Expect(MinimizeResult r, double fStar, int scipyNfev, int extraEvaluations = 0)
    {
        output.WriteLine($"{r.Status} f={r.Fun:R} maxcv={r.MaxConstraintViolation:E2} nfev={r.Nfev} (scipy {scipyNfev}) nit={r.Nit} x=[{string.Join(", ", r.X)}] {r.Message}");
        Assert.True(r.Success, r.ToString() + " " + r.Message);
        Assert.Equal(TerminationReason.SimplexConverged, r.Status);
        Assert.True(Math.Abs(r.Fun - fStar) <= 1e-3 * Math.Max(1, Math.Abs(fStar)), r.ToString());
        Assert.True(r.MaxConstraintViolation <= 2e-4, r.ToString());
        Assert.True(r.Nfev <= (1.5 * scipyNfev) + 10 + extraEvaluations, r.ToString());
    }

    [Fact]
    public void Cobyla_IsRegisteredDerivativeFreeWithConstraintsAndBounds()
    {
        var d = MethodRegistry.Find("COBYLA");
        Assert.False(d.Capabilities.UsesGradient);
        Assert.True(d.Capabilities.SupportsBounds && d.Capabilities.SupportsEquality && d.Capabilities.SupportsInequality);
        Assert.IsType<CobylaOptions>(d.DefaultOptions());
        var settings = new CobylaOptions().Resolve(3, DType.Float64);
        Assert.Equal(1000, settings.MaxFunctionEvaluations);
        Assert.Equal(2e-4, settings.ConstraintTolerance);
        Assert.Equal(1e-4, new CobylaOptions().ResolvedFinalTrustRadius);
        Assert.Equal(1e-6, new CobylaOptions { Tolerance = 1e-6 }.ResolvedFinalTrustRadius);
    }

    [Fact]
    public void Cobyla_InvalidRadii_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MethodRegistry.Create(new CobylaOptions { InitialTrustRadius = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => MethodRegistry.Create(new CobylaOptions { FinalTrustRadius = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => MethodRegistry.Create(new CobylaOptions { InitialTrustRadius = 0.1, FinalTrustRadius = 0.5 }));
    }

    [Fact]
    public void Cobyla_Unconstrained_ReachesMinimum()
    {
        // Without constraints the unconstrained final check runs; its Newton step from COBYLA's end point lowers f, so the
        // run restarts once from there (a new simplex and a few iterations): allow for those evaluations.
        var r = Run(x => Sq(x[0] - 1) + (2 * Sq(x[1] + 2)) + (0.5 * Sq(x[2] - 3)), [0, 0, 0]);
        Expect(r, 0, 59, extraEvaluations: 40);
        Assert.True(double.IsNaN(r.GradientNorm) || r.GradientNorm < 1e-2);
    }

    private static MinimizeResult RosenbrockInDisk(CobylaOptions? options = null) =>
        Run(x => Sq(1 - x[0]) + (100 * Sq(x[1] - Sq(x[0]))), [0, 0], [Constraint.Inequality(x => 1 - Sq(x[0]) - Sq(x[1]), "disk")], options: options);

    [Fact]
    public void Cobyla_RosenbrockInDisk_TightTolerance_ReachesConstrainedMinimum()
    {
        var r = RosenbrockInDisk(new CobylaOptions { Tolerance = 1e-6 });
        Expect(r, 0.0456748087, 799);
    }

    [Fact]
    public void Cobyla_RosenbrockInDisk_DefaultTolerance_EndsWhereTheFinalCheckJudgesIt()
    {
        // COBYLA's own test holds at rhoend = 1e-4 with f within 3e-7 of f* (closer than scipy's 0.0456782 after 784
        // evaluations). The curved valley (Hessian eigenvalues up to ~700) leaves a KKT residual of 1.19e-2 at that
        // distance, above the derivative-free tolerance 1e-2 alone; the final check allows what a displacement of rhoend
        // explains through the Hessian of the Lagrangian, and the run is a success.
        var r = RosenbrockInDisk();
        output.WriteLine($"{r.Status} f={r.Fun:R} nfev={r.Nfev} {r.Message}");
        Assert.Equal(TerminationReason.SimplexConverged, r.Status);
        Assert.Equal(0.0456748087, r.Fun, 6);
        Assert.True(r.MaxConstraintViolation <= 2e-4);
        Assert.True(r.Optimality > 1e-2, "the residual is above the plain tolerance");
        Assert.True(r.Nfev <= (1.5 * 784) + 10, r.ToString());
    }

    [Fact]
    public void Cobyla_Hs6_Equality()
    {
        var r = Run(x => Sq(1 - x[0]), [-1.2, 1], [Constraint.Equality(x => 10 * (x[1] - Sq(x[0])), "parabola")]);
        Expect(r, 0, 40);
    }

    [Fact]
    public void Cobyla_Hs7_Equality()
    {
        var r = Run(x => (1 + Sq(x[0])).Log() - x[1], [2, 2], [Constraint.Equality(x => Sq(1 + Sq(x[0])) + Sq(x[1]) - 4, "curve")]);
        Expect(r, -Math.Sqrt(3), 54);
    }

    [Fact]
    public void Cobyla_Hs21_BoundsAndInfeasibleStart()
    {
        // x0 = (-1, -1) violates the bound x1 >= 2 and the constraint: it is projected into the box first.
        var r = Run(x => (0.01 * Sq(x[0])) + Sq(x[1]) - 100, [-1, -1],
            [new LinearConstraint(new[] { 10.0, -1.0 }, 10, Inf) { Name = "wedge" }],
            Bounds.Elementwise([2, -50], [50, 50]));
        Expect(r, -99.96, 30);
        Assert.InRange(r.X[0], 2, 50);
    }

    [Fact]
    public void Cobyla_Hs35_LinearConstraintAndLowerBounds()
    {
        var r = Run(x => 9 - (8 * x[0]) - (6 * x[1]) - (4 * x[2]) + (2 * Sq(x[0])) + (2 * Sq(x[1])) + Sq(x[2]) + (2 * x[0] * x[1]) + (2 * x[0] * x[2]),
            [0.5, 0.5, 0.5], [Constraint.Inequality(x => 3 - x[0] - x[1] - (2 * x[2]), "budget")], Bounds.All(0, null));
        Expect(r, 1.0 / 9, 51);
    }

    [Fact]
    public void Cobyla_Hs71_MixedConstraintsAndBox()
    {
        var r = Run(x => (x[0] * x[3] * (x[0] + x[1] + x[2])) + x[2], [1, 5, 5, 1],
            [Constraint.Inequality(x => (x[0] * x[1] * x[2] * x[3]) - 25, "product"), Constraint.Equality(x => Sq(x).Sum() - 40, "sphere")],
            Bounds.All(1, 5));
        Expect(r, 17.0140173, 70);
        Assert.Equal(2, r.Constraints!.Count);
    }

    [Fact]
    public void Cobyla_Hs100_FourInequalities()
    {
        var r = Run(x => Sq(x[0] - 10) + (5 * Sq(x[1] - 12)) + x[2].Pow(4) + (3 * Sq(x[3] - 11)) + (10 * x[4].Pow(6))
                + (7 * Sq(x[5])) + x[6].Pow(4) - (4 * x[5] * x[6]) - (10 * x[5]) - (8 * x[6]),
            [1, 2, 0, 4, 0, 1, 1],
            [
                Constraint.Inequality(x => 127 - (2 * Sq(x[0])) - (3 * x[1].Pow(4)) - x[2] - (4 * Sq(x[3])) - (5 * x[4]), "g1"),
                Constraint.Inequality(x => 282 - (7 * x[0]) - (3 * x[1]) - (10 * Sq(x[2])) - x[3] + x[4], "g2"),
                Constraint.Inequality(x => 196 - (23 * x[0]) - Sq(x[1]) - (6 * Sq(x[5])) + (8 * x[6]), "g3"),
                Constraint.Inequality(x => (-4 * Sq(x[0])) - Sq(x[1]) + (3 * x[0] * x[1]) - (2 * Sq(x[2])) - (5 * x[5]) + (11 * x[6]), "g4"),
            ]);
        Expect(r, 680.6300573, 270);
    }

    [Fact]
    public void Cobyla_TwoSidedRow_HonoursBothSides()
    {
        // 1 <= x0 + x1 <= 2 with the unconstrained minimum at (3, 3): the upper side is active at (1, 1).
        var r = Run(x => Sq(x[0] - 3) + Sq(x[1] - 3), [0, 0], [new NonlinearConstraint(x => x[0] + x[1], 1.0, 2.0) { Name = "band" }]);
        Expect(r, 8, 25);
        Assert.Equal(1, r.X[0], 3);
    }

    [Fact]
    public void Cobyla_InfeasibleProblem_ReportsInfeasibleNamingTheRow()
    {
        // x >= 1 and x <= -1 cannot both hold.
        var r = Run(x => Sq(x).Sum(), [0.0],
            [Constraint.Inequality(x => x[0] - 1, "above"), Constraint.Inequality(x => -1 - x[0], "below")]);
        output.WriteLine($"{r.Status}: {r.Message}");
        Assert.False(r.Success);
        Assert.Equal(TerminationReason.Infeasible, r.Status);
        Assert.True(r.Message.Contains("above", StringComparison.Ordinal) || r.Message.Contains("below", StringComparison.Ordinal), r.Message);
        Assert.True(r.MaxConstraintViolation >= 0.9, r.ToString());
    }

    [Fact]
    public void Cobyla_NaNObjectiveAtTrialPoint_StopsNamingIt()
    {
        // sqrt(x) is NaN for x < 0, where the model leads.
        var r = Run(x => x[0].Sqrt() + x[1], [0.5, 0.5]);
        output.WriteLine($"{r.Status}: {r.Message}");
        Assert.False(r.Success);
        Assert.Equal(TerminationReason.NonFiniteValue, r.Status);
        Assert.Contains("objective", r.Message, StringComparison.Ordinal);
        Assert.True(double.IsFinite(r.Fun));
    }

    [Fact]
    public void Cobyla_NaNConstraint_StopsNamingIt()
    {
        var r = Run(x => x[0] + x[1], [0.5, 0.5], [Constraint.Inequality(x => x[0].Sqrt() + x[1] + 10, "root")]);
        output.WriteLine($"{r.Status}: {r.Message}");
        Assert.False(r.Success);
        Assert.Equal(TerminationReason.NonFiniteValue, r.Status);
        Assert.Contains("root", r.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cobyla_EvaluationBudget_StopsWithMaxEvaluations()
    {
        var r = Run(x => Sq(1 - x[0]) + (100 * Sq(x[1] - Sq(x[0]))), [0, 0],
            [Constraint.Inequality(x => 1 - Sq(x[0]) - Sq(x[1]), "disk")], options: new CobylaOptions { MaxFunctionEvaluations = 25 });
        Assert.Equal(TerminationReason.MaxEvaluations, r.Status);
        Assert.False(r.Success);
        Assert.True(r.Nfev <= 25 + 2, r.ToString());
    }

    [Fact]
    public void Cobyla_Bounds_HoldAtEveryIterate_AndFixedVariableStays()
    {
        var lower = new[] { -1.0, 0.5, 0.3 };
        var upper = new[] { 0.4, 2.0, 0.3 };
        int iterates = 0;
        var control = new MinimizeControl
        {
            Callback = info =>
            {
                iterates++;
                for (int i = 0; i < 3; i++)
                {
                    Assert.InRange(info.X[i], lower[i], upper[i]);
                }

                return CallbackResult.Continue;
            },
        };
        var r = Run(x => Sq(1 - x[0]) + (100 * Sq(x[1] - Sq(x[0]))) + Sq(x[2] - x[1]), [-1.2, 1.0, 0.3], bounds: Bounds.Elementwise(lower, upper), control: control);
        output.WriteLine($"{r.Status} f={r.Fun} nfev={r.Nfev} x=[{string.Join(", ", r.X)}] {r.Message}");
        Assert.True(iterates > 1);
        Assert.Equal(0.3, r.X[2]);
        Assert.InRange(r.X[0], lower[0], upper[0]);
        // The bounded minimum: x0 = 0.4 at its upper bound would give x1 = 0.5 (its lower bound) when x1 is near x0².
        Assert.True(r.Success, r.Message);
    }

    [Fact]
    public void Cobyla_TighterTolerance_GetsCloser()
    {
        var loose = Run(x => Sq(x[0] - 1) + Sq(x[1] + 2), [0, 0], [Constraint.Inequality(x => x[0] + x[1], "half")]);
        var tight = Run(x => Sq(x[0] - 1) + Sq(x[1] + 2), [0, 0], [Constraint.Inequality(x => x[0] + x[1], "half")], options: new CobylaOptions { Tolerance = 1e-8 });
        // Minimum on x0 + x1 = 0 nearest (1, -2): (1.5, -1.5), f = 0.5.
        Assert.True(tight.Success && loose.Success, tight.Message + " / " + loose.Message);
        Assert.True(Math.Abs(tight.X[0] - 1.5) <= Math.Abs(loose.X[0] - 1.5) + 1e-12);
        Assert.Equal(1.5, tight.X[0], 6);
    }

    [Fact]
    public void Cobyla_AllVariablesFixed_EvaluatesOnceAndReports()
    {
        var r = Run(x => Sq(x).Sum(), [5, 5], [Constraint.Inequality(x => x[0] - 1, "floor")], Bounds.All(2, 2));
        Assert.Equal(new[] { 2.0, 2.0 }, r.X);
        Assert.Equal(8, r.Fun);
        Assert.True(r.Success, r.Message);
        Assert.Equal(0, r.Nit);
    }

    [Fact]
    public void Cobyla_NaNAtStart_ReportsTheStartingPoint()
    {
        var r = Run(x => x[0].Sqrt(), [-1.0]);
        Assert.Equal(TerminationReason.NonFiniteValue, r.Status);
        Assert.Contains("starting point", r.Message, StringComparison.Ordinal);
        var c = Run(x => Sq(x).Sum(), [-1.0], [Constraint.Inequality(x => x[0].Sqrt(), "root")]);
        Assert.Equal(TerminationReason.NonFiniteValue, c.Status);
        Assert.Contains("root", c.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cobyla_InfeasibleStart_ReachesFeasibleMinimum()
    {
        // x0 = (3, 3) violates x0 + x1 <= 1; the minimum of |x - (2, 2)|² there is (0.5, 0.5).
        var r = Run(x => Sq(x[0] - 2) + Sq(x[1] - 2), [3, 3], [Constraint.Inequality(x => 1 - x[0] - x[1], "cap")]);
        Expect(r, 4.5, 40);
        Assert.Equal(0.5, r.X[0], 3);
    }

    [Fact]
    public void Cobyla_BoxNarrowerThanRhobeg_StillConverges()
    {
        // The box is 0.05 wide while rhobeg = 1: the simplex can never be as round as Powell's test asks at the larger radii,
        // which must not lead to endless geometry steps. Minimum of |x - (1, 1)|² with x0 + x1 <= 0.08 in [0, 0.05]²: (0.04, 0.04).
        var r = Run(x => Sq(x[0] - 1) + Sq(x[1] - 1), [0.01, 0.02], [new LinearConstraint(new[] { 1.0, 1.0 }, double.NegativeInfinity, 0.08) { Name = "cap" }],
            Bounds.All(0, 0.05));
        output.WriteLine($"{r.Status} f={r.Fun:R} nfev={r.Nfev} x=[{string.Join(", ", r.X)}] {r.Message}");
        Assert.True(r.Success, r.Message);
        Assert.Equal(0.04, r.X[0], 3);
        Assert.Equal(0.04, r.X[1], 3);
        Assert.True(r.Nfev < 200, r.ToString());
        Assert.All(r.X, v => Assert.InRange(v, 0, 0.05));
    }
}
