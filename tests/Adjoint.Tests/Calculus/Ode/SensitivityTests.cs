using Adjoint.Autodiff;
using Adjoint.Calculus;
using Adjoint.Tensors;

namespace Adjoint.Tests.Calculus.OdeSolving;

public class SensitivityTests
{
    private static readonly double[] s_times = [0.5, 1.0, 2.0, 3.5, 5.0];

    private static Tensor LotkaVolterra(double t, Tensor y, Tensor p) =>
        Tensor.Stack([(p[0] * y[0]) - (p[1] * y[0] * y[1]), (p[3] * y[0] * y[1]) - (p[2] * y[1])]);

    private static double[] SolveFlat(double[] y0, double[] p, OdeMethod method, double rtol) =>
        Ode.SolveIvp(LotkaVolterra, (0.0, 5.0), Tensor.FromArray(y0), Tensor.FromArray(p),
            new OdeOptions { Method = method, RelativeTolerance = rtol, AbsoluteTolerance = rtol * 1e-2, TEval = s_times }).Y.ToArray();

    /// <summary>
    /// The Jacobian of the solution with respect to the parameters (autodiff through the recorded operation, whose
    /// backward applies the integrated sensitivities) equals central differences of the solution at tight tolerance.
    /// </summary>
    [Theory]
    [InlineData(OdeMethod.Rk45)]
    [InlineData(OdeMethod.Dop853)]
    [InlineData(OdeMethod.Auto)]
    public void Parameters_JacobianMatchesFiniteDifferences(OdeMethod method) => CheckParameterJacobian(method);

    /// <summary>As <see cref="Parameters_JacobianMatchesFiniteDifferences"/> for Radau, whose thousands of steps at rtol 1e-10 take seconds.</summary>
    [Fact]
    [Trait("Category", "Slow")]
    public void Parameters_RadauJacobianMatchesFiniteDifferences() => CheckParameterJacobian(OdeMethod.Radau);

    private static void CheckParameterJacobian(OdeMethod method)
    {
        double[] y0 = [10.0, 5.0], p = [1.5, 1.0, 3.0, 1.0];
        const double rtol = 1e-10;
        var jacobian = Grad.Jacobian(pt => Ode.SolveIvp(LotkaVolterra, (0.0, 5.0), Tensor.FromArray(y0), pt,
            new OdeOptions { Method = method, RelativeTolerance = rtol, AbsoluteTolerance = rtol * 1e-2, TEval = s_times }).Y.Reshape(-1), Tensor.FromArray(p));
        int m = s_times.Length * 2;
        Assert.Equal(new Shape(m, 4), jacobian.Shape);
        var analytic = jacobian.ToArray();
        for (int j = 0; j < 4; j++)
        {
            double h = 1e-5 * Math.Abs(p[j]);
            var plus = (double[])p.Clone();
            var minus = (double[])p.Clone();
            plus[j] += h;
            minus[j] -= h;
            var fp = SolveFlat(y0, plus, method, rtol);
            var fm = SolveFlat(y0, minus, method, rtol);
            for (int i = 0; i < m; i++)
            {
                double fd = (fp[i] - fm[i]) / (2 * h);
                Assert.True(Math.Abs(analytic[(i * 4) + j] - fd) <= 2e-4 * Math.Max(1, Math.Abs(fd)), $"dY[{i}]/dp[{j}]: {analytic[(i * 4) + j]} vs {fd}");
            }
        }
    }

    /// <summary>The gradient of a scalar of the solution with respect to y0 equals central differences.</summary>
    [Theory]
    [InlineData(OdeMethod.Dop853)]
    [InlineData(OdeMethod.Radau)]
    public void InitialState_GradientMatchesFiniteDifferences(OdeMethod method)
    {
        double[] y0 = [10.0, 5.0], p = [1.5, 1.0, 3.0, 1.0];
        const double rtol = 1e-10;
        var weights = Tensor.FromArray(Enumerable.Range(0, 2 * s_times.Length).Select(i => 1.0 + (0.1 * i)).ToArray());
        var gradient = Grad.Gradient(y => (Ode.SolveIvp(LotkaVolterra, (0.0, 5.0), y, Tensor.FromArray(p),
            new OdeOptions { Method = method, RelativeTolerance = rtol, AbsoluteTolerance = rtol * 1e-2, TEval = s_times }).Y.Reshape(-1) * weights).Sum(), Tensor.FromArray(y0)).ToArray();
        var w = weights.ToArray();
        for (int j = 0; j < 2; j++)
        {
            double h = 1e-5 * y0[j];
            var plus = (double[])y0.Clone();
            var minus = (double[])y0.Clone();
            plus[j] += h;
            minus[j] -= h;
            var fp = SolveFlat(plus, p, method, rtol);
            var fm = SolveFlat(minus, p, method, rtol);
            double fd = 0;
            for (int i = 0; i < fp.Length; i++)
            {
                fd += w[i] * (fp[i] - fm[i]) / (2 * h);
            }

            Assert.True(Math.Abs(gradient[j] - fd) <= 2e-4 * Math.Max(1, Math.Abs(fd)), $"dL/dy0[{j}]: {gradient[j]} vs {fd}");
        }
    }

    /// <summary>The sensitivities of y' = -k y are known in closed form: dy/dy0 = e^(-k t), dy/dk = -t y0 e^(-k t).</summary>
    [Fact]
    public void Sensitivities_OfExponentialDecay_AreExact()
    {
        using var tape = GradientTape.Begin();
        var y0 = tape.Watch(Tensor.FromArray([2.0]));
        var k = tape.Watch(Tensor.FromArray([0.7]));
        var sol = Ode.SolveIvp((t, y, q) => -q * y, (0.0, 2.0), y0, k,
            new OdeOptions { Method = OdeMethod.Dop853, RelativeTolerance = 1e-11, AbsoluteTolerance = 1e-13, TEval = [1.0, 2.0] });
        Assert.NotNull(sol.Sensitivities);
        Assert.Equal(new Shape(2, 1, 2), sol.Sensitivities.Shape);
        var s = sol.Sensitivities.ToArray();
        Assert.Equal(Math.Exp(-0.7), s[0], 9);
        Assert.Equal(-2 * Math.Exp(-0.7), s[1], 9);
        Assert.Equal(Math.Exp(-1.4), s[2], 9);
        Assert.Equal(-4 * Math.Exp(-1.4), s[3], 9);
        var grads = tape.Gradient(sol.Y.Sum(), y0, k);
        Assert.Equal(Math.Exp(-0.7) + Math.Exp(-1.4), grads[0].Item(), 9);
        Assert.Equal((-2 * Math.Exp(-0.7)) - (4 * Math.Exp(-1.4)), grads[1].Item(), 9);
    }

    /// <summary>A right-hand side that captures a tracked tensor without passing it as p is refused, not silently differentiated wrong.</summary>
    [Fact]
    public void CapturedTrackedTensor_Throws()
    {
        using var tape = GradientTape.Begin();
        var k = tape.Watch(Tensor.FromArray([0.7]));
        var e = Assert.Throws<InvalidOperationException>(() => Ode.SolveIvp((t, y) => -k * y, (0.0, 1.0), Tensor.FromArray([1.0])));
        Assert.Contains("parameters", e.Message, StringComparison.Ordinal);
    }

    /// <summary>Without a recording tape no sensitivities are integrated (the cost is the state's alone).</summary>
    [Fact]
    public void UntrackedSolve_HasNoSensitivities()
    {
        var sol = Ode.SolveIvp(LotkaVolterra, (0.0, 5.0), Tensor.FromArray([10.0, 5.0]), Tensor.FromArray([1.5, 1, 3, 1]));
        Assert.Null(sol.Sensitivities);
        Assert.Equal(0, sol.Njev);
    }
}
