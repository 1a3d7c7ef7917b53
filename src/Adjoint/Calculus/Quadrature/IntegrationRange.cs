namespace Adjoint.Calculus;

/// <summary>
/// How the rule variable t of the adaptive integrator maps to the integrand's x: the identity on a finite range,
/// and QUADPACK's <c>x = bound ± (1 - t) / t</c> on (0, 1] for a range infinite at one or both ends.
/// </summary>
/// <remarks>
/// For an infinite range, <c>∫_a^∞ f(x) dx = ∫_0^1 f(a + (1-t)/t) / t² dt</c>, <c>∫_{-∞}^b f(x) dx =
/// ∫_0^1 f(b - (1-t)/t) / t² dt</c> and <c>∫_{-∞}^∞ f(x) dx = ∫_0^1 (f((1-t)/t) + f(-(1-t)/t)) / t² dt</c>
/// (Piessens et al. 1983, QUADPACK routine qagi). The rule never evaluates at t = 0.
/// </remarks>
internal sealed class IntegrationRange
{
    private IntegrationRange(RangeKind kind, double lower, double upper, double bound)
    {
        Kind = kind;
        Lower = lower;
        Upper = upper;
        Bound = bound;
    }

    /// <summary>The kind of range.</summary>
    public RangeKind Kind { get; }

    /// <summary>The lower end in the rule variable (a for a finite range, 0 otherwise).</summary>
    public double Lower { get; }

    /// <summary>The upper end in the rule variable (b for a finite range, 1 otherwise).</summary>
    public double Upper { get; }

    /// <summary>The finite end of a half-infinite range (0 for the whole line).</summary>
    public double Bound { get; }

    /// <summary>Whether the range is infinite at an end (the transformed 15-point rule applies).</summary>
    public bool IsInfinite => Kind != RangeKind.Finite;

    /// <summary>How many integrand points one rule node needs (2 on the whole line, x and -x).</summary>
    public int PointsPerNode => Kind == RangeKind.WholeLine ? 2 : 1;

    /// <summary>The range [a, b] with a finite.</summary>
    public static IntegrationRange Finite(double a, double b) => new(RangeKind.Finite, a, b, 0);

    /// <summary>The range [a, ∞).</summary>
    public static IntegrationRange ToInfinity(double a) => new(RangeKind.UpperInfinite, 0, 1, a);

    /// <summary>The range (-∞, b].</summary>
    public static IntegrationRange FromMinusInfinity(double b) => new(RangeKind.LowerInfinite, 0, 1, b);

    /// <summary>The whole real line.</summary>
    public static IntegrationRange WholeLine() => new(RangeKind.WholeLine, 0, 1, 0);

    /// <summary>The integrand points of rule node <paramref name="t"/> and the factor dx/dt that multiplies their values.</summary>
    /// <param name="t">The rule variable.</param>
    /// <param name="points">Receives <see cref="PointsPerNode"/> points.</param>
    /// <returns>The Jacobian factor (1 on a finite range, 1/t² otherwise).</returns>
    public double Map(double t, Span<double> points)
    {
        switch (Kind)
        {
            case RangeKind.Finite:
                points[0] = t;
                return 1.0;
            case RangeKind.UpperInfinite:
                points[0] = Bound + ((1 - t) / t);
                return 1 / t / t;
            case RangeKind.LowerInfinite:
                points[0] = Bound - ((1 - t) / t);
                return 1 / t / t;
            default:
                points[0] = (1 - t) / t;
                points[1] = -points[0];
                return 1 / t / t;
        }
    }

    /// <summary>The integrand's x at rule variable <paramref name="t"/> (the positive point on the whole line).</summary>
    public double PointAt(double t)
    {
        Span<double> p = stackalloc double[2];
        Map(t, p);
        return p[0];
    }
}

/// <summary>The shape of an integration range.</summary>
internal enum RangeKind
{
    /// <summary>Both ends finite.</summary>
    Finite,

    /// <summary>[a, ∞).</summary>
    UpperInfinite,

    /// <summary>(-∞, b].</summary>
    LowerInfinite,

    /// <summary>(-∞, ∞).</summary>
    WholeLine,
}
