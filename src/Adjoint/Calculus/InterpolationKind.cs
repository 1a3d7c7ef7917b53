namespace Adjoint.Calculus;

/// <summary>The interpolants of <see cref="Interp1d"/>, scipy's <c>kind</c> strings.</summary>
public enum InterpolationKind
{
    /// <summary>Straight lines between neighbouring points (scipy <c>'linear'</c>, the default).</summary>
    Linear,

    /// <summary>The value of the nearest point; halfway between two points takes the left one (scipy <c>'nearest'</c>).</summary>
    Nearest,

    /// <summary>The value of the point at or before the query (scipy <c>'previous'</c>).</summary>
    Previous,

    /// <summary>The value of the point at or after the query (scipy <c>'next'</c>).</summary>
    Next,

    /// <summary>The interpolating linear B-spline, <c>make_interp_spline(k=1)</c> (scipy <c>'slinear'</c>; the same function as linear).</summary>
    Slinear,

    /// <summary>The interpolating quadratic B-spline scipy builds with <c>make_interp_spline(k=2)</c> (scipy <c>'quadratic'</c>).</summary>
    Quadratic,

    /// <summary>The not-a-knot interpolating cubic B-spline, <c>make_interp_spline(k=3)</c> (scipy <c>'cubic'</c>).</summary>
    Cubic,
}
