namespace Adjoint.Calculus;

/// <summary>Why an adaptive quadrature stopped; only <see cref="Converged"/> counts as success.</summary>
/// <remarks>The members after <see cref="Converged"/> follow QUADPACK's <c>ier</c> codes 1 to 5 (scipy's
/// <c>quad</c> warnings), plus <see cref="NonFiniteValue"/>, which QUADPACK does not detect.</remarks>
public enum QuadStatus
{
    /// <summary>The error estimate is within max(epsabs, epsrel |I|).</summary>
    Converged,

    /// <summary>The subdivision limit was reached before the tolerance was met (QUADPACK ier = 1).</summary>
    MaxSubdivisions,

    /// <summary>Roundoff error prevents the requested tolerance; the error estimate may be too small (ier = 2).</summary>
    Roundoff,

    /// <summary>An interval became too small to bisect: the integrand behaves extremely badly near a point (ier = 3).</summary>
    BadIntegrandBehavior,

    /// <summary>Roundoff in the extrapolation table stopped convergence; the result is the best obtainable (ier = 4).</summary>
    ExtrapolationRoundoff,

    /// <summary>The integral is probably divergent, or converges too slowly to be computed (ier = 5).</summary>
    Divergent,

    /// <summary>The integrand returned NaN or an infinity at a node.</summary>
    NonFiniteValue,
}
