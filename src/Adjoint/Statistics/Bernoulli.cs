using Adjoint.Tensors;

namespace Adjoint.Statistics;

/// <summary>The Bernoulli distribution on {0, 1} with success probability p (scipy <c>bernoulli</c>).</summary>
public sealed class Bernoulli : DiscreteDistribution
{
    /// <summary>The Bernoulli distribution with success probability <paramref name="p"/> in [0, 1].</summary>
    public Bernoulli(Tensor p) => P = ParameterCheck.Probability(p, "p");

    /// <summary>The Bernoulli distribution from a number.</summary>
    public Bernoulli(double p)
        : this(Tensor.Scalar(p))
    {
    }

    /// <summary>The success probability p.</summary>
    public Tensor P { get; }

    /// <inheritdoc/>
    public override string Name => "bernoulli";

    /// <inheritdoc/>
    public override DistributionSupport Support => new(0, 1);

    /// <inheritdoc/>
    protected override Tensor LogPmfInside(Tensor k) => TensorHelpers.XLogY(k, P) + TensorHelpers.XLog1pY(1.0 - k, -P);

    /// <inheritdoc/>
    protected override Tensor CdfInside(Tensor k) => Tensor.Where(Tensor.EqualTo(k, TensorHelpers.Constant(0)), 1.0 - P + Tensor.ZerosLike(k), Tensor.OnesLike(k));

    /// <inheritdoc/>
    public override DistributionMoments Stats()
    {
        double p = ParameterCheck.Scalar(P, "p");
        double q = 1 - p;
        return new(p, p * q, (q - p) / Math.Sqrt(p * q), (1 - (6 * p * q)) / (p * q));
    }

    /// <summary>Maximum-likelihood fit of p (the sample mean), with its standard error sqrt(p (1 - p) / N) for N observations.</summary>
    /// <param name="data">The observations, each 0 or 1.</param>
    /// <param name="options">Method and starting values, or null.</param>
    public static DistributionFitResult<Bernoulli> Fit(double[] data, DistributionFitOptions? options = null) =>
        MaximumLikelihood.Fit(Specification, data, null, options);

    private static readonly FitSpecification<Bernoulli> Specification = new(
        ["p"],
        _ => [ParameterDomain.UnitInterval],
        data => [Math.Clamp(data.Average(), 1e-8, 1 - 1e-8)],
        p => new Bernoulli(p[0]),
        (d, x) => d.LogPmf(x).Sum());
}
