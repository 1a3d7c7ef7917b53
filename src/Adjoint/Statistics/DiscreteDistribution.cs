using Adjoint.Autodiff;
using Adjoint.Tensors;

namespace Adjoint.Statistics;

/// <summary>
/// A distribution on the integers (scipy's <c>rv_discrete</c>, without loc). LogPmf, Pmf, Cdf and Sf take the points
/// as data (not differentiated) and are differentiable in every parameter held as a tensor.
/// </summary>
/// <remarks>As scipy: the pmf is 0 (log-pmf -inf) at non-integers and outside the support; the cdf steps at the
/// integers; Ppf is the smallest k with cdf(k) &gt;= q, NaN for q outside [0, 1].</remarks>
public abstract class DiscreteDistribution
{
    /// <summary>scipy's name of the distribution.</summary>
    public abstract string Name { get; }

    /// <summary>The smallest and largest values with mass.</summary>
    public abstract DistributionSupport Support { get; }

    /// <summary>log pmf at integers k inside the support.</summary>
    protected abstract Tensor LogPmfInside(Tensor k);

    /// <summary>cdf at integers k inside the support.</summary>
    protected abstract Tensor CdfInside(Tensor k);

    /// <summary>The moments (mean, variance, skewness, excess kurtosis).</summary>
    public abstract DistributionMoments Stats();

    /// <summary>log pmf, elementwise.</summary>
    public Tensor LogPmf(Tensor k)
    {
        ArgumentNullException.ThrowIfNull(k);
        var values = k.ToArray();
        var s = Support;
        var mask = values.Select(v => s.Contains(v) && v == Math.Floor(v) ? 1.0 : 0.0).ToArray();
        var safe = values.Select((v, i) => mask[i] == 1 ? v : s.Lower).ToArray();
        var lp = LogPmfInside(Tensor.FromArray(safe, k.Shape));
        var nan = values.Select(double.IsNaN).ToArray();
        var outside = Tensor.FromArray(nan.Select(b => b ? double.NaN : double.NegativeInfinity).ToArray(), k.Shape);
        return Tensor.Where(Tensor.FromArray(mask, k.Shape), lp, outside);
    }

    /// <summary>pmf, elementwise.</summary>
    public Tensor Pmf(Tensor k) => Tensor.Exp(LogPmf(k));

    /// <summary>cdf P(X &lt;= k), elementwise.</summary>
    public Tensor Cdf(Tensor k)
    {
        ArgumentNullException.ThrowIfNull(k);
        var values = k.ToArray();
        var s = Support;
        var floor = values.Select(v => Math.Floor(v)).ToArray();
        var mask = floor.Select(v => s.Contains(v) ? 1.0 : 0.0).ToArray();
        var safe = floor.Select((v, i) => mask[i] == 1 ? v : s.Lower).ToArray();
        var inside = CdfInside(Tensor.FromArray(safe, k.Shape));
        var outside = Tensor.FromArray(values.Select(v => double.IsNaN(v) ? double.NaN : v < s.Lower ? 0.0 : 1.0).ToArray(), k.Shape);
        return Tensor.Where(Tensor.FromArray(mask, k.Shape), inside, outside);
    }

    /// <summary>The survival function 1 - cdf.</summary>
    public Tensor Sf(Tensor k) => 1.0 - Cdf(k);

    /// <summary>pmf at one point.</summary>
    public double Pmf(double k) => Evaluate(Pmf, k);

    /// <summary>cdf at one point.</summary>
    public double Cdf(double k) => Evaluate(Cdf, k);

    /// <summary>The smallest integer k with cdf(k) &gt;= q; NaN for q outside [0, 1] or NaN.</summary>
    public double Ppf(double q)
    {
        if (!(q >= 0 && q <= 1))
        {
            return double.NaN;
        }

        var s = Support;
        if (q == 0)
        {
            return s.Lower - 1;
        }

        double lo = s.Lower - 1;
        double step = Math.Max(1, Math.Ceiling(Math.Sqrt(Math.Max(Stats().Variance, 1))));
        double hi = Math.Max(s.Lower, Math.Floor(Stats().Mean));
        while (Cdf(hi) < q)
        {
            if (hi >= s.Upper)
            {
                return s.Upper;
            }

            lo = hi;
            hi = Math.Min(s.Upper, hi + step);
            step *= 2;
        }

        // Invariant: cdf(lo) < q <= cdf(hi).
        while (hi - lo > 1)
        {
            double mid = Math.Floor(lo + ((hi - lo) / 2));
            if (Cdf(mid) >= q)
            {
                hi = mid;
            }
            else
            {
                lo = mid;
            }
        }

        return hi;
    }

    /// <summary><paramref name="size"/> draws by inversion, reproducible from <paramref name="seed"/>.</summary>
    public double[] Rvs(int size, int seed) => Rvs(size, new Random(seed));

    /// <summary><paramref name="size"/> draws by inversion from <paramref name="random"/>.</summary>
    public double[] Rvs(int size, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ArgumentNullException.ThrowIfNull(random);
        var r = new double[size];
        for (int i = 0; i < size; i++)
        {
            r[i] = Ppf(random.NextDouble());
        }

        return r;
    }

    private static double Evaluate(Func<Tensor, Tensor> f, double k)
    {
        using (Grad.NoGrad())
        {
            return f(Tensor.Scalar(k)).ToArray()[0];
        }
    }
}
