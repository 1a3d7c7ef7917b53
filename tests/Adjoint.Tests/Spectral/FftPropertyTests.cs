using Adjoint.Spectral;
using Adjoint.Tensors;
using static Adjoint.Tests.Spectral.FftReference;

namespace Adjoint.Tests.Spectral;

/// <summary>
/// Transforms against a compensated naive DFT, Parseval's identity, inverse round trips and float32 accuracy.
/// </summary>
/// <remarks>
/// Float32 tolerances: the transforms round twiddles once to float32 and accumulate about log2(n) passes of rounding,
/// so the error relative to the norm stays below 2e-6 for n up to 4096 (measured about 1e-7 to 6e-7); the tests allow 5e-6.
/// </remarks>
public class FftPropertyTests
{
    public static TheoryData<int> Lengths() => [1, 2, 3, 5, 7, 8, 10, 15, 16, 29, 31, 32, 37, 41, 60, 61, 64, 101, 127, 128, 210, 211, 256, 257, 360, 509, 512, 1009, 1021, 1024, 1031, 2048, 2310, 4093, 4096];

    [Fact]
    public void Every_length_up_to_300_matches_the_naive_dft_in_both_directions()
    {
        for (int n = 1; n <= 300; n++)
        {
            AssertMatchesNaive(n);
        }
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Every_length_up_to_1024_matches_the_naive_dft_in_both_directions()
    {
        for (int n = 1; n <= 1024; n++)
        {
            AssertMatchesNaive(n);
        }
    }

    private static void AssertMatchesNaive(int n)
    {
        var x = Signal(n, offset: 3);
        var z = Complex(x);
        double forward = RelativeError(Fft.Forward(z).ToArray(), NaiveDft(x));
        Assert.True(forward <= 1e-13 * Math.Max(1, Math.Log2(n)), $"n = {n}: forward error {forward:E2}.");
        var inverse = Fft.Inverse(z, norm: FftNorm.Forward).ToArray();
        double back = RelativeError(inverse, NaiveDft(x, inverse: true));
        Assert.True(back <= 1e-13 * Math.Max(1, Math.Log2(n)), $"n = {n}: inverse error {back:E2}.");
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Parseval_and_round_trips_hold_in_float64(int n)
    {
        var x = Signal(n, offset: 11);
        var z = Complex(x);
        var fz = Fft.Forward(z);
        double energy = x.Sum(v => v * v);
        double spectral = fz.ToArray().Sum(v => v * v) / n;
        Assert.True(Math.Abs(energy - spectral) <= 1e-12 * energy, $"n = {n}: Parseval {energy} vs {spectral}.");
        Assert.True(RelativeError(Fft.Inverse(fz).ToArray(), x) <= 1e-13 * Math.Log2(n + 1), $"n = {n}: ifft(fft(x)) != x.");
        var ortho = Fft.Forward(z, norm: FftNorm.Ortho);
        Assert.True(RelativeError(Fft.Inverse(ortho, norm: FftNorm.Ortho).ToArray(), x) <= 1e-13 * Math.Log2(n + 1));

        var real = Tensor.FromArray(RealSignal(n));
        var back = Fft.RealInverse(Fft.RealForward(real), n).ToArray();
        Assert.True(RelativeError(back, RealSignal(n)) <= 1e-13 * Math.Log2(n + 1), $"n = {n}: irfft(rfft(x), n) != x.");

        // The half-spectrum is the first n/2 + 1 entries of the full transform of the real signal.
        var full = Fft.Forward(ComplexTensor.FromReal(real)).ToArray();
        var halfSpectrum = Fft.RealForward(real).ToArray();
        Assert.True(RelativeError(halfSpectrum, full.AsSpan(0, halfSpectrum.Length)) <= 1e-13 * Math.Log2(n + 1), $"n = {n}: rfft != fft[: n/2 + 1].");
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Float32_transforms_stay_within_the_documented_tolerance(int n)
    {
        var x = Signal(n, offset: 7);
        var reference = NaiveDftOrFloat64(x);
        var ours = Fft.Forward(Complex(x, DType.Float32)).ToArray();
        double error = RelativeError(ours, reference);
        Assert.True(error <= 5e-6, $"n = {n}: float32 forward error {error:E2}.");
        var back = Fft.Inverse(Fft.Forward(Complex(x, DType.Float32))).ToArray();
        Assert.True(RelativeError(back, x) <= 5e-6, $"n = {n}: float32 round trip.");
        var real = Tensor.FromArray(RealSignal(n), new Shape(n), DType.Float32);
        var realBack = Fft.RealInverse(Fft.RealForward(real), n).ToArray();
        Assert.True(RelativeError(realBack, RealSignal(n)) <= 5e-6, $"n = {n}: float32 real round trip.");
        Assert.Equal(DType.Float32, Fft.RealForward(real).DType);
    }

    private static double[] NaiveDftOrFloat64(double[] x) => x.Length <= 2 * 1100 ? NaiveDft(x) : Fft.Forward(Complex(x)).ToArray();

    [Fact]
    public void Transforms_along_inner_axes_equal_transforms_of_the_moved_axis()
    {
        // A [4, 6, 5] complex tensor transformed along axis 1 equals the transform of its [4, 5, 6] transpose along the last.
        var z = Complex(Signal(120), DType.Float64, 4, 6, 5);
        var along = Fft.Forward(z, axis: 1);
        var moved = Fft.Forward(z.Permute(0, 2, 1, 3)).Permute(0, 2, 1, 3);
        Assert.True(RelativeError(along.ToArray(), moved.ToArray()) <= 1e-15);
        var real = Tensor.FromArray(RealSignal(120), new Shape(4, 6, 5));
        var rAlong = Fft.RealForward(real, axis: 1);
        var rMoved = Fft.RealForward(real.Permute(0, 2, 1)).Permute(0, 2, 1, 3);
        Assert.True(RelativeError(rAlong.ToArray(), rMoved.ToArray()) <= 1e-15);
        Assert.True(RelativeError(Fft.RealInverse(rAlong, 6, axis: 1).ToArray(), real.ToArray()) <= 1e-14);
    }

    [Fact]
    public void The_seed_example_fft2_of_an_image_with_its_frequencies_works()
    {
        // scipy: img_FT = fft2(img); fy = fftfreq(img.shape[0], d=10); fx = fftfreq(img.shape[1], d=10)
        var img = Tensor.RandomNormal(new Shape(16, 12), seed: 4);
        var spectrum = Fft.Forward2D(ComplexTensor.FromReal(img));
        var fy = Fft.Frequencies(16, spacing: 10);
        var fx = Fft.Frequencies(12, spacing: 10);
        Assert.Equal([16, 12, 2], spectrum.Shape.Dimensions.ToArray());
        Assert.Equal(img.Sum().Item(), spectrum.GetValue(0, 0, 0), 12);
        Assert.Equal(0.0, spectrum.GetValue(0, 0, 1), 12);
        Assert.Equal(-0.05, fy.GetValue(8), 15);
        Assert.Equal(1.0 / 120, fx.GetValue(1), 15);

        // The real-input route gives the same non-negative half along the last axis.
        var half = Fft.RealForwardN(img, axes: [0, 1]);
        var expected = spectrum.ToArray().Where((_, i) => i / 2 % 12 < 7).ToArray();
        Assert.True(RelativeError(half.ToArray(), expected) <= 1e-14);
    }
}
