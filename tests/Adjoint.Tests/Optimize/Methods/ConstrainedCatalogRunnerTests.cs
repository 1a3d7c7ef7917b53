using Adjoint.Optimize;
using Adjoint.Optimize.Methods.LBfgsB;
using Adjoint.Tensors;
using Adjoint.Tests.Optimize.Constraints;
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

    public static TheoryData<string> All()
    {
        var d = new TheoryData<string>();
        foreach (var p in HockSchittkowski.All)
        {
            d.Add(p.Name);
        }

        return d;
    }

    [Theory]
    [MemberData(nameof(All))]
    public void LibraryConstraintSet_AgreesWithTheCatalogRows(string name)
    {
        var p = HockSchittkowski.Get(name);
        if (p.Constraints.Count == 0)
        {
            return;
        }

        bool ran = false;
        var probe = new Teleport(new TeleportOptions
        {
            Probe = problem =>
            {
                var set = problem.Constraints!;
                foreach (var x in new[] { p.X0, p.KnownSolution! })
                {
                    var (mine, lower, upper) = p.ConstraintRows(x);
                    Assert.Equal(mine.Length, set.Count);
                    var values = new double[set.Count];
                    var jacobian = new double[set.Count * p.Dimension];
                    set.EvaluateWithJacobian(x, values, jacobian);
                    for (int i = 0; i < mine.Length; i++)
                    {
                        Assert.True(Math.Abs(values[i] - mine[i]) <= 1e-12 * Math.Max(1, Math.Abs(mine[i])), $"{name} row {set.RowName(i)}: {values[i]} vs {mine[i]}");
                        Assert.Equal(lower[i], set.Lower[i]);
                        Assert.Equal(upper[i], set.Upper[i]);
                    }

                    // The library's Jacobian against central differences of the catalog's own rows.
                    for (int j = 0; j < p.Dimension; j++)
                    {
                        double h = 1e-6 * Math.Max(1, Math.Abs(x[j]));
                        var xp = (double[])x.Clone();
                        var xm = (double[])x.Clone();
                        xp[j] += h;
                        xm[j] -= h;
                        var cp = p.ConstraintRows(xp).Values;
                        var cm = p.ConstraintRows(xm).Values;
                        for (int i = 0; i < mine.Length; i++)
                        {
                            double fd = (cp[i] - cm[i]) / (2 * h);
                            double scale = Math.Max(1, Math.Abs(mine[i]) / Math.Max(1, Math.Abs(x[j])));
                            Assert.True(Math.Abs(jacobian[(i * p.Dimension) + j] - fd) <= 1e-5 * Math.Max(scale, Math.Abs(fd)),
                                $"{name} dc[{set.RowName(i)}]/dx[{j}] = {jacobian[(i * p.Dimension) + j]}, differences {fd}");
                        }
                    }

                    double rows = 0;
                    for (int i = 0; i < mine.Length; i++)
                    {
                        rows = Math.Max(rows, Math.Max(lower[i] - mine[i], mine[i] - upper[i]));
                    }

                    Assert.True(Math.Abs(set.Violation(values) - rows) <= 1e-12 * Math.Max(1, rows), $"{name}: violation {set.Violation(values)} vs {rows}");
                }

                ran = true;
            },
        });
        Minimizer.Minimize(probe, p.Function, Tensor.FromArray(p.X0), p.Bounds(), constraints: p.Constraints);
        Assert.True(ran);
    }

    /// <summary>A method that jumps to x* and claims convergence: the runner accepts it on every problem.</summary>
    [Theory]
    [MemberData(nameof(All))]
    public void Run_AcceptsAJumpToTheKnownSolution(string name)
    {
        var p = HockSchittkowski.Get(name);
        var r = ConstrainedCatalogRunner.Run(new Teleport(new TeleportOptions { Target = p.KnownSolution }), name, new Dictionary<string, ExpectedEnd>());
        Assert.True(p.Reached(r.Fun));
    }

    public static TheoryData<string> WithConstraints()
    {
        var d = new TheoryData<string>();
        foreach (var p in HockSchittkowski.All.Where(p => p.Constraints.Count > 0))
        {
            d.Add(p.Name);
        }

        return d;
    }

    /// <summary>A method that stays at x0 and claims convergence: no problem starts at a solution, so the driver's
    /// constrained final check must not report success, and the runner's honesty check would fail the run if it did.</summary>
    /// <remarks>Bounds-only problems are left out: there the unconstrained final check restarts the method from better
    /// points, so a method that claims convergence wherever it stands is moved (to f* on HS3 and HS4).</remarks>
    [Theory]
    [MemberData(nameof(WithConstraints))]
    public void ClaimAtTheStart_IsNeverASuccess(string name)
    {
        var p = HockSchittkowski.Get(name);
        Assert.False(p.Reached(p.Function(Tensor.FromArray(p.X0)).Item(), allowOther: true) && p.MaxViolation(p.X0) <= 1e-6, $"{name} starts at a solution");
        var stay = new Teleport(new TeleportOptions());
        var r = Minimizer.Minimize(stay, p.Function, Tensor.FromArray(p.X0), p.Bounds(), constraints: p.Constraints.Count == 0 ? null : p.Constraints);
        var pinned = new Dictionary<string, ExpectedEnd> { [name] = new(r.Status, r.Fun, "stays at x0") };
        ConstrainedCatalogRunner.Check(p, r, 1e-6, pinned);
        Assert.False(r.Success, $"{name}: success at x0 ({r.Status}: {r.Message})");
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
