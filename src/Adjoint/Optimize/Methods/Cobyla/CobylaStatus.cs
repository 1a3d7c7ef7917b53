namespace Adjoint.Optimize.Methods.Cobyla;

/// <summary>What one iteration of <see cref="CobylaEngine"/> ended with.</summary>
internal enum CobylaStatus
{
    /// <summary>Keep iterating.</summary>
    Continue,

    /// <summary>ρ reached its final value and no further step is worth taking.</summary>
    Finished,

    /// <summary>The objective or a constraint was NaN or infinite at a trial point (see <see cref="CobylaEngine.NonFiniteRow"/>).</summary>
    NonFinite,

    /// <summary>The simplex became degenerate (its inverse lost accuracy): rounding errors are damaging the models.</summary>
    Degenerate,
}
