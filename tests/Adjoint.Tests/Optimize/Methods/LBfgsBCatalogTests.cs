using Adjoint.Optimize;
using Adjoint.Optimize.Methods;

namespace Adjoint.Tests.Optimize.Methods;

public class LBfgsBCatalogTests
{
    /// <summary>Problems where this method does not reach f* from the standard start: where the run ends (status, f) and why.</summary>
    public static readonly IReadOnlyDictionary<string, ExpectedEnd> KnownExceptions = new Dictionary<string, ExpectedEnd>
    {
        ["FreudensteinRoth(2)"] = new(TerminationReason.VerifiedMinimum, 48.984253679264, "converges to the documented local minimum f = 48.9842 (scipy does the same)"),
        ["Trigonometric(10)"] = new(TerminationReason.VerifiedMinimum, 2.7950921046977973e-05, "converges to the local minimum f = 2.79506e-5 (scipy does the same)"),
        ["Watson(9)"] = new(TerminationReason.NoProgress, 6.4497796288381246e-06, "ill-conditioned: gtol = 1e-5 is met at f ~ 1e-5, above f* = 1.4e-6 (scipy stops at the same point)"),
        ["PowellBadlyScaled(2)"] = new(TerminationReason.NoProgress, 0.06971595192139288, "ftol stop at f = 0.135 after 2 iterations: NoProgress (scipy identical, reported as success)"),
        ["Meyer(3)"] = new(TerminationReason.NoProgress, 111555.88380454823, "ftol stop at f = 1.1e5 (scipy identical)"),
        ["Wood(4)"] = new(TerminationReason.NoProgress, 7.876954987901345, "ftol stop at f = 7.88 (scipy identical, reported as success)"),
        ["Osborne1(5)"] = new(TerminationReason.NoProgress, 7.37905127386589e-05, "ftol stop at f = 7.7e-5 (scipy identical)"),
        ["PenaltyI(4)"] = new(TerminationReason.NoProgress, 2.3784436340976725e-05, "ftol stop at f = 2.42e-5 near f* = 2.25e-5 (scipy identical)"),
    };

    [Theory]
    [MemberData(nameof(TestProblemTests.Problems), MemberType = typeof(TestProblemTests))]
    public void LBfgsB_MghProblem_ReachesKnownMinimum(string problem) =>
        CatalogRunner.Run(new Adjoint.Optimize.Methods.LBfgsB.LBfgsBOptions(), problem, KnownExceptions);
}
