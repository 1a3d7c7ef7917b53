using Adjoint.Tensors;
using Adjoint.Tensors.Kernels;

namespace Adjoint.Statistics;

/// <summary>Student's t distribution with df degrees of freedom (scipy <c>t</c>).</summary>
/// <remarks>
/// The cdf is I_x(df/2, 1/2) / 2 with x = df / (df + z^2) on the lower side and its complement above, so both tails keep
/// their precision; it is differentiable in x, loc and scale, not in df. Quantiles invert the cdf numerically. Moments
/// that do not exist are infinite or NaN as in scipy (mean inf for df &lt;= 1; variance inf for 1 &lt; df &lt;= 2).
/// </remarks>
public sealed class StudentT : ContinuousDistribution
{
    /// <summary>Student's t distribution with <paramref name="df"/> degrees of freedom, location and scale.</summary>
    /// <param name="df">The degrees of freedom, positive.</param>
    /// <param name="loc">The location.</param>
    /// <param name="scale">The scale, positive.</param>
    public StudentT(Tensor df, Tensor loc, Tensor scale)
        : base(loc, scale)
    {
        Df = ParameterCheck.Positive(df, "df");
    }

    /// <summary>Student's t distribution from numbers.</summary>
    /// <param name="df">The degrees of freedom, positive.</param>
    /// <param name="loc">The location.</param>
    /// <param name="scale">The scale, positive.</param>
    public StudentT(double df, double loc = 0, double scale = 1)
        : this(Tensor.Scalar(df), Tensor.Scalar(loc), Tensor.Scalar(scale))
    {
    }

    /// <summary>The degrees of freedom.</summary>
    public Tensor Df { get; }

    private double DfValue => ParameterCheck.Scalar(Df, "df");

    /// <inheritdoc/>
    public override string Name => "t";

    /// <inheritdoc/>
    protected override DistributionSupport StandardSupport => DistributionSupport.RealLine;

    /// <inheritdoc/>
    protected override Tensor StandardLogPdf(Tensor z)
    {
        var half1 = (Df + 1.0) * 0.5;
        return Tensor.Lgamma(half1) - Tensor.Lgamma(Df * 0.5) - (Tensor.Log(Df * Math.PI) * 0.5) - (half1 * Tensor.Log1p(Tensor.Square(z) / Df));
    }

    /// <inheritdoc/>
    protected override Tensor StandardCdf(Tensor z)
    {
        var tail = LowerTail(z);
        return Tensor.Where(Tensor.Less(z, 0.0), tail, 1.0 - tail);
    }

    /// <inheritdoc/>
    protected override Tensor StandardSf(Tensor z) => StandardCdf(-z);

    /// <inheritdoc/>
    protected override DistributionMoments StandardMoments
    {
        get
        {
            double df = DfValue;
            double mean = df > 1 ? 0 : double.PositiveInfinity;
            double variance = df > 2 ? df / (df - 2) : df > 1 ? double.PositiveInfinity : double.NaN;
            double skew = df > 3 ? 0 : double.NaN;
            double kurt = df > 4 ? 6 / (df - 4) : df > 2 ? double.PositiveInfinity : double.NaN;
            return new(mean, variance, skew, kurt);
        }
    }

    /// <inheritdoc/>
    protected override double StandardEntropy
    {
        get
        {
            double df = DfValue, half = df / 2, half1 = (df + 1) / 2;
            double logBeta = SpecialKernels.LogGamma(half) + SpecialKernels.LogGamma(0.5) - SpecialKernels.LogGamma(half1);
            return (half1 * (SpecialKernels.Digamma(half1) - SpecialKernels.Digamma(half))) + (0.5 * Math.Log(df)) + logBeta;
        }
    }

    /// <inheritdoc/>
    protected override double StandardSample(Random random) => MathNet.Numerics.Distributions.StudentT.Sample(random, 0, 1, DfValue);

    /// <summary>
    /// P(T &lt;= -|z|): I_x(df/2, 1/2) / 2 with x = df / (df + z^2) in the tails, and 1/2 - I_(1-x)(1/2, df/2) / 2 for
    /// z^2 &lt; df, where x rounds towards 1 and would lose z.
    /// </summary>
    private Tensor LowerTail(Tensor z)
    {
        var z2 = Tensor.Square(z);
        var near = Tensor.Less(z2, Df);
        var half = Tensor.Scalar(0.5, z.DType);
        // Each branch sees a value inside its own range (x at most 1/2 in the tail, 1 - x at most 1/2 near 0), so the
        // branch not taken stays finite with a finite gradient.
        var zTail = Tensor.Where(near, Df, z2);
        var zNear = Tensor.Where(near, z2, Df * 0.25);
        var tail = Tensor.BetaInc(Df * 0.5, half, Df / (Df + zTail)) * 0.5;
        var central = 0.5 - (Tensor.BetaInc(half, Df * 0.5, zNear / (Df + zNear)) * 0.5);
        return Tensor.Where(near, central, tail);
    }
}
