using System.Globalization;
using Adjoint.Tensors;
using Adjoint.Tensors.Kernels;

namespace Adjoint.Statistics;

/// <summary>
/// The von Mises distribution with concentration kappa on [loc - pi scale, loc + pi scale] (scipy <c>vonmises</c> on
/// its principal interval, which is scipy's <c>vonmises_line</c>), density exp(kappa cos z) / (2 pi I0(kappa)).
/// </summary>
/// <remarks>
/// <para>The log-density kappa (cos z - 1) - log(2 pi i0e(kappa)) uses the scaled Bessel function, so a large kappa
/// neither overflows nor loses digits; it is differentiable in x, loc, scale and kappa at every order. The cdf follows
/// scipy's algorithm (series in Bessel ratios below kappa = 50, normal approximation from there; see
/// <see cref="VonMisesCdfFunction"/>), differentiable in x, loc and scale, not in kappa. Unlike scipy's circular
/// <c>vonmises</c>, whose density repeats outside the principal interval, the density is 0 outside it and the cdf
/// 0 or 1. The mean is loc and the skewness 0; the variance and kurtosis of x on the interval are integrals by
/// quadrature. Samples follow Best &amp; Fisher (1979), as numpy.</para>
/// <para>References: Best, D. J. &amp; Fisher, N. I. (1979), Efficient simulation of the von Mises distribution, Appl.
/// Statist. 28, 152-157; Mardia, K. V. &amp; Jupp, P. E. (2000), Directional Statistics, Wiley.</para>
/// </remarks>
public sealed class VonMises : ContinuousDistribution
{
    private const double LogTwoPi = 1.8378770664093454836;

    /// <summary>The von Mises distribution with concentration <paramref name="kappa"/>, location and scale.</summary>
    /// <param name="kappa">The concentration, positive.</param>
    /// <param name="loc">The location (the mean direction).</param>
    /// <param name="scale">The scale, positive (1 for angles in radians).</param>
    public VonMises(Tensor kappa, Tensor loc, Tensor scale)
        : base(loc, scale)
    {
        Kappa = ParameterCheck.Positive(kappa, "kappa");
    }

    /// <summary>The von Mises distribution from numbers.</summary>
    /// <param name="kappa">The concentration, positive.</param>
    /// <param name="loc">The location.</param>
    /// <param name="scale">The scale, positive.</param>
    public VonMises(double kappa, double loc = 0, double scale = 1)
        : this(Tensor.Scalar(kappa), Tensor.Scalar(loc), Tensor.Scalar(scale))
    {
    }

    /// <summary>The concentration kappa.</summary>
    public Tensor Kappa { get; }

    private double KappaValue => ParameterCheck.Scalar(Kappa, "kappa");

    /// <inheritdoc/>
    public override string Name => "vonmises";

    /// <inheritdoc/>
    protected override DistributionSupport StandardSupport => new(-Math.PI, Math.PI);

    /// <inheritdoc/>
    protected override Tensor StandardLogPdf(Tensor z) => LogDensity(z, Kappa);

    /// <inheritdoc/>
    protected override Tensor StandardCdf(Tensor z) => VonMisesCdfFunction.Evaluate(z, Kappa);

    /// <inheritdoc/>
    protected override Tensor StandardSf(Tensor z) => VonMisesCdfFunction.Evaluate(-z, Kappa);

    /// <inheritdoc/>
    protected override double StandardPpf(double q)
    {
        double k = KappaValue;
        if (q == 0.5)
        {
            return 0; // The median of the symmetric standard form, exactly.
        }

        return q < 0.5 ? MonotoneInverse.Solve(z => VonMisesCdfFunction.Value(z, k), q, -Math.PI, Math.PI, 0) : -StandardPpf(1 - q);
    }

    /// <inheritdoc/>
    protected override double StandardIsf(double q) => -StandardPpf(q);

    /// <inheritdoc/>
    protected override double StartingPoint => 0;

    /// <inheritdoc/>
    protected override DistributionMoments StandardMoments
    {
        get
        {
            var kappa = Tensor.Scalar(KappaValue);
            Tensor Pdf(Tensor z) => StandardDensity(z, kappa);
            double m2 = NumericalMoments.Integrate(z => Tensor.Square(z) * Pdf(z), -Math.PI, Math.PI);
            double m4 = NumericalMoments.Integrate(z => Tensor.Square(Tensor.Square(z)) * Pdf(z), -Math.PI, Math.PI);
            return new(0, m2, 0, (m4 / (m2 * m2)) - 3);
        }
    }

    /// <inheritdoc/>
    protected override double StandardEntropy
    {
        get
        {
            // -kappa I1 / I0 + log(2 pi I0) in the scaled functions (scipy's _entropy).
            double k = KappaValue;
            double i0e = SpecialBessel.I0e(k);
            return (-k * SpecialBessel.I1e(k) / i0e) + LogTwoPi + Math.Log(i0e) + k;
        }
    }

    /// <inheritdoc/>
    protected override double StandardSample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        double kappa = KappaValue;
        if (kappa < 1e-8)
        {
            return Math.PI * ((2 * random.NextDouble()) - 1);
        }

        if (kappa > 1e6)
        {
            // Wrapped normal: the von Mises law is normal with variance 1 / kappa to within 1e-6 there.
            double w = MathNet.Numerics.Distributions.Normal.Sample(random, 0, 1) / Math.Sqrt(kappa);
            return w - (2 * Math.PI * Math.Round(w / (2 * Math.PI)));
        }

        double s;
        if (kappa < 1e-5)
        {
            s = (1 / kappa) + kappa;
        }
        else
        {
            double r = 1 + Math.Sqrt(1 + (4 * kappa * kappa));
            double rho = (r - Math.Sqrt(2 * r)) / (2 * kappa);
            s = (1 + (rho * rho)) / (2 * rho);
        }

        double wv;
        while (true)
        {
            double z = Math.Cos(Math.PI * random.NextDouble());
            wv = (1 + (s * z)) / (s + z);
            double y = kappa * (s - wv);
            double v = random.NextDouble();
            if ((y * (2 - y)) - v >= 0 || (v > 0 && Math.Log(y / v) + 1 - y >= 0))
            {
                break;
            }
        }

        double angle = Math.Acos(Math.Clamp(wv, -1, 1));
        return random.NextDouble() < 0.5 ? -angle : angle;
    }

    /// <summary>
    /// Maximum-likelihood fit of kappa and loc with the scale held at 1 unless <paramref name="fixedParameters"/> gives it
    /// (scipy <c>vonmises.fit(data, fscale=1)</c>); loc stays where every observation is within pi scale of it.
    /// </summary>
    /// <param name="data">The observations (angles).</param>
    /// <param name="fixedParameters">Parameters held at given values, by name (kappa, loc, scale).</param>
    /// <param name="options">Method and starting values, or null.</param>
    /// <exception cref="ArgumentException">The data spread over more than 2 pi scale, so no loc can hold them, or the scale is not fixed to a positive value.</exception>
    public static DistributionFitResult<VonMises> Fit(double[] data, IReadOnlyDictionary<string, double>? fixedParameters = null, DistributionFitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var fixedValues = new Dictionary<string, double>(fixedParameters ?? new Dictionary<string, double>());
        fixedValues.TryAdd("scale", 1.0);
        double scale = fixedValues["scale"];
        if (!(scale > 0) || !double.IsFinite(scale))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The fixed scale must be positive and finite; it is {scale}."), nameof(fixedParameters));
        }

        if (data.Length > 0 && data.Max() - data.Min() >= 2 * Math.PI * scale)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The data span {data.Max() - data.Min()}, at least 2 pi scale = {2 * Math.PI * scale}: no loc puts them all inside [loc - pi scale, loc + pi scale]."), nameof(data));
        }

        var spec = new FitSpecification<VonMises>(
            ["kappa", "loc", "scale"],
            d => [ParameterDomain.Positive, new ParameterDomain(d.Max() - (Math.PI * scale), d.Min() + (Math.PI * scale)), ParameterDomain.Positive],
            d => InitialGuess(d, scale),
            p => new VonMises(p[0], p[1], p[2]),
            (d, x) => d.LogPdf(x).Sum());
        return MaximumLikelihood.Fit(spec, data, fixedValues, options);
    }

    /// <summary>log f(z) = kappa (cos z - 1) - log(2 pi i0e(kappa)) with cos z - 1 = -2 sin^2(z / 2).</summary>
    internal static Tensor LogDensity(Tensor z, Tensor kappa) =>
        (kappa * Tensor.Square(Tensor.Sin(z * 0.5)) * -2.0) - Tensor.Log(Tensor.BesselI0e(kappa)) - LogTwoPi;

    /// <summary>The standardized density on [-pi, pi].</summary>
    internal static Tensor StandardDensity(Tensor z, Tensor kappa) => Tensor.Exp(LogDensity(z, kappa));

    /// <summary>The circular mean for loc (moved inside its domain) and Best and Fisher's approximation of A^-1(R) for kappa.</summary>
    private static double[] InitialGuess(double[] data, double scale)
    {
        double c = data.Average(x => Math.Cos(x / scale)), s = data.Average(x => Math.Sin(x / scale));
        double loc = Math.Atan2(s, c) * scale;
        double lo = data.Max() - (Math.PI * scale), hi = data.Min() + (Math.PI * scale);
        while (loc < lo)
        {
            loc += 2 * Math.PI * scale;
        }

        while (loc > hi)
        {
            loc -= 2 * Math.PI * scale;
        }

        loc = Math.Clamp(loc, lo + (1e-3 * (hi - lo)), hi - (1e-3 * (hi - lo)));
        double r = Math.Min(Math.Sqrt((c * c) + (s * s)), 0.999);
        double kappa = r < 0.53 ? (2 * r) + (r * r * r) + (5 * Math.Pow(r, 5) / 6) : r < 0.85 ? -0.4 + (1.39 * r) + (0.43 / (1 - r)) : 1 / ((r * r * r) - (4 * r * r) + (3 * r));
        return [Math.Max(kappa, 0.01), loc, scale];
    }
}
