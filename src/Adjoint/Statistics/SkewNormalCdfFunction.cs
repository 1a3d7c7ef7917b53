using Adjoint.Autodiff;
using Adjoint.Tensors;
using Adjoint.Tensors.Kernels;

namespace Adjoint.Statistics;

/// <summary>
/// The standard skew-normal cdf F(z; a) = Phi(z) - 2 T(z, a) (or its survival function) as a differentiable operation in
/// both arguments: dF/dz = 2 phi(z) Phi(a z), dF/da = -2 dT/da = -exp(-z^2 (1 + a^2) / 2) / (pi (1 + a^2)), written
/// with tensor operations so that they differentiate again.
/// </summary>
internal sealed class SkewNormalCdfFunction : DifferentiableFunction
{
    private const double LogTwoOverSqrtTwoPi = -0.22579135264472743236;

    private readonly bool _upper;

    private SkewNormalCdfFunction(bool upper) => _upper = upper;

    private static readonly SkewNormalCdfFunction Lower = new(false);

    private static readonly SkewNormalCdfFunction Upper = new(true);

    public static Tensor Evaluate(Tensor z, Tensor a, bool upper)
    {
        var shape = Broadcasting.Shape("SkewNormalCdf", z.Shape, a.Shape);
        return (upper ? Upper : Lower).Apply(z.BroadcastTo(shape), a.BroadcastTo(shape));
    }

    /// <inheritdoc/>
    protected override Tensor Forward(IReadOnlyList<Tensor> inputs)
    {
        var z = inputs[0].ToArray();
        var a = inputs[1].ToArray();
        var r = new double[z.Length];
        for (int i = 0; i < r.Length; i++)
        {
            r[i] = _upper ? SpecialOwensT.SkewNormalSf(z[i], a[i]) : SpecialOwensT.SkewNormalCdf(z[i], a[i]);
        }

        return Tensor.FromArray(r, inputs[0].Shape).To(IncompleteGammaFunction.Promoted(inputs[0], inputs[1]));
    }

    /// <inheritdoc/>
    protected override Tensor?[] Backward(IReadOnlyList<Tensor> inputs, Tensor output, Tensor grad)
    {
        var z = inputs[0];
        var a = inputs[1];
        var z2 = Tensor.Square(z);
        var dz = Tensor.Exp(Tensor.LogNdtr(a * z) - (z2 * 0.5) + LogTwoOverSqrtTwoPi);
        var onePlusA2 = Tensor.Square(a) + 1.0;
        var da = -Tensor.Exp(z2 * onePlusA2 * -0.5) / (onePlusA2 * Math.PI);
        return _upper ? [-(grad * dz), -(grad * da)] : [grad * dz, grad * da];
    }
}
