using Adjoint.Optimize;
using Adjoint.Optimize.Methods.LBfgsB;
using Adjoint.Tensors;
using Adjoint.TestProblems;

namespace Adjoint.Tests.Optimize.Methods;

/// <summary>The constrained catalog runner itself: problem selection by capabilities, a real run on the bounds-only
/// problems with L-BFGS-B, and its refusals (success at a non-solution, a stale or wrong exception).</summary>
public class ConstrainedCatalogRunnerTests
{
    private static readonly IReadOnlyDictionary<string, ExpectedEnd> LBfgsBExceptions = new Dictionary<string, ExpectedEnd>
    {
        ["HS002"] = new(TerminationReason.GradientTolerance, 4.941229317989185, "ends at the local minimum HS prints, f = 4.9412 (scipy SLSQP and trust-constr do the same)"),
    };

    public static TheoryData<string> BoundsOnly() => ConstrainedCatalogRunner.ProblemsFor("L-BFGS-B");

    [Fact]
    public void ProblemsFor_ChoosesByCapabilities()
    {
        var boundsOnly = HockSchittkowski.All.Where(p => p.Tags.Contains("BoundsOnly")).Select(p => p.Name).ToList();
        var lbfgsb = MethodRegistry.Find("L-BFGS-B").Capabilities;
        Assert.Equal(boundsOnly, HockSchittkowski.All.Where(p => ConstrainedCatalogRunner.Supports(lbfgsb, p)).Select(p => p.Name).ToList());
        Assert.Equal(boundsOnly.Count, BoundsOnly().Count);
        Assert.Empty(ConstrainedCatalogRunner.ProblemsFor("BFGS"));
        var all = new MethodCapabilities(true, SupportsBounds: true, SupportsEquality: true, SupportsInequality: true);
        Assert.All(HockSchittkowski.All, p => Assert.True(ConstrainedCatalogRunner.Supports(all, p)));
        var noBounds = all with { SupportsBounds = false };
        Assert.Contains(HockSchittkowski.All, p => !ConstrainedCatalogRunner.Supports(noBounds, p));
        Assert.Contains(HockSchittkowski.All, p => ConstrainedCatalogRunner.Supports(noBounds, p) && p.HasEqualities);
    }

    [Theory]
    [MemberData(nameof(BoundsOnly))]
    public void LBfgsB_BoundsOnlyProblem_ReachesKnownMinimum(string problem)
    {
        var r = ConstrainedCatalogRunner.Run(new LBfgsBOptions(), problem, LBfgsBExceptions);
        Assert.True(r.X.Length > 0);
    }

    [Fact]
    public void Check_RefusesSuccessAtANonSolution()
    {
        var p = HockSchittkowski.Get("HS071");
        var none = new Dictionary<string, ExpectedEnd>();

        // Feasible, but f is 1 above f*: a false success, whatever the exception list says.
        var x = (double[])p.KnownSolution!.Clone();
        var atSolution = Result(p, x, TerminationReason.GradientTolerance, 0);
        ConstrainedCatalogRunner.Check(p, atSolution, 1e-6, none);
        var feasibleNotOptimal = Result(p, [1, 5, 5, 1], TerminationReason.GradientTolerance, p.MaxViolation([1, 5, 5, 1]));
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => ConstrainedCatalogRunner.Check(p, feasibleNotOptimal, 1e-6, none));
        var listed = new Dictionary<string, ExpectedEnd> { ["HS071"] = new(TerminationReason.GradientTolerance, feasibleNotOptimal.Fun, "a pinned success") };
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => ConstrainedCatalogRunner.Check(p, feasibleNotOptimal, 1e-6, listed));

        // At f* but infeasible: x scaled off the sphere sum x^2 = 40.
        var off = x.Select(v => v * 1.001).ToArray();
        var infeasible = Result(p, off, TerminationReason.GradientTolerance, p.MaxViolation(off));
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => ConstrainedCatalogRunner.Check(p, infeasible, 1e-6, none));

        // A reported violation that disagrees with the recomputed one.
        var misreported = atSolution with { MaxConstraintViolation = 1e-3 };
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => ConstrainedCatalogRunner.Check(p, misreported, 1e-6, none));
    }

    [Fact]
    public void Check_FailsStaleAndWrongExceptions()
    {
        var p = HockSchittkowski.Get("HS071");
        var solved = Result(p, p.KnownSolution!, TerminationReason.GradientTolerance, 0);
        var stale = new Dictionary<string, ExpectedEnd> { ["HS071"] = new(TerminationReason.GradientTolerance, p.KnownMinimum, "stale") };
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => ConstrainedCatalogRunner.Check(p, solved, 1e-6, stale));

        double[] x0 = [1, 5, 5, 1];
        var stopped = Result(p, x0, TerminationReason.MaxIterations, p.MaxViolation(x0));
        var pinned = new Dictionary<string, ExpectedEnd> { ["HS071"] = new(TerminationReason.MaxIterations, stopped.Fun, "pinned") };
        ConstrainedCatalogRunner.Check(p, stopped, 1e-6, pinned);
        var elsewhere = new Dictionary<string, ExpectedEnd> { ["HS071"] = new(TerminationReason.MaxIterations, stopped.Fun + 1, "pinned elsewhere") };
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => ConstrainedCatalogRunner.Check(p, stopped, 1e-6, elsewhere));
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => ConstrainedCatalogRunner.Check(p, stopped, 1e-6, new Dictionary<string, ExpectedEnd>()));
    }

    private static MinimizeResult Result(ConstrainedTestProblem p, double[] x, TerminationReason status, double violation) => new()
    {
        Method = "test",
        X = x,
        Variables = new Adjoint.Autodiff.Variables { ["x"] = Tensor.FromArray(x) },
        Fun = p.Function(Tensor.FromArray(x)).Item(),
        Status = status,
        Message = status.Describe(),
        MaxConstraintViolation = violation,
    };
}
