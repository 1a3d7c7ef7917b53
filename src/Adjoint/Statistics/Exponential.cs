using Adjoint.Tensors;

namespace Adjoint.Statistics;

/// <summary>The exponential distribution with rate 1/scale, shifted by loc (scipy <c>expon</c>).</summary>
public sealed class Exponential : ContinuousDistribution
{
    /// <summary>The exponential distribution on [loc, inf) with mean loc + scale.</summary>
    public Exponential(Tensor loc, Tensor scale)
        : base(loc, scale)
    {
    }

    /// <summary>The exponential distribution from numbers.</summary>
    public Exponential(double loc = 0, double scale = 1)
        : this(Tensor.Scalar(loc), Tensor.Scalar(scale))
    {
    }

    /// <inheritdoc/>
    public override string Name => "expon";

    /// <inheritdoc/>
    protected override DistributionSupport StandardSupport => new(0, double.PositiveInfinity);

    /// <inheritdoc/>
    protected override Tensor StandardLogPdf(Tensor z) => -z;

    /// <inheritdoc/>
    protected override Tensor StandardCdf(Tensor z) => -Tensor.Expm1(-z);

    /// <inheritdoc/>
    protected override Tensor StandardSf(Tensor z) => Tensor.Exp(-z);

    /// <inheritdoc/>
    protected override Tensor StandardLogSf(Tensor z) => -z;

    /// <inheritdoc/>
    protected override Tensor StandardLogCdf(Tensor z) => Tensor.Log(-Tensor.Expm1(-z));

    /// <inheritdoc/>
    protected override double StandardPpf(double q) => -LogOnePlus(-q);

    /// <inheritdoc/>
    protected override double StandardIsf(double q) => -Math.Log(q);

    /// <inheritdoc/>
    protected override DistributionMoments StandardMoments => new(1, 1, 2, 6);

    /// <inheritdoc/>
    protected override double StandardEntropy => 1;

    /// <inheritdoc/>
    protected override double StandardSample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return -Math.Log(1 - random.NextDouble());
    }

    /// <summary>Maximum-likelihood fit of loc and scale (fix loc with <c>{"loc": 0}</c>, scipy's <c>floc=0</c>).</summary>
    /// <param name="data">The observations.</param>
    /// <param name="fixedParameters">Parameters held at given values, by name (loc, scale).</param>
    /// <param name="options">Method and starting values, or null.</param>
    public static DistributionFitResult<Exponential> Fit(double[] data, IReadOnlyDictionary<string, double>? fixedParameters = null, DistributionFitOptions? options = null) =>
        MaximumLikelihood.Fit(Specification, data, fixedParameters, options);

    private static double LogOnePlus(double x) => MathNet.Numerics.SpecialFunctions.Log1p(x);

    private static readonly FitSpecification<Exponential> Specification = new(
        ["loc", "scale"],
        data => [ParameterDomain.Below(data.Min()), ParameterDomain.Positive],
        data => [data.Min() - (0.01 * (data.Average() - data.Min()) + 1e-6), Math.Max(data.Average() - data.Min(), 1e-8)],
        p => new Exponential(p[0], p[1]),
        (d, x) => d.LogPdf(x).Sum());
}
