using Adjoint.Autodiff;
using Adjoint.Spectral;
using Adjoint.Tensors;

namespace Adjoint.Tests.Spectral;

/// <summary>
/// Derivatives of real-valued functions of the transforms against finite differences (orders 1 and 2), and the
/// adjoint identity &lt;F x, y&gt; = &lt;x, F* y&gt; that the derivative rules rest on.
/// </summary>
public class FftGradientTests
{
    public static TheoryData<string> Functions() => [.. s_functions.Keys];

    private static readonly Dictionary<string, Func<Tensor, Tensor>> s_functions = new()
    {
        // x has 12 entries throughout.
        ["fft power"] = x => ComplexTensor.SquaredMagnitude(Fft.Forward(x.Reshape(6, 2))) * Tensor.Arange(6),
        ["ifft ortho cubed"] = x => Fft.Inverse(x.Reshape(6, 2), norm: FftNorm.Ortho).Pow(3),
        ["fft prime with padding"] = x => Tensor.Sin(Fft.Forward(x.Reshape(6, 2), n: 7)),
        ["fft crop forward norm"] = x => Fft.Forward(x.Reshape(6, 2), n: 4, norm: FftNorm.Forward).Square(),
        ["rfft even"] = x => ComplexTensor.SquaredMagnitude(Fft.RealForward(x)) * Tensor.Arange(7),
        ["rfft odd with crop"] = x => Tensor.Tanh(Fft.RealForward(x, n: 11)),
        ["irfft even"] = x => Fft.RealInverse(x.Reshape(6, 2)).Square(),
        ["irfft odd ortho"] = x => Tensor.Sin(Fft.RealInverse(x.Reshape(6, 2), n: 11, norm: FftNorm.Ortho)),
        ["irfft padded"] = x => Fft.RealInverse(x.Reshape(6, 2), n: 16).Square(),
        ["round trip"] = x => Fft.RealInverse(Fft.RealForward(x).Square(), 12),
        ["fft2"] = x => ComplexTensor.Magnitude(Fft.Forward2D(x.Reshape(2, 3, 2)) + 1.5),
        ["rfftn"] = x => ComplexTensor.SquaredMagnitude(Fft.RealForwardN(x.Reshape(3, 4))).Sqrt(),
        ["irfftn"] = x => Fft.RealInverseN(x.Reshape(3, 2, 2), [3, 3]).Square(),
        ["shift and parts"] = x => Fft.Shift(ComplexTensor.Real(Fft.Forward(x.Reshape(6, 2)))) * ComplexTensor.Imaginary(Fft.Inverse(x.Reshape(6, 2))),
    };

    [Theory]
    [MemberData(nameof(Functions))]
    public void Derivatives_of_orders_1_and_2_match_finite_differences(string name)
    {
        var x = Tensor.FromArray([.. Enumerable.Range(0, 12).Select(k => 0.3 + Math.Sin(1.7 * k))]);
        foreach (int order in new[] { 1, 2 })
        {
            var result = GradCheck.Check(s_functions[name], x, order, rtol: 1e-5, atol: 1e-7);
            Assert.True(result.Passed, $"{name}, order {order}: {result.Message}");
        }
    }

    [Theory]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(47)]
    public void The_gradient_of_a_linear_functional_is_the_adjoint_transform(int n)
    {
        // For f(x) = <w, rfft(x)>, the gradient is the adjoint applied to w; check <rfft(v), w> = <v, grad> for a random v.
        var w = Tensor.RandomNormal(new Shape((n / 2) + 1, 2), seed: n);
        var v = Tensor.RandomNormal(new Shape(n), seed: n + 1);
        var g = Grad.Gradient(x => (Fft.RealForward(x) * w).Sum(), Tensor.Zeros(new Shape(n)));
        double lhs = (Fft.RealForward(v) * w).Sum().Item();
        double rhs = (v * g).Sum().Item();
        Assert.Equal(lhs, rhs, 1e-10);

        var c = Tensor.RandomNormal(new Shape(n, 2), seed: n + 2);
        var gc = Grad.Gradient(z => (Fft.RealInverse(z, n) * v).Sum(), Tensor.Zeros(new Shape((n / 2) + 1, 2)));
        double lhs2 = (Fft.RealInverse(c[..((n / 2) + 1)], n) * v).Sum().Item();
        double rhs2 = (c[..((n / 2) + 1)] * gc).Sum().Item();
        Assert.Equal(lhs2, rhs2, 1e-10);
    }

    [Fact]
    public void Gradients_flow_in_float32()
    {
        var x = Tensor.FromArray([.. Enumerable.Range(0, 16).Select(k => (float)Math.Cos(0.4 * k))]);
        var g32 = Grad.Gradient(z => ComplexTensor.SquaredMagnitude(Fft.RealForward(z)).Sum(), x);
        var g64 = Grad.Gradient(z => ComplexTensor.SquaredMagnitude(Fft.RealForward(z)).Sum(), x.To(DType.Float64));
        Assert.Equal(DType.Float32, g32.DType);
        Assert.True(FftReference.RelativeError(g32.ToArray(), g64.ToArray()) < 1e-6);
    }
}
