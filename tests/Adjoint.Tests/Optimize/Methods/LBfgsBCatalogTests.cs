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
        ["PowellBadlyScaled(2)"] = new(TerminationReason.NoProgress, 0.0005950731840699911, "ftol stop at f = 0.135 after 2 iterations (scipy identical, reported as success); the check's polish lowers f to 6.0e-4 but cannot verify it: NoProgress"),
        ["Meyer(3)"] = new(TerminationReason.NoProgress, 99261.05927187417, "ftol stop at f = 1.1e5 (scipy identical); the check's polish lowers f to 9.9e4 but cannot verify it: NoProgress"),
    };

    [Theory]
    [MemberData(nameof(TestProblemTests.Problems), MemberType = typeof(TestProblemTests))]
    public void LBfgsB_MghProblem_ReachesKnownMinimum(string problem) =>
        CatalogRunner.Run(new Adjoint.Optimize.Methods.LBfgsB.LBfgsBOptions(), problem, KnownExceptions);
}
