using Adjoint.Optimize;
using Adjoint.Optimize.Methods;

namespace Adjoint.Tests.Optimize.Methods;

public class NelderMeadCatalogTests
{
    /// <summary>Problems where this method does not reach f* from the standard start: where the run ends (status, f) and why.</summary>
    public static readonly IReadOnlyDictionary<string, ExpectedEnd> KnownExceptions = new Dictionary<string, ExpectedEnd>
    {
        ["FreudensteinRoth(2)"] = new(TerminationReason.SimplexConverged, 48.98425367981376, "converges to the documented local minimum f = 48.9842 (scipy does the same)"),
        ["BiggsExp6(6)"] = new(TerminationReason.SimplexConverged, 0.005655649926864157, "converges to the documented local minimum f = 5.65565e-3 (scipy does the same)"),
        ["Trigonometric(10)"] = new(TerminationReason.MaxEvaluations, 3.094520025705871e-05, "converges to the local minimum f = 2.79506e-5 (scipy does the same)"),
        ["Meyer(3)"] = new(TerminationReason.MaxEvaluations, 6409.1192644822495, "exhausts maxfev (scipy identical)"),
        ["Box3D(3)"] = new(TerminationReason.SimplexConverged, 0.07558874075499748, "simplex collapses at f = 0.0756 (scipy identical)"),
        ["Osborne2(11)"] = new(TerminationReason.MaxEvaluations, 0.07609312836138538, "exhausts maxfev = 2200 (scipy identical)"),
        ["ExtendedRosenbrock(10)"] = new(TerminationReason.MaxEvaluations, 14.075328920080475, "exhausts maxfev = 2000 (scipy identical)"),
        ["VariablyDimensioned(10)"] = new(TerminationReason.MaxEvaluations, 4.400151044474261, "exhausts maxfev = 2000 (scipy identical)"),
        ["BrownAlmostLinear(10)"] = new(TerminationReason.MaxEvaluations, 0.3406697389548675, "exhausts maxfev = 2000 (scipy identical)"),
    };

    [Theory]
    [MemberData(nameof(TestProblemTests.Problems), MemberType = typeof(TestProblemTests))]
    public void NelderMead_MghProblem_ReachesKnownMinimum(string problem) =>
        CatalogRunner.Run(new NelderMeadOptions(), problem, KnownExceptions);
}
