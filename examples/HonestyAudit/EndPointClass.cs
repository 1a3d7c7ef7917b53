namespace HonestyAudit;

/// <summary>What an end point is, judged in float64 independently of the method's own verdict (see docs/honesty.md).</summary>
internal enum EndPointClass
{
    /// <summary>No significant negative curvature, a small gradient, and the Newton polish cannot lower f materially.</summary>
    VerifiedMinimizer,

    /// <summary>Significant negative curvature with a small gradient: a saddle point, not a minimizer.</summary>
    Saddle,

    /// <summary>The Newton polish lowers f by more than the improvement fraction of the progress made: not a minimizer.</summary>
    Improvable,

    /// <summary>The gradient and the Hessian are exactly zero at x0 and at the end point: the run never left a flat start.</summary>
    FlatStart,

    /// <summary>The end point, f, the gradient or the Hessian is NaN or infinite (or the run threw).</summary>
    NonFinite,

    /// <summary>None of the above holds (e.g. the polish cannot lower f yet the gradient is large, or f is unbounded).</summary>
    Unclassified,
}
