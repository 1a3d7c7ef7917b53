namespace Adjoint.Statistics;

/// <summary>The closed interval [Lower, Upper] outside which a distribution has no mass (infinite ends allowed).</summary>
/// <param name="Lower">The lower end (may be negative infinity).</param>
/// <param name="Upper">The upper end (may be positive infinity).</param>
public readonly record struct DistributionSupport(double Lower, double Upper)
{
    /// <summary>The whole real line.</summary>
    public static DistributionSupport RealLine => new(double.NegativeInfinity, double.PositiveInfinity);

    /// <summary>Whether both ends are infinite.</summary>
    public bool IsRealLine => double.IsNegativeInfinity(Lower) && double.IsPositiveInfinity(Upper);

    /// <summary>Whether <paramref name="x"/> lies in [Lower, Upper].</summary>
    public bool Contains(double x) => x >= Lower && x <= Upper;
}
