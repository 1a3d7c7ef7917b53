using Adjoint.Tensors;

namespace Adjoint.Statistics;

/// <summary>The Laplace (double exponential) distribution, density exp(-|z|) / 2 for z = (x - loc) / scale (scipy <c>laplace</c>).</summary>
/// <remarks>The cdf and sf are written from exp(-|z|) on each side, so both tails keep their precision.</remarks>
public sealed class Laplace : ContinuousDistribution
{
    private const double Ln2 = 0.69314718055994530941723212145818;

    /// <summary>The Laplace distribution with location and scale.</summary>
    /// <param name="loc">The location (mean and median).</param>
    /// <param name="scale">The scale, positive.</param>
    public Laplace(Tensor loc, Tensor scale)
        : base(loc, scale)
    {
    }

    /// <summary>The Laplace distribution from numbers.</summary>
    /// <param name="loc">The location.</param>
    /// <param name="scale">The scale, positive.</param>
    public Laplace(double loc = 0, double scale = 1)
        : this(Tensor.Scalar(loc), Tensor.Scalar(scale))
    {
    }

    /// <inheritdoc/>
    public override string Name => "laplace";

    /// <inheritdoc/>
    protected override DistributionSupport StandardSupport => DistributionSupport.RealLine;

    /// <inheritdoc/>
    protected override Tensor StandardLogPdf(Tensor z) => -Tensor.Abs(z) - Ln2;

    /// <inheritdoc/>
    protected override Tensor StandardCdf(Tensor z)
    {
        var half = Tensor.Exp(-Tensor.Abs(z)) * 0.5;
        return Tensor.Where(Tensor.Less(z, 0.0), half, 1.0 - half);
    }

    /// <inheritdoc/>
    protected override Tensor StandardSf(Tensor z) => StandardCdf(-z);

    /// <inheritdoc/>
    protected override double StandardPpf(double q) => q <= 0.5 ? Math.Log(2 * q) : -Math.Log(2 * (1 - q));

    /// <inheritdoc/>
    protected override double StandardIsf(double q) => -StandardPpf(q);

    /// <inheritdoc/>
    protected override DistributionMoments StandardMoments => new(0, 2, 0, 3);

    /// <inheritdoc/>
    protected override double StandardEntropy => Ln2 + 1;

    /// <inheritdoc/>
    protected override double StandardSample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        double e = -Math.Log(1 - random.NextDouble());
        return random.NextDouble() < 0.5 ? -e : e;
    }
}
