using Adjoint.Optimize;

namespace Adjoint.Tests.Optimize.Methods;

/// <summary>
/// Where a catalog run that does not reach f* ends: its status and f (to 1e-6 relative), and why. A run that ends
/// elsewhere, or reaches f* after all, fails the test, so an exception cannot go stale.
/// </summary>
public sealed record ExpectedEnd(TerminationReason Status, double Fun, string Reason)
{
    /// <summary>Whether f is where the run is listed to end.</summary>
    public bool Matches(double f) => Math.Abs(f - Fun) <= (1e-6 * Math.Abs(Fun)) + 1e-12;
}
