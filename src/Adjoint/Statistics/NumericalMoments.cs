using Adjoint.Autodiff;
using Adjoint.Calculus;
using Adjoint.Tensors;

namespace Adjoint.Statistics;

/// <summary>
/// Integrals of a density by adaptive quadrature (<see cref="Quadrature.Quad(Func{Tensor, Tensor}, double, double, QuadOptions?)"/>),
/// for the moments and entropies that have no closed form: a range infinite at both ends is split at a given point.
/// </summary>
internal static class NumericalMoments
{
    /// <summary>Tolerances near the limit of double precision, with room for many subintervals.</summary>
    public static readonly QuadOptions Tight = new() { AbsoluteTolerance = 0, RelativeTolerance = 1e-13, Limit = 400 };

    /// <summary>integral_lower^upper f, split at <paramref name="split"/> when both ends are infinite, without recording.</summary>
    public static double Integrate(Func<Tensor, Tensor> f, double lower, double upper, double split = 0, QuadOptions? options = null)
    {
        options ??= Tight;
        using (Grad.NoGrad())
        {
            if (double.IsNegativeInfinity(lower) && double.IsPositiveInfinity(upper))
            {
                return Quadrature.Quad(f, lower, split, options).Value.Item() + Quadrature.Quad(f, split, upper, options).Value.Item();
            }

            return Quadrature.Quad(f, lower, upper, options).Value.Item();
        }
    }

    /// <summary>The differential entropy -integral f log f from the log-density, 0 log 0 taken as 0.</summary>
    public static double Entropy(Func<Tensor, Tensor> logPdf, double lower, double upper, double split = 0) =>
        Integrate(
            z =>
            {
                var lp = logPdf(z);
                var p = Tensor.Exp(lp);
                return Tensor.Where(Tensor.Greater(p, 0.0), -(p * lp), Tensor.ZerosLike(p));
            },
            lower,
            upper,
            split);
}
