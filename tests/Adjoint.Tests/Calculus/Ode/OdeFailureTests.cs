using Adjoint.Calculus;
using Adjoint.Tensors;

namespace Adjoint.Tests.Calculus.OdeSolving;

public class OdeFailureTests
{
    [Fact]
    public void SolveIvp_WrongShape_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => Ode.SolveIvp((t, y) => Tensor.Stack([y[0], y[1], y[0]]), (0.0, 1.0), [1.0, 2.0]));
        Assert.Contains("shape", e.Message, StringComparison.Ordinal);
    }

    /// <summary>y' = y^2 from y(0) = 1 blows up at t = 1: the step size underflows there and the solve reports it.</summary>
    [Theory]
    [InlineData(OdeMethod.Rk45)]
    [InlineData(OdeMethod.Dop853)]
    [InlineData(OdeMethod.Radau)]
    public void SolveIvp_BlowUp_FailsWithStepSizeOrNonFinite(OdeMethod method)
    {
        var sol = Ode.SolveIvp((t, y) => y.Square(), (0.0, 2.0), [1.0], new OdeOptions { Method = method, TEval = [0.5, 2.0] });
        Assert.False(sol.Success);
        Assert.Contains(sol.Status, new[] { OdeStatus.StepSizeTooSmall, OdeStatus.NonFiniteDerivative });
        Assert.InRange(sol.TFinal, 0.99, 1.001);
        Assert.Contains("at t = ", sol.Message, StringComparison.Ordinal);
        var y = sol.Y.ToArray();
        Assert.Equal(2.0, y[0], 2);
        Assert.True(double.IsNaN(y[1]));
    }

    /// <summary>NaN at the initial point fails at once; NaN beyond a point (sqrt of a negative) stops the solve there, never hangs.</summary>
    [Fact]
    public void SolveIvp_NonFiniteRightHandSide_Fails()
    {
        var atStart = Ode.SolveIvp((t, y) => y * double.NaN, (0.0, 1.0), [1.0]);
        Assert.Equal(OdeStatus.NonFiniteDerivative, atStart.Status);
        Assert.False(atStart.Success);

        // y' = -sqrt(y) reaches 0 at t = 2 and is NaN below it.
        var later = Ode.SolveIvp((t, y) => -Tensor.Sqrt(y), (0.0, 5.0), [1.0], new OdeOptions { RelativeTolerance = 1e-8, AbsoluteTolerance = 1e-12 });
        Assert.False(later.Success);
        Assert.Contains(later.Status, new[] { OdeStatus.StepSizeTooSmall, OdeStatus.NonFiniteDerivative });
        Assert.InRange(later.TFinal, 1.9, 2.1);
    }

    [Fact]
    public void SolveIvp_MaxSteps_FailsWithTooManySteps()
    {
        var sol = Ode.SolveIvp(OdeReference.Rhs("lotka_volterra"), (0.0, 15.0), [10.0, 5.0], new OdeOptions { MaxSteps = 5 });
        Assert.Equal(OdeStatus.TooManySteps, sol.Status);
        Assert.False(sol.Success);
    }

    /// <summary>An empty span (t0 = t1) returns y0 alone, successfully (scipy returns it too).</summary>
    [Fact]
    public void SolveIvp_EmptySpan_ReturnsInitialState()
    {
        var sol = Ode.SolveIvp((t, y) => -y, (1.0, 1.0), [3.0]);
        Assert.True(sol.Success);
        Assert.Equal([1.0], sol.T);
        Assert.Equal([3.0], sol.Y.ToArray());
    }

    [Fact]
    public void SolveIvp_BadArguments_Throw()
    {
        Func<double, Tensor, Tensor> f = (t, y) => -y;
        Assert.Throws<ArgumentOutOfRangeException>(() => Ode.SolveIvp(f, (0.0, 1.0), [1.0], new OdeOptions { RelativeTolerance = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ode.SolveIvp(f, (0.0, 1.0), [1.0], new OdeOptions { AbsoluteTolerance = double.NaN }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ode.SolveIvp(f, (0.0, 1.0), [1.0], new OdeOptions { AbsoluteTolerances = [1e-6, -1] }));
        Assert.Throws<ArgumentException>(() => Ode.SolveIvp(f, (0.0, 1.0), [1.0], new OdeOptions { AbsoluteTolerances = [1e-6, 1e-6] }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ode.SolveIvp(f, (0.0, 1.0), [1.0], new OdeOptions { MaxStep = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ode.SolveIvp(f, (0.0, 1.0), [1.0], new OdeOptions { FirstStep = -1 }));
        Assert.Throws<ArgumentException>(() => Ode.SolveIvp(f, (0.0, double.PositiveInfinity), [1.0]));
        Assert.Throws<ArgumentException>(() => Ode.SolveIvp(f, (0.0, 1.0), [double.NaN]));
        Assert.Throws<ArgumentException>(() => Ode.SolveIvp(f, (0.0, 1.0), Array.Empty<double>()));
        Assert.Throws<ArgumentException>(() => Ode.SolveIvp(f, (0.0, 1.0), [1.0], new OdeOptions { TEval = [0.5, 2.0] }));
        Assert.Throws<ArgumentException>(() => Ode.SolveIvp(f, (0.0, 1.0), [1.0], new OdeOptions { TEval = [0.5, 0.2] }));
        Assert.Throws<ArgumentException>(() => Ode.Odeint((y, t) => -y, Tensor.Scalar(1.0), []));
    }
}
