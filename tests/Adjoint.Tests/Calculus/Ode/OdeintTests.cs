using Adjoint.Calculus;
using Adjoint.Tensors;

namespace Adjoint.Tests.Calculus.OdeSolving;

public class OdeintTests
{
    /// <summary>
    /// Agreement to <paramref name="multiple"/> times odeint's tolerance (1.49012e-8), relative to max(1, |expected|): global
    /// errors are several times the local tolerance; scipy's odeint itself is 1.2e-6 from the tight reference on the coupled pair.
    /// </summary>
    private static void Close(double expected, double actual, double multiple) =>
        Assert.True(Math.Abs(actual - expected) <= multiple * Adjoint.Calculus.Ode.OdeintTolerance * Math.Max(1, Math.Abs(expected)), $"{actual} vs {expected}");

    /// <summary>The cheat sheet's dv/dt = 3 v^2 - 5, v(0) = 0 on linspace(0, 1, 100): rows per time, equal to scipy's odeint.</summary>
    [Fact]
    public void Odeint_ScalarExample_MatchesScipy()
    {
        var data = OdeReference.Root.GetProperty("odeint");
        var t = OdeReference.Numbers(data.GetProperty("scalar").GetProperty("t"));
        var expected = OdeReference.Numbers(data.GetProperty("scalar").GetProperty("y"));
        var reference = OdeReference.Numbers(data.GetProperty("scalarReference"));
        var v = Ode.Odeint((v, t) => (3 * v.Square()) - 5, Tensor.Scalar(0.0), t);
        Assert.Equal(new Shape(100, 1), v.Shape);
        var values = v.ToArray();
        for (int k = 0; k < t.Length; k++)
        {
            Close(expected[k], values[k], 50);
            Close(reference[k], values[k], 20);
        }
    }

    /// <summary>The cheat sheet's coupled pair y1' = y1 + y2^2 + 3x, y2' = 3 y1 + y2^3 - cos x from (0, 0).</summary>
    [Fact]
    public void Odeint_CoupledExample_MatchesScipy()
    {
        var data = OdeReference.Root.GetProperty("odeint");
        var t = OdeReference.Numbers(data.GetProperty("coupled").GetProperty("t"));
        var expected = OdeReference.Rows(data.GetProperty("coupled").GetProperty("y"));
        var reference = OdeReference.Rows(data.GetProperty("coupledReference"));
        var s = Ode.Odeint((s, x) => Tensor.Stack([s[0] + s[1].Square() + (3 * x), (3 * s[0]) + Tensor.Pow(s[1], 3) - Math.Cos(x)]), Tensor.FromArray([0.0, 0]), t);
        Assert.Equal(new Shape(100, 2), s.Shape);
        var values = s.ToArray();
        for (int k = 0; k < t.Length; k++)
        {
            for (int i = 0; i < 2; i++)
            {
                Close(expected[k][i], values[(2 * k) + i], 150);
                Close(reference[k][i], values[(2 * k) + i], 50);
            }
        }
    }
}
