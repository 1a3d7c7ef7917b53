using Adjoint.Tensors;
using Adjoint.Tensors.Kernels;

namespace Adjoint.Statistics;

/// <summary>The beta distribution with shapes a and b on [loc, loc + scale] (scipy <c>beta</c>).</summary>
/// <remarks>The cdf is differentiable in x, loc and scale; in the shapes it is not (the backward pass throws).</remarks>
public sealed class Beta : ContinuousDistribution
{
    /// <summary>The beta distribution with shapes <paramref name="a"/>, <paramref name="b"/>, location and scale.</summary>
    public Beta(Tensor a, Tensor b, Tensor loc, Tensor scale)
        : base(loc, scale)
    {
        A = ParameterCheck.Positive(a, "a");
        B = ParameterCheck.Positive(b, "b");
    }

    /// <summary>The beta distribution from numbers.</summary>
    public Beta(double a, double b, double loc = 0, double scale = 1)
        : this(Tensor.Scalar(a), Tensor.Scalar(b), Tensor.Scalar(loc), Tensor.Scalar(scale))
    {
    }

    /// <summary>The first shape a.</summary>
    public Tensor A { get; }

    /// <summary>The second shape b.</summary>
    public Tensor B { get; }

    /// <inheritdoc/>
    public override string Name => "beta";

    /// <inheritdoc/>
    protected override DistributionSupport StandardSupport => new(0, 1);

    /// <inheritdoc/>
    protected override Tensor StandardLogPdf(Tensor z) => TensorHelpers.XLogY(A - 1, z) + TensorHelpers.XLog1pY(B - 1, -z) - TensorHelpers.LogBeta(A, B);

    /// <inheritdoc/>
    protected override Tensor StandardCdf(Tensor z) => Tensor.BetaInc(A, B, z);

    /// <inheritdoc/>
    protected override Tensor StandardSf(Tensor z) => Tensor.BetaInc(B, A, 1.0 - z);

    /// <inheritdoc/>
    protected override DistributionMoments StandardMoments
    {
        get
        {
            double a = ParameterCheck.Scalar(A, "a"), b = ParameterCheck.Scalar(B, "b");
            double s = a + b;
            double skew = 2 * (b - a) * Math.Sqrt(s + 1) / ((s + 2) * Math.Sqrt(a * b));
            double kurt = 6 * ((((a - b) * (a - b)) * (s + 1)) - (a * b * (s + 2))) / (a * b * (s + 2) * (s + 3));
            return new(a / s, a * b / (s * s * (s + 1)), skew, kurt);
        }
    }

    /// <inheritdoc/>
    protected override double StandardEntropy
    {
        get
        {
            double a = ParameterCheck.Scalar(A, "a"), b = ParameterCheck.Scalar(B, "b");
            double logBeta = SpecialKernels.LogGamma(a) + SpecialKernels.LogGamma(b) - SpecialKernels.LogGamma(a + b);
            return logBeta - ((a - 1) * SpecialKernels.Digamma(a)) - ((b - 1) * SpecialKernels.Digamma(b)) + ((a + b - 2) * SpecialKernels.Digamma(a + b));
        }
    }

    /// <inheritdoc/>
    protected override double StandardSample(Random random)
    {
        double x = MathNet.Numerics.Distributions.Gamma.Sample(random, ParameterCheck.Scalar(A, "a"), 1.0);
        double y = MathNet.Numerics.Distributions.Gamma.Sample(random, ParameterCheck.Scalar(B, "b"), 1.0);
        return x / (x + y);
    }

    /// <summary>Maximum-likelihood fit of a, b, loc, scale; fix the interval with <c>{"loc": 0, "scale": 1}</c>.</summary>
    /// <param name="data">The observations.</param>
    /// <param name="fixedParameters">Parameters held at given values, by name (a, b, loc, scale).</param>
    /// <param name="options">Method and starting values, or null.</param>
    public static DistributionFitResult<Beta> Fit(double[] data, IReadOnlyDictionary<string, double>? fixedParameters = null, DistributionFitOptions? options = null) =>
        MaximumLikelihood.Fit(Specification, data, fixedParameters, options);

    private static readonly FitSpecification<Beta> Specification = new(
        ["a", "b", "loc", "scale"],
        data => [ParameterDomain.Positive, ParameterDomain.Positive, ParameterDomain.Below(data.Min()), new ParameterDomain(data.Max() - data.Min(), double.PositiveInfinity)],
        data =>
        {
            // Method of moments on [0, 1].
            var (m, s) = MaximumLikelihood.MeanStd(data);
            double common = Math.Max((m * (1 - m) / (s * s)) - 1, 0.1);
            return [Math.Max(m * common, 0.05), Math.Max((1 - m) * common, 0.05), 0, 1];
        },
        p => new Beta(p[0], p[1], p[2], p[3]),
        (d, x) => d.LogPdf(x).Sum());
}
