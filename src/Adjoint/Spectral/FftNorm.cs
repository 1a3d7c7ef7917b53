namespace Adjoint.Spectral;

/// <summary>
/// Where the 1/n of a discrete Fourier transform pair goes, as numpy's <c>norm</c> argument ("backward", "ortho",
/// "forward"). For a multi-axis transform, n is the product of the transformed lengths.
/// </summary>
public enum FftNorm
{
    /// <summary>numpy's "backward" (the default): the forward transform is unscaled, the inverse scales by 1/n.</summary>
    Backward,

    /// <summary>numpy's "ortho": both directions scale by 1/sqrt(n), so each transform is unitary.</summary>
    Ortho,

    /// <summary>numpy's "forward": the forward transform scales by 1/n, the inverse is unscaled.</summary>
    Forward,
}
