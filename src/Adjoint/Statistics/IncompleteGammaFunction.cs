using Adjoint.Autodiff;
using Adjoint.Tensors;
using MathNet.Numerics;

namespace Adjoint.Statistics;

/// <summary>
/// The regularized incomplete gamma functions P(a, x) and Q(a, x) as a differentiable operation: values from Math.NET
/// (series and continued fraction after Cephes), derivative in x closed form, dP/dx = x^(a-1) e^-x / Gamma(a).
/// </summary>
internal sealed class IncompleteGammaFunction : DifferentiableFunction
{
    private readonly bool _upper;

    private IncompleteGammaFunction(bool upper) => _upper = upper;

    private static readonly IncompleteGammaFunction Lower = new(false);

    private static readonly IncompleteGammaFunction UpperFunction = new(true);

    public static Tensor Evaluate(Tensor a, Tensor x, bool upper)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(x);
        var shape = Broadcasting.Shape("GammaInc", a.Shape, x.Shape);
        return (upper ? UpperFunction : Lower).Apply(a.BroadcastTo(shape), x.BroadcastTo(shape));
    }

    /// <summary>P(a, x) (or Q) for doubles; NaN for a &lt;= 0, x &lt; 0 or NaN arguments.</summary>
    public static double Value(double a, double x, bool upper)
    {
        if (!(a > 0) || !(x >= 0))
        {
            return double.NaN;
        }

        if (x == 0)
        {
            return upper ? 1 : 0;
        }

        if (double.IsPositiveInfinity(x))
        {
            return upper ? 0 : 1;
        }

        return upper ? SpecialFunctions.GammaUpperRegularized(a, x) : SpecialFunctions.GammaLowerRegularized(a, x);
    }

    /// <inheritdoc/>
    protected override Tensor Forward(IReadOnlyList<Tensor> inputs)
    {
        var a = inputs[0].ToArray();
        var x = inputs[1].ToArray();
        var r = new double[x.Length];
        for (int i = 0; i < r.Length; i++)
        {
            r[i] = Value(a[i], x[i], _upper);
        }

        return Tensor.FromArray(r, inputs[1].Shape).To(Promoted(inputs[0], inputs[1]));
    }

    /// <inheritdoc/>
    protected override Tensor?[] Backward(IReadOnlyList<Tensor> inputs, Tensor output, Tensor grad)
    {
        var a = inputs[0];
        var x = inputs[1];
        if (a.Node is not null)
        {
            throw new NotSupportedException(
                "The derivative of the regularized incomplete gamma function with respect to its shape a is not implemented (only with respect to x).");
        }

        // d/dx P(a, x) = exp((a - 1) log x - x - lgamma(a)).
        var density = Tensor.Exp(((a - 1) * Tensor.Log(x)) - x - Tensor.Lgamma(a));
        var dx = grad * density;
        return [null, _upper ? -dx : dx];
    }

    internal static DType Promoted(Tensor a, Tensor b) => a.DType == DType.Float64 || b.DType == DType.Float64 ? DType.Float64 : DType.Float32;
}
