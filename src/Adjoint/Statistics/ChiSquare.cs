using Adjoint.Tensors;
using Adjoint.Tensors.Kernels;

namespace Adjoint.Statistics;

/// <summary>The chi-square distribution with df degrees of freedom (scipy <c>chi2</c>): a gamma of shape df/2 and scale 2.</summary>
/// <remarks>The cdf and sf are the regularized incomplete gamma functions at z/2, differentiable in x, loc and scale, not in df.</remarks>
public sealed class ChiSquare : ContinuousDistribution
{
    private const double Ln2 = 0.69314718055994530941723212145818;

    /// <summary>The chi-square distribution with <paramref name="df"/> degrees of freedom, location and scale.</summary>
    /// <param name="df">The degrees of freedom, positive.</param>
    /// <param name="loc">The location.</param>
    /// <param name="scale">The scale, positive.</param>
    public ChiSquare(Tensor df, Tensor loc, Tensor scale)
        : base(loc, scale)
    {
        Df = ParameterCheck.Positive(df, "df");
    }

    /// <summary>The chi-square distribution from numbers.</summary>
    /// <param name="df">The degrees of freedom, positive.</param>
    /// <param name="loc">The location.</param>
    /// <param name="scale">The scale, positive.</param>
    public ChiSquare(double df, double loc = 0, double scale = 1)
        : this(Tensor.Scalar(df), Tensor.Scalar(loc), Tensor.Scalar(scale))
    {
    }

    /// <summary>The degrees of freedom.</summary>
    public Tensor Df { get; }

    private double DfValue => ParameterCheck.Scalar(Df, "df");

    /// <inheritdoc/>
    public override string Name => "chi2";

    /// <inheritdoc/>
    protected override DistributionSupport StandardSupport => new(0, double.PositiveInfinity);

    /// <inheritdoc/>
    protected override Tensor StandardLogPdf(Tensor z)
    {
        var half = Df * 0.5;
        return TensorHelpers.XLogY(half - 1, z) - (z * 0.5) - (half * Ln2) - Tensor.Lgamma(half);
    }

    /// <inheritdoc/>
    protected override Tensor StandardCdf(Tensor z) => Tensor.GammaInc(Df * 0.5, z * 0.5);

    /// <inheritdoc/>
    protected override Tensor StandardSf(Tensor z) => Tensor.GammaIncc(Df * 0.5, z * 0.5);

    /// <inheritdoc/>
    protected override double StartingPoint => DfValue;

    /// <inheritdoc/>
    protected override DistributionMoments StandardMoments
    {
        get
        {
            double df = DfValue;
            return new(df, 2 * df, Math.Sqrt(8 / df), 12 / df);
        }
    }

    /// <inheritdoc/>
    protected override double StandardEntropy
    {
        get
        {
            double half = DfValue / 2;
            return half + Ln2 + SpecialKernels.LogGamma(half) + ((1 - half) * SpecialKernels.Digamma(half));
        }
    }

    /// <inheritdoc/>
    protected override double StandardSample(Random random) => 2 * MathNet.Numerics.Distributions.Gamma.Sample(random, DfValue / 2, 1.0);
}
