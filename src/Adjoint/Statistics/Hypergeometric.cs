using System.Globalization;
using Adjoint.Tensors;
using Adjoint.Tensors.Kernels;

namespace Adjoint.Statistics;

/// <summary>
/// The hypergeometric distribution of the number of marked objects among N drawn without replacement from M objects of
/// which n are marked (scipy <c>hypergeom</c>, with scipy's names): pmf C(n, k) C(M - n, N - k) / C(M, N).
/// </summary>
/// <remarks>Every parameter is an integer, so nothing is differentiable; the cdf sums the masses below k, or one minus those above it past the mean.</remarks>
public sealed class Hypergeometric : DiscreteDistribution
{
    /// <summary>
    /// The hypergeometric distribution of <paramref name="draws"/> draws from <paramref name="total"/> objects of
    /// which <paramref name="marked"/> are marked: scipy's <c>hypergeom(M, n, N)</c> in that order (integers,
    /// 0 &lt;= marked, draws &lt;= total).
    /// </summary>
    public Hypergeometric(double total, double marked, double draws)
    {
        Total = Count(total, nameof(total), double.PositiveInfinity);
        Marked = Count(marked, nameof(marked), total);
        Draws = Count(draws, nameof(draws), total);
    }

    /// <summary>The number of objects (scipy's M).</summary>
    public double Total { get; }

    /// <summary>The number of marked objects (scipy's n).</summary>
    public double Marked { get; }

    /// <summary>The number of draws (scipy's N).</summary>
    public double Draws { get; }

    /// <inheritdoc/>
    public override string Name => "hypergeom";

    /// <inheritdoc/>
    public override DistributionSupport Support => new(Math.Max(0, D - (M - K)), Math.Min(K, D));

    /// <inheritdoc/>
    protected override Tensor LogPmfInside(Tensor k) =>
        LogFactorial(K) - Tensor.Lgamma(k + 1.0) - Tensor.Lgamma((K + 1) - k)
        + LogFactorial(M - K) - Tensor.Lgamma((D + 1) - k) - Tensor.Lgamma(k + ((M - K - D) + 1))
        - LogFactorial(M) + LogFactorial(D) + LogFactorial(M - D);

    /// <inheritdoc/>
    protected override Tensor CdfInside(Tensor k)
    {
        // Below the mean the sum of the lower masses; above it one minus the sum of the upper ones, so that the
        // smaller of cdf and sf is always a short sum of masses (accurate relative to itself).
        var s = Support;
        double mean = D * K / M;
        var values = k.ToArray();
        var r = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            double sum = 0;
            if (values[i] < mean)
            {
                for (double j = s.Lower; j <= values[i]; j++)
                {
                    sum += Math.Exp(LogPmfValue(j));
                }

                r[i] = Math.Min(sum, 1);
            }
            else
            {
                for (double j = values[i] + 1; j <= s.Upper; j++)
                {
                    sum += Math.Exp(LogPmfValue(j));
                }

                r[i] = Math.Max(1 - sum, 0);
            }
        }

        return Tensor.FromArray(r, k.Shape);
    }

    /// <inheritdoc/>
    public override DistributionMoments Stats()
    {
        // scipy's hypergeom._stats.
        double m = M - K;
        double mean = D * K / M;
        double variance = m * K * D * (M - D) / (M * M * (M - 1));
        double skew = (m - K) * (M - (2 * D)) / (M - 2) * Math.Sqrt((M - 1) / (m * K * D * (M - D)));
        double g2 = (M * (M + 1)) - (6 * D * (M - D)) - (6 * K * m);
        g2 *= (M - 1) * M * M;
        g2 += 6 * K * D * (M - D) * m * ((5 * M) - 6);
        g2 /= K * D * (M - D) * m * (M - 2) * (M - 3);
        return new(mean, variance, skew, g2);
    }

    /// <summary>The entropy -sum_k p(k) log p(k) in nats over the support (scipy <c>hypergeom.entropy</c>).</summary>
    public double Entropy
    {
        get
        {
            var s = Support;
            double h = 0;
            for (double k = s.Lower; k <= s.Upper; k++)
            {
                double lp = LogPmfValue(k);
                double p = Math.Exp(lp);
                if (p > 0)
                {
                    h -= p * lp;
                }
            }

            return h;
        }
    }

    private double M => Total;

    private double K => Marked;

    private double D => Draws;

    private double LogPmfValue(double k) =>
        LogFactorialValue(K) - LogFactorialValue(k) - LogFactorialValue(K - k)
        + LogFactorialValue(M - K) - LogFactorialValue(D - k) - LogFactorialValue(M - K - D + k)
        - LogFactorialValue(M) + LogFactorialValue(D) + LogFactorialValue(M - D);

    private static double LogFactorialValue(double x) => SpecialKernels.LogGamma(x + 1);

    private static Tensor LogFactorial(double x) => Tensor.Scalar(LogFactorialValue(x));

    private static double Count(double value, string name, double upper) =>
        value >= 0 && value <= upper && double.IsFinite(value) && value == Math.Floor(value) ? value : throw new ArgumentOutOfRangeException(
            name, value, string.Create(CultureInfo.InvariantCulture, $"The parameter {name} must be an integer in [0, {upper}]; it is {value}."));
}
