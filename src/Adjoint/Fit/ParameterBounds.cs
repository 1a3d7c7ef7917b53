using System.Globalization;

namespace Adjoint.Fit;

/// <summary>
/// Lower and upper bounds on the variables (scipy's <c>bounds=(lb, ub)</c>); use infinities for unbounded sides.
/// </summary>
/// <param name="Lower">Lower bounds, one per variable, or a single value for all.</param>
/// <param name="Upper">Upper bounds, one per variable, or a single value for all.</param>
public sealed record ParameterBounds(IReadOnlyList<double> Lower, IReadOnlyList<double> Upper)
{
    /// <summary>No bounds.</summary>
    public static ParameterBounds None { get; } = new([double.NegativeInfinity], [double.PositiveInfinity]);

    /// <summary>Expands the bounds to n variables and checks them.</summary>
    /// <exception cref="ArgumentException">A length differs from n (and is not 1).</exception>
    /// <exception cref="ArgumentOutOfRangeException">A lower bound is not below its upper bound, or a bound is NaN.</exception>
    internal (double[] Lower, double[] Upper) Resolve(int n)
    {
        var lb = Expand(Lower, n, "Lower");
        var ub = Expand(Upper, n, "Upper");
        for (int i = 0; i < n; i++)
        {
            if (double.IsNaN(lb[i]) || double.IsNaN(ub[i]) || !(lb[i] < ub[i]))
            {
                throw new ArgumentOutOfRangeException(nameof(n), string.Create(CultureInfo.InvariantCulture,
                    $"Bounds of variable {i}: lower {lb[i]} must be strictly below upper {ub[i]}."));
            }
        }

        return (lb, ub);
    }

    /// <summary>Whether every bound is infinite.</summary>
    internal bool IsUnbounded => Lower.All(double.IsNegativeInfinity) && Upper.All(double.IsPositiveInfinity);

    private static double[] Expand(IReadOnlyList<double> v, int n, string name)
    {
        ArgumentNullException.ThrowIfNull(v, name);
        if (v.Count == 1)
        {
            var r = new double[n];
            Array.Fill(r, v[0]);
            return r;
        }

        if (v.Count != n)
        {
            throw new ArgumentException($"Bounds.{name} has {v.Count} entries; the problem has {n} variables.", nameof(v));
        }

        return [.. v];
    }
}
