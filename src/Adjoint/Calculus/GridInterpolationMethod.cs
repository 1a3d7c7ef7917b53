namespace Adjoint.Calculus;

/// <summary>The methods of <see cref="RegularGridInterpolator"/>, scipy's <c>method</c> strings.</summary>
public enum GridInterpolationMethod
{
    /// <summary>Multilinear interpolation in each grid cell (scipy <c>'linear'</c>, the default).</summary>
    Linear,

    /// <summary>The value of the nearest grid point; a tie takes the lower one (scipy <c>'nearest'</c>).</summary>
    Nearest,

    /// <summary>The tensor product of degree-1 interpolating splines (scipy <c>'slinear'</c>; the same function as linear).</summary>
    Slinear,

    /// <summary>The tensor product of not-a-knot cubic interpolating splines, four or more points per axis (scipy <c>'cubic'</c>).</summary>
    Cubic,

    /// <summary>The tensor product of not-a-knot quintic interpolating splines, six or more points per axis (scipy <c>'quintic'</c>).</summary>
    Quintic,
}
