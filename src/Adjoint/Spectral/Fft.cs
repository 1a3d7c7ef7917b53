using Adjoint.Autodiff.Ops;
using Adjoint.Tensors;

namespace Adjoint.Spectral;

/// <summary>
/// Discrete Fourier transforms with numpy.fft's semantics, as differentiable tensor operations in float32 and float64,
/// for every length.
/// </summary>
/// <remarks>
/// <para>Complex tensors use the layout of <see cref="ComplexTensor"/>: a last axis of length 2 (real, imaginary). Axis
/// arguments of the complex transforms count the logical axes, those before the trailing pair: for a complex tensor of
/// shape [a, b, 2], axis -1 (or 1) is the axis of length b. Real input of numpy's <c>fft</c> is written
/// <c>Fft.Forward(ComplexTensor.FromReal(x))</c>, or <see cref="RealForward"/> for its half-spectrum.</para>
/// <para>Forward: X_k = sum_j x_j exp(-2 pi i j k / n); inverse: x_j = (1/n) sum_k X_k exp(+2 pi i j k / n), with the
/// 1/n placed by <see cref="FftNorm"/>. A length n that differs from the input's crops it or pads it with zeros at the
/// end, as numpy does.</para>
/// <para>Algorithms: mixed-radix Stockham Cooley-Tukey for lengths whose prime factors are at most 31 (radix 4, 2, 3,
/// 5 and generic odd passes), Bluestein's chirp-z for the others; real transforms of even length pack the signal into a
/// half-length complex transform. Plans and twiddles are cached per length and dtype. Derivatives: every transform is
/// linear, its adjoint is the conjugate transform (with the half-spectrum weighting for the real ones), written with the
/// same operations, so gradients, Hessian-vector products and replay work through them.</para>
/// </remarks>
/// <example>
/// <code>
/// var img = Tensor.RandomNormal(new Shape(64, 48), seed: 1);
/// var spectrum = Fft.Forward2D(ComplexTensor.FromReal(img));   // scipy.fft.fft2(img): shape [64, 48, 2]
/// var fy = Fft.Frequencies(64, spacing: 10);                   // fftfreq(img.shape[0], d=10)
/// var fx = Fft.Frequencies(48, spacing: 10);
/// </code>
/// </example>
public static class Fft
{
    /// <summary>The one-dimensional discrete Fourier transform of a complex tensor (numpy.fft.fft).</summary>
    /// <param name="x">A complex tensor, shape [..., 2].</param>
    /// <param name="n">The transform length: the input is cropped or zero-padded to it; default its length on the axis.</param>
    /// <param name="axis">The logical axis to transform (negative counts from the end); default the last.</param>
    /// <param name="norm">The normalization; default <see cref="FftNorm.Backward"/> (unscaled).</param>
    /// <returns>A complex tensor with length n on the axis.</returns>
    /// <exception cref="ArgumentException">The last axis of <paramref name="x"/> does not have length 2.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The axis is out of range, or n &lt; 1.</exception>
    public static Tensor Forward(Tensor x, int? n = null, int axis = -1, FftNorm norm = FftNorm.Backward) =>
        ComplexAlong(x, n, axis, norm, inverse: false, nameof(Forward));

    /// <summary>The one-dimensional inverse discrete Fourier transform of a complex tensor (numpy.fft.ifft).</summary>
    /// <param name="x">A complex tensor, shape [..., 2].</param>
    /// <param name="n">The transform length: the input is cropped or zero-padded to it; default its length on the axis.</param>
    /// <param name="axis">The logical axis to transform; default the last.</param>
    /// <param name="norm">The normalization; default <see cref="FftNorm.Backward"/> (scaled by 1/n).</param>
    /// <returns>A complex tensor with length n on the axis.</returns>
    /// <exception cref="ArgumentException">The last axis of <paramref name="x"/> does not have length 2.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The axis is out of range, or n &lt; 1.</exception>
    public static Tensor Inverse(Tensor x, int? n = null, int axis = -1, FftNorm norm = FftNorm.Backward) =>
        ComplexAlong(x, n, axis, norm, inverse: true, nameof(Inverse));

    /// <summary>The transform of a real tensor, the n/2 + 1 non-negative frequencies (numpy.fft.rfft).</summary>
    /// <param name="x">A real tensor.</param>
    /// <param name="n">The signal length: the input is cropped or zero-padded to it; default its length on the axis.</param>
    /// <param name="axis">The axis to transform; default the last.</param>
    /// <param name="norm">The normalization; default <see cref="FftNorm.Backward"/> (unscaled).</param>
    /// <returns>A complex tensor with n/2 + 1 entries on the axis and a trailing axis of 2.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The axis is out of range, or n &lt; 1.</exception>
    public static Tensor RealForward(Tensor x, int? n = null, int axis = -1, FftNorm norm = FftNorm.Backward)
    {
        ArgumentNullException.ThrowIfNull(x);
        int a = Axis(axis, x.Rank, nameof(RealForward));
        int length = Length(n, x.Shape[a], nameof(RealForward));
        var input = Resize(x, a, length);
        return FftOps.RealToComplex(input, a, Scale(norm, length, inverse: false), middleWeight: 1);
    }

    /// <summary>
    /// The real signal of length n whose half-spectrum is <paramref name="x"/> (numpy.fft.irfft): the Hermitian
    /// extension is implied, and the imaginary parts of the zero-frequency (and, for even n, the Nyquist) entries are
    /// ignored.
    /// </summary>
    /// <param name="x">A complex tensor, shape [..., 2], holding non-negative frequencies on the axis.</param>
    /// <param name="n">The output length; default 2 (m - 1) for m input entries. The input is cropped or zero-padded
    /// to n/2 + 1 entries.</param>
    /// <param name="axis">The logical axis to transform; default the last.</param>
    /// <param name="norm">The normalization; default <see cref="FftNorm.Backward"/> (scaled by 1/n).</param>
    /// <returns>A real tensor with length n on the axis.</returns>
    /// <exception cref="ArgumentException">The last axis of <paramref name="x"/> does not have length 2.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The axis is out of range, or n &lt; 1.</exception>
    public static Tensor RealInverse(Tensor x, int? n = null, int axis = -1, FftNorm norm = FftNorm.Backward)
    {
        ComplexTensor.Require(x, nameof(RealInverse));
        int a = Axis(axis, x.Rank - 1, nameof(RealInverse));
        int m = x.Shape[a];
        int length = n ?? (2 * (m - 1));
        if (length < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(n), length,
                $"Fft.{nameof(RealInverse)}: the output length must be at least 1 (the default 2 (m - 1) needs m >= 2 input entries, got m = {m}).");
        }

        var input = Resize(x, a, (length / 2) + 1);
        return FftOps.ComplexToReal(input, a, length, Scale(norm, length, inverse: true), middleWeight: 2);
    }

    /// <summary>The two-dimensional transform of a complex tensor (numpy.fft.fft2): <see cref="ForwardN"/> over two axes.</summary>
    /// <param name="x">A complex tensor, shape [..., 2].</param>
    /// <param name="lengths">The transform lengths (numpy's <c>s</c>); default the input's.</param>
    /// <param name="axes">The logical axes; default the last two.</param>
    /// <param name="norm">The normalization.</param>
    /// <returns>The transformed complex tensor.</returns>
    /// <exception cref="ArgumentException">Not a complex tensor, or lengths and axes disagree.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An axis out of range or a length below 1.</exception>
    public static Tensor Forward2D(Tensor x, int[]? lengths = null, int[]? axes = null, FftNorm norm = FftNorm.Backward) =>
        ForwardN(x, lengths, axes ?? [-2, -1], norm);

    /// <summary>The two-dimensional inverse transform of a complex tensor (numpy.fft.ifft2).</summary>
    /// <param name="x">A complex tensor, shape [..., 2].</param>
    /// <param name="lengths">The transform lengths (numpy's <c>s</c>); default the input's.</param>
    /// <param name="axes">The logical axes; default the last two.</param>
    /// <param name="norm">The normalization.</param>
    /// <returns>The transformed complex tensor.</returns>
    /// <exception cref="ArgumentException">Not a complex tensor, or lengths and axes disagree.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An axis out of range or a length below 1.</exception>
    public static Tensor Inverse2D(Tensor x, int[]? lengths = null, int[]? axes = null, FftNorm norm = FftNorm.Backward) =>
        InverseN(x, lengths, axes ?? [-2, -1], norm);

    /// <summary>The n-dimensional transform of a complex tensor (numpy.fft.fftn): one-dimensional transforms over each axis.</summary>
    /// <param name="x">A complex tensor, shape [..., 2].</param>
    /// <param name="lengths">The transform lengths (numpy's <c>s</c>); default the input's along the axes.</param>
    /// <param name="axes">The logical axes; default all, or the last <c>lengths.Length</c> when lengths are given.</param>
    /// <param name="norm">The normalization (applied per axis, so its total is over the product of the lengths).</param>
    /// <returns>The transformed complex tensor.</returns>
    /// <exception cref="ArgumentException">Not a complex tensor, repeated axes, or lengths and axes disagree.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An axis out of range or a length below 1.</exception>
    public static Tensor ForwardN(Tensor x, int[]? lengths = null, int[]? axes = null, FftNorm norm = FftNorm.Backward) =>
        ComplexN(x, lengths, axes, norm, inverse: false, nameof(ForwardN));

    /// <summary>The n-dimensional inverse transform of a complex tensor (numpy.fft.ifftn).</summary>
    /// <param name="x">A complex tensor, shape [..., 2].</param>
    /// <param name="lengths">The transform lengths (numpy's <c>s</c>); default the input's along the axes.</param>
    /// <param name="axes">The logical axes; default all, or the last <c>lengths.Length</c> when lengths are given.</param>
    /// <param name="norm">The normalization.</param>
    /// <returns>The transformed complex tensor.</returns>
    /// <exception cref="ArgumentException">Not a complex tensor, repeated axes, or lengths and axes disagree.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An axis out of range or a length below 1.</exception>
    public static Tensor InverseN(Tensor x, int[]? lengths = null, int[]? axes = null, FftNorm norm = FftNorm.Backward) =>
        ComplexN(x, lengths, axes, norm, inverse: true, nameof(InverseN));

    /// <summary>
    /// The n-dimensional transform of a real tensor (numpy.fft.rfftn): the half-spectrum along the last of the axes, then
    /// complex transforms along the others.
    /// </summary>
    /// <param name="x">A real tensor.</param>
    /// <param name="lengths">The signal lengths (numpy's <c>s</c>); default the input's along the axes.</param>
    /// <param name="axes">The axes; default all, or the last <c>lengths.Length</c> when lengths are given.</param>
    /// <param name="norm">The normalization.</param>
    /// <returns>A complex tensor with n/2 + 1 entries on the last axis transformed.</returns>
    /// <exception cref="ArgumentException">Repeated axes, or lengths and axes disagree.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An axis out of range or a length below 1.</exception>
    public static Tensor RealForwardN(Tensor x, int[]? lengths = null, int[]? axes = null, FftNorm norm = FftNorm.Backward)
    {
        ArgumentNullException.ThrowIfNull(x);
        var (ax, s) = AxesAndLengths(x.Shape.Dimensions, lengths, axes, nameof(RealForwardN));
        var y = RealForward(x, s[^1], ax[^1], norm);
        for (int i = 0; i < ax.Length - 1; i++)
        {
            y = Forward(y, s[i], ax[i], norm);
        }

        return y;
    }

    /// <summary>
    /// The inverse of <see cref="RealForwardN"/> (numpy.fft.irfftn): complex inverse transforms along all but the last of
    /// the axes, then the real signal along the last.
    /// </summary>
    /// <param name="x">A complex tensor, shape [..., 2].</param>
    /// <param name="lengths">The output lengths (numpy's <c>s</c>); default the input's, except 2 (m - 1) on the last axis.</param>
    /// <param name="axes">The logical axes; default all, or the last <c>lengths.Length</c> when lengths are given.</param>
    /// <param name="norm">The normalization.</param>
    /// <returns>A real tensor.</returns>
    /// <exception cref="ArgumentException">Not a complex tensor, repeated axes, or lengths and axes disagree.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An axis out of range or a length below 1.</exception>
    public static Tensor RealInverseN(Tensor x, int[]? lengths = null, int[]? axes = null, FftNorm norm = FftNorm.Backward)
    {
        ComplexTensor.Require(x, nameof(RealInverseN));
        var logical = x.Shape.Dimensions[..^1];
        var (ax, s) = AxesAndLengths(logical, lengths, axes, nameof(RealInverseN));
        if (lengths is null)
        {
            s[^1] = 2 * (logical[ax[^1]] - 1);
        }

        var y = x;
        for (int i = 0; i < ax.Length - 1; i++)
        {
            y = Inverse(y, s[i], ax[i], norm);
        }

        return RealInverse(y, s[^1], ax[^1], norm);
    }

    /// <summary>
    /// The sample frequencies of a transform of length <paramref name="n"/> (numpy.fft.fftfreq): [0, 1, ...,
    /// ceil(n/2) - 1, -floor(n/2), ..., -1] / (n d).
    /// </summary>
    /// <param name="n">The transform length (at least 1).</param>
    /// <param name="spacing">The sample spacing d (numpy's <c>d</c>); the result is in cycles per unit of d.</param>
    /// <param name="dtype">The dtype of the result.</param>
    /// <returns>A tensor of n frequencies.</returns>
    /// <exception cref="ArgumentOutOfRangeException">n &lt; 1, or the spacing is zero or not finite.</exception>
    public static Tensor Frequencies(int n, double spacing = 1.0, DType dtype = DType.Float64)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        CheckSpacing(spacing);
        var f = new double[n];
        int positive = ((n - 1) / 2) + 1;
        double scale = 1.0 / (n * spacing);
        for (int i = 0; i < n; i++)
        {
            f[i] = (i < positive ? i : i - n) * scale;
        }

        return Tensor.FromArray(f, new Shape(n), dtype);
    }

    /// <summary>
    /// The non-negative sample frequencies of a real transform of length <paramref name="n"/> (numpy.fft.rfftfreq):
    /// [0, 1, ..., n/2] / (n d).
    /// </summary>
    /// <param name="n">The signal length (at least 1).</param>
    /// <param name="spacing">The sample spacing d.</param>
    /// <param name="dtype">The dtype of the result.</param>
    /// <returns>A tensor of n/2 + 1 frequencies.</returns>
    /// <exception cref="ArgumentOutOfRangeException">n &lt; 1, or the spacing is zero or not finite.</exception>
    public static Tensor RealFrequencies(int n, double spacing = 1.0, DType dtype = DType.Float64)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        CheckSpacing(spacing);
        var f = new double[(n / 2) + 1];
        double scale = 1.0 / (n * spacing);
        for (int i = 0; i < f.Length; i++)
        {
            f[i] = i * scale;
        }

        return Tensor.FromArray(f, new Shape(f.Length), dtype);
    }

    /// <summary>
    /// Moves the zero-frequency entry to the centre (numpy.fft.fftshift): rolls each axis by floor(n/2). The tensor is
    /// treated as a plain array, so for a complex tensor name its logical axes (for shape [a, b, 2], axes [0, 1]).
    /// </summary>
    /// <param name="x">The tensor.</param>
    /// <param name="axes">The axes to shift; default all.</param>
    /// <returns>The shifted tensor.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An axis is out of range.</exception>
    public static Tensor Shift(Tensor x, int[]? axes = null) => Roll(x, axes, inverse: false, nameof(Shift));

    /// <summary>The inverse of <see cref="Shift"/> (numpy.fft.ifftshift): rolls each axis by -floor(n/2).</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="axes">The axes to shift; default all.</param>
    /// <returns>The shifted tensor.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An axis is out of range.</exception>
    public static Tensor InverseShift(Tensor x, int[]? axes = null) => Roll(x, axes, inverse: true, nameof(InverseShift));

    private static Tensor ComplexAlong(Tensor x, int? n, int axis, FftNorm norm, bool inverse, string operation)
    {
        ComplexTensor.Require(x, $"Fft.{operation}");
        int a = Axis(axis, x.Rank - 1, operation);
        int length = Length(n, x.Shape[a], operation);
        var input = Resize(x, a, length);
        return FftOps.Complex(input, a, inverse, Scale(norm, length, inverse));
    }

    private static Tensor ComplexN(Tensor x, int[]? lengths, int[]? axes, FftNorm norm, bool inverse, string operation)
    {
        ComplexTensor.Require(x, $"Fft.{operation}");
        var (ax, s) = AxesAndLengths(x.Shape.Dimensions[..^1], lengths, axes, operation);
        var y = x;
        for (int i = 0; i < ax.Length; i++)
        {
            y = ComplexAlong(y, s[i], ax[i], norm, inverse, operation);
        }

        return y;
    }

    /// <summary>numpy's resolution of (s, axes): normalized axes (distinct) and one length per axis.</summary>
    private static (int[] Axes, int[] Lengths) AxesAndLengths(ReadOnlySpan<int> dims, int[]? lengths, int[]? axes, string operation)
    {
        int rank = dims.Length;
        int[] ax;
        if (axes is not null)
        {
            ax = [.. axes.Select(a => Axis(a, rank, operation))];
        }
        else if (lengths is not null)
        {
            if (lengths.Length > rank)
            {
                throw new ArgumentException($"Fft.{operation}: {lengths.Length} lengths for a tensor of {rank} (logical) axes.", nameof(lengths));
            }

            ax = [.. Enumerable.Range(rank - lengths.Length, lengths.Length)];
        }
        else
        {
            ax = [.. Enumerable.Range(0, rank)];
        }

        if (ax.Length == 0)
        {
            throw new ArgumentException($"Fft.{operation}: no axis to transform.", nameof(axes));
        }

        if (ax.Distinct().Count() != ax.Length)
        {
            throw new ArgumentException($"Fft.{operation}: the axes [{string.Join(", ", axes!)}] repeat an axis.", nameof(axes));
        }

        int[] s;
        if (lengths is not null)
        {
            if (lengths.Length != ax.Length)
            {
                throw new ArgumentException($"Fft.{operation}: {lengths.Length} lengths for {ax.Length} axes.", nameof(lengths));
            }

            foreach (int l in lengths)
            {
                if (l < 1)
                {
                    throw new ArgumentOutOfRangeException(nameof(lengths), l, $"Fft.{operation}: every transform length must be at least 1.");
                }
            }

            s = [.. lengths];
        }
        else
        {
            s = new int[ax.Length];
            for (int i = 0; i < ax.Length; i++)
            {
                s[i] = dims[ax[i]];
            }
        }

        return (ax, s);
    }

    private static int Axis(int axis, int rank, string operation)
    {
        if (rank == 0 || axis < -rank || axis >= rank)
        {
            throw new ArgumentOutOfRangeException(nameof(axis), axis,
                $"Fft.{operation}: axis {axis} is out of range for a tensor of {rank} (logical) axes.");
        }

        return axis < 0 ? axis + rank : axis;
    }

    private static int Length(int? n, int current, string operation)
    {
        int length = n ?? current;
        if (length < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(n), length, $"Fft.{operation}: the transform length must be at least 1, got {length}.");
        }

        return length;
    }

    private static double Scale(FftNorm norm, int n, bool inverse) => norm switch
    {
        FftNorm.Backward => inverse ? 1.0 / n : 1.0,
        FftNorm.Ortho => 1.0 / Math.Sqrt(n),
        FftNorm.Forward => inverse ? 1.0 : 1.0 / n,
        _ => throw new ArgumentOutOfRangeException(nameof(norm), norm, "Fft: unknown normalization."),
    };

    private static void CheckSpacing(double spacing)
    {
        if (spacing == 0 || !double.IsFinite(spacing))
        {
            throw new ArgumentOutOfRangeException(nameof(spacing), spacing, "Fft: the sample spacing must be finite and nonzero.");
        }
    }

    /// <summary>x cropped (a slice) or zero-padded (a slice adjoint) to length n on axis a: both differentiable.</summary>
    private static Tensor Resize(Tensor x, int a, int n)
    {
        int current = x.Shape[a];
        if (current == n)
        {
            return x;
        }

        var dims = x.Shape.Dimensions.ToArray();
        var starts = new int[dims.Length];
        var steps = new int[dims.Length];
        Array.Fill(steps, 1);
        if (n < current)
        {
            var counts = dims.ToArray();
            counts[a] = n;
            return Indexing.Slice(x, starts, steps, counts);
        }

        var full = dims.ToArray();
        full[a] = n;
        return Indexing.SliceAdjoint(x, new Shape(full), starts, steps, dims);
    }

    private static Tensor Roll(Tensor x, int[]? axes, bool inverse, string operation)
    {
        ArgumentNullException.ThrowIfNull(x);
        var ax = axes is null ? Enumerable.Range(0, x.Rank).ToArray() : [.. axes.Select(a => Axis(a, x.Rank, operation))];
        var y = x;
        foreach (int a in ax)
        {
            int n = y.Shape[a];
            int shift = inverse ? -(n / 2) : n / 2;
            int split = ((n - shift) % n + n) % n;
            if (n <= 1 || split == 0)
            {
                continue;
            }

            // Rolled right by shift: the last `shift` entries come first.
            var dims = y.Shape.Dimensions.ToArray();
            var steps = new int[dims.Length];
            Array.Fill(steps, 1);
            var headStarts = new int[dims.Length];
            var headCounts = dims.ToArray();
            headStarts[a] = split;
            headCounts[a] = n - split;
            var tailStarts = new int[dims.Length];
            var tailCounts = dims.ToArray();
            tailCounts[a] = split;
            y = Indexing.Concat([Indexing.Slice(y, headStarts, steps, headCounts), Indexing.Slice(y, tailStarts, steps, tailCounts)], a);
        }

        return y;
    }
}
