using Adjoint.Tensors;
using Adjoint.Tensors.Kernels;

namespace Adjoint.Statistics;

/// <summary>
/// The F (Fisher-Snedecor) distribution with dfn and dfd degrees of freedom (scipy <c>f</c>), density
/// dfd^(dfd/2) dfn^(dfn/2) z^(dfn/2 - 1) / ((dfd + dfn z)^((dfn + dfd)/2) B(dfn/2, dfd/2)).
/// </summary>
/// <remarks>
/// The cdf is I_w(dfn/2, dfd/2) with w = dfn z / (dfd + dfn z) and the survival function I_(1-w)(dfd/2, dfn/2) computed
/// from dfd / (dfd + dfn z) directly (scipy's fdtr and fdtrc), differentiable in x, loc and scale, not in the degrees
/// of freedom; the log-density is differentiable in all four. Quantiles invert the cdf numerically. Moments that do not
/// exist are infinite or NaN as in scipy (mean for dfd &lt;= 2, variance dfd &lt;= 4, skewness dfd &lt;= 6, kurtosis
/// dfd &lt;= 8). The entropy is closed form: with F = (dfd / dfn) B / (1 - B) for B ~ Beta(dfn/2, dfd/2),
/// H = log B(a, b) - (a - 1)(psi(a) - psi(b)) + (a + b)(psi(a + b) - psi(b)) + log(dfd / dfn).
/// </remarks>
public sealed class FDistribution : ContinuousDistribution
{
    /// <summary>The F distribution with <paramref name="dfn"/> and <paramref name="dfd"/> degrees of freedom, location and scale.</summary>
    /// <param name="dfn">The numerator degrees of freedom, positive.</param>
    /// <param name="dfd">The denominator degrees of freedom, positive.</param>
    /// <param name="loc">The location.</param>
    /// <param name="scale">The scale, positive.</param>
    public FDistribution(Tensor dfn, Tensor dfd, Tensor loc, Tensor scale)
        : base(loc, scale)
    {
        Dfn = ParameterCheck.Positive(dfn, "dfn");
        Dfd = ParameterCheck.Positive(dfd, "dfd");
    }

    /// <summary>The F distribution from numbers.</summary>
    /// <param name="dfn">The numerator degrees of freedom, positive.</param>
    /// <param name="dfd">The denominator degrees of freedom, positive.</param>
    /// <param name="loc">The location.</param>
    /// <param name="scale">The scale, positive.</param>
    public FDistribution(double dfn, double dfd, double loc = 0, double scale = 1)
        : this(Tensor.Scalar(dfn), Tensor.Scalar(dfd), Tensor.Scalar(loc), Tensor.Scalar(scale))
    {
    }

    /// <summary>The numerator degrees of freedom.</summary>
    public Tensor Dfn { get; }

    /// <summary>The denominator degrees of freedom.</summary>
    public Tensor Dfd { get; }

    /// <inheritdoc/>
    public override string Name => "f";

    /// <inheritdoc/>
    protected override DistributionSupport StandardSupport => new(0, double.PositiveInfinity);

    /// <inheritdoc/>
    protected override Tensor StandardLogPdf(Tensor z)
    {
        var n = Dfn;
        var m = Dfd;
        return (TensorHelpers.XLogY(m * 0.5, m) + TensorHelpers.XLogY(n * 0.5, n) + TensorHelpers.XLogY((n * 0.5) - 1.0, z))
            - (((n + m) * 0.5 * Tensor.Log(m + (n * z))) + TensorHelpers.LogBeta(n * 0.5, m * 0.5));
    }

    /// <inheritdoc/>
    protected override Tensor StandardCdf(Tensor z)
    {
        var nz = Dfn * z;
        return Tensor.BetaInc(Dfn * 0.5, Dfd * 0.5, nz / (Dfd + nz));
    }

    /// <inheritdoc/>
    protected override Tensor StandardSf(Tensor z) => Tensor.BetaInc(Dfd * 0.5, Dfn * 0.5, Dfd / (Dfd + (Dfn * z)));

    /// <inheritdoc/>
    protected override double StandardPpf(double q)
    {
        double n = ParameterCheck.Scalar(Dfn, "dfn"), m = ParameterCheck.Scalar(Dfd, "dfd");
        return q <= 0.5
            ? MonotoneInverse.Solve(z => IncompleteBetaFunction.Value(n / 2, m / 2, n * z / (m + (n * z))), q, 0, double.PositiveInfinity, StartingPoint)
            : StandardIsf(1 - q);
    }

    /// <inheritdoc/>
    protected override double StandardIsf(double q)
    {
        double n = ParameterCheck.Scalar(Dfn, "dfn"), m = ParameterCheck.Scalar(Dfd, "dfd");
        return q <= 0.5
            ? MonotoneInverse.Solve(z => -IncompleteBetaFunction.Value(m / 2, n / 2, m / (m + (n * z))), -q, 0, double.PositiveInfinity, StartingPoint)
            : StandardPpf(1 - q);
    }

    /// <inheritdoc/>
    protected override double StartingPoint => 1;

    /// <inheritdoc/>
    protected override DistributionMoments StandardMoments
    {
        get
        {
            // scipy's f_gen._stats.
            double v1 = ParameterCheck.Scalar(Dfn, "dfn"), v2 = ParameterCheck.Scalar(Dfd, "dfd");
            double mean = v2 > 2 ? v2 / (v2 - 2) : double.PositiveInfinity;
            double variance = v2 > 4 ? 2 * v2 * v2 * (v1 + v2 - 2) / (v1 * (v2 - 2) * (v2 - 2) * (v2 - 4)) : double.PositiveInfinity;
            double skew = v2 > 6 ? Math.Sqrt(8.0) * ((2 * v1) + v2 - 2) / (v2 - 6) * Math.Sqrt((v2 - 4) / (v1 * (v1 + v2 - 2))) : double.NaN;
            double kurt = v2 > 8 ? 1.5 * (8 + (skew * skew * (v2 - 6))) / (v2 - 8) : double.NaN;
            return new(mean, variance, skew, kurt);
        }
    }

    /// <inheritdoc/>
    protected override double StandardEntropy
    {
        get
        {
            double n = ParameterCheck.Scalar(Dfn, "dfn"), m = ParameterCheck.Scalar(Dfd, "dfd");
            double a = n / 2, b = m / 2;
            double logBeta = SpecialKernels.LogGamma(a) + SpecialKernels.LogGamma(b) - SpecialKernels.LogGamma(a + b);
            return logBeta - ((a - 1) * (SpecialKernels.Digamma(a) - SpecialKernels.Digamma(b)))
                + ((a + b) * (SpecialKernels.Digamma(a + b) - SpecialKernels.Digamma(b))) + Math.Log(m / n);
        }
    }

    /// <inheritdoc/>
    protected override double StandardSample(Random random)
    {
        double n = ParameterCheck.Scalar(Dfn, "dfn"), m = ParameterCheck.Scalar(Dfd, "dfd");
        double x = MathNet.Numerics.Distributions.Gamma.Sample(random, n / 2, 1.0);
        double y = MathNet.Numerics.Distributions.Gamma.Sample(random, m / 2, 1.0);
        return x * m / (y * n);
    }

    /// <summary>Maximum-likelihood fit of dfn, dfd, loc, scale; fix loc and scale with <c>{"loc": 0, "scale": 1}</c>.</summary>
    /// <param name="data">The observations.</param>
    /// <param name="fixedParameters">Parameters held at given values, by name (dfn, dfd, loc, scale).</param>
    /// <param name="options">Method and starting values, or null.</param>
    public static DistributionFitResult<FDistribution> Fit(double[] data, IReadOnlyDictionary<string, double>? fixedParameters = null, DistributionFitOptions? options = null) =>
        MaximumLikelihood.Fit(Specification, data, fixedParameters, options);

    private static readonly FitSpecification<FDistribution> Specification = new(
        ["dfn", "dfd", "loc", "scale"],
        data => [ParameterDomain.Positive, ParameterDomain.Positive, ParameterDomain.Below(data.Min()), ParameterDomain.Positive],
        data =>
        {
            // Moments of F(dfn, dfd): mean dfd / (dfd - 2) gives dfd, the variance then dfn.
            var (mean, s) = MaximumLikelihood.MeanStd(data);
            double m = mean > 1.05 ? Math.Clamp(2 * mean / (mean - 1), 4.5, 200) : 20;
            double denominator = (s * s * (m - 2) * (m - 2) * (m - 4)) - (2 * m * m);
            double n = denominator > 0 ? Math.Clamp(2 * m * m * (m - 2) / denominator, 0.5, 200) : 5;
            return [n, m, 0, 1];
        },
        p => new FDistribution(p[0], p[1], p[2], p[3]),
        (d, x) => d.LogPdf(x).Sum());
}
