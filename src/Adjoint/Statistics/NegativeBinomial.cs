using Adjoint.Tensors;

namespace Adjoint.Statistics;

/// <summary>
/// The negative binomial distribution of the number of failures before the n-th success of probability p, with n any
/// positive real (scipy <c>nbinom</c>): pmf Γ(k + n) / (Γ(n) k!) p^n (1 - p)^k on 0, 1, ....
/// </summary>
/// <remarks>The log-pmf is differentiable in n and p; the cdf, I_p(n, k + 1), in p only.</remarks>
public sealed class NegativeBinomial : DiscreteDistribution
{
    /// <summary>The negative binomial distribution with <paramref name="n"/> (positive) and success probability <paramref name="p"/> in (0, 1].</summary>
    public NegativeBinomial(Tensor n, Tensor p)
    {
        N = ParameterCheck.Positive(n, "n");
        P = ParameterCheck.OpenProbability(p, "p");
    }

    /// <summary>The negative binomial distribution from numbers.</summary>
    public NegativeBinomial(double n, double p)
        : this(Tensor.Scalar(n), Tensor.Scalar(p))
    {
    }

    /// <summary>The number of successes n (any positive real).</summary>
    public Tensor N { get; }

    /// <summary>The success probability p.</summary>
    public Tensor P { get; }

    /// <inheritdoc/>
    public override string Name => "nbinom";

    /// <inheritdoc/>
    public override DistributionSupport Support => new(0, double.PositiveInfinity);

    /// <inheritdoc/>
    protected override Tensor LogPmfInside(Tensor k) =>
        Tensor.Lgamma(k + N) - Tensor.Lgamma(N) - Tensor.Lgamma(k + 1.0) + (N * Tensor.Log(P)) + TensorHelpers.XLog1pY(k, -P);

    /// <inheritdoc/>
    protected override Tensor CdfInside(Tensor k) => Tensor.BetaInc(N, k + 1.0, P);

    /// <inheritdoc/>
    public override DistributionMoments Stats()
    {
        double n = ParameterCheck.Scalar(N, "n");
        double p = ParameterCheck.Scalar(P, "p");
        double q = 1 - p;
        return new(n * q / p, n * q / (p * p), (2 - p) / Math.Sqrt(n * q), (6 / n) + (p * p / (n * q)));
    }

    /// <summary>
    /// Maximum-likelihood fit of n and p; fix n with <c>{"n": value}</c> for the closed form p = n / (n + mean), with
    /// standard error p sqrt((1 - p) / (n N)) for N observations.
    /// </summary>
    /// <param name="data">The observed counts.</param>
    /// <param name="fixedParameters">Parameters held at given values, by name (n, p).</param>
    /// <param name="options">Method and starting values, or null.</param>
    public static DistributionFitResult<NegativeBinomial> Fit(double[] data, IReadOnlyDictionary<string, double>? fixedParameters = null, DistributionFitOptions? options = null) =>
        MaximumLikelihood.Fit(Specification, data, fixedParameters, options);

    private static readonly FitSpecification<NegativeBinomial> Specification = new(
        ["n", "p"],
        _ => [ParameterDomain.Positive, ParameterDomain.UnitInterval],
        data =>
        {
            // Moments: mean = n q / p and var = mean / p, falling back to p = 1/2 without overdispersion.
            var (m, s) = MaximumLikelihood.MeanStd(data);
            double v = s * s;
            double p = v > m && m > 0 ? m / v : 0.5;
            return [Math.Max(m * p / (1 - p), 1e-3), Math.Clamp(p, 1e-8, 1 - 1e-8)];
        },
        p => new NegativeBinomial(p[0], p[1]),
        (d, x) => d.LogPmf(x).Sum());
}
