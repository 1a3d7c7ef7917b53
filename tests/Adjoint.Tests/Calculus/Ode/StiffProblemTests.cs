using Adjoint.Calculus;

namespace Adjoint.Tests.Calculus.OdeSolving;

public class StiffProblemTests
{
    private static double WorstRelativeError(double[] y, double[][] expected, double[] floor)
    {
        int n = expected[0].Length;
        double worst = 0;
        for (int k = 0; k < expected.Length; k++)
        {
            for (int i = 0; i < n; i++)
            {
                worst = Math.Max(worst, Math.Abs(y[(k * n) + i] - expected[k][i]) / Math.Max(floor[i], Math.Abs(expected[k][i])));
            }
        }

        return worst;
    }

    /// <summary>Robertson's kinetics to t = 1e5 with Radau and with Auto (which must switch to Radau early).</summary>
    [Theory]
    [InlineData(OdeMethod.Radau)]
    [InlineData(OdeMethod.Auto)]
    public void Robertson_StiffMethods_MatchScipyReference(OdeMethod method)
    {
        var reference = OdeReference.Problem("robertson");
        var t = OdeReference.Numbers(reference.GetProperty("t"));
        var expected = OdeReference.Rows(reference.GetProperty("y"));
        var sol = Ode.SolveIvp(OdeReference.Rhs("robertson"), (0.0, 1e5), [1.0, 0, 0],
            new OdeOptions { Method = method, RelativeTolerance = 1e-6, AbsoluteTolerances = [1e-10, 1e-16, 1e-8], TEval = t });
        Assert.True(sol.Success, sol.Message);
        Assert.Equal(OdeMethod.Radau, sol.FinalMethod);
        if (method == OdeMethod.Auto)
        {
            Assert.NotNull(sol.StiffnessDetectedAt);
            Assert.True(sol.StiffnessDetectedAt < 1, $"stiffness seen at {sol.StiffnessDetectedAt}");
        }

        Assert.True(sol.AcceptedSteps < 2000, $"{sol.AcceptedSteps} steps");
        double worst = WorstRelativeError(sol.Y.ToArray(), expected, [1e-6, 1e-12, 1e-6]);
        Assert.True(worst < 1e-3, $"largest relative error {worst:E2}");
        var last = sol.Y.ToArray()[^3..];
        Assert.Equal(1.0, last.Sum(), 8);
    }

    /// <summary>Radau's evaluations on Robertson are within 15% of scipy's at scipy's settings.</summary>
    [Theory]
    [InlineData(1e-3)]
    [InlineData(1e-6)]
    public void Robertson_Radau_CountsNearScipys(double rtol)
    {
        var entry = OdeReference.Root.GetProperty("counts").EnumerateArray()
            .Single(e => e.GetProperty("problem").GetString() == "robertson" && e.GetProperty("rtol").GetDouble() == rtol);
        var reference = OdeReference.Problem("robertson");
        var sol = Ode.SolveIvp(OdeReference.Rhs("robertson"), (0.0, 1e5), [1.0, 0, 0],
            new OdeOptions { Method = OdeMethod.Radau, RelativeTolerance = rtol, AbsoluteTolerances = OdeReference.Numbers(entry.GetProperty("atol")), TEval = OdeReference.Numbers(reference.GetProperty("t")) });
        Assert.True(sol.Success, sol.Message);
        double ratio = (double)sol.Nfev / entry.GetProperty("nfev").GetInt32();
        Assert.True(ratio is > 1 / 1.15 and < 1.15, $"nfev {sol.Nfev}, scipy {entry.GetProperty("nfev").GetInt32()}; njev {sol.Njev} ({entry.GetProperty("njev").GetInt32()}), nlu {sol.Nlu} ({entry.GetProperty("nlu").GetInt32()})");
    }

    /// <summary>Van der Pol with mu = 1000 over 3000 time units: Radau and Auto follow the reference through the relaxation jumps.</summary>
    [Theory]
    [InlineData(OdeMethod.Radau)]
    [InlineData(OdeMethod.Auto)]
    public void VanDerPol1000_StiffMethods_MatchScipyReference(OdeMethod method)
    {
        var reference = OdeReference.Problem("van_der_pol_1000");
        var t = OdeReference.Numbers(reference.GetProperty("t"));
        var expected = OdeReference.Rows(reference.GetProperty("y"));
        var sol = Ode.SolveIvp(OdeReference.Rhs("van_der_pol_1000"), (0.0, 3000.0), [2.0, 0],
            new OdeOptions { Method = method, RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8, TEval = t });
        Assert.True(sol.Success, sol.Message);
        Assert.Equal(OdeMethod.Radau, sol.FinalMethod);
        Assert.True(sol.AcceptedSteps < 5000, $"{sol.AcceptedSteps} steps");
        var y = sol.Y.ToArray();
        for (int k = 0; k < t.Length; k++)
        {
            Assert.True(Math.Abs(y[2 * k] - expected[k][0]) < 1e-3, $"t = {t[k]}: {y[2 * k]} vs {expected[k][0]}");
        }
    }

    /// <summary>RK45 on Van der Pol mu = 1000 spends its steps on stability; the step limit turns that into a clear failure.</summary>
    [Fact]
    public void VanDerPol1000_Rk45WithStepLimit_FailsWithTooManySteps()
    {
        var sol = Ode.SolveIvp(OdeReference.Rhs("van_der_pol_1000"), (0.0, 3000.0), [2.0, 0],
            new OdeOptions { Method = OdeMethod.Rk45, MaxSteps = 2000, TEval = [0.0, 3000.0] });
        Assert.False(sol.Success);
        Assert.Equal(OdeStatus.TooManySteps, sol.Status);
        Assert.Contains("maximum number of steps", sol.Message, StringComparison.Ordinal);
        Assert.True(double.IsNaN(sol.Y.ToArray()[^1]));
        Assert.Equal(2000, sol.AcceptedSteps + sol.RejectedSteps);
    }
}
