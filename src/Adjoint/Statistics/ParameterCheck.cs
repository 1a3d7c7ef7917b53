using System.Globalization;
using Adjoint.Tensors;

namespace Adjoint.Statistics;

/// <summary>Validation of distribution parameters at construction: invalid values (NaN included) throw, naming the parameter.</summary>
internal static class ParameterCheck
{
    public static Tensor Require(Tensor value, string name, Func<double, bool> valid, string requirement)
    {
        ArgumentNullException.ThrowIfNull(value, name);
        foreach (double v in value.ToArray())
        {
            if (!valid(v))
            {
                throw new ArgumentOutOfRangeException(name, v, string.Create(CultureInfo.InvariantCulture, $"The parameter {name} must be {requirement}; it is {v}."));
            }
        }

        return value;
    }

    public static Tensor Finite(Tensor value, string name) => Require(value, name, double.IsFinite, "finite");

    public static Tensor Positive(Tensor value, string name) => Require(value, name, v => v > 0 && double.IsFinite(v), "positive and finite");

    public static Tensor Probability(Tensor value, string name) => Require(value, name, v => v >= 0 && v <= 1, "in [0, 1]");

    public static Tensor OpenProbability(Tensor value, string name) => Require(value, name, v => v > 0 && v <= 1, "in (0, 1]");

    /// <summary>The value of a parameter that must be a single number (the non-differentiable functions need one).</summary>
    public static double Scalar(Tensor value, string name) =>
        value.Size == 1 ? value.ToArray()[0] : throw new InvalidOperationException(
            $"The parameter {name} has {value.Size} elements; quantiles, moments, entropy and sampling need a single value.");
}
