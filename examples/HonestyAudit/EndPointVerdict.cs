namespace HonestyAudit;

/// <summary>The classification of one end point with the float64 numbers behind it.</summary>
/// <param name="Class">The class the rule assigns.</param>
/// <param name="Reason">One sentence on why (the deciding test).</param>
/// <param name="Value">f at the end point, in float64.</param>
/// <param name="GradientNorm">The infinity norm of the float64 gradient at the end point.</param>
/// <param name="MinEigenvalue">The smallest eigenvalue of the float64 Hessian.</param>
/// <param name="MaxAbsEigenvalue">The largest eigenvalue magnitude of the float64 Hessian.</param>
/// <param name="NewtonDecrement">The predicted decrease ½ Σ (vᵢ·g)² / max(|λᵢ|, 1e-12·max|λ|) of a Newton step.</param>
/// <param name="PolishedValue">f after the Newton polish (equal to <paramref name="Value"/> when it found no decrease).</param>
/// <param name="PolishSteps">Accepted polish steps.</param>
/// <param name="PolishDistance">Infinity-norm distance from the end point to the polished point.</param>
/// <param name="Progress">max(f(x0) − f(X), tiny), the yardstick of "material" improvement.</param>
internal sealed record EndPointVerdict(
    EndPointClass Class,
    string Reason,
    double Value,
    double GradientNorm,
    double MinEigenvalue,
    double MaxAbsEigenvalue,
    double NewtonDecrement,
    double PolishedValue,
    int PolishSteps,
    double PolishDistance,
    double Progress);
