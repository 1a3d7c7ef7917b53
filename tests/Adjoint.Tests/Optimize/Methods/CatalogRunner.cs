using Adjoint.Optimize;
using Adjoint.Tensors;
using Adjoint.TestProblems;

namespace Adjoint.Tests.Optimize.Methods;

/// <summary>Runs one method over the MGH catalog with a written list of known exceptions (problem -> where the run ends and why).</summary>
internal static class CatalogRunner
{
    public static void Run(MinimizeOptions options, string key, IReadOnlyDictionary<string, ExpectedEnd> knownExceptions)
    {
        var p = TestProblemTests.Find(key);
        var r = Minimizer.Minimize(Objective.Create(p.Function), Tensor.FromArray(p.X0), options);
        Assert.Equal(r.Status.IsSuccess(), r.Success);
        if (r.Success && MethodRegistry.Find(r.Method).Capabilities.UsesGradient && r.Status != TerminationReason.CallbackConverged)
        {
            Assert.True(r.GradientNorm <= 1e-5 || (r.Status == TerminationReason.VerifiedMinimum && r.Check is { Verified: true }),
                $"{key}: success with gradient norm {r.GradientNorm} and no verified minimum; {r.Message}");
        }

        Assert.True(double.IsFinite(r.Fun), $"{key}: {r}");
        if (knownExceptions.TryGetValue(key, out var known))
        {
            Assert.False(p.Reached(r.Fun), $"{key}: listed as an exception ({known.Reason}) but reaches f* now: {r}");
            Assert.True(known.Status == r.Status && known.Matches(r.Fun),
                $"{key}: listed as ending with {known.Status} at f = {known.Fun:R} ({known.Reason}); ends with {r.Status} at f = {r.Fun:R}");
            return;
        }

        Assert.True(p.Reached(r.Fun), $"{key}: f = {r.Fun:G10}, f* = {p.KnownMinimum:G10}; {r}; {r.Message}");
    }
}
