using Adjoint.Optimize;
using Adjoint.Optimize.Methods;

namespace Adjoint.Tests.Optimize.Methods;

public class BfgsCatalogTests
{
    /// <summary>Problems where this method does not reach f* from the standard start: where the run ends (status, f) and why.</summary>
    public static readonly IReadOnlyDictionary<string, ExpectedEnd> KnownExceptions = new Dictionary<string, ExpectedEnd>
    {
        ["FreudensteinRoth(2)"] = new(TerminationReason.GradientTolerance, 48.98425367924003, "converges to the documented local minimum f = 48.9842 (scipy does the same)"),
        ["Trigonometric(10)"] = new(TerminationReason.GradientTolerance, 2.7950640069222835e-05, "converges to the local minimum f = 2.79506e-5 (scipy does the same)"),
        ["Watson(9)"] = new(TerminationReason.NoProgress, 6.322365085061547e-06, "ill-conditioned: gtol = 1e-5 is met at f ~ 1e-5, above f* = 1.4e-6 (scipy stops at the same point)"),
        ["PenaltyII(4)"] = new(TerminationReason.GradientTolerance, 1.082959123634078e-05, "gtol = 1e-5 is met at f = 1.08e-5 before f* = 9.376e-6 (scipy stops at the same point)"),
    };

    [Theory]
    [MemberData(nameof(TestProblemTests.Problems), MemberType = typeof(TestProblemTests))]
    public void Bfgs_MghProblem_ReachesKnownMinimum(string problem) =>
        CatalogRunner.Run(new BfgsOptions(), problem, KnownExceptions);
}
