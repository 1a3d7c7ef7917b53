namespace Adjoint.Calculus;

/// <summary>Settings of a <see cref="CubicSpline"/>, with scipy's names and defaults.</summary>
public sealed record CubicSplineOptions
{
    /// <summary>The axis of y along which the data points lie (scipy <c>axis</c>, default 0; negative counts from the end).</summary>
    public int Axis { get; init; }

    /// <summary>The condition at x[0] (scipy <c>bc_type[0]</c>); default not-a-knot.</summary>
    public SplineBoundary Start { get; init; } = SplineBoundary.NotAKnot;

    /// <summary>The condition at x[^1] (scipy <c>bc_type[1]</c>); default not-a-knot.</summary>
    public SplineBoundary End { get; init; } = SplineBoundary.NotAKnot;

    /// <summary>Behaviour outside the data (scipy <c>extrapolate</c>); null means periodic for periodic end conditions and the end pieces continued otherwise.</summary>
    public Extrapolation? Extrapolation { get; init; }

    /// <summary>The same condition at both ends (scipy's single-string <c>bc_type</c>).</summary>
    /// <param name="boundary">The condition for x[0] and x[^1].</param>
    public static CubicSplineOptions WithBoundary(SplineBoundary boundary) => new() { Start = boundary, End = boundary };
}
