using Adjoint.Tensors;
using MathNet.Numerics;

namespace Adjoint.Statistics;

/// <summary>The normal distribution N(loc, scale^2) (scipy <c>norm</c>).</summary>
/// <remarks>Tails: the cdf and sf are erfc-based and log cdf is log_ndtr, finite far below where the cdf underflows.</remarks>
public sealed class Normal : ContinuousDistribution
{
    private const double HalfLogTwoPi = 0.91893853320467274178032973640562;

    /// <summary>N(loc, scale^2).</summary>
    /// <param name="loc">The mean.</param>
    /// <param name="scale">The standard deviation, positive.</param>
    public Normal(Tensor loc, Tensor scale)
        : base(loc, scale)
    {
    }

    /// <summary>N(loc, scale^2) from numbers.</summary>
    public Normal(double loc = 0, double scale = 1)
        : this(Tensor.Scalar(loc), Tensor.Scalar(scale))
    {
    }

    /// <inheritdoc/>
    public override string Name => "norm";

    /// <inheritdoc/>
    protected override DistributionSupport StandardSupport => DistributionSupport.RealLine;

    /// <inheritdoc/>
    protected override Tensor StandardLogPdf(Tensor z) => (Tensor.Square(z) * -0.5) - HalfLogTwoPi;

    /// <inheritdoc/>
    protected override Tensor StandardCdf(Tensor z) => Tensor.Ndtr(z);

    /// <inheritdoc/>
    protected override Tensor StandardSf(Tensor z) => Tensor.Ndtr(-z);

    /// <inheritdoc/>
    protected override Tensor StandardLogCdf(Tensor z) => Tensor.LogNdtr(z);

    /// <inheritdoc/>
    protected override Tensor StandardLogSf(Tensor z) => Tensor.LogNdtr(-z);

    /// <inheritdoc/>
    protected override double StandardPpf(double q) => -Constants.Sqrt2 * SpecialFunctions.ErfcInv(2 * q);

    /// <inheritdoc/>
    protected override double StandardIsf(double q) => Constants.Sqrt2 * SpecialFunctions.ErfcInv(2 * q);

    /// <inheritdoc/>
    protected override DistributionMoments StandardMoments => new(0, 1, 0, 0);

    /// <inheritdoc/>
    protected override double StandardEntropy => 0.5 + HalfLogTwoPi;

    /// <inheritdoc/>
    protected override double StandardSample(Random random) => MathNet.Numerics.Distributions.Normal.Sample(random, 0, 1);

    /// <summary>Maximum-likelihood fit of loc and scale (either may be fixed: <c>{"loc": 0}</c> as scipy's <c>floc=0</c>).</summary>
    /// <param name="data">The observations.</param>
    /// <param name="fixedParameters">Parameters held at given values, by name (loc, scale).</param>
    /// <param name="options">Method and starting values, or null.</param>
    public static DistributionFitResult<Normal> Fit(double[] data, IReadOnlyDictionary<string, double>? fixedParameters = null, DistributionFitOptions? options = null) =>
        MaximumLikelihood.Fit(Specification, data, fixedParameters, options);

    private static readonly FitSpecification<Normal> Specification = new(
        ["loc", "scale"],
        _ => [ParameterDomain.Real, ParameterDomain.Positive],
        data => { var (m, s) = MaximumLikelihood.MeanStd(data); return [m, s]; },
        p => new Normal(p[0], p[1]),
        (d, x) => d.LogPdf(x).Sum());
}
