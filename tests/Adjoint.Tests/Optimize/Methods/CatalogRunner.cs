using Adjoint.Optimize;
using Adjoint.Tensors;
using Adjoint.TestProblems;

namespace Adjoint.Tests.Optimize.Methods;

/// <summary>Runs one method over the MGH catalog with a written list of known exceptions (problem -> reason).</summary>
internal static class CatalogRunner
{
    public static void Run(MinimizeOptions options, string key, IReadOnlyDictionary<string, string> knownExceptions)
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
        if (knownExceptions.ContainsKey(key))
        {
            return;
        }

        Assert.True(p.Reached(r.Fun), $"{key}: f = {r.Fun:G10}, f* = {p.KnownMinimum:G10}; {r}; {r.Message}");
    }
}
