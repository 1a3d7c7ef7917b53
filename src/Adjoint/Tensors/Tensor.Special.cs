using Adjoint.Autodiff.Ops;
using Adjoint.Statistics;

namespace Adjoint.Tensors;

public sealed partial class Tensor
{
    // ---- special functions (elementwise, differentiable) ---------------------------------------------------

    /// <summary>The error function erf(x) = 2/sqrt(pi) * integral_0^x exp(-t^2) dt, elementwise (scipy <c>erf</c>).</summary>
    public static Tensor Erf(Tensor x) => Special.Erf(x);

    /// <summary>The complementary error function erfc(x) = 1 - erf(x), accurate where erf(x) is near 1 (scipy <c>erfc</c>).</summary>
    public static Tensor Erfc(Tensor x) => Special.Erfc(x);

    /// <summary>The inverse error function on [-1, 1] (±inf at ±1, NaN outside), elementwise (scipy <c>erfinv</c>).</summary>
    public static Tensor Erfinv(Tensor x) => Special.Erfinv(x);

    /// <summary>The standard normal cdf Phi(x) = erfc(-x / sqrt 2) / 2, elementwise (scipy <c>ndtr</c>).</summary>
    public static Tensor Ndtr(Tensor x) => ScalarOps.Affine(Special.Erfc(ScalarOps.Affine(x, -0.70710678118654752440, 0)), 0.5, 0);

    /// <summary>The standard normal quantile Phi^-1(p) (±inf at 0 and 1, NaN outside [0, 1]), elementwise (scipy <c>ndtri</c>).</summary>
    public static Tensor Ndtri(Tensor p) => Special.Ndtri(p);

    /// <summary>log Phi(x), finite in the far lower tail where Phi(x) underflows (scipy <c>log_ndtr</c>).</summary>
    public static Tensor LogNdtr(Tensor x) => Special.LogNdtr(x);

    /// <summary>log|Gamma(x)|, elementwise (+inf at 0, -1, -2, ...; scipy <c>gammaln</c>).</summary>
    public static Tensor Lgamma(Tensor x) => Special.Lgamma(x);

    /// <summary>The digamma function psi(x) = d/dx lgamma(x), elementwise (scipy <c>digamma</c>/<c>psi</c>).</summary>
    public static Tensor Digamma(Tensor x) => Special.Digamma(x);

    /// <summary>The trigamma function psi'(x) = polygamma(1, x), elementwise.</summary>
    public static Tensor Trigamma(Tensor x) => Special.Polygamma(1, x);

    /// <summary>The polygamma function psi^(n)(x), the n-th derivative of digamma (scipy <c>polygamma</c>).</summary>
    /// <param name="n">The order, 0 (digamma) to 5; derivatives are available up to order 5 (polygamma(5) is not differentiable).</param>
    /// <param name="x">The argument.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is outside 0..5.</exception>
    public static Tensor Polygamma(int n, Tensor x) => Special.Polygamma(n, x);

    /// <summary>The exponentially scaled modified Bessel function i0e(x) = exp(-|x|) I0(x), elementwise (scipy <c>i0e</c>); differentiable at every order.</summary>
    public static Tensor BesselI0e(Tensor x) => Special.BesselI0e(x);

    /// <summary>The exponentially scaled modified Bessel function i1e(x) = exp(-|x|) I1(x), elementwise (scipy <c>i1e</c>); differentiable at every order.</summary>
    public static Tensor BesselI1e(Tensor x) => Special.BesselI1e(x);

    /// <summary>
    /// The regularized lower incomplete gamma function P(a, x), elementwise with broadcasting (scipy <c>gammainc</c>);
    /// differentiable in x (not in a: the backward pass throws <see cref="NotSupportedException"/> when a is tracked).
    /// </summary>
    public static Tensor GammaInc(Tensor a, Tensor x) => IncompleteGammaFunction.Evaluate(a, x, upper: false);

    /// <summary>
    /// The regularized upper incomplete gamma function Q(a, x) = 1 - P(a, x), elementwise with broadcasting (scipy
    /// <c>gammaincc</c>); differentiable in x (not in a).
    /// </summary>
    public static Tensor GammaIncc(Tensor a, Tensor x) => IncompleteGammaFunction.Evaluate(a, x, upper: true);

    /// <summary>
    /// The regularized incomplete beta function I_x(a, b), elementwise with broadcasting (scipy <c>betainc</c>);
    /// differentiable in x (not in a or b: the backward pass throws <see cref="NotSupportedException"/> when they are tracked).
    /// </summary>
    public static Tensor BetaInc(Tensor a, Tensor b, Tensor x) => IncompleteBetaFunction.Evaluate(a, b, x);
}
