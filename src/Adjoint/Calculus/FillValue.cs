using System.Globalization;

namespace Adjoint.Calculus;

/// <summary>What <see cref="Interp1d"/> returns outside the data range (scipy's <c>fill_value</c>).</summary>
/// <param name="Below">The value for queries below x[0].</param>
/// <param name="Above">The value for queries above x[^1].</param>
/// <param name="IsExtrapolate">Whether the interpolant is extended instead (scipy's <c>"extrapolate"</c>); then Below and Above are unused.</param>
public sealed record FillValue(double Below, double Above, bool IsExtrapolate = false)
{
    /// <summary>NaN on both sides, scipy's default <c>fill_value=np.nan</c>.</summary>
    public static FillValue Nan { get; } = new(double.NaN, double.NaN);

    /// <summary>scipy's <c>fill_value="extrapolate"</c>: the interpolant continues beyond the data.</summary>
    public static FillValue Extrapolate { get; } = new(double.NaN, double.NaN, true);

    /// <summary>One value on both sides (a scalar <c>fill_value</c>).</summary>
    /// <param name="value">The value returned outside the data range.</param>
    public static FillValue Constant(double value) => new(value, value);

    /// <summary>A (below, above) pair.</summary>
    /// <param name="below">The value below x[0].</param>
    /// <param name="above">The value above x[^1].</param>
    public static FillValue Pair(double below, double above) => new(below, above);

    /// <inheritdoc/>
    public override string ToString() => IsExtrapolate ? "extrapolate" : string.Create(CultureInfo.InvariantCulture, $"({Below:R}, {Above:R})");
}
