using Adjoint.Autodiff;
using Adjoint.Tensors;

namespace Adjoint.Statistics;

/// <summary>
/// A continuous distribution with location and scale (scipy's <c>rv_continuous</c>): X = loc + scale * Z for a
/// standardized Z. LogPdf, Pdf, Cdf, Sf, LogCdf and LogSf take and return tensors and are differentiable in x and in
/// every parameter held as a tensor, so they can sit inside a <see cref="Optimize.Minimizer"/> objective; quantiles,
/// moments, entropy and sampling take and return doubles and need single-valued parameters.
/// </summary>
/// <remarks>
/// <para>Conventions (as scipy): outside the support the pdf is 0, the log-pdf -inf, the cdf 0 or 1; NaN in x gives
/// NaN; Ppf and Isf of q outside [0, 1] or NaN give NaN. Invalid parameters (NaN included) throw
/// <see cref="ArgumentOutOfRangeException"/> naming the parameter when the distribution is constructed.</para>
/// <para>A derived class defines the standardized functions (loc 0, scale 1); this class applies loc and scale,
/// masks the support, and supplies quantiles by inverting the cdf (or survival function in the upper half, for tail
/// accuracy) where no closed form is given.</para>
/// </remarks>
public abstract class ContinuousDistribution
{
    /// <summary>Sets the location and scale, validated (loc finite, scale positive and finite).</summary>
    /// <param name="loc">The location (scipy <c>loc</c>).</param>
    /// <param name="scale">The scale (scipy <c>scale</c>).</param>
    protected ContinuousDistribution(Tensor loc, Tensor scale)
    {
        Loc = ParameterCheck.Finite(loc, "loc");
        Scale = ParameterCheck.Positive(scale, "scale");
        _standardFrame = Loc.Size == 1 && Scale.Size == 1 && Loc.ToArray()[0] == 0 && Scale.ToArray()[0] == 1;
    }

    private readonly bool _standardFrame;

    /// <summary>The location parameter.</summary>
    public Tensor Loc { get; }

    /// <summary>The scale parameter.</summary>
    public Tensor Scale { get; }

    /// <summary>scipy's name of the distribution (<c>norm</c>, <c>gamma</c>, ...).</summary>
    public abstract string Name { get; }

    /// <summary>The support of the standardized distribution (loc 0, scale 1).</summary>
    protected abstract DistributionSupport StandardSupport { get; }

    /// <summary>log f(z) of the standardized distribution for z inside its support.</summary>
    protected abstract Tensor StandardLogPdf(Tensor z);

    /// <summary>F(z) of the standardized distribution for z inside its support.</summary>
    protected abstract Tensor StandardCdf(Tensor z);

    /// <summary>1 - F(z); override where a direct form keeps precision in the upper tail.</summary>
    protected virtual Tensor StandardSf(Tensor z) => 1.0 - StandardCdf(z);

    /// <summary>log F(z); override where a direct form keeps precision in the lower tail.</summary>
    protected virtual Tensor StandardLogCdf(Tensor z) => Tensor.Log(StandardCdf(z));

    /// <summary>log(1 - F(z)); override where a direct form keeps precision in the upper tail.</summary>
    protected virtual Tensor StandardLogSf(Tensor z) => Tensor.Log(StandardSf(z));

    /// <summary>The standardized quantile for q in (0, 1): by default the cdf inverted numerically.</summary>
    protected virtual double StandardPpf(double q) => q <= 0.5
        ? MonotoneInverse.Solve(z => TensorHelpers.At(StandardCdf, z), q, StandardSupport.Lower, StandardSupport.Upper, StartingPoint)
        : StandardIsf(1 - q);

    /// <summary>The standardized inverse survival function for q in (0, 1): by default the sf inverted numerically.</summary>
    protected virtual double StandardIsf(double q) => q <= 0.5
        ? MonotoneInverse.Solve(z => -TensorHelpers.At(StandardSf, z), -q, StandardSupport.Lower, StandardSupport.Upper, StartingPoint)
        : StandardPpf(1 - q);

    /// <summary>A point inside the standardized support where the numerical inversion starts.</summary>
    protected virtual double StartingPoint => InteriorPoint;

    /// <summary>The moments of the standardized distribution.</summary>
    protected abstract DistributionMoments StandardMoments { get; }

    /// <summary>The differential entropy of the standardized distribution, in nats.</summary>
    protected abstract double StandardEntropy { get; }

    /// <summary>One draw from the standardized distribution; by default by inversion of a uniform draw.</summary>
    protected virtual double StandardSample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        double u;
        do
        {
            u = random.NextDouble();
        }
        while (u == 0);
        return StandardPpf(u);
    }

    /// <summary>log f(x), elementwise; -inf outside the support.</summary>
    public Tensor LogPdf(Tensor x)
    {
        var (z, inside) = Standardized(x);
        var lp = StandardLogPdf(z);
        if (!_standardFrame || Scale.IsTracked)
        {
            lp -= Tensor.Log(Scale);
        }

        return inside is null ? lp : KeepNaN(x, Tensor.Where(inside, lp, Tensor.Scalar(double.NegativeInfinity, lp.DType)));
    }

    /// <summary>NaN where x is NaN (the support masks would otherwise read NaN as outside).</summary>
    private static Tensor KeepNaN(Tensor x, Tensor value) => Tensor.Where(Tensor.EqualTo(x, x), value, Tensor.Scalar(double.NaN, value.DType));

    /// <summary>The density f(x), elementwise; 0 outside the support.</summary>
    public Tensor Pdf(Tensor x) => Tensor.Exp(LogPdf(x));

    /// <summary>The cdf P(X &lt;= x), elementwise.</summary>
    public Tensor Cdf(Tensor x) => Outside(x, StandardCdf, 0, 1);

    /// <summary>The survival function P(X &gt; x) = 1 - cdf, computed directly where that keeps the upper tail.</summary>
    public Tensor Sf(Tensor x) => Outside(x, StandardSf, 1, 0);

    /// <summary>log cdf(x), elementwise.</summary>
    public Tensor LogCdf(Tensor x) => Outside(x, StandardLogCdf, double.NegativeInfinity, 0);

    /// <summary>log sf(x), elementwise.</summary>
    public Tensor LogSf(Tensor x) => Outside(x, StandardLogSf, 0, double.NegativeInfinity);

    /// <summary>log f(x) at one point.</summary>
    public double LogPdf(double x) => Evaluate(LogPdf, x);

    /// <summary>f(x) at one point.</summary>
    public double Pdf(double x) => Evaluate(Pdf, x);

    /// <summary>The cdf at one point.</summary>
    public double Cdf(double x) => Evaluate(Cdf, x);

    /// <summary>The survival function at one point.</summary>
    public double Sf(double x) => Evaluate(Sf, x);

    /// <summary>log cdf at one point.</summary>
    public double LogCdf(double x) => Evaluate(LogCdf, x);

    /// <summary>log sf at one point.</summary>
    public double LogSf(double x) => Evaluate(LogSf, x);

    /// <summary>The quantile function (inverse cdf); NaN for q outside [0, 1] or NaN, the support's ends at 0 and 1.</summary>
    public double Ppf(double q) => Quantile(q, lowerTail: true);

    /// <summary>The inverse survival function, accurate for tiny q; NaN for q outside [0, 1] or NaN.</summary>
    public double Isf(double q) => Quantile(q, lowerTail: false);

    /// <summary>The quantile function at each of <paramref name="q"/>.</summary>
    public double[] Ppf(double[] q)
    {
        ArgumentNullException.ThrowIfNull(q);
        return Array.ConvertAll(q, Ppf);
    }

    /// <summary>The median, Ppf(0.5).</summary>
    public double Median => Ppf(0.5);

    /// <summary>The interval with probability <paramref name="confidence"/> and equal tails (scipy <c>interval</c>).</summary>
    public (double Lower, double Upper) Interval(double confidence) => (Ppf((1 - confidence) / 2), Ppf((1 + confidence) / 2));

    /// <summary>The support [lower, upper] after location and scale.</summary>
    public DistributionSupport Support
    {
        get
        {
            double loc = LocValue, scale = ScaleValue;
            return new(loc + (scale * StandardSupport.Lower), loc + (scale * StandardSupport.Upper));
        }
    }

    /// <summary>Mean, variance, skewness and excess kurtosis (scipy <c>stats(moments="mvsk")</c>).</summary>
    public DistributionMoments Stats()
    {
        var m = StandardMoments;
        double loc = LocValue, scale = ScaleValue;
        return new(loc + (scale * m.Mean), scale * scale * m.Variance, m.Skewness, m.ExcessKurtosis);
    }

    /// <summary>The mean.</summary>
    public double Mean => Stats().Mean;

    /// <summary>The variance.</summary>
    public double Variance => Stats().Variance;

    /// <summary>The standard deviation.</summary>
    public double StandardDeviation => Math.Sqrt(Variance);

    /// <summary>The differential entropy in nats.</summary>
    public double Entropy => StandardEntropy + Math.Log(ScaleValue);

    /// <summary><paramref name="size"/> independent draws, reproducible from <paramref name="seed"/>.</summary>
    public double[] Rvs(int size, int seed) => Rvs(size, new Random(seed));

    /// <summary><paramref name="size"/> independent draws from <paramref name="random"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is negative.</exception>
    public double[] Rvs(int size, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ArgumentNullException.ThrowIfNull(random);
        double loc = LocValue, scale = ScaleValue;
        var r = new double[size];
        for (int i = 0; i < size; i++)
        {
            r[i] = loc + (scale * StandardSample(random));
        }

        return r;
    }

    /// <summary>The location as a number (single-valued parameters only).</summary>
    protected double LocValue => ParameterCheck.Scalar(Loc, "loc");

    /// <summary>The scale as a number (single-valued parameters only).</summary>
    protected double ScaleValue => ParameterCheck.Scalar(Scale, "scale");

    private double InteriorPoint
    {
        get
        {
            var s = StandardSupport;
            return (double.IsFinite(s.Lower), double.IsFinite(s.Upper)) switch
            {
                (true, true) => 0.5 * (s.Lower + s.Upper),
                (true, false) => s.Lower + 1,
                (false, true) => s.Upper - 1,
                _ => 0,
            };
        }
    }

    private double Quantile(double q, bool lowerTail)
    {
        if (!(q >= 0 && q <= 1))
        {
            return double.NaN;
        }

        var s = Support;
        double p = lowerTail ? q : 1 - q;
        if (p == 0)
        {
            return s.Lower;
        }

        if (p == 1)
        {
            return s.Upper;
        }

        return LocValue + (ScaleValue * (lowerTail ? StandardPpf(q) : StandardIsf(q)));
    }

    private (Tensor Z, Tensor? Inside) Standardized(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var z = _standardFrame && !Loc.IsTracked && !Scale.IsTracked ? x : (x - Loc) / Scale;
        var s = StandardSupport;
        if (s.IsRealLine)
        {
            return (z, null);
        }

        Tensor? inside = null;
        if (double.IsFinite(s.Lower))
        {
            inside = Tensor.GreaterEqual(z, Tensor.Scalar(s.Lower, z.DType));
        }

        if (double.IsFinite(s.Upper))
        {
            var below = Tensor.LessEqual(z, Tensor.Scalar(s.Upper, z.DType));
            inside = inside is null ? below : inside * below;
        }

        // Evaluate the standardized function at a safe interior point outside the support, so no NaN or infinity there
        // reaches the gradient of the selected branch.
        var safe = Tensor.Where(inside!, z, Tensor.Scalar(InteriorPoint, z.DType));
        return (safe, inside);
    }

    private Tensor Outside(Tensor x, Func<Tensor, Tensor> inner, double belowValue, double aboveValue)
    {
        var (z, inside) = Standardized(x);
        var value = inner(z);
        if (inside is null)
        {
            return value;
        }

        var raw = _standardFrame && !Loc.IsTracked && !Scale.IsTracked ? x : (x - Loc) / Scale;
        var below = Tensor.Less(raw, StandardSupport.Lower);
        var outsideValue = Tensor.Where(below, Tensor.Scalar(belowValue, value.DType), Tensor.Scalar(aboveValue, value.DType));
        return KeepNaN(x, Tensor.Where(inside, value, outsideValue));
    }

    private static double Evaluate(Func<Tensor, Tensor> f, double x)
    {
        using (Grad.NoGrad())
        {
            return f(Tensor.Scalar(x)).ToArray()[0];
        }
    }
}
