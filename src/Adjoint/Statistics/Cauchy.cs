using Adjoint.Tensors;

namespace Adjoint.Statistics;

/// <summary>The Cauchy distribution, density 1 / (pi (1 + z^2)) for z = (x - loc) / scale (scipy <c>cauchy</c>).</summary>
/// <remarks>
/// The cdf is 0.5 + atan(z) / pi as in scipy (relative precision about 1e-16 |z| far out in the tail). The quantiles
/// are -1 / tan(pi q) and its mirror, exact to rounding in both tails. Mean, variance, skewness and kurtosis do not
/// exist and are NaN.
/// </remarks>
public sealed class Cauchy : ContinuousDistribution
{
    /// <summary>The Cauchy distribution with location and scale.</summary>
    /// <param name="loc">The location (median).</param>
    /// <param name="scale">The scale (half the interquartile range), positive.</param>
    public Cauchy(Tensor loc, Tensor scale)
        : base(loc, scale)
    {
    }

    /// <summary>The Cauchy distribution from numbers.</summary>
    /// <param name="loc">The location.</param>
    /// <param name="scale">The scale, positive.</param>
    public Cauchy(double loc = 0, double scale = 1)
        : this(Tensor.Scalar(loc), Tensor.Scalar(scale))
    {
    }

    /// <inheritdoc/>
    public override string Name => "cauchy";

    /// <inheritdoc/>
    protected override DistributionSupport StandardSupport => DistributionSupport.RealLine;

    /// <inheritdoc/>
    protected override Tensor StandardLogPdf(Tensor z) => -Tensor.Log1p(Tensor.Square(z)) - Math.Log(Math.PI);

    /// <inheritdoc/>
    protected override Tensor StandardCdf(Tensor z) => (Tensor.Atan(z) * (1 / Math.PI)) + 0.5;

    /// <inheritdoc/>
    protected override Tensor StandardSf(Tensor z) => 0.5 - (Tensor.Atan(z) * (1 / Math.PI));

    /// <inheritdoc/>
    protected override double StandardPpf(double q) => q == 0.5 ? 0 : q < 0.5 ? -1 / Math.Tan(Math.PI * q) : 1 / Math.Tan(Math.PI * (1 - q));

    /// <inheritdoc/>
    protected override double StandardIsf(double q) => -StandardPpf(q);

    /// <inheritdoc/>
    protected override DistributionMoments StandardMoments => new(double.NaN, double.NaN, double.NaN, double.NaN);

    /// <inheritdoc/>
    protected override double StandardEntropy => Math.Log(4 * Math.PI);
}
