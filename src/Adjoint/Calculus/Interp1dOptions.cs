namespace Adjoint.Calculus;

/// <summary>Settings of an <see cref="Interp1d"/>, with scipy's names and defaults.</summary>
public sealed record Interp1dOptions
{
    /// <summary>The interpolant (scipy <c>kind</c>); default linear.</summary>
    public InterpolationKind Kind { get; init; } = InterpolationKind.Linear;

    /// <summary>The axis of y along which the data points lie (scipy <c>axis</c>, default -1, the last axis).</summary>
    public int Axis { get; init; } = -1;

    /// <summary>The values outside the data range, or extrapolation (scipy <c>fill_value</c>); default NaN.</summary>
    public FillValue FillValue { get; init; } = FillValue.Nan;

    /// <summary>
    /// Whether a query outside [x[0], x[^1]] throws (scipy <c>bounds_error</c>). Null, the default, means scipy's
    /// rule: throw unless <see cref="FillValue"/> is <see cref="FillValue.Extrapolate"/>. Setting it to true
    /// together with extrapolation is an error.
    /// </summary>
    public bool? BoundsError { get; init; }

    /// <summary>Whether x is already increasing (scipy <c>assume_sorted</c>); if false (the default) the points are sorted, stably, first. When true, unsorted x is an error.</summary>
    public bool AssumeSorted { get; init; }
}
