using Adjoint.Tensors;

namespace Adjoint.Statistics;

/// <summary>The uniform distribution on [loc, loc + scale] (scipy <c>uniform</c>).</summary>
public sealed class Uniform : ContinuousDistribution
{
    /// <summary>The uniform distribution on [loc, loc + scale].</summary>
    /// <param name="loc">The lower end.</param>
    /// <param name="scale">The width, positive.</param>
    public Uniform(Tensor loc, Tensor scale)
        : base(loc, scale)
    {
    }

    /// <summary>The uniform distribution from numbers.</summary>
    /// <param name="loc">The lower end.</param>
    /// <param name="scale">The width, positive.</param>
    public Uniform(double loc = 0, double scale = 1)
        : this(Tensor.Scalar(loc), Tensor.Scalar(scale))
    {
    }

    /// <inheritdoc/>
    public override string Name => "uniform";

    /// <inheritdoc/>
    protected override DistributionSupport StandardSupport => new(0, 1);

    /// <inheritdoc/>
    protected override Tensor StandardLogPdf(Tensor z) => z * 0.0;

    /// <inheritdoc/>
    protected override Tensor StandardCdf(Tensor z) => z;

    /// <inheritdoc/>
    protected override Tensor StandardSf(Tensor z) => 1.0 - z;

    /// <inheritdoc/>
    protected override double StandardPpf(double q) => q;

    /// <inheritdoc/>
    protected override double StandardIsf(double q) => 1 - q;

    /// <inheritdoc/>
    protected override DistributionMoments StandardMoments => new(0.5, 1.0 / 12, 0, -1.2);

    /// <inheritdoc/>
    protected override double StandardEntropy => 0;

    /// <inheritdoc/>
    protected override double StandardSample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return random.NextDouble();
    }
}
