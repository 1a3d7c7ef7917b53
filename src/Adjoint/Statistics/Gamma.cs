using Adjoint.Tensors;
using Adjoint.Tensors.Kernels;

namespace Adjoint.Statistics;

/// <summary>The gamma distribution with shape a (scipy <c>gamma</c>, density z^(a-1) e^-z / Gamma(a) for z = (x - loc) / scale).</summary>
/// <remarks>The cdf is differentiable in x, loc and scale; in the shape a it is not (the backward pass throws).</remarks>
public sealed class Gamma : ContinuousDistribution
{
    /// <summary>The gamma distribution with shape <paramref name="a"/>, location and scale.</summary>
    /// <param name="a">The shape, positive.</param>
    /// <param name="loc">The location.</param>
    /// <param name="scale">The scale, positive.</param>
    public Gamma(Tensor a, Tensor loc, Tensor scale)
        : base(loc, scale)
    {
        A = ParameterCheck.Positive(a, "a");
    }

    /// <summary>The gamma distribution from numbers.</summary>
    public Gamma(double a, double loc = 0, double scale = 1)
        : this(Tensor.Scalar(a), Tensor.Scalar(loc), Tensor.Scalar(scale))
    {
    }

    /// <summary>The shape parameter a.</summary>
    public Tensor A { get; }

    private double AValue => ParameterCheck.Scalar(A, "a");

    /// <inheritdoc/>
    public override string Name => "gamma";

    /// <inheritdoc/>
    protected override DistributionSupport StandardSupport => new(0, double.PositiveInfinity);

    /// <inheritdoc/>
    protected override Tensor StandardLogPdf(Tensor z) => TensorHelpers.XLogY(A - 1, z) - z - Tensor.Lgamma(A);

    /// <inheritdoc/>
    protected override Tensor StandardCdf(Tensor z) => Tensor.GammaInc(A, z);

    /// <inheritdoc/>
    protected override Tensor StandardSf(Tensor z) => Tensor.GammaIncc(A, z);

    /// <inheritdoc/>
    protected override double StartingPoint => AValue;

    /// <inheritdoc/>
    protected override DistributionMoments StandardMoments
    {
        get
        {
            double a = AValue;
            return new(a, a, 2 / Math.Sqrt(a), 6 / a);
        }
    }

    /// <inheritdoc/>
    protected override double StandardEntropy
    {
        get
        {
            double a = AValue;
            return a + SpecialKernels.LogGamma(a) + ((1 - a) * SpecialKernels.Digamma(a));
        }
    }

    /// <inheritdoc/>
    protected override double StandardSample(Random random) => MathNet.Numerics.Distributions.Gamma.Sample(random, AValue, 1.0);

    /// <summary>Maximum-likelihood fit of a, loc, scale; fix loc with <c>{"loc": 0}</c> (scipy's <c>floc=0</c>).</summary>
    /// <param name="data">The observations.</param>
    /// <param name="fixedParameters">Parameters held at given values, by name (a, loc, scale).</param>
    /// <param name="options">Method and starting values, or null.</param>
    public static DistributionFitResult<Gamma> Fit(double[] data, IReadOnlyDictionary<string, double>? fixedParameters = null, DistributionFitOptions? options = null) =>
        MaximumLikelihood.Fit(Specification, data, fixedParameters, options);

    private static readonly FitSpecification<Gamma> Specification = new(
        ["a", "loc", "scale"],
        data => [ParameterDomain.Positive, ParameterDomain.Below(data.Min()), ParameterDomain.Positive],
        data =>
        {
            // Moments about the smallest value (a = mean^2 / var, scale = var / mean) with loc just below the data.
            var (m, s) = MaximumLikelihood.MeanStd(data);
            double a = Math.Max(m * m / (s * s), 0.05);
            return [a, 0, s * s / Math.Max(m, 1e-12)];
        },
        p => new Gamma(p[0], p[1], p[2]),
        (d, x) => d.LogPdf(x).Sum());
}
