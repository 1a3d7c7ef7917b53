using Adjoint.Autodiff;
using Adjoint.Calculus;
using Adjoint.Tensors;
using Integrate = Adjoint.Calculus.Quadrature;

namespace Adjoint.Tests.Calculus.Quadrature;

/// <summary>
/// Derivatives of quadrature values with respect to parameters captured by the integrand and to the limits: finite
/// differences at orders 1 and 2 (GradCheck) and closed forms (Leibniz rule, differentiated integrands).
/// </summary>
public class QuadGradientTests
{
    private static void AssertPasses(GradCheckResult r) => Assert.True(r.Passed, r.Message);

    [Fact]
    public void Quad_ParameterOfSmoothIntegrand_GradCheckOrders1And2()
    {
        // F(p) = ∫_0^2 exp(p0 x) sin(p1 x) dx.
        var p = Tensor.FromArray([0.7, 1.3]);
        AssertPasses(GradCheck.Check(q => Integrate.Quad(x => Tensor.Exp(x * q[0]) * Tensor.Sin(x * q[1]), 0, 2).Value, p, order: 2, rtol: 1e-5, atol: 1e-7));
    }

    [Fact]
    public void Quad_ParameterOfSmoothIntegrand_MatchesClosedForm()
    {
        // d/dθ ∫_0^1 exp(θ x) dx = ∫_0^1 x exp(θ x) dx = (e^θ (θ - 1) + 1) / θ².
        double theta = 1.7;
        var g = Grad.Gradient(t => Integrate.Quad(x => Tensor.Exp(x * t[0]), 0, 1).Value, Tensor.FromArray([theta])).ToArray()[0];
        double expected = ((Math.Exp(theta) * (theta - 1)) + 1) / (theta * theta);
        Assert.Equal(expected, g, 1e-12);
    }

    [Fact]
    public void Quad_EndPointSingularParameter_DerivativeIsTheFinalPartitionsRule()
    {
        // ∫_0^1 x^θ dx = 1/(1+θ) at θ = -0.5: the value is extrapolated, but the derivative is the Kronrod rule on the
        // final partition applied to log(x) x^θ, which is more singular and not extrapolated: -3.917 against -4.
        // This pins that known limitation (see docs/quadrature.md) and the exact values away from the singularity.
        double theta = -0.5;
        var (value, grad) = Grad.ValueAndGrad((Tensor t) => Integrate.Quad(x => Tensor.Exp(Tensor.Log(x) * t[0]), 0, 1).Value, Tensor.FromArray([theta]));
        Assert.Equal(1 / (1 + theta), value.Item(), 1e-10);
        double g = grad.ToArray()[0];
        Assert.InRange(g, -4 * 1.03, -4 * 0.97);
        var smooth = Grad.Gradient(t => Integrate.Quad(x => Tensor.Exp(Tensor.Log(x) * t[0]), 0, 1).Value, Tensor.FromArray([1.5])).ToArray()[0];
        Assert.Equal(-1 / (2.5 * 2.5), smooth, 1e-7);
    }

    [Fact]
    public void Quad_TensorLimits_LeibnizRule()
    {
        // d/db ∫_a^b f = f(b), d/da = -f(a), for f = exp(-x²) cos(x).
        static double F(double x) => Math.Exp(-x * x) * Math.Cos(x);
        double a = -0.4, b = 1.1;
        var limits = Tensor.FromArray([a, b]);
        var g = Grad.Gradient(l => Integrate.Quad(x => Tensor.Exp(-(x * x)) * Tensor.Cos(x), l[0], l[1]).Value, limits).ToArray();
        Assert.Equal(-F(a), g[0], 1e-10);
        Assert.Equal(F(b), g[1], 1e-10);
    }

    [Fact]
    public void Quad_TensorLimitsAndParameter_GradCheckOrders1And2()
    {
        // Second derivatives with respect to the limits: d²/db² ∫_a^b f = f'(b).
        var v = Tensor.FromArray([0.2, 1.5, 0.8]);
        AssertPasses(GradCheck.Check(q => Integrate.Quad(x => Tensor.Sin(x * q[2]) + (x * x), q[0], q[1]).Value, v, order: 2, rtol: 1e-5, atol: 1e-7));
    }

    [Fact]
    public void Quad_ReversedTensorLimits_AreNegated()
    {
        var l = Tensor.FromArray([1.0, 0.0]);
        var (value, g) = Grad.ValueAndGrad((Tensor t) => Integrate.Quad(Tensor.Exp, t[0], t[1]).Value, l);
        Assert.Equal(1 - Math.E, value.Item(), 1e-13);
        Assert.Equal(-Math.E, g.ToArray()[0], 1e-10);
        Assert.Equal(1.0, g.ToArray()[1], 1e-10);
    }

    [Fact]
    public void Quad_SemiInfiniteTensorLimit_DerivativeOfTheFiniteEnd()
    {
        // ∫_a^∞ exp(-x) = e^-a; d/da = -e^-a. ∫_{-∞}^b exp(x) = e^b.
        double a = 0.3;
        var g = Grad.Gradient(t => Integrate.Quad(x => Tensor.Exp(-x), t[0], t[1]).Value, Tensor.FromArray([a, double.PositiveInfinity])).ToArray();
        Assert.Equal(-Math.Exp(-a), g[0], 1e-9);
        Assert.Equal(0.0, g[1]);
        var h = Grad.Gradient(t => Integrate.Quad(Tensor.Exp, t[0], t[1]).Value, Tensor.FromArray([double.NegativeInfinity, a])).ToArray();
        Assert.Equal(Math.Exp(a), h[1], 1e-9);
    }

    [Fact]
    public void Quad_InfiniteRangeParameter_GradCheckOrders1And2()
    {
        // ∫ exp(-p x²) over the line = √(π/p).
        var p = Tensor.FromArray([1.3]);
        AssertPasses(GradCheck.Check(q => Integrate.Quad(x => Tensor.Exp(-(x * x) * q[0]), double.NegativeInfinity, double.PositiveInfinity).Value, p, order: 2, rtol: 1e-5, atol: 1e-7));
        double g = Grad.Gradient(q => Integrate.Quad(x => Tensor.Exp(-(x * x) * q[0]), double.NegativeInfinity, double.PositiveInfinity).Value, p).ToArray()[0];
        Assert.Equal(-0.5 * Math.Sqrt(Math.PI) * Math.Pow(1.3, -1.5), g, 1e-8);
    }

    [Fact]
    public void Quad_WithPoints_ParameterGradient()
    {
        // ∫_0^2 |x - 1| p dx = p, with a breakpoint at the kink.
        var options = new QuadOptions { Points = [1.0] };
        var g = Grad.Gradient(q => Integrate.Quad(x => Tensor.Abs(x - 1) * q[0], 0, 2, options).Value, Tensor.FromArray([3.0])).ToArray()[0];
        Assert.Equal(1.0, g, 1e-12);
    }

    [Fact]
    public void Quad_Float32_ParameterAndLimitGradients()
    {
        float theta = 1.7f;
        var options = new QuadOptions { AbsoluteTolerance = 1e-6, RelativeTolerance = 1e-5 };
        var v = Tensor.FromArray([theta, 0f, 1f]);
        var (value, g) = Grad.ValueAndGrad((Tensor t) => Integrate.Quad(x => Tensor.Exp(x * t[0]), t[1], t[2], options).Value, v);
        Assert.Equal(DType.Float32, value.DType);
        var ga = g.ToArray();
        Assert.Equal((Math.Exp(theta) - 1) / theta, value.Item(), 1e-5);
        Assert.Equal(((Math.Exp(theta) * (theta - 1)) + 1) / (theta * theta), ga[0], 1e-4);
        Assert.Equal(-1.0, ga[1], 1e-4);
        Assert.Equal(Math.Exp(theta), ga[2], 1e-4);
    }

    [Fact]
    public void Quad_NotRecording_IsConstantAndEqualsRecordedValue()
    {
        var plain = Integrate.Quad(x => Tensor.Exp(x * 0.5), 0, 1);
        Assert.False(plain.Value.IsTracked);
        var (value, _) = Grad.ValueAndGrad((Tensor t) => Integrate.Quad(x => Tensor.Exp(x * t[0]), 0, 1).Value, Tensor.FromArray([0.5]));
        Assert.Equal(plain.Value.Item(), value.Item(), 1e-15);
    }

    [Fact]
    public void FixedQuad_GradientsWithRespectToParameterAndLimits()
    {
        var v = Tensor.FromArray([0.9, 0.1, 1.2]);
        AssertPasses(GradCheck.Check(q => Integrate.FixedQuad(x => Tensor.Exp(x * q[0]), q[1], q[2], 8), v, order: 2));
    }

    [Fact]
    public void DblQuad_ParameterGradient_GradCheckAndClosedForm()
    {
        // ∫_0^1 ∫_0^{1-x} p x y dy dx = p / 24.
        var g = Grad.Gradient(q => Integrate.DblQuad((y, x) => x * y * q[0], 0, 1, _ => 0, x => 1 - x).Value, Tensor.FromArray([2.0])).ToArray()[0];
        Assert.Equal(1.0 / 24, g, 1e-12);
        AssertPasses(GradCheck.Check(q => Integrate.DblQuad((y, x) => Tensor.Exp((x + (2 * y)) * q[0]), 0, 1, x => x * x, x => 1 + x).Value,
            Tensor.FromArray([0.6]), order: 2, rtol: 1e-5, atol: 1e-7));
    }

    [Fact]
    public void TplQuad_ParameterGradient()
    {
        // ∫ over the unit simplex of p x y z = p / 720.
        var g = Grad.Gradient(q => Integrate.TplQuad((z, y, x) => x * y * z * q[0], 0, 1, _ => 0, x => 1 - x, (_, _) => 0, (x, y) => 1 - x - y).Value,
            Tensor.FromArray([1.0])).ToArray()[0];
        Assert.Equal(1.0 / 720, g, 1e-12);
    }
}
