using Adjoint.Optimize;
using Adjoint.Optimize.Methods;

namespace Adjoint.Tests.Optimize.Methods;

public class ConjugateGradientCatalogTests
{
    /// <summary>Problems where this method does not reach f* from the standard start: where the run ends (status, f) and why.</summary>
    public static readonly IReadOnlyDictionary<string, ExpectedEnd> KnownExceptions = new Dictionary<string, ExpectedEnd>
    {
        ["FreudensteinRoth(2)"] = new(TerminationReason.GradientTolerance, 48.98425367924004, "converges to the documented local minimum f = 48.9842 (scipy does the same)"),
        ["Trigonometric(10)"] = new(TerminationReason.GradientTolerance, 2.7951313275373976e-05, "converges to the local minimum f = 2.79506e-5 (scipy does the same)"),
        ["Watson(9)"] = new(TerminationReason.MaxIterations, 1.2678787096934578e-05, "ill-conditioned: gtol = 1e-5 is met at f ~ 1e-5, above f* = 1.4e-6 (scipy stops at the same point)"),
        ["PowellBadlyScaled(2)"] = new(TerminationReason.NoProgress, 2.390214538616223e-06, "badly scaled: gtol is met at f = 3.6e-6 (scipy stops at the same point)"),
        ["Meyer(3)"] = new(TerminationReason.MaxIterations, 7188.994835081238, "the line searches crawl far from f* (f = 7.2e3 at the iteration limit; scipy's fails at f = 2.5e4 "
            + "after 478)"),
    };

    [Theory]
    [MemberData(nameof(TestProblemTests.Problems), MemberType = typeof(TestProblemTests))]
    public void ConjugateGradient_MghProblem_ReachesKnownMinimum(string problem) =>
        CatalogRunner.Run(new ConjugateGradientOptions(), problem, KnownExceptions);
}
