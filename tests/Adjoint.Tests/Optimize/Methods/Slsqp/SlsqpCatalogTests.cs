using Adjoint.Optimize;
using Adjoint.Optimize.Methods.Slsqp;
using Adjoint.TestProblems;

namespace Adjoint.Tests.Optimize.Methods.Slsqp;

/// <summary>SLSQP over the Hock-Schittkowski catalog from the standard starts with scipy's defaults (maxiter 100, ftol 1e-6).</summary>
public class SlsqpCatalogTests
{
    private static readonly SlsqpOptions Options = new();

    /// <summary>Problems where SLSQP does not reach f* from the standard start: where the run ends (status, f) and why.</summary>
    /// <remarks>scipy 1.10's SLSQP (bench/peers/hs_scipy.txt) ends at the same local minima of HS002, HS016, HS020 and HS047
    /// misses HS025 and HS049 (reached here); both reach HS106 in 46 iterations.</remarks>
    public static readonly IReadOnlyDictionary<string, ExpectedEnd> KnownExceptions = new Dictionary<string, ExpectedEnd>
    {
        ["HS002"] = new(TerminationReason.GradientTolerance, 4.941229318, "the documented local minimum f = 4.9412 (scipy the same)"),
        ["HS016"] = new(TerminationReason.GradientTolerance, 23.14466076, "the documented local minimum f = 23.1447 (scipy the same)"),
        ["HS020"] = new(TerminationReason.GradientTolerance, 40.19872938, "the documented local minimum f = 40.1987 (scipy the same)"),
        ["HS047"] = new(TerminationReason.GradientTolerance, 6.582023224E-10, "the documented local minimum f = 0 (scipy the same)"),
        ["HS013"] = new(TerminationReason.MaxIterations, 0.9999816334503845, "degenerate: no multipliers exist at the cusp x* = (1, 0), so the first-order test cannot pass there; the run approaches f* = 1 from the feasible side and does not claim success (scipy reports success at f = 0.99922, infeasible)"),
    };

    /// <summary>Problems pinned apart: the run succeeds at a point the catalog does not list (see the fact below).</summary>
    private static readonly HashSet<string> Pinned = ["HS057"];

    public static TheoryData<string> Problems()
    {
        var d = new TheoryData<string>();
        foreach (var name in ConstrainedCatalogRunner.ProblemsFor("SLSQP"))
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
    public void Slsqp_HsProblem_ReachesKnownMinimum(string problem) =>
        ConstrainedCatalogRunner.Run(Options, problem, KnownExceptions);

    [Fact]
    public void Slsqp_Hs057_EndsAtTheStationaryPointScipyEndsAt()
    {
        // From the standard start SLSQP (and scipy's, and COBYLA stalling there) ends at f = 0.0306463, not at the catalog's
        // f* = 0.0284597: the first-order test holds there (KKT residual 2.6e-6 with the method's multipliers).
        var p = HockSchittkowski.Get("HS057");
        var r = Minimizer.Minimize(p.Function, p.X0, Options, p.Bounds(), constraints: p.Constraints);
        Assert.Equal(TerminationReason.GradientTolerance, r.Status);
        Assert.Equal(0.030646306028252232, r.Fun, 8);
        Assert.True(p.MaxViolation(r.X) <= 1e-10);
    }
}
