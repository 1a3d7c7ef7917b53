using Adjoint.Tensors;

namespace Adjoint.Statistics;

/// <summary>
/// The open interval (Lower, Upper) a fitted parameter lives in, and its map from an unconstrained variable u:
/// identity on the real line, Lower + exp(u) or Upper - exp(u) with one finite end, Lower + (Upper - Lower) sigmoid(u)
/// with two.
/// </summary>
internal readonly record struct ParameterDomain(double Lower, double Upper)
{
    public static ParameterDomain Real => new(double.NegativeInfinity, double.PositiveInfinity);

    public static ParameterDomain Positive => new(0, double.PositiveInfinity);

    public static ParameterDomain UnitInterval => new(0, 1);

    public static ParameterDomain Below(double upper) => new(double.NegativeInfinity, upper);

    public Tensor ToParameter(Tensor u) => (double.IsFinite(Lower), double.IsFinite(Upper)) switch
    {
        (false, false) => u,
        (true, false) => Tensor.Exp(u) + Lower,
        (false, true) => Upper - Tensor.Exp(u),
        _ => (Tensor.Sigmoid(u) * (Upper - Lower)) + Lower,
    };

    /// <summary>The unconstrained u of a parameter value, moved strictly inside the domain first.</summary>
    public double ToUnconstrained(double value)
    {
        switch (double.IsFinite(Lower), double.IsFinite(Upper))
        {
            case (false, false):
                return value;
            case (true, false):
                return Math.Log(Math.Max(value - Lower, 1e-8 * Math.Max(1, Math.Abs(Lower))));
            case (false, true):
                return Math.Log(Math.Max(Upper - value, 1e-8 * Math.Max(1, Math.Abs(Upper))));
            default:
                double t = Math.Clamp((value - Lower) / (Upper - Lower), 1e-8, 1 - 1e-8);
                return Math.Log(t / (1 - t));
        }
    }
}
