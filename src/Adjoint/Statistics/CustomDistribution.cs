using System.Globalization;
using Adjoint.Autodiff;
using Adjoint.Calculus;
using Adjoint.Tensors;

namespace Adjoint.Statistics;

/// <summary>
/// A continuous distribution defined by a density written with tensor operations (scipy's <c>rv_continuous</c>
/// subclass with <c>_pdf</c>): the density may be unnormalized and may carry parameters; the support may be finite,
/// half-infinite or the real line.
/// </summary>
/// <remarks>
/// <para>The normalizing constant Z is the integral of the density over the support by adaptive Gauss-Kronrod quadrature
/// (<see cref="Quadrature.Quad(Func{Tensor, Tensor}, double, double, QuadOptions?)"/>, relative tolerance 1e-13). The
/// log-density log pdf(z) - log Z is differentiable in x, loc, scale and the density's parameters at every order (the
/// quadrature of Z records, so dZ/dtheta is the same rule applied to dpdf/dtheta). The cdf and survival function are
/// integrals from the nearer end of the support, taken between the sorted points so that each integral is short;
/// they are differentiable in x, loc and scale (the derivative is the density), not in the parameters (the backward pass
/// throws). Quantiles solve cdf(x) = q by Newton's method safeguarded by a bracket, each step's cdf update the integral
/// over the step; samples are quantiles of seeded uniforms (inversion). Moments and entropy are quadratures.</para>
/// <para>The density receives a tensor of standardized points z = (x - loc) / scale inside the support (any shape) and
/// the parameter tensors, and returns a tensor of the same shape with values &gt;= 0.</para>
/// </remarks>
/// <example><code>
/// // scipy: class gaussian_gen(rv_continuous): def _pdf(self, x): return exp(-x**2 / 2) / sqrt(2 * pi)
/// var gaussian = new CustomDistribution(x => Tensor.Exp(-Tensor.Square(x) * 0.5) / Math.Sqrt(2 * Math.PI));
/// double p = gaussian.Cdf(1.0); // 0.8413...
/// </code></example>
public sealed class CustomDistribution : ContinuousDistribution
{
    private readonly Func<Tensor, IReadOnlyList<Tensor>, Tensor> _pdf;
    private readonly Tensor[] _parameters;
    private readonly Tensor[] _detached;
    private readonly double _lower;
    private readonly double _upper;
    private readonly double _logNormalizer;
    private readonly string _name;
    private DistributionMoments? _moments;
    private (double X, double Cdf)? _start;

    /// <summary>The distribution with density proportional to <paramref name="pdf"/> on [<paramref name="lower"/>, <paramref name="upper"/>].</summary>
    /// <param name="pdf">The density (or a positive multiple of it) at a tensor of points.</param>
    /// <param name="lower">The lower end of the support (may be -inf).</param>
    /// <param name="upper">The upper end of the support (may be +inf).</param>
    /// <param name="name">The name reported by <see cref="Name"/>.</param>
    /// <exception cref="ArgumentException">The ends are NaN or not increasing, or the density does not integrate to a positive finite value.</exception>
    public CustomDistribution(Func<Tensor, Tensor> pdf, double lower = double.NegativeInfinity, double upper = double.PositiveInfinity, string name = "custom")
        : this(Wrap(pdf), [], lower, upper, null, null, name)
    {
    }

    /// <summary>
    /// The distribution with density proportional to <paramref name="pdf"/>(z, <paramref name="parameters"/>) on
    /// [<paramref name="lower"/>, <paramref name="upper"/>], shifted by loc and scaled by scale.
    /// </summary>
    /// <param name="pdf">The density (or a positive multiple) at a tensor of points, given the parameters.</param>
    /// <param name="parameters">The density's parameters (tensors, possibly tracked for gradients).</param>
    /// <param name="lower">The lower end of the standardized support (may be -inf).</param>
    /// <param name="upper">The upper end of the standardized support (may be +inf).</param>
    /// <param name="loc">The location, or null for 0.</param>
    /// <param name="scale">The scale, or null for 1.</param>
    /// <param name="name">The name reported by <see cref="Name"/>.</param>
    /// <exception cref="ArgumentException">The ends are NaN or not increasing, or the density does not integrate to a positive finite value.</exception>
    public CustomDistribution(Func<Tensor, IReadOnlyList<Tensor>, Tensor> pdf, IReadOnlyList<Tensor> parameters, double lower, double upper,
        Tensor? loc = null, Tensor? scale = null, string name = "custom")
        : base(loc ?? Tensor.Scalar(0.0), scale ?? Tensor.Scalar(1.0))
    {
        ArgumentNullException.ThrowIfNull(pdf);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(name);
        if (double.IsNaN(lower) || double.IsNaN(upper) || !(lower < upper))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The support [{lower}, {upper}] must have lower < upper."), nameof(lower));
        }

        _pdf = pdf;
        _parameters = [.. parameters];
        _detached = _parameters.Select(p => p.Detach()).ToArray();
        _lower = lower;
        _upper = upper;
        _name = name;
        double z = NumericalMoments.Integrate(Density, lower, upper, Split);
        if (!(z > 0) || !double.IsFinite(z))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The density integrates to {z} over [{lower}, {upper}]; it must be positive and finite to be normalized."), nameof(pdf));
        }

        NormalizingConstant = z;
        _logNormalizer = Math.Log(z);
    }

    /// <summary>The integral of the given density over the standardized support (1 for a normalized density).</summary>
    public double NormalizingConstant { get; }

    /// <summary>The density's parameters.</summary>
    public IReadOnlyList<Tensor> Parameters => _parameters;

    /// <inheritdoc/>
    public override string Name => _name;

    /// <inheritdoc/>
    protected override DistributionSupport StandardSupport => new(_lower, _upper);

    /// <summary>Where a range infinite at both ends is split for quadrature.</summary>
    private static double Split => 0;

    /// <inheritdoc/>
    protected override Tensor StandardLogPdf(Tensor z)
    {
        if (_parameters.Any(p => p.IsTracked))
        {
            // The normalizer records too, so the log-likelihood's derivative in the parameters includes d log Z.
            var total = NormalizerOnTape();
            return Tensor.Log(_pdf(z, _parameters)) - Tensor.Log(total);
        }

        return Tensor.Log(_pdf(z, _parameters)) - _logNormalizer;
    }

    /// <inheritdoc/>
    protected override Tensor StandardCdf(Tensor z) => new TailFunction(this, upper: false).Apply([z, .. _parameters]);

    /// <inheritdoc/>
    protected override Tensor StandardSf(Tensor z) => new TailFunction(this, upper: true).Apply([z, .. _parameters]);

    /// <inheritdoc/>
    protected override double StandardPpf(double q) => q > 0.5 ? Invert(1 - q, upperTail: true) : Invert(q, upperTail: false);

    /// <inheritdoc/>
    protected override double StandardIsf(double q) => q > 0.5 ? Invert(1 - q, upperTail: false) : Invert(q, upperTail: true);

    /// <inheritdoc/>
    protected override DistributionMoments StandardMoments => _moments ??= ComputeMoments();

    /// <inheritdoc/>
    protected override double StandardEntropy => NumericalMoments.Entropy(z => Tensor.Log(Density(z)) - _logNormalizer, _lower, _upper, Split);

    /// <summary>
    /// Maximum-likelihood fit of the density's parameters (scipy <c>rv_continuous.fit</c> with loc and scale fixed at 0 and
    /// 1): the normalizing constant is recomputed, and differentiated, at every step.
    /// </summary>
    /// <param name="data">The observations, inside [lower, upper].</param>
    /// <param name="pdf">The density (or a positive multiple) given the parameters.</param>
    /// <param name="parameterNames">The parameter names, in the order the density reads them.</param>
    /// <param name="initialGuess">Starting values in that order.</param>
    /// <param name="lower">The lower end of the support.</param>
    /// <param name="upper">The upper end of the support.</param>
    /// <param name="parameterBounds">The open interval of each parameter (null: the real line for every parameter).</param>
    /// <param name="fixedParameters">Parameters held at given values, by name.</param>
    /// <param name="options">Method and starting values, or null.</param>
    /// <exception cref="ArgumentException">The names, guesses and bounds differ in number, or an observation is outside the support.</exception>
    public static DistributionFitResult<CustomDistribution> Fit(double[] data, Func<Tensor, IReadOnlyList<Tensor>, Tensor> pdf, IReadOnlyList<string> parameterNames,
        double[] initialGuess, double lower = double.NegativeInfinity, double upper = double.PositiveInfinity,
        IReadOnlyList<(double Lower, double Upper)>? parameterBounds = null, IReadOnlyDictionary<string, double>? fixedParameters = null, DistributionFitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(pdf);
        ArgumentNullException.ThrowIfNull(parameterNames);
        ArgumentNullException.ThrowIfNull(initialGuess);
        if (initialGuess.Length != parameterNames.Count || (parameterBounds is not null && parameterBounds.Count != parameterNames.Count))
        {
            throw new ArgumentException($"{parameterNames.Count} parameter names, {initialGuess.Length} starting values and {parameterBounds?.Count ?? parameterNames.Count} bounds: they must agree.", nameof(initialGuess));
        }

        for (int i = 0; i < data.Length; i++)
        {
            if (data[i] < lower || data[i] > upper)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"data[{i}] = {data[i]} is outside the support [{lower}, {upper}]."), nameof(data));
            }
        }

        var domains = parameterBounds?.Select(b => new ParameterDomain(b.Lower, b.Upper)).ToArray() ?? Enumerable.Repeat(ParameterDomain.Real, parameterNames.Count).ToArray();
        var spec = new FitSpecification<CustomDistribution>(
            [.. parameterNames],
            _ => domains,
            _ => (double[])initialGuess.Clone(),
            p => new CustomDistribution(pdf, p, lower, upper),
            (d, x) => d.LogPdf(x).Sum());
        return MaximumLikelihood.Fit(spec, data, fixedParameters, options);
    }

    private static Func<Tensor, IReadOnlyList<Tensor>, Tensor> Wrap(Func<Tensor, Tensor> pdf)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        return (z, _) => pdf(z);
    }

    /// <summary>The given (unnormalized) density with the parameters' values, for the untracked quadratures.</summary>
    private Tensor Density(Tensor z) => _pdf(z, _detached);

    private Tensor NormalizerOnTape()
    {
        Tensor F(Tensor z) => _pdf(z, _parameters);
        if (double.IsNegativeInfinity(_lower) && double.IsPositiveInfinity(_upper))
        {
            return Quadrature.Quad(F, _lower, Split, NumericalMoments.Tight).Value + Quadrature.Quad(F, Split, _upper, NumericalMoments.Tight).Value;
        }

        return Quadrature.Quad(F, _lower, _upper, NumericalMoments.Tight).Value;
    }

    /// <summary>The integral of the normalized density from a to b (signed).</summary>
    private double Mass(double a, double b)
    {
        if (a == b)
        {
            return 0;
        }

        using (Grad.NoGrad())
        {
            return Quadrature.Quad(Density, a, b, NumericalMoments.Tight).Value.Item() / NormalizingConstant;
        }
    }

    private double DensityAt(double z)
    {
        using (Grad.NoGrad())
        {
            return Density(Tensor.FromArray(new[] { z })).ToArray()[0] / NormalizingConstant;
        }
    }

    /// <summary>cdf (or sf) at each point: integrals between the sorted points, accumulated from the nearer end of the support.</summary>
    private double[] Tails(double[] z, bool upper)
    {
        var order = Enumerable.Range(0, z.Length).Where(i => !double.IsNaN(z[i])).OrderBy(i => z[i]).ToArray();
        var result = new double[z.Length];
        Array.Fill(result, double.NaN);
        if (!upper)
        {
            double at = _lower, sum = 0;
            foreach (int i in order)
            {
                double x = Math.Clamp(z[i], _lower, _upper);
                sum += Mass(at, x);
                at = x;
                result[i] = Math.Clamp(sum, 0, 1);
            }
        }
        else
        {
            double at = _upper, sum = 0;
            for (int j = order.Length - 1; j >= 0; j--)
            {
                int i = order[j];
                double x = Math.Clamp(z[i], _lower, _upper);
                sum += Mass(x, at);
                at = x;
                result[i] = Math.Clamp(sum, 0, 1);
            }
        }

        return result;
    }

    private double InteriorStart => (double.IsFinite(_lower), double.IsFinite(_upper)) switch
    {
        (true, true) => 0.5 * (_lower + _upper),
        (true, false) => _lower + 1,
        (false, true) => _upper - 1,
        _ => 0,
    };

    /// <summary>
    /// The z with cdf(z) = q (or sf(z) = q): Newton steps x - (T(x) - q) / T'(x) kept inside a bracket that every step
    /// narrows, falling back to bisection (or doubling towards an infinite end); T is updated by the integral over each step, and a tail below 1/4 is integrated afresh from the end of the support so that it keeps its relative accuracy.
    /// </summary>
    private double Invert(double q, bool upperTail)
    {
        _start ??= (InteriorStart, Tails([InteriorStart], upper: false)[0]);
        double x = _start.Value.X;
        double t = upperTail ? 1 - _start.Value.Cdf : _start.Value.Cdf;
        if (upperTail && t < 0.5)
        {
            t = Tails([x], upper: true)[0];
        }

        double lo = _lower, hi = _upper;
        for (int iteration = 0; iteration < 200; iteration++)
        {
            double r = t - q;
            if (Math.Abs(r) <= 1e-15 * q)
            {
                return x;
            }

            bool rootAbove = upperTail ? r > 0 : r < 0;
            if (rootAbove)
            {
                lo = x;
            }
            else
            {
                hi = x;
            }

            double p = DensityAt(x);
            double next = p > 0 ? x - ((upperTail ? -r : r) / p) : double.NaN;
            if (!(next > lo && next < hi))
            {
                next = (double.IsFinite(lo), double.IsFinite(hi)) switch
                {
                    (true, true) => lo + (0.5 * (hi - lo)),
                    (false, _) => hi - Math.Max(1, Math.Abs(hi)),
                    _ => lo + Math.Max(1, Math.Abs(lo)),
                };
            }

            if (next == x || Math.Abs(next - x) <= 1e-15 * Math.Max(1, Math.Abs(x)))
            {
                return next;
            }

            // Adding the step's mass keeps t's absolute error near 1e-16, which is a large relative error once t is small:
            // a small tail is integrated afresh from the end of the support.
            double m = Mass(x, next);
            t = upperTail ? t - m : t + m;
            x = next;
            if (t < 0.25)
            {
                t = Tails([x], upperTail)[0];
            }
        }

        return x;
    }

    private DistributionMoments ComputeMoments()
    {
        double Moment(Func<Tensor, Tensor> g) => NumericalMoments.Integrate(z => g(z) * Density(z), _lower, _upper, Split) / NormalizingConstant;
        double mean = Moment(z => z);
        double m2 = Moment(z => Tensor.Square(z - mean));
        double m3 = Moment(z => Tensor.Square(z - mean) * (z - mean));
        double m4 = Moment(z => Tensor.Square(Tensor.Square(z - mean)));
        return new(mean, m2, m3 / Math.Pow(m2, 1.5), (m4 / (m2 * m2)) - 3);
    }

    /// <summary>cdf or sf as an operation of z (and the parameters, through which it refuses to differentiate).</summary>
    private sealed class TailFunction(CustomDistribution owner, bool upper) : DifferentiableFunction
    {
        protected override Tensor Forward(IReadOnlyList<Tensor> inputs)
        {
            var z = inputs[0];
            return Tensor.FromArray(owner.Tails(z.ToArray(), upper), z.Shape).To(z.DType);
        }

        protected override Tensor?[] Backward(IReadOnlyList<Tensor> inputs, Tensor output, Tensor grad)
        {
            for (int i = 1; i < inputs.Count; i++)
            {
                if (inputs[i].Node is not null)
                {
                    throw new NotSupportedException("The derivative of a custom distribution's cdf with respect to the density's parameters is not implemented (only with respect to x, loc and scale).");
                }
            }

            var density = Tensor.Exp(owner.StandardLogPdf(inputs[0]));
            var result = new Tensor?[inputs.Count];
            result[0] = upper ? -(grad * density) : grad * density;
            return result;
        }
    }
}
