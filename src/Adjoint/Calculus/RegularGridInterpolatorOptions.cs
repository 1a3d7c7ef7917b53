namespace Adjoint.Calculus;

/// <summary>Settings of a <see cref="RegularGridInterpolator"/>, with scipy's names and defaults.</summary>
public sealed record RegularGridInterpolatorOptions
{
    /// <summary>The interpolation method (scipy <c>method</c>); default linear.</summary>
    public GridInterpolationMethod Method { get; init; } = GridInterpolationMethod.Linear;

    /// <summary>Whether a query outside the grid throws (scipy <c>bounds_error</c>, default true).</summary>
    public bool BoundsError { get; init; } = true;

    /// <summary>The value outside the grid when <see cref="BoundsError"/> is false (scipy <c>fill_value</c>, default NaN); null extrapolates with the method's edge cells or pieces, as scipy's <c>fill_value=None</c>.</summary>
    public double? FillValue { get; init; } = double.NaN;
}
