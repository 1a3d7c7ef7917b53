using System.Globalization;
using Adjoint.Tensors;

namespace Adjoint.Calculus;

/// <summary>Validation of interpolation knots and data, with messages that name the offending argument.</summary>
internal static class KnotCheck
{
    /// <summary>Throws unless <paramref name="x"/> is finite and strictly increasing with at least <paramref name="minimum"/> entries.</summary>
    public static void StrictlyIncreasing(ReadOnlySpan<double> x, string paramName, int minimum)
    {
        if (x.Length < minimum)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{paramName} has {x.Length} points; this interpolant needs at least {minimum}."), paramName);
        }

        for (int i = 0; i < x.Length; i++)
        {
            if (!double.IsFinite(x[i]))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{paramName}[{i}] is {x[i]}; knots must be finite."), paramName);
            }

            if (i > 0 && !(x[i] > x[i - 1]))
            {
                string what = x[i] == x[i - 1] ? "a duplicate of" : "smaller than";
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{paramName} must be strictly increasing: {paramName}[{i}] = {x[i]:R} is {what} {paramName}[{i - 1}] = {x[i - 1]:R}."), paramName);
            }
        }
    }

    /// <summary>The knots of a tensor, which must not require a derivative (knots are data).</summary>
    public static double[] KnotValues(Tensor x, string paramName)
    {
        ArgumentNullException.ThrowIfNull(x, paramName);
        if (x.Rank != 1)
        {
            throw new ArgumentException($"{paramName} must be one-dimensional; it has shape {x.Shape}.", paramName);
        }

        if (x.IsTracked)
        {
            throw new ArgumentException($"{paramName} is tracked by a gradient tape; knots are data and cannot be differentiated (differentiate the y values or the query points).", paramName);
        }

        return x.ToArray();
    }

    /// <summary>Throws when <paramref name="y"/> contains NaN or an infinity.</summary>
    public static void FiniteValues(Tensor y, string paramName)
    {
        var v = y.ToArray();
        for (int i = 0; i < v.Length; i++)
        {
            if (!double.IsFinite(v[i]))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{paramName} has a non-finite value ({v[i]}) at flat index {i}."), paramName);
            }
        }
    }
}
