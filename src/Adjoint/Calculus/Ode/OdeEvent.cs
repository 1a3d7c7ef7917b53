namespace Adjoint.Calculus;

/// <summary>
/// An event function g(t, y) whose zeros along the solution are located (scipy's <c>events</c>): the solver reports
/// each crossing in <see cref="OdeSolution.TEvents"/> and <see cref="OdeSolution.YEvents"/> and, for a terminal event,
/// stops there.
/// </summary>
/// <remarks>
/// After every accepted step g is evaluated at the step's end; where its sign changes in the requested direction, the
/// root is found by Brent's method on the step's dense output (to about four units of roundoff in t), as scipy does.
/// </remarks>
/// <param name="Condition">g(t, y), continuous in t along the solution.</param>
public sealed record OdeEvent(Func<double, double[], double> Condition)
{
    /// <summary>Whether integration stops at the first crossing (scipy <c>event.terminal = True</c>); default false.</summary>
    public bool Terminal { get; init; }

    /// <summary>Which crossings count; default <see cref="EventDirection.Any"/>.</summary>
    public EventDirection Direction { get; init; } = EventDirection.Any;
}
