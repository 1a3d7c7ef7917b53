namespace Adjoint.Optimize.Constraints;

/// <summary>
/// Bounds of one variable: one (lower, upper) pair for all its elements, or arrays shaped like the variable.
/// Null or ±infinity means unbounded on that side.
/// </summary>
/// <example><code>
/// Bound a = (null, 0.0);                                         // x &lt;= 0 elementwise
/// Bound b = Bound.Elementwise([0, 0, -1], [1, 2, double.PositiveInfinity]);
/// </code></example>
public sealed class Bound
{
    private Bound(double? lower, double? upper, double[]? lowerElements, double[]? upperElements)
    {
        Lower = lower;
        Upper = upper;
        LowerElements = lowerElements;
        UpperElements = upperElements;
    }

    /// <summary>The lower bound for every element (null: unbounded), unless <see cref="LowerElements"/> is set.</summary>
    public double? Lower { get; }

    /// <summary>The upper bound for every element (null: unbounded), unless <see cref="UpperElements"/> is set.</summary>
    public double? Upper { get; }

    /// <summary>Per-element lower bounds in row-major order, or null.</summary>
    public double[]? LowerElements { get; }

    /// <summary>Per-element upper bounds in row-major order, or null.</summary>
    public double[]? UpperElements { get; }

    /// <summary>The same pair for every element.</summary>
    public static Bound Scalar(double? lower, double? upper) => new(lower, upper, null, null);

    /// <summary>Per-element bounds (flat, row-major, as many as the variable has elements); a null array is unbounded.</summary>
    public static Bound Elementwise(double[]? lower, double[]? upper) => new(null, null, lower, upper);

    /// <summary>The pair (lower, upper) for every element.</summary>
    public static implicit operator Bound((double? Lower, double? Upper) pair) => Scalar(pair.Lower, pair.Upper);

    /// <summary>The pair (lower, upper) for every element.</summary>
    public static Bound FromValueTuple((double? Lower, double? Upper) pair) => Scalar(pair.Lower, pair.Upper);

    internal void Fill(Span<double> lower, Span<double> upper, string name)
    {
        Fill(lower, Lower, LowerElements, double.NegativeInfinity, name, "lower");
        Fill(upper, Upper, UpperElements, double.PositiveInfinity, name, "upper");
        for (int i = 0; i < lower.Length; i++)
        {
            if (lower[i] > upper[i])
            {
                throw new ArgumentOutOfRangeException(nameof(lower),
                    $"Bounds of variable '{name}' element {i}: lower {lower[i]} exceeds upper {upper[i]}.");
            }
        }
    }

    private static void Fill(Span<double> dest, double? scalar, double[]? elements, double none, string name, string side)
    {
        if (elements is not null)
        {
            if (elements.Length != dest.Length)
            {
                throw new ArgumentException($"Bounds of variable '{name}': {elements.Length} {side} bounds for {dest.Length} elements.", name);
            }

            for (int i = 0; i < dest.Length; i++)
            {
                double v = elements[i];
                if (double.IsNaN(v))
                {
                    throw new ArgumentException($"Bounds of variable '{name}': {side} bound {i} is NaN.", name);
                }

                dest[i] = v;
            }
        }
        else
        {
            double v = scalar ?? none;
            if (double.IsNaN(v))
            {
                throw new ArgumentException($"Bounds of variable '{name}': {side} bound is NaN.", name);
            }

            dest.Fill(v);
        }
    }
}
