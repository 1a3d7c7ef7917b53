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
    };

    [Theory]
    [MemberData(nameof(TestProblemTests.Problems), MemberType = typeof(TestProblemTests))]
    public void Bfgs_MghProblem_ReachesKnownMinimum(string problem) =>
        CatalogRunner.Run(new BfgsOptions(), problem, KnownExceptions);
}
