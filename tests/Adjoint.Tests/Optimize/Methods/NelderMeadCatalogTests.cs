using Adjoint.Optimize.Methods;

namespace Adjoint.Tests.Optimize.Methods;

public class NelderMeadCatalogTests
{
    /// <summary>Problems where this method does not reach f* from the standard start, with the reason.</summary>
    public static readonly IReadOnlyDictionary<string, string> KnownExceptions = new Dictionary<string, string>
    {
        ["FreudensteinRoth(2)"] = "converges to the documented local minimum f = 48.9842 (scipy does the same)",
        ["BiggsExp6(6)"] = "converges to the documented local minimum f = 5.65565e-3 (scipy does the same)",
        ["Trigonometric(10)"] = "converges to the local minimum f = 2.79506e-5 (scipy does the same)",
        ["Watson(9)"] = "ill-conditioned: gtol = 1e-5 is met at f ~ 1e-5, above f* = 1.4e-6 (scipy stops at the same point)",
        ["Meyer(3)"] = "exhausts maxfev (scipy identical)",
        ["Box3D(3)"] = "simplex collapses at f = 0.0756 (scipy identical)",
        ["PowellSingular(4)"] = "stops at f = 1.4e-6, tolerance is absolute 1e-4 (scipy identical)",
        ["Osborne2(11)"] = "exhausts maxfev = 2200 (scipy identical)",
        ["Watson(6)"] = "simplex stalls at f = 0.0837 (scipy identical)",
        ["ExtendedRosenbrock(10)"] = "exhausts maxfev = 2000 (scipy identical)",
        ["PenaltyI(4)"] = "stops at f = 2.35e-5 (scipy identical)",
        ["VariablyDimensioned(10)"] = "exhausts maxfev = 2000 (scipy identical)",
        ["BrownAlmostLinear(10)"] = "exhausts maxfev = 2000 (scipy identical)",
        ["Chebyquad(8)"] = "stops at f = 3.74e-3 (scipy identical)",
        ["BroydenBanded(10)"] = "rounding-dependent: at x0 four initial vertices have mathematically equal f, and the last "
            + "bit of each value decides their order and so the whole path; scipy with the torch objective ends at "
            + "f = 3.8e-7 (728 iterations), scipy with mathematically identical numpy objectives ends at 1.7e-6 or "
            + "2.06e-6, and with the numpy objective that rounds as Adjoint's does it takes the same path as Adjoint "
            + "(nfev 1069, f = 2.058e-6)",
    };

    [Theory]
    [MemberData(nameof(TestProblemTests.Problems), MemberType = typeof(TestProblemTests))]
    public void NelderMead_MghProblem_ReachesKnownMinimum(string problem) =>
        CatalogRunner.Run(new NelderMeadOptions(), problem, KnownExceptions);
}
