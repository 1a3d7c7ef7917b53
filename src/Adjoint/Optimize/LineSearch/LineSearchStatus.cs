namespace Adjoint.Optimize.LineSearch;

/// <summary>How a line search ended.</summary>
public enum LineSearchStatus
{
    /// <summary>The step satisfies the sufficient-decrease and curvature conditions.</summary>
    Converged,

    /// <summary>The step is the maximum step and satisfies sufficient decrease with the slope still negative.</summary>
    MaxStep,

    /// <summary>The evaluation limit (maxls) was reached; the step returned is the best one seen.</summary>
    MaxEvaluations,

    /// <summary>
    /// The step was enlarged the allowed number of times with φ decreasing at every trial; the step returned has sufficient
    /// decrease but the curvature condition does not hold.
    /// </summary>
    ExpansionLimit,

    /// <summary>The bracketing interval became smaller than xtol (or rounding errors prevent progress); the best step seen is returned.</summary>
    IntervalTooSmall,

    /// <summary>The direction is not a descent direction (φ'(0) &gt;= 0).</summary>
    NotDescent,

    /// <summary>No finite value was found along the direction.</summary>
    NonFinite,
}
