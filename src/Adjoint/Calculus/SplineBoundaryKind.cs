namespace Adjoint.Calculus;

/// <summary>The kinds of end condition a <see cref="CubicSpline"/> accepts (scipy's <c>bc_type</c> strings and pairs).</summary>
public enum SplineBoundaryKind
{
    /// <summary>The third derivative is continuous across the second and second-to-last points (scipy <c>'not-a-knot'</c>).</summary>
    NotAKnot,

    /// <summary>The spline and its first two derivatives match at both ends; y[0] must equal y[^1] (scipy <c>'periodic'</c>).</summary>
    Periodic,

    /// <summary>A derivative of a given order (1 or 2) takes a given value at the end (scipy's <c>(order, value)</c> pair).</summary>
    Derivative,
}
