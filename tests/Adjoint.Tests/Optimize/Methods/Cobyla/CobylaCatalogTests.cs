using Adjoint.Optimize;
using Adjoint.Optimize.Methods.Cobyla;
using Adjoint.TestProblems;

namespace Adjoint.Tests.Optimize.Methods.Cobyla;

/// <summary>
/// COBYLA over the Hock-Schittkowski catalog from the standard starts, with ρ_end = 1e-8 (the catalog asks for f* to 1e-6
/// relative, finer than the default ρ_end = 1e-4 gives) and scipy's other defaults (ρ_beg = 1, 1000 evaluations, catol 2e-4).
/// scipy 1.10's COBYLA (bench/peers/hs_scipy.txt, default tol) misses the same problems.
/// </summary>
public class CobylaCatalogTests
{
    private static readonly CobylaOptions Options = new() { Tolerance = 1e-8, ConstraintTolerance = 2e-4 };

    /// <summary>Problems where COBYLA does not reach f* from the standard start: where the run ends (status, f) and why.</summary>
    public static readonly IReadOnlyDictionary<string, ExpectedEnd> KnownExceptions = new Dictionary<string, ExpectedEnd>
    {
        ["HS001"] = new(TerminationReason.MaxEvaluations, 0.37455854140611017, "Rosenbrock's valley with a bound: linear models crawl (scipy ends at f = 2.11 after 1000)"),
        ["HS002"] = new(TerminationReason.SimplexConverged, 4.941229317989193, "the documented local minimum f = 4.9412 (scipy the same)"),
        ["HS025"] = new(TerminationReason.MaxEvaluations, 1.5608400299918817, "flat exponential fit: 1000 evaluations are not enough (scipy ends at f = 2.08)"),
        ["HS038"] = new(TerminationReason.MaxEvaluations, 3.2413243811152452, "Wood's function with bounds: 1000 evaluations are not enough (scipy needs 357 to stop at f = 7.87)"),
        ["HS046"] = new(TerminationReason.MaxEvaluations, 7.369611344368748E-06, "degenerate minimum (quartic terms): f falls slowly; scipy stops at 7.2e-6"),
        ["HS049"] = new(TerminationReason.MaxEvaluations, 3.4229018260118725E-05, "degenerate minimum (sixth-power terms): f falls slowly; scipy stops at 2.9e-3"),
        ["HS057"] = new(TerminationReason.MaxEvaluations, 0.030646306199450222, "flat least-squares fit: the models stall near f = 0.0306 (scipy stops at 0.030647)"),
        ["HS106"] = new(TerminationReason.MaxEvaluations, 13332.177539409426, "badly scaled (x up to 1e4 against rhobeg = 1): 1000 evaluations are not enough (scipy ends at 13299, infeasible)"),
    };

    /// <summary>Problems pinned apart: the run claims its own test at a point the catalog does not list (see the facts below).</summary>
    private static readonly HashSet<string> Pinned = ["HS013", "HS061"];

    public static TheoryData<string> Problems()
    {
        var d = new TheoryData<string>();
        foreach (var name in ConstrainedCatalogRunner.ProblemsFor("COBYLA"))
        {
            if (!Pinned.Contains(name))
            {
                d.Add(name);
            }
        }

        return d;
    }

    [Theory]
    [MemberData(nameof(Problems))]
    public void Cobyla_HsProblem_ReachesKnownMinimum(string problem) =>
        ConstrainedCatalogRunner.Run(Options, problem, KnownExceptions);

    [Fact]
    public void Cobyla_Hs013_EndsAtTheCuspBelowFStar()
    {
        // HS13's minimizer (1, 0) is a cusp where the constraint qualification fails. COBYLA ends at x1 = 1 + 1.7e-5, where
        // the cubic constraint is violated by only 5e-15 and f = 0.99997 < f* = 1; the driver's least-squares KKT test
        // accepts it (with very large multipliers).
        var p = HockSchittkowski.Get("HS013");
        var r = Minimizer.Minimize(p.Function, p.X0, Options, p.Bounds(), constraints: p.Constraints);
        Assert.Equal(TerminationReason.SimplexConverged, r.Status);
        Assert.Equal(0.9999659476677287, r.Fun, 6);
        Assert.True(p.MaxViolation(r.X) <= 1e-12);
    }

    [Fact]
    public void Cobyla_Hs061_EndsAtAnotherStationaryPoint()
    {
        // From the standard start COBYLA (and scipy's) ends at f = -81.9191 on the curve the two equalities cut out, not
        // at f* = -143.646; the derivative-free KKT test accepts the point.
        var p = HockSchittkowski.Get("HS061");
        var r = Minimizer.Minimize(p.Function, p.X0, Options, p.Bounds(), constraints: p.Constraints);
        Assert.Equal(TerminationReason.SimplexConverged, r.Status);
        Assert.Equal(-81.91909596852378, r.Fun, 5);
        Assert.True(p.MaxViolation(r.X) <= 1e-10);
    }
}
