using Adjoint.Autodiff.Ops;
using Adjoint.Tensors;

namespace Adjoint.Spectral;

/// <summary>
/// Complex values in the layout the Fourier transforms use: a real tensor whose last axis has length 2 holding the
/// real and imaginary parts, as PyTorch's <c>view_as_real</c>. A complex array of logical shape [a, b] is a tensor of
/// shape [a, b, 2]; its element (i, j) is <c>z[i, j, 0] + i z[i, j, 1]</c>.
/// </summary>
/// <remarks>Every function here is built from differentiable tensor operations, so gradients flow through them.</remarks>
public static class ComplexTensor
{
    /// <summary>The complex tensor re + i im (shape of the parts plus a trailing 2).</summary>
    /// <param name="real">The real parts.</param>
    /// <param name="imaginary">The imaginary parts, with the shape and dtype of <paramref name="real"/>.</param>
    /// <returns>A tensor of shape [..., 2].</returns>
    /// <exception cref="ArgumentException">The parts differ in shape or dtype.</exception>
    public static Tensor FromParts(Tensor real, Tensor imaginary)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(imaginary);
        if (real.Shape != imaginary.Shape || real.DType != imaginary.DType)
        {
            throw new ArgumentException(
                $"ComplexTensor.FromParts: the real part ({real.Shape}, {real.DType}) and the imaginary part ({imaginary.Shape}, {imaginary.DType}) differ.",
                nameof(imaginary));
        }

        return Tensor.Stack([real, imaginary], real.Rank);
    }

    /// <summary>The complex tensor x + 0i, as numpy promotes real input of <c>fft</c>.</summary>
    /// <param name="real">The real values.</param>
    /// <returns>A tensor of shape [..., 2] with zero imaginary parts.</returns>
    public static Tensor FromReal(Tensor real)
    {
        ArgumentNullException.ThrowIfNull(real);
        return FromParts(real, Tensor.ZerosLike(real));
    }

    /// <summary>The real parts of a complex tensor (shape [..., 2] to [...]).</summary>
    /// <param name="z">A complex tensor.</param>
    /// <returns>The real parts.</returns>
    /// <exception cref="ArgumentException">The last axis of <paramref name="z"/> does not have length 2.</exception>
    public static Tensor Real(Tensor z) => Part(z, 0, nameof(Real));

    /// <summary>The imaginary parts of a complex tensor (shape [..., 2] to [...]).</summary>
    /// <param name="z">A complex tensor.</param>
    /// <returns>The imaginary parts.</returns>
    /// <exception cref="ArgumentException">The last axis of <paramref name="z"/> does not have length 2.</exception>
    public static Tensor Imaginary(Tensor z) => Part(z, 1, nameof(Imaginary));

    /// <summary>The squared magnitudes re^2 + im^2 (the power spectrum of a transform), shape [..., 2] to [...].</summary>
    /// <param name="z">A complex tensor.</param>
    /// <returns>|z|^2 elementwise.</returns>
    /// <exception cref="ArgumentException">The last axis of <paramref name="z"/> does not have length 2.</exception>
    public static Tensor SquaredMagnitude(Tensor z)
    {
        Require(z, nameof(SquaredMagnitude));
        return (z * z).Sum(z.Rank - 1);
    }

    /// <summary>The magnitudes sqrt(re^2 + im^2), shape [..., 2] to [...] (not differentiable at zero).</summary>
    /// <param name="z">A complex tensor.</param>
    /// <returns>|z| elementwise.</returns>
    /// <exception cref="ArgumentException">The last axis of <paramref name="z"/> does not have length 2.</exception>
    public static Tensor Magnitude(Tensor z) => Tensor.Sqrt(SquaredMagnitude(z));

    /// <summary>The complex conjugates re - i im.</summary>
    /// <param name="z">A complex tensor.</param>
    /// <returns>A complex tensor of the same shape.</returns>
    /// <exception cref="ArgumentException">The last axis of <paramref name="z"/> does not have length 2.</exception>
    public static Tensor Conjugate(Tensor z) => FromParts(Real(z), -Imaginary(z));

    /// <summary>Checks that <paramref name="z"/> is a complex tensor: rank at least 1 with a last axis of length 2.</summary>
    internal static void Require(Tensor z, string operation)
    {
        ArgumentNullException.ThrowIfNull(z);
        if (z.Rank == 0 || z.Shape[z.Rank - 1] != 2)
        {
            throw new ArgumentException(
                $"{operation}: a complex tensor has a last axis of length 2 (real, imaginary), got shape {z.Shape}. Use ComplexTensor.FromReal for real data.",
                nameof(z));
        }
    }

    private static Tensor Part(Tensor z, int which, string operation)
    {
        Require(z, operation);
        int r = z.Rank;
        var starts = new int[r];
        var steps = new int[r];
        var counts = z.Shape.Dimensions.ToArray();
        Array.Fill(steps, 1);
        starts[r - 1] = which;
        counts[r - 1] = 1;
        var part = Indexing.Slice(z, starts, steps, counts);
        return ShapeOps.Reshape(part, new Shape(z.Shape.Dimensions[..^1]));
    }
}
