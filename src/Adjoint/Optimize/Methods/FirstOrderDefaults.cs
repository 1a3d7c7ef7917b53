namespace Adjoint.Optimize.Methods;

/// <summary>Validation and defaults shared by the first-order methods' options.</summary>
internal static class FirstOrderDefaults
{
    /// <summary>maxiter defaults to 20000 + 2000·n: fixed-step methods need many cheap iterations.</summary>
    public static ResolvedSettings Resolve(ResolvedSettings r, MinimizeOptions o, int n) =>
        r with { MaxIterations = o.MaxIterations ?? (20000 + (2000 * n)) };

    public static void PositiveFinite(double value, string name)
    {
        if (!(value > 0 && double.IsFinite(value)))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive and finite.");
        }
    }

    public static void UnitInterval(double value, string name, bool allowZero)
    {
        if (!(value < 1 && (allowZero ? value >= 0 : value > 0)))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must lie in {(allowZero ? "[0, 1)" : "(0, 1)")}.");
        }
    }
}
