using Adjoint.Spectral;
using Adjoint.Tensors;

namespace Adjoint.Tests.Spectral;

/// <summary>Bad arguments of the transforms fail at once with a message naming the problem.</summary>
public class FftBadInputTests
{
    private static readonly Tensor s_complex = Tensor.Zeros(new Shape(4, 2));

    [Fact]
    public void A_complex_transform_of_a_tensor_without_a_trailing_pair_is_refused()
    {
        var ex = Assert.Throws<ArgumentException>(() => Fft.Forward(Tensor.Zeros(new Shape(5, 3))));
        Assert.Contains("last axis of length 2", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Fft.Inverse(Tensor.Zeros(new Shape(5))));
        Assert.Throws<ArgumentException>(() => Fft.RealInverse(Tensor.Zeros(new Shape(3, 3))));
        Assert.Throws<ArgumentException>(() => Fft.ForwardN(Tensor.Scalar(1)));
        Assert.Throws<ArgumentException>(() => ComplexTensor.Real(Tensor.Zeros(new Shape(2, 3))));
    }

    [Fact]
    public void Lengths_below_one_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Fft.Forward(s_complex, n: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Fft.RealForward(Tensor.Zeros(new Shape(4)), n: -3));
        Assert.Throws<ArgumentOutOfRangeException>(() => Fft.RealInverse(s_complex, n: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Fft.RealInverse(Tensor.Zeros(new Shape(1, 2))));
        Assert.Throws<ArgumentOutOfRangeException>(() => Fft.Forward2D(Tensor.Zeros(new Shape(3, 3, 2)), [3, 0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Fft.Frequencies(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Fft.RealFrequencies(4, spacing: 0));
    }

    [Fact]
    public void Axes_out_of_range_or_repeated_are_refused()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Fft.Forward(s_complex, axis: 1));
        Assert.Contains("out of range", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => Fft.Forward(s_complex, axis: -2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Fft.RealForward(Tensor.Zeros(new Shape(4)), axis: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Fft.Forward2D(s_complex));
        Assert.Throws<ArgumentException>(() => Fft.ForwardN(Tensor.Zeros(new Shape(3, 3, 2)), axes: [0, -2]));
        Assert.Throws<ArgumentException>(() => Fft.ForwardN(Tensor.Zeros(new Shape(3, 3, 2)), [3, 3], [0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Fft.Shift(Tensor.Zeros(new Shape(3)), [2]));
    }
}
