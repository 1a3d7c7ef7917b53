using System.Globalization;
using Adjoint.Tensors;

namespace Adjoint.Tests.Tensors;

/// <summary>Element-by-element comparisons of tensors and arrays with a relative and an absolute tolerance.</summary>
internal static class TensorAssert
{
    /// <summary>Asserts |expected[i] - actual[i]| &lt;= atol + rtol |expected[i]| for every i, naming the worst entry.</summary>
    public static void Close(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double rtol = 1e-12, double atol = 1e-12, string what = "")
    {
        Assert.True(expected.Length == actual.Length, $"{what}: expected {expected.Length} values, got {actual.Length}.");
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i], a = actual[i];
            bool ok = (double.IsNaN(e) && double.IsNaN(a)) || e == a || Math.Abs(e - a) <= atol + (rtol * Math.Abs(e));
            Assert.True(ok, string.Create(CultureInfo.InvariantCulture, $"{what}: entry {i}: expected {e:R}, got {a:R} (rtol {rtol:G2}, atol {atol:G2})."));
        }
    }

    /// <summary>Asserts that a tensor has the expected shape and values.</summary>
    public static void Close(Tensor actual, Shape expectedShape, ReadOnlySpan<double> expected, double rtol = 1e-12, double atol = 1e-12, string what = "")
    {
        Assert.Equal(expectedShape, actual.Shape);
        Close(expected, actual.ToArray(), rtol, atol, what);
    }

    /// <summary>Asserts that two tensors have the same shape and close values.</summary>
    public static void Close(Tensor expected, Tensor actual, double rtol = 1e-12, double atol = 1e-12, string what = "")
    {
        Assert.Equal(expected.Shape, actual.Shape);
        Close(expected.ToArray(), actual.ToArray(), rtol, atol, what);
    }

    /// <summary>The largest |a[i] - b[i]| divided by the largest |b[i]| (a relative error for whole vectors).</summary>
    public static double RelativeError(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double num = 0, den = 0;
        for (int i = 0; i < a.Length; i++)
        {
            num = Math.Max(num, Math.Abs(a[i] - b[i]));
            den = Math.Max(den, Math.Abs(b[i]));
        }

        return den == 0 ? num : num / den;
    }
}
