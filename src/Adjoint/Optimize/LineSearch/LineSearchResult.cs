namespace Adjoint.Optimize.LineSearch;

/// <summary>The outcome of a line search.</summary>
/// <param name="Step">The step α returned (0 when nothing better than α = 0 was found).</param>
/// <param name="Value">φ(α).</param>
/// <param name="Derivative">φ'(α).</param>
/// <param name="Evaluations">How many times φ was evaluated.</param>
/// <param name="Status">How the search ended.</param>
public readonly record struct LineSearchResult(double Step, double Value, double Derivative, int Evaluations, LineSearchStatus Status)
{
    /// <summary>Whether the step satisfies the search's conditions (or is the maximum step with sufficient decrease).</summary>
    public bool Succeeded => Status is LineSearchStatus.Converged or LineSearchStatus.MaxStep;

    /// <summary>Whether the step decreases φ below φ(0) and is usable although the conditions may not hold.</summary>
    public bool Usable(double phi0) => Step > 0 && double.IsFinite(Value) && Value < phi0 && double.IsFinite(Derivative);
}
