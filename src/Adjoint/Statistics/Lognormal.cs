using Adjoint.Tensors;
using MathNet.Numerics;

namespace Adjoint.Statistics;

/// <summary>The log-normal distribution with shape s (scipy <c>lognorm</c>): log((X - loc) / scale) is N(0, s^2).</summary>
/// <remarks>The cdf and sf are normal cdfs of log(z) / s, so both tails keep their precision.</remarks>
public sealed class Lognormal : ContinuousDistribution
{
    private const double HalfLogTwoPi = 0.91893853320467274178032973640562;

    /// <summary>The log-normal distribution with shape <paramref name="s"/>, location and scale.</summary>
    /// <param name="s">The shape (standard deviation of the logarithm), positive.</param>
    /// <param name="loc">The location.</param>
    /// <param name="scale">The scale (exp of the mean of the logarithm), positive.</param>
    public Lognormal(Tensor s, Tensor loc, Tensor scale)
        : base(loc, scale)
    {
        S = ParameterCheck.Positive(s, "s");
    }

    /// <summary>The log-normal distribution from numbers.</summary>
    /// <param name="s">The shape, positive.</param>
    /// <param name="loc">The location.</param>
    /// <param name="scale">The scale, positive.</param>
    public Lognormal(double s, double loc = 0, double scale = 1)
        : this(Tensor.Scalar(s), Tensor.Scalar(loc), Tensor.Scalar(scale))
    {
    }

    /// <summary>The shape parameter s.</summary>
    public Tensor S { get; }

    private double SValue => ParameterCheck.Scalar(S, "s");

    /// <inheritdoc/>
    public override string Name => "lognorm";

    /// <inheritdoc/>
    protected override DistributionSupport StandardSupport => new(0, double.PositiveInfinity);

    /// <inheritdoc/>
    protected override Tensor StandardLogPdf(Tensor z)
    {
        // The density vanishes at z = 0; evaluate at 1 there so no NaN reaches the value or the gradient.
        var positive = Tensor.Greater(z, 0.0);
        var y = Tensor.Log(Tensor.Where(positive, z, Tensor.Scalar(1.0, z.DType)));
        var lp = (Tensor.Square(y / S) * -0.5) - y - Tensor.Log(S) - HalfLogTwoPi;
        return Tensor.Where(positive, lp, Tensor.Scalar(double.NegativeInfinity, lp.DType));
    }

    /// <inheritdoc/>
    protected override Tensor StandardCdf(Tensor z) => Tensor.Ndtr(Tensor.Log(z) / S);

    /// <inheritdoc/>
    protected override Tensor StandardSf(Tensor z) => Tensor.Ndtr(-Tensor.Log(z) / S);

    /// <inheritdoc/>
    protected override Tensor StandardLogCdf(Tensor z) => Tensor.LogNdtr(Tensor.Log(z) / S);

    /// <inheritdoc/>
    protected override Tensor StandardLogSf(Tensor z) => Tensor.LogNdtr(-Tensor.Log(z) / S);

    /// <inheritdoc/>
    protected override double StandardPpf(double q) => Math.Exp(-SValue * Constants.Sqrt2 * SpecialFunctions.ErfcInv(2 * q));

    /// <inheritdoc/>
    protected override double StandardIsf(double q) => Math.Exp(SValue * Constants.Sqrt2 * SpecialFunctions.ErfcInv(2 * q));

    /// <inheritdoc/>
    protected override DistributionMoments StandardMoments
    {
        get
        {
            double s2 = SValue * SValue;
            double p = Math.Exp(s2);
            double em1 = Math.Exp(s2) - 1;
            return new(Math.Exp(s2 / 2), em1 * p, (p + 2) * Math.Sqrt(em1), (p * p * p * p) + (2 * p * p * p) + (3 * p * p) - 6);
        }
    }

    /// <inheritdoc/>
    protected override double StandardEntropy => 0.5 + HalfLogTwoPi + Math.Log(SValue);

    /// <inheritdoc/>
    protected override double StandardSample(Random random) => Math.Exp(SValue * MathNet.Numerics.Distributions.Normal.Sample(random, 0, 1));

    /// <summary>Maximum-likelihood fit of s, loc, scale; fix loc with <c>{"loc": 0}</c> (scipy's <c>floc=0</c>).</summary>
    /// <param name="data">The observations.</param>
    /// <param name="fixedParameters">Parameters held at given values, by name (s, loc, scale).</param>
    /// <param name="options">Method and starting values, or null.</param>
    public static DistributionFitResult<Lognormal> Fit(double[] data, IReadOnlyDictionary<string, double>? fixedParameters = null, DistributionFitOptions? options = null) =>
        MaximumLikelihood.Fit(Specification, data, fixedParameters, options);

    private static readonly FitSpecification<Lognormal> Specification = new(
        ["s", "loc", "scale"],
        data => [ParameterDomain.Positive, ParameterDomain.Below(data.Min()), ParameterDomain.Positive],
        data =>
        {
            // The normal fit of log(x - shift), with the shift 0 for positive data and below the smallest value otherwise.
            double min = data.Min();
            double shift = min > 0 ? 0 : min - 1;
            var (m, s) = MaximumLikelihood.MeanStd(Array.ConvertAll(data, x => Math.Log(x - shift)));
            return [Math.Max(s, 1e-6), shift, Math.Exp(m)];
        },
        p => new Lognormal(p[0], p[1], p[2]),
        (d, x) => d.LogPdf(x).Sum());
}
