using System.Globalization;

namespace Adjoint.Calculus;

/// <summary>
/// Thrown inside a solve when a replayed evaluation of the right-hand side differs from a fresh tensor evaluation at the
/// same point (f computes something from t or from state it reads outside the recorded operations); the solve then starts
/// again on the tensor route. It never leaves <see cref="Ode"/>.
/// </summary>
internal sealed class OdeReplayMismatchException(double t)
    : Exception(string.Create(CultureInfo.InvariantCulture, $"The replayed right-hand side differs from the tensor evaluation at t = {t:R}."))
{
    /// <summary>The time of the mismatching evaluation.</summary>
    public double Time { get; } = t;
}
