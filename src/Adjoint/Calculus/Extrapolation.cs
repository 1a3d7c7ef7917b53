namespace Adjoint.Calculus;

/// <summary>What a piecewise polynomial returns outside its breakpoints (scipy's <c>extrapolate</c> argument).</summary>
public enum Extrapolation
{
    /// <summary>NaN outside [x[0], x[^1]] (scipy <c>extrapolate=False</c>).</summary>
    Nan,

    /// <summary>The first and last pieces continue beyond the ends (scipy <c>extrapolate=True</c>).</summary>
    Extend,

    /// <summary>Queries are wrapped into [x[0], x[^1]] with period x[^1] - x[0] (scipy <c>extrapolate='periodic'</c>).</summary>
    Periodic,
}
