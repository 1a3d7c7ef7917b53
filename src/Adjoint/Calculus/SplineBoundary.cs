using System.Globalization;

namespace Adjoint.Calculus;

/// <summary>One end condition of a <see cref="CubicSpline"/>, as scipy's <c>bc_type</c>.</summary>
/// <param name="Kind">Not-a-knot, periodic, or a prescribed derivative.</param>
/// <param name="Order">For <see cref="SplineBoundaryKind.Derivative"/>: 1 (slope) or 2 (curvature).</param>
/// <param name="Value">For <see cref="SplineBoundaryKind.Derivative"/>: the derivative's value at the end.</param>
public sealed record SplineBoundary(SplineBoundaryKind Kind, int Order = 0, double Value = 0)
{
    /// <summary>scipy's default <c>'not-a-knot'</c>: the first and second pieces (and the last two) are one cubic.</summary>
    public static SplineBoundary NotAKnot { get; } = new(SplineBoundaryKind.NotAKnot);

    /// <summary>scipy <c>'natural'</c>: second derivative zero, <c>(2, 0.0)</c>.</summary>
    public static SplineBoundary Natural { get; } = new(SplineBoundaryKind.Derivative, 2, 0);

    /// <summary>scipy <c>'clamped'</c>: first derivative zero, <c>(1, 0.0)</c>.</summary>
    public static SplineBoundary Clamped { get; } = new(SplineBoundaryKind.Derivative, 1, 0);

    /// <summary>scipy <c>'periodic'</c>; must be used at both ends.</summary>
    public static SplineBoundary Periodic { get; } = new(SplineBoundaryKind.Periodic);

    /// <summary>The derivative of order <paramref name="order"/> (1 or 2) equals <paramref name="value"/> at the end, scipy's <c>(order, value)</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The order is not 1 or 2, or the value is not finite.</exception>
    public static SplineBoundary FixedDerivative(int order, double value)
    {
        if (order is not (1 or 2))
        {
            throw new ArgumentOutOfRangeException(nameof(order), order, "The derivative order of a spline end condition must be 1 or 2.");
        }

        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "The derivative value of a spline end condition must be finite.");
        }

        return new SplineBoundary(SplineBoundaryKind.Derivative, order, value);
    }

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        SplineBoundaryKind.NotAKnot => "not-a-knot",
        SplineBoundaryKind.Periodic => "periodic",
        _ => string.Create(CultureInfo.InvariantCulture, $"({Order}, {Value:R})"),
    };
}
