using System.Text.Json;
using Adjoint.Spectral;
using Adjoint.Tensors;
using static Adjoint.Tests.Spectral.FftReference;

namespace Adjoint.Tests.Spectral;

/// <summary>
/// Transforms against numpy.fft (fft_numpy.json): every length 1..1024 by checksums, a subset of lengths, the n-D cases,
/// the normalizations, crop and pad, frequencies and shifts in full; all at 1e-12 relative to the norm in float64.
/// </summary>
public class FftNumpyTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void Every_length_from_1_to_1024_matches_numpy_checksums_and_norms()
    {
        int checkedLengths = 0;
        foreach (var e in Root.GetProperty("lengths").EnumerateArray())
        {
            int n = e.GetProperty("n").GetInt32();
            var x = Signal(n);
            var fft = Fft.Forward(Complex(x)).ToArray();
            AssertChecksum(e, "fft", fft, complex: true, n);

            var rfft = Fft.RealForward(Tensor.FromArray(RealSignal(n))).ToArray();
            AssertChecksum(e, "rfft", rfft, complex: true, n);

            var irfft = Fft.RealInverse(Complex(Signal((n / 2) + 1, 5)), n).ToArray();
            Assert.Equal(n, irfft.Length);
            AssertChecksum(e, "irfft", irfft, complex: false, n);
            checkedLengths++;
        }

        Assert.Equal(1024, checkedLengths);
    }

    private static void AssertChecksum(JsonElement e, string kind, double[] values, bool complex, int n)
    {
        var expected = Doubles(e.GetProperty(kind));
        double norm = e.GetProperty(kind + "Norm").GetDouble();
        var (re, im) = Checksum(values, complex);

        // |sum (X - X_ref) w| <= ||w|| ||X - X_ref||, with ||w|| <= sqrt(n); the norm is compared alongside.
        double bound = Tolerance * Math.Sqrt(n) * Math.Max(norm, 1e-300);
        Assert.True(Math.Abs(re - expected[0]) <= bound && Math.Abs(im - expected[1]) <= bound,
            $"{kind}, n = {n}: checksum ({re}, {im}), numpy ({expected[0]}, {expected[1]}).");
        double ours = Math.Sqrt(values.Sum(v => v * v));
        Assert.True(Math.Abs(ours - norm) <= Tolerance * norm, $"{kind}, n = {n}: norm {ours}, numpy {norm}.");
    }

    [Fact]
    public void Full_outputs_match_numpy_for_a_subset_of_lengths()
    {
        foreach (var e in Root.GetProperty("full").EnumerateArray())
        {
            int n = e.GetProperty("n").GetInt32();
            var x = Complex(Signal(n));
            AssertClose(Doubles(e.GetProperty("fft")), Fft.Forward(x).ToArray(), $"fft n = {n}");
            AssertClose(Doubles(e.GetProperty("ifft")), Fft.Inverse(x).ToArray(), $"ifft n = {n}");
            AssertClose(Doubles(e.GetProperty("rfft")), Fft.RealForward(Tensor.FromArray(RealSignal(n))).ToArray(), $"rfft n = {n}");
            AssertClose(Doubles(e.GetProperty("irfft")), Fft.RealInverse(Complex(Signal((n / 2) + 1, 5)), n).ToArray(), $"irfft n = {n}");
        }
    }

    [Fact]
    public void Normalizations_crop_and_pad_match_numpy()
    {
        int cases = 0;
        foreach (var e in Root.GetProperty("norms").EnumerateArray())
        {
            var norm = Norm(e.GetProperty("norm").GetString()!);
            int n = e.GetProperty("n").GetInt32();
            var x = Signal(12);
            var z = Complex(x);
            string what = $"{norm}, n = {n}";
            AssertClose(Doubles(e.GetProperty("fft")), Fft.Forward(z, n, norm: norm).ToArray(), "fft " + what);
            AssertClose(Doubles(e.GetProperty("ifft")), Fft.Inverse(z, n, norm: norm).ToArray(), "ifft " + what);
            AssertClose(Doubles(e.GetProperty("rfft")), Fft.RealForward(Tensor.FromArray(RealSignal(12)), n, norm: norm).ToArray(), "rfft " + what);
            var half = Complex(x[..14]);
            var irfft = n == 12 ? Fft.RealInverse(half, norm: norm) : Fft.RealInverse(half, n, norm: norm);
            AssertClose(Doubles(e.GetProperty("irfft")), irfft.ToArray(), "irfft " + what);
            cases++;
        }

        Assert.Equal(9, cases);
    }

    [Fact]
    public void Multidimensional_transforms_match_numpy()
    {
        int cases = 0;
        foreach (var e in Root.GetProperty("cases").EnumerateArray())
        {
            string kind = e.GetProperty("kind").GetString()!;
            var shape = Ints(e.GetProperty("shape"))!;
            var s = Ints(e.GetProperty("s"));
            var axes = Ints(e.GetProperty("axes"));
            var norm = Norm(e.GetProperty("norm").GetString()!);
            int size = shape.Aggregate(1, (a, b) => a * b);
            var z = Complex(Signal(size), DType.Float64, shape);
            var real = Tensor.FromArray(RealSignal(size), new Shape(shape), DType.Float64);
            var y = kind switch
            {
                "fft2" => Fft.Forward2D(z, s, axes, norm),
                "ifft2" => Fft.Inverse2D(z, s, axes, norm),
                "fftn" => Fft.ForwardN(z, s, axes, norm),
                "ifftn" => Fft.InverseN(z, s, axes, norm),
                "rfftn" => Fft.RealForwardN(real, s, axes, norm),
                "irfftn" => Fft.RealInverseN(z, s, axes, norm),
                _ => throw new InvalidOperationException(kind),
            };

            var outShape = Ints(e.GetProperty("outShape"))!;
            int[] expectedDims = kind == "irfftn" ? outShape : [.. outShape, 2];
            Assert.Equal(expectedDims, y.Shape.Dimensions.ToArray());
            AssertClose(Doubles(e.GetProperty("output")), y.ToArray(), $"{kind} {string.Join("x", shape)}");
            cases++;
        }

        Assert.Equal(13, cases);
    }

    [Fact]
    public void Frequencies_and_shifts_match_numpy()
    {
        foreach (var e in Root.GetProperty("frequencies").EnumerateArray())
        {
            int n = e.GetProperty("n").GetInt32();
            double d = e.GetProperty("d").GetDouble();
            AssertClose(Doubles(e.GetProperty("fftfreq")), Fft.Frequencies(n, d).ToArray(), $"fftfreq({n}, {d})", 1e-15);
            AssertClose(Doubles(e.GetProperty("rfftfreq")), Fft.RealFrequencies(n, d).ToArray(), $"rfftfreq({n}, {d})", 1e-15);
        }

        foreach (var e in Root.GetProperty("shifts").EnumerateArray())
        {
            var shape = Ints(e.GetProperty("shape"))!;
            var a = Tensor.Arange(shape.Aggregate(1, (p, q) => p * q)).Reshape(shape);
            Assert.Equal(Doubles(e.GetProperty("fftshift")), Fft.Shift(a).ToArray());
            Assert.Equal(Doubles(e.GetProperty("ifftshift")), Fft.InverseShift(a).ToArray());
            Assert.Equal(Doubles(e.GetProperty("fftshiftAxis0")), Fft.Shift(a, [0]).ToArray());
        }
    }

    private static void AssertClose(double[] expected, double[] actual, string what, double tolerance = Tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        double error = RelativeError(actual, expected);
        Assert.True(error <= tolerance, $"{what}: relative error {error:E2} over the norm.");
    }
}
