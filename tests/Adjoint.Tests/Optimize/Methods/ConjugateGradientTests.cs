using Adjoint.Optimize;
using Adjoint.Optimize.Methods;
using Adjoint.Tensors;
using Adjoint.TestProblems;

namespace Adjoint.Tests.Optimize.Methods;

public class ConjugateGradientTests
{
    [Theory]
    [InlineData("Bard(3)", 11)]
    [InlineData("JennrichSampson(2)", 15)]
    [InlineData("Rosenbrock(2)", 36)]
    public void ConjugateGradient_DescentConditionProblems_TakeScipysIterationCount(string key, int scipyIterations)
    {
        // On these problems a strong Wolfe step leads to a direction that fails the sufficient-descent test, and the
        // fallback search finds another step, as scipy's (scipy 1.10 iteration counts); a steepest-descent restart
        // instead takes up to 3.5 times as many iterations.
        var p = TestProblemTests.Find(key);
        var r = Minimizer.Minimize(Objective.Create(p.Function), Tensor.FromArray(p.X0), new ConjugateGradientOptions());
        Assert.True(r.Success, r.ToString());
        Assert.True(p.Reached(r.Fun), r.ToString());
        Assert.InRange(r.Nit, scipyIterations - 1, scipyIterations + 1);
    }

    [Theory]
    [InlineData("CG")]
    [InlineData("BFGS")]
    [InlineData("Newton-CG")]
    public void LineSearchMethods_UphillGradient_FailWithoutCountingTheAttempt(string method)
    {
        // The supplied gradient points uphill, so along -∇f every step increases f and both line searches fail.
        var objective = Objective.Create(x => x.Square().Sum()) with { Gradient = x => x.Select(v => -2 * v).ToArray() };
        double[] x0 = [1.0, -2.0];
        var r = Minimizer.Minimize(objective, Tensor.FromArray(x0), method);
        Assert.Equal(TerminationReason.LineSearchFailed, r.Status);
        Assert.False(r.Success);
        Assert.Equal(0, r.Nit);
        // The final check's trial steps (it uses the same wrong gradient) may move the point, never uphill.
        Assert.True(r.Fun <= 5, r.ToString());
        var withoutCheck = Minimizer.Minimize(objective, Tensor.FromArray(x0), MethodRegistry.Find(method).DefaultOptions() with { VerifySolution = false });
        Assert.Equal(TerminationReason.LineSearchFailed, withoutCheck.Status);
        Assert.Equal(0, withoutCheck.Nit);
        Assert.Equal(x0, withoutCheck.X);
        Assert.Equal(5, withoutCheck.Fun);
    }
}
