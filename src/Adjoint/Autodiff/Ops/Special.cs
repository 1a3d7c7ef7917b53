using Adjoint.Tensors;
using Adjoint.Tensors.Kernels;

namespace Adjoint.Autodiff.Ops;

/// <summary>
/// The rule rows of the special functions (error function, log-gamma and its derivatives, log of the normal cdf, scaled Bessel functions i0e and i1e),
/// in the same form as <see cref="Unary"/>'s table: a forward span kernel and a derivative written with tensor
/// operations, so every row records, replays and differentiates again. The chain lgamma -&gt; digamma -&gt; polygamma(1)
/// -&gt; ... -&gt; polygamma(5) gives derivatives of lgamma up to order 6; polygamma(6) is not a row, and differentiating
/// polygamma(5) throws <see cref="NotSupportedException"/>.
/// </summary>
internal static class Special
{
    /// <summary>The highest polygamma order that is a row of the table.</summary>
    public const int MaxPolygammaOrder = 5;

    private const double TwoOverSqrtPi = 1.1283791670955125738961589031215;
    private const double HalfSqrtPi = 0.88622692545275801364908374167057;
    private const double HalfLogTwoPi = 0.91893853320467274178032973640562;
    private const double SqrtTwoPi = 2.5066282746310005024157652848110;

    private static Tensor Mul(Tensor a, Tensor b) => Binary.Multiply(a, b);

    public static readonly UnaryRule ErfRule = Row("Erf", SpecialKernels.Erf, (x, y, g) => Mul(g, ScalarOps.Affine(Unary.Exp(Unary.Neg(Unary.Square(x))), TwoOverSqrtPi, 0)));

    public static readonly UnaryRule ErfcRule = Row("Erfc", SpecialKernels.Erfc, (x, y, g) => Mul(g, ScalarOps.Affine(Unary.Exp(Unary.Neg(Unary.Square(x))), -TwoOverSqrtPi, 0)));

    public static readonly UnaryRule ErfinvRule = Row("Erfinv", SpecialKernels.ErfInv, (x, y, g) => Mul(g, ScalarOps.Affine(Unary.Exp(Unary.Square(y)), HalfSqrtPi, 0)));

    /// <summary>The standard normal quantile: ndtri(p) = -sqrt(2) erfcinv(2p); derivative sqrt(2 pi) exp(y^2 / 2).</summary>
    public static readonly UnaryRule NdtriRule = Row("Ndtri", Ndtri, (x, y, g) => Mul(g, ScalarOps.Affine(Unary.Exp(ScalarOps.Affine(Unary.Square(y), 0.5, 0)), SqrtTwoPi, 0)));

    /// <summary>log Phi(x); derivative phi(x) / Phi(x) = exp(-x^2/2 - log(2 pi)/2 - log Phi(x)).</summary>
    public static readonly UnaryRule LogNdtrRule = Row("LogNdtr", SpecialKernels.LogNdtr,
        (x, y, g) => Mul(g, Unary.Exp(Binary.Subtract(ScalarOps.Affine(Unary.Square(x), -0.5, -HalfLogTwoPi), y))));

    public static readonly UnaryRule LgammaRule = Row("Lgamma", SpecialKernels.LogGamma, (x, y, g) => Mul(g, Digamma(x)));

    public static readonly UnaryRule DigammaRule = Row("Digamma", SpecialKernels.Digamma, (x, y, g) => Mul(g, Polygamma(1, x)));

    public static readonly UnaryRule Polygamma1Rule = PolygammaRow(1);

    public static readonly UnaryRule Polygamma2Rule = PolygammaRow(2);

    public static readonly UnaryRule Polygamma3Rule = PolygammaRow(3);

    public static readonly UnaryRule Polygamma4Rule = PolygammaRow(4);

    public static readonly UnaryRule Polygamma5Rule = PolygammaRow(5);

    /// <summary>i0e(x) = exp(-|x|) I0(x); derivative i1e(x) - sign(x) i0e(x).</summary>
    public static readonly UnaryRule BesselI0eRule = Row("BesselI0e", SpecialBessel.I0e, (x, y, g) => Mul(g, Binary.Subtract(BesselI1e(x), Mul(Unary.Sign(x), y))));

    /// <summary>i1e(x) = exp(-|x|) I1(x); derivative i0e(x) - (sign(x) + 1 / x) i1e(x), which is 1/2 at 0.</summary>
    public static readonly UnaryRule BesselI1eRule = Row("BesselI1e", SpecialBessel.I1e, (x, y, g) => Mul(g, BesselI1eDerivative(x, y)));

    /// <summary>Every row of this table (for enumeration by the tests and the docs).</summary>
    public static IReadOnlyList<UnaryRule> Rows { get; } =
    [
        ErfRule, ErfcRule, ErfinvRule, NdtriRule, LogNdtrRule, LgammaRule, DigammaRule,
        Polygamma1Rule, Polygamma2Rule, Polygamma3Rule, Polygamma4Rule, Polygamma5Rule, BesselI0eRule, BesselI1eRule,
    ];

    public static Tensor Erf(Tensor x) => Unary.Apply(ErfRule, x);

    public static Tensor Erfc(Tensor x) => Unary.Apply(ErfcRule, x);

    public static Tensor Erfinv(Tensor x) => Unary.Apply(ErfinvRule, x);

    public static Tensor Ndtri(Tensor x) => Unary.Apply(NdtriRule, x);

    public static Tensor LogNdtr(Tensor x) => Unary.Apply(LogNdtrRule, x);

    public static Tensor Lgamma(Tensor x) => Unary.Apply(LgammaRule, x);

    public static Tensor Digamma(Tensor x) => Unary.Apply(DigammaRule, x);

    public static Tensor BesselI0e(Tensor x) => Unary.Apply(BesselI0eRule, x);

    public static Tensor BesselI1e(Tensor x) => Unary.Apply(BesselI1eRule, x);

    /// <summary>psi^(n)(x) for 0 &lt;= n &lt;= <see cref="MaxPolygammaOrder"/>.</summary>
    public static Tensor Polygamma(int n, Tensor x) => n switch
    {
        0 => Digamma(x),
        1 => Unary.Apply(Polygamma1Rule, x),
        2 => Unary.Apply(Polygamma2Rule, x),
        3 => Unary.Apply(Polygamma3Rule, x),
        4 => Unary.Apply(Polygamma4Rule, x),
        5 => Unary.Apply(Polygamma5Rule, x),
        _ => throw new ArgumentOutOfRangeException(nameof(n), n, $"Polygamma is available for orders 0 to {MaxPolygammaOrder}."),
    };

    private static Tensor BesselI1eDerivative(Tensor x, Tensor y)
    {
        // i1e(x) / x tends to 1/2 at 0; the division sees 1 there so no NaN reaches either branch's gradient.
        var atZero = Tensor.EqualTo(x, Tensor.Scalar(0.0, x.DType));
        var safe = Tensor.Where(atZero, Tensor.OnesLike(x), x);
        var overX = Tensor.Where(atZero, Tensor.Scalar(0.5, x.DType), Binary.Divide(y, safe));
        return Binary.Subtract(Binary.Subtract(BesselI0e(x), Mul(Unary.Sign(x), y)), overX);
    }

    private static double Ndtri(double p) =>
        p == 0 ? double.NegativeInfinity : p == 1 ? double.PositiveInfinity : p is < 0 or > 1 || double.IsNaN(p) ? double.NaN
        : -Math.Sqrt(2) * MathNet.Numerics.SpecialFunctions.ErfcInv(2 * p);

    private static UnaryRule PolygammaRow(int n) => Row(
        "Polygamma" + n.ToString(System.Globalization.CultureInfo.InvariantCulture),
        x => SpecialKernels.Polygamma(n, x),
        n < MaxPolygammaOrder
            ? (x, y, g) => Mul(g, Polygamma(n + 1, x))
            : (x, y, g) => throw new NotSupportedException(
                $"The derivative of polygamma of order {MaxPolygammaOrder} (the derivative of lgamma of order {MaxPolygammaOrder + 2}) is not implemented."));

    private static UnaryRule Row(string name, Func<double, double> f, Func<Tensor, Tensor, Tensor, Tensor> derivative) =>
        new(name, (x, y) => SpecialKernels.Map(x, y, f), (x, y) => SpecialKernels.Map(x, y, f), derivative);
}
