using System.Globalization;
using Adjoint.Tensors;

namespace Adjoint.Calculus;

/// <summary>The outcome of an adaptive quadrature.</summary>
/// <param name="Value">The integral as a scalar tensor; tracked by the active gradient tape when the integrand's
/// parameters or the limits are (see <see cref="Quadrature"/> for what its derivatives mean).</param>
/// <param name="Error">The estimate of |integral - Value| (scipy <c>abserr</c>).</param>
/// <param name="Evaluations">Integrand points evaluated by the adaptive algorithm (scipy <c>neval</c>; on the whole
/// real line each transformed node costs two points, x and -x). The extra panel that records the value on a tape is not counted.</param>
/// <param name="Intervals">Intervals of the final partition (scipy <c>last</c>).</param>
/// <param name="Status">Why the algorithm stopped.</param>
/// <param name="Message">A sentence saying why, with the numbers that matter.</param>
public sealed record QuadResult(Tensor Value, double Error, int Evaluations, int Intervals, QuadStatus Status, string Message)
{
    /// <summary>Whether the error estimate met the tolerance (<see cref="Status"/> is <see cref="QuadStatus.Converged"/>).</summary>
    public bool Success => Status == QuadStatus.Converged;

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Status}: value {Value.ToArray()[0]:R}, error {Error:G3}, {Evaluations} evaluations, {Intervals} intervals ({Message})");
}
