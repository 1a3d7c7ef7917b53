using Adjoint.Tensors;
using MathNet.Numerics;

namespace Adjoint.Statistics;

/// <summary>The Weibull distribution with shape c, cdf 1 - exp(-z^c) for z = (x - loc) / scale (scipy <c>weibull_min</c>).</summary>
/// <remarks>The cdf is -expm1(-z^c) and the log sf -z^c, so both tails keep their precision.</remarks>
public sealed class Weibull : ContinuousDistribution
{
    /// <summary>The Weibull distribution with shape <paramref name="c"/>, location and scale.</summary>
    /// <param name="c">The shape, positive.</param>
    /// <param name="loc">The location (lower end of the support).</param>
    /// <param name="scale">The scale, positive.</param>
    public Weibull(Tensor c, Tensor loc, Tensor scale)
        : base(loc, scale)
    {
        C = ParameterCheck.Positive(c, "c");
    }

    /// <summary>The Weibull distribution from numbers.</summary>
    /// <param name="c">The shape, positive.</param>
    /// <param name="loc">The location.</param>
    /// <param name="scale">The scale, positive.</param>
    public Weibull(double c, double loc = 0, double scale = 1)
        : this(Tensor.Scalar(c), Tensor.Scalar(loc), Tensor.Scalar(scale))
    {
    }

    /// <summary>The shape parameter c.</summary>
    public Tensor C { get; }

    private double CValue => ParameterCheck.Scalar(C, "c");

    /// <inheritdoc/>
    public override string Name => "weibull_min";

    /// <inheritdoc/>
    protected override DistributionSupport StandardSupport => new(0, double.PositiveInfinity);

    /// <inheritdoc/>
    protected override Tensor StandardLogPdf(Tensor z) => Tensor.Log(C) + TensorHelpers.XLogY(C - 1, z) - Tensor.Pow(z, C);

    /// <inheritdoc/>
    protected override Tensor StandardCdf(Tensor z) => -Tensor.Expm1(-Tensor.Pow(z, C));

    /// <inheritdoc/>
    protected override Tensor StandardSf(Tensor z) => Tensor.Exp(-Tensor.Pow(z, C));

    /// <inheritdoc/>
    protected override Tensor StandardLogSf(Tensor z) => -Tensor.Pow(z, C);

    /// <inheritdoc/>
    protected override Tensor StandardLogCdf(Tensor z) => Tensor.Log(-Tensor.Expm1(-Tensor.Pow(z, C)));

    /// <inheritdoc/>
    protected override double StandardPpf(double q) => Math.Pow(-SpecialFunctions.Log1p(-q), 1 / CValue);

    /// <inheritdoc/>
    protected override double StandardIsf(double q) => Math.Pow(-Math.Log(q), 1 / CValue);

    /// <inheritdoc/>
    protected override DistributionMoments StandardMoments
    {
        get
        {
            double c = CValue;
            double g1 = SpecialFunctions.Gamma(1 + (1 / c)), g2 = SpecialFunctions.Gamma(1 + (2 / c));
            double g3 = SpecialFunctions.Gamma(1 + (3 / c)), g4 = SpecialFunctions.Gamma(1 + (4 / c));
            double v = g2 - (g1 * g1);
            double skew = (g3 - (3 * g1 * v) - (g1 * g1 * g1)) / Math.Pow(v, 1.5);
            double kurt = ((g4 - (4 * g1 * g3) + (6 * g1 * g1 * g2) - (3 * g1 * g1 * g1 * g1)) / (v * v)) - 3;
            return new(g1, v, skew, kurt);
        }
    }

    /// <inheritdoc/>
    protected override double StandardEntropy
    {
        get
        {
            double c = CValue;
            return (Constants.EulerMascheroni * (1 - (1 / c))) - Math.Log(c) + 1;
        }
    }

    /// <inheritdoc/>
    protected override double StandardSample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return Math.Pow(-Math.Log(1 - random.NextDouble()), 1 / CValue);
    }

    /// <summary>Maximum-likelihood fit of c, loc, scale; fix loc with <c>{"loc": 0}</c> (scipy's <c>floc=0</c>).</summary>
    /// <param name="data">The observations.</param>
    /// <param name="fixedParameters">Parameters held at given values, by name (c, loc, scale).</param>
    /// <param name="options">Method and starting values, or null.</param>
    public static DistributionFitResult<Weibull> Fit(double[] data, IReadOnlyDictionary<string, double>? fixedParameters = null, DistributionFitOptions? options = null) =>
        MaximumLikelihood.Fit(Specification, data, fixedParameters, options);

    private static readonly FitSpecification<Weibull> Specification = new(
        ["c", "loc", "scale"],
        data => [ParameterDomain.Positive, ParameterDomain.Below(data.Min()), ParameterDomain.Positive],
        data =>
        {
            // The extreme-value moments of log(x - shift): sd of the log is pi / (c sqrt 6), its mean log(scale) - gamma / c.
            double min = data.Min();
            double shift = min > 0 ? 0 : min - 1;
            var (m, s) = MaximumLikelihood.MeanStd(Array.ConvertAll(data, x => Math.Log(x - shift)));
            double c = Math.PI / (Math.Max(s, 1e-6) * Math.Sqrt(6));
            return [c, shift, Math.Exp(m + (Constants.EulerMascheroni / c))];
        },
        p => new Weibull(p[0], p[1], p[2]),
        (d, x) => d.LogPdf(x).Sum());
}
