using System.Globalization;
using Adjoint.Tensors;

namespace Adjoint.Statistics;

/// <summary>The binomial distribution of the number of successes in n trials of probability p (scipy <c>binom</c>).</summary>
public sealed class Binomial : DiscreteDistribution
{
    /// <summary>The binomial distribution with <paramref name="n"/> trials (a non-negative integer) and success probability <paramref name="p"/> in [0, 1].</summary>
    public Binomial(double n, Tensor p)
    {
        N = CountCheck(n, nameof(n));
        P = ParameterCheck.Probability(p, "p");
    }

    /// <summary>The binomial distribution from numbers.</summary>
    public Binomial(double n, double p)
        : this(n, Tensor.Scalar(p))
    {
    }

    /// <summary>The number of trials n.</summary>
    public double N { get; }

    /// <summary>The success probability p.</summary>
    public Tensor P { get; }

    /// <inheritdoc/>
    public override string Name => "binom";

    /// <inheritdoc/>
    public override DistributionSupport Support => new(0, N);

    /// <inheritdoc/>
    protected override Tensor LogPmfInside(Tensor k)
    {
        var rest = N - k;
        return Tensor.Lgamma(Tensor.ZerosLike(k) + (N + 1)) - Tensor.Lgamma(k + 1.0) - Tensor.Lgamma(rest + 1.0)
            + TensorHelpers.XLogY(k, P) + TensorHelpers.XLog1pY(rest, -P);
    }

    /// <inheritdoc/>
    protected override Tensor CdfInside(Tensor k)
    {
        // cdf(k) = I_{1-p}(n - k, k + 1) for k < n, and 1 at k = n.
        var values = k.ToArray();
        var atTop = Tensor.FromArray(values.Select(v => v >= N ? 1.0 : 0.0).ToArray(), k.Shape);
        var a = Tensor.FromArray(values.Select(v => v >= N ? 1.0 : N - v).ToArray(), k.Shape);
        return Tensor.Where(atTop, Tensor.OnesLike(k), Tensor.BetaInc(a, k + 1.0, 1.0 - P));
    }

    /// <inheritdoc/>
    public override DistributionMoments Stats()
    {
        double p = ParameterCheck.Scalar(P, "p");
        double q = 1 - p;
        double npq = N * p * q;
        return new(N * p, npq, (q - p) / Math.Sqrt(npq), (1 - (6 * p * q)) / npq);
    }

    /// <summary>
    /// Maximum-likelihood fit of p with the number of trials <paramref name="n"/> known (the sample mean over n), with
    /// its standard error sqrt(p (1 - p) / (n N)) for N observations.
    /// </summary>
    /// <param name="data">The observed counts, each in [0, n].</param>
    /// <param name="n">The number of trials of every observation.</param>
    /// <param name="options">Method and starting values, or null.</param>
    public static DistributionFitResult<Binomial> Fit(double[] data, double n, DistributionFitOptions? options = null)
    {
        CountCheck(n, nameof(n));
        var specification = new FitSpecification<Binomial>(
            ["p"],
            _ => [ParameterDomain.UnitInterval],
            d => [Math.Clamp(d.Average() / n, 1e-8, 1 - 1e-8)],
            p => new Binomial(n, p[0]),
            (d, x) => d.LogPmf(x).Sum());
        return MaximumLikelihood.Fit(specification, data, null, options);
    }

    private static double CountCheck(double n, string name) =>
        n >= 0 && double.IsFinite(n) && n == Math.Floor(n) ? n : throw new ArgumentOutOfRangeException(
            name, n, string.Create(CultureInfo.InvariantCulture, $"The parameter {name} must be a non-negative integer; it is {n}."));
}
