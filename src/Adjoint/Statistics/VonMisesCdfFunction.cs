using Adjoint.Autodiff;
using Adjoint.Tensors;
using Adjoint.Tensors.Kernels;

namespace Adjoint.Statistics;

/// <summary>
/// The von Mises cdf on [-pi, pi] as a differentiable operation in z (not in kappa): values by scipy's algorithm, the
/// derivative the density exp(kappa (cos z - 1)) / (2 pi i0e(kappa)).
/// </summary>
/// <remarks>
/// <para>For kappa &lt; 50 the series F(z) = 1/2 + z / (2 pi) + (1 / pi) sum_n (I_n(kappa) / I_0(kappa)) sin(n z) / n,
/// summed backwards from p = 1 + 28 + kappa / 2 - 100 / (kappa + 5) terms, with the Bessel ratios
/// I_n / I_(n-1) = 1 / (2 n / kappa + I_(n+1) / I_n) from the same backward recurrence and sin(n z), cos(n z) by
/// rotation (about 12 correct digits, absolute; Hill 1977). From kappa = 50 the normal approximation
/// Phi(b sin(z / 2)) with b = sqrt(2 / pi) / i0e(kappa), which scipy also uses there. The result is clipped to [0, 1].</para>
/// <para>References: Hill, G. W. (1977), Algorithm 518: Incomplete Bessel function I0. The von Mises distribution,
/// ACM TOMS 3, 279-284; scipy.stats.vonmises (scipy 1.10).</para>
/// </remarks>
internal sealed class VonMisesCdfFunction : DifferentiableFunction
{
    private const double SeriesLimit = 50;

    private static readonly VonMisesCdfFunction Instance = new();

    public static Tensor Evaluate(Tensor z, Tensor kappa)
    {
        var shape = Broadcasting.Shape("VonMisesCdf", z.Shape, kappa.Shape);
        return Instance.Apply(z.BroadcastTo(shape), kappa.BroadcastTo(shape));
    }

    /// <summary>The cdf at z in [-pi, pi] for concentration kappa &gt; 0.</summary>
    public static double Value(double z, double kappa)
    {
        if (double.IsNaN(z) || double.IsNaN(kappa))
        {
            return double.NaN;
        }

        if (kappa >= SeriesLimit)
        {
            double b = Math.Sqrt(2 / Math.PI) / SpecialBessel.I0e(kappa);
            return 0.5 * MathNet.Numerics.SpecialFunctions.Erfc(-b * Math.Sin(z / 2) / Math.Sqrt(2));
        }

        int p = (int)(1 + 28 + (0.5 * kappa) - (100 / (kappa + 5)));
        double s = Math.Sin(z), c = Math.Cos(z);
        double sn = Math.Sin(p * z), cn = Math.Cos(p * z);
        double r = 0, v = 0;
        for (int n = p - 1; n > 0; n--)
        {
            (sn, cn) = ((sn * c) - (cn * s), (cn * c) + (sn * s));
            r = 1 / ((2 * n / kappa) + r);
            v = r * ((sn / n) + v);
        }

        return Math.Clamp(0.5 + (z / (2 * Math.PI)) + (v / Math.PI), 0, 1);
    }

    /// <inheritdoc/>
    protected override Tensor Forward(IReadOnlyList<Tensor> inputs)
    {
        var z = inputs[0].ToArray();
        var k = inputs[1].ToArray();
        var r = new double[z.Length];
        for (int i = 0; i < r.Length; i++)
        {
            r[i] = Value(z[i], k[i]);
        }

        return Tensor.FromArray(r, inputs[0].Shape).To(IncompleteGammaFunction.Promoted(inputs[0], inputs[1]));
    }

    /// <inheritdoc/>
    protected override Tensor?[] Backward(IReadOnlyList<Tensor> inputs, Tensor output, Tensor grad)
    {
        var z = inputs[0];
        var kappa = inputs[1];
        if (kappa.Node is not null)
        {
            throw new NotSupportedException("The derivative of the von Mises cdf with respect to kappa is not implemented (only with respect to x, loc and scale).");
        }

        return [grad * VonMises.StandardDensity(z, kappa), null];
    }
}
