namespace Adjoint.Calculus;

/// <summary>What a Gauss-Kronrod rule reports for one interval.</summary>
/// <param name="Value">The Kronrod estimate of the integral.</param>
/// <param name="Error">QUADPACK's error estimate.</param>
/// <param name="AbsoluteIntegral">The Kronrod estimate of the integral of |f| (QUADPACK resabs).</param>
/// <param name="Deviation">The Kronrod estimate of the integral of |f - mean| (QUADPACK resasc).</param>
internal readonly record struct IntervalEstimate(double Value, double Error, double AbsoluteIntegral, double Deviation);
