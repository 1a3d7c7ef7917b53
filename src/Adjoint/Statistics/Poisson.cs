using Adjoint.Tensors;

namespace Adjoint.Statistics;

/// <summary>The Poisson distribution with mean mu (scipy <c>poisson</c>).</summary>
public sealed class Poisson : DiscreteDistribution
{
    /// <summary>The Poisson distribution with mean <paramref name="mu"/> (positive).</summary>
    public Poisson(Tensor mu) => Mu = ParameterCheck.Positive(mu, "mu");

    /// <summary>The Poisson distribution from a number.</summary>
    public Poisson(double mu)
        : this(Tensor.Scalar(mu))
    {
    }

    /// <summary>The mean mu.</summary>
    public Tensor Mu { get; }

    /// <inheritdoc/>
    public override string Name => "poisson";

    /// <inheritdoc/>
    public override DistributionSupport Support => new(0, double.PositiveInfinity);

    /// <inheritdoc/>
    protected override Tensor LogPmfInside(Tensor k) => TensorHelpers.XLogY(k, Mu) - Mu - Tensor.Lgamma(k + 1.0);

    /// <inheritdoc/>
    protected override Tensor CdfInside(Tensor k) => Tensor.GammaIncc(k + 1.0, Mu);

    /// <inheritdoc/>
    public override DistributionMoments Stats()
    {
        double mu = ParameterCheck.Scalar(Mu, "mu");
        return new(mu, mu, 1 / Math.Sqrt(mu), 1 / mu);
    }

    /// <summary>Maximum-likelihood fit of mu (the sample mean), with its standard error sqrt(mu / n).</summary>
    /// <param name="data">The observed counts.</param>
    /// <param name="options">Method and starting values, or null.</param>
    public static DistributionFitResult<Poisson> Fit(double[] data, DistributionFitOptions? options = null) =>
        MaximumLikelihood.Fit(Specification, data, null, options);

    private static readonly FitSpecification<Poisson> Specification = new(
        ["mu"],
        _ => [ParameterDomain.Positive],
        data => [Math.Max(data.Average(), 1e-8)],
        p => new Poisson(p[0]),
        (d, x) => d.LogPmf(x).Sum());
}
