using Adjoint.Tensors;

namespace Adjoint.Statistics;

/// <summary>The geometric distribution of the number of trials up to the first success of probability p, on 1, 2, ... (scipy <c>geom</c>).</summary>
public sealed class Geometric : DiscreteDistribution
{
    /// <summary>The geometric distribution with success probability <paramref name="p"/> in (0, 1].</summary>
    public Geometric(Tensor p) => P = ParameterCheck.OpenProbability(p, "p");

    /// <summary>The geometric distribution from a number.</summary>
    public Geometric(double p)
        : this(Tensor.Scalar(p))
    {
    }

    /// <summary>The success probability p.</summary>
    public Tensor P { get; }

    /// <inheritdoc/>
    public override string Name => "geom";

    /// <inheritdoc/>
    public override DistributionSupport Support => new(1, double.PositiveInfinity);

    /// <inheritdoc/>
    protected override Tensor LogPmfInside(Tensor k) => TensorHelpers.XLog1pY(k - 1.0, -P) + Tensor.Log(P);

    /// <inheritdoc/>
    protected override Tensor CdfInside(Tensor k) => -Tensor.Expm1(TensorHelpers.XLog1pY(k, -P));

    /// <inheritdoc/>
    public override DistributionMoments Stats()
    {
        double p = ParameterCheck.Scalar(P, "p");
        double q = 1 - p;
        return new(1 / p, q / (p * p), (2 - p) / Math.Sqrt(q), 6 + (p * p / q));
    }

    /// <summary>Maximum-likelihood fit of p (one over the sample mean), with its standard error p sqrt((1 - p) / N) for N observations.</summary>
    /// <param name="data">The observed numbers of trials, each at least 1.</param>
    /// <param name="options">Method and starting values, or null.</param>
    public static DistributionFitResult<Geometric> Fit(double[] data, DistributionFitOptions? options = null) =>
        MaximumLikelihood.Fit(Specification, data, null, options);

    private static readonly FitSpecification<Geometric> Specification = new(
        ["p"],
        _ => [ParameterDomain.UnitInterval],
        data => [Math.Clamp(1 / data.Average(), 1e-8, 1 - 1e-8)],
        p => new Geometric(p[0]),
        (d, x) => d.LogPmf(x).Sum());
}
