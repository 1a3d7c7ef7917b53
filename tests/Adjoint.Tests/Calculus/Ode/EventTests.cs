using Adjoint.Calculus;
using Adjoint.Tensors;

namespace Adjoint.Tests.Calculus.OdeSolving;

public class EventTests
{
    private static Tensor Ball(double t, Tensor y) => Tensor.Stack([y[1], (y[0] * 0) - 9.81]);

    /// <summary>A terminal, falling event stops a thrown ball where it lands (t = 2 v0 / g), with the state there.</summary>
    [Theory]
    [InlineData(OdeMethod.Rk45)]
    [InlineData(OdeMethod.Dop853)]
    [InlineData(OdeMethod.Radau)]
    public void TerminalEvent_StopsAtLanding(OdeMethod method)
    {
        double landing = OdeReference.Root.GetProperty("events").GetProperty("ballLanding").GetDouble();
        var ground = new OdeEvent((t, y) => y[0]) { Terminal = true, Direction = EventDirection.Falling };
        var sol = Ode.SolveIvp(Ball, (0.0, 10.0), [0.0, 10.0], new OdeOptions { Method = method, RelativeTolerance = 1e-10, AbsoluteTolerance = 1e-12, Events = [ground] });
        Assert.Equal(OdeStatus.TerminalEvent, sol.Status);
        Assert.True(sol.Success);
        Assert.Single(sol.TEvents[0]);
        Assert.Equal(2 * 10 / 9.81, sol.TEvents[0][0], 9);
        Assert.Equal(landing, sol.TEvents[0][0], 9);
        Assert.Equal(sol.TEvents[0][0], sol.T[^1]);
        Assert.Equal(0, sol.YEvents[0][0][0], 8);
        Assert.Equal(-10, sol.YEvents[0][0][1], 8);
        Assert.Equal(0, sol.Y.ToArray()[^2], 8);
    }

    /// <summary>Non-terminal crossings of prey = predator in Lotka-Volterra match scipy's t_events; direction filters them.</summary>
    [Fact]
    public void NonTerminalEvents_MatchScipyAndRespectDirection()
    {
        var expected = OdeReference.Numbers(OdeReference.Root.GetProperty("events").GetProperty("lvCrossings"));
        var any = new OdeEvent((t, y) => y[0] - y[1]);
        var rising = new OdeEvent((t, y) => y[0] - y[1]) { Direction = EventDirection.Rising };
        var falling = new OdeEvent((t, y) => y[0] - y[1]) { Direction = EventDirection.Falling };
        var sol = Ode.SolveIvp(OdeReference.Rhs("lotka_volterra"), (0.0, 15.0), [10.0, 5.0],
            new OdeOptions { Method = OdeMethod.Dop853, RelativeTolerance = 1e-12, AbsoluteTolerance = 1e-12, Events = [any, rising, falling] });
        Assert.Equal(OdeStatus.Success, sol.Status);
        Assert.Equal(expected.Length, sol.TEvents[0].Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], sol.TEvents[0][i], 8);
            Assert.Equal(sol.YEvents[0][i][0], sol.YEvents[0][i][1], 7);
        }

        Assert.Equal(expected.Length, sol.TEvents[1].Length + sol.TEvents[2].Length);
        Assert.All(sol.YEvents[1], y => Assert.True(y[0] < 1));   // prey overtakes predator on the way up from the trough
        Assert.All(sol.YEvents[2], y => Assert.True(y[0] > 5));
    }
}
