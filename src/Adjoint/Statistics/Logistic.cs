using Adjoint.Tensors;

namespace Adjoint.Statistics;

/// <summary>The logistic distribution, cdf 1 / (1 + exp(-z)) for z = (x - loc) / scale (scipy <c>logistic</c>).</summary>
/// <remarks>The cdf and sf are sigmoids of z and -z, and their logarithms softplus forms, so both tails keep their precision.</remarks>
public sealed class Logistic : ContinuousDistribution
{
    /// <summary>The logistic distribution with location and scale.</summary>
    /// <param name="loc">The location (mean and median).</param>
    /// <param name="scale">The scale, positive.</param>
    public Logistic(Tensor loc, Tensor scale)
        : base(loc, scale)
    {
    }

    /// <summary>The logistic distribution from numbers.</summary>
    /// <param name="loc">The location.</param>
    /// <param name="scale">The scale, positive.</param>
    public Logistic(double loc = 0, double scale = 1)
        : this(Tensor.Scalar(loc), Tensor.Scalar(scale))
    {
    }

    /// <inheritdoc/>
    public override string Name => "logistic";

    /// <inheritdoc/>
    protected override DistributionSupport StandardSupport => DistributionSupport.RealLine;

    /// <inheritdoc/>
    protected override Tensor StandardLogPdf(Tensor z)
    {
        var a = Tensor.Abs(z);
        return -a - (Tensor.Log1p(Tensor.Exp(-a)) * 2.0);
    }

    /// <inheritdoc/>
    protected override Tensor StandardCdf(Tensor z) => Tensor.Sigmoid(z);

    /// <inheritdoc/>
    protected override Tensor StandardSf(Tensor z) => Tensor.Sigmoid(-z);

    /// <inheritdoc/>
    protected override Tensor StandardLogCdf(Tensor z) => -Tensor.Softplus(-z);

    /// <inheritdoc/>
    protected override Tensor StandardLogSf(Tensor z) => -Tensor.Softplus(z);

    /// <inheritdoc/>
    protected override double StandardPpf(double q) => Math.Log(q) - MathNet.Numerics.SpecialFunctions.Log1p(-q);

    /// <inheritdoc/>
    protected override double StandardIsf(double q) => -StandardPpf(q);

    /// <inheritdoc/>
    protected override DistributionMoments StandardMoments => new(0, Math.PI * Math.PI / 3, 0, 1.2);

    /// <inheritdoc/>
    protected override double StandardEntropy => 2;
}
