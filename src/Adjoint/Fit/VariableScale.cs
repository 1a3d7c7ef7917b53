using System.Globalization;

namespace Adjoint.Fit;

/// <summary>
/// The characteristic scale of each variable (scipy's <c>x_scale</c>): the trust region is spherical in the variables
/// x / scale. Either fixed values or <see cref="Jacobian"/> (scipy's <c>x_scale='jac'</c>), the inverse norms of the
/// Jacobian's columns, updated as the iteration proceeds (for <see cref="LeastSquaresMethod.Lm"/>: MINPACK's internal
/// scaling, <c>mode=1</c>).
/// </summary>
public sealed record VariableScale
{
    private VariableScale(double[]? values) => Values = values;

    /// <summary>The fixed scales, or null for <see cref="Jacobian"/> and for <see cref="Unit"/> (all ones).</summary>
    public IReadOnlyList<double>? Values { get; }

    /// <summary>Whether the scale is taken from the Jacobian's column norms.</summary>
    public bool IsJacobian { get; private init; }

    /// <summary>Every variable has scale 1 (scipy's default <c>x_scale=1.0</c>).</summary>
    public static VariableScale Unit { get; } = new((double[]?)null);

    /// <summary>Scales from the Jacobian's column norms (scipy's <c>x_scale='jac'</c>).</summary>
    public static VariableScale Jacobian { get; } = new((double[]?)null) { IsJacobian = true };

    /// <summary>Fixed positive scales, one per variable (a single value applies to all).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A scale is not positive and finite.</exception>
    public static VariableScale Fixed(params double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        for (int i = 0; i < values.Length; i++)
        {
            if (!(values[i] > 0) || double.IsPositiveInfinity(values[i]))
            {
                throw new ArgumentOutOfRangeException(nameof(values), string.Create(CultureInfo.InvariantCulture, $"XScale[{i}] = {values[i]}: scales must be positive and finite."));
            }
        }

        return new VariableScale((double[])values.Clone());
    }

    /// <summary>The scale vector for n variables (ones for <see cref="Unit"/> and <see cref="Jacobian"/>).</summary>
    internal double[] Resolve(int n)
    {
        var s = new double[n];
        if (Values is null)
        {
            Array.Fill(s, 1.0);
        }
        else if (Values.Count == 1)
        {
            Array.Fill(s, Values[0]);
        }
        else if (Values.Count == n)
        {
            for (int i = 0; i < n; i++)
            {
                s[i] = Values[i];
            }
        }
        else
        {
            throw new ArgumentException($"XScale has {Values.Count} entries; the problem has {n} variables.", nameof(n));
        }

        return s;
    }

    /// <inheritdoc/>
    public override string ToString() =>
        IsJacobian ? "jac" : Values is null ? "1" : string.Join(", ", Values.Select(v => v.ToString("G6", CultureInfo.InvariantCulture)));
}
