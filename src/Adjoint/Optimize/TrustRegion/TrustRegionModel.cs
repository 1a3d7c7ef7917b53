namespace Adjoint.Optimize.TrustRegion;

/// <summary>
/// The curvature B of the quadratic model m(p) = f + gᵀp + ½ pᵀBp at the current iterate, which the trust-region driver
/// hands to its subproblem: a dense matrix, products B v, or both.
/// </summary>
/// <remarks>
/// The subproblems only read B through this class, so one solver serves an exact Hessian (<see cref="ExactHessianModel"/>)
/// or a quasi-Newton matrix alike. The driver calls <see cref="Reset"/> whenever the iterate changes, so a dense B is
/// evaluated at most once per iterate however many steps are rejected.
/// </remarks>
internal abstract class TrustRegionModel
{
    /// <summary>B at the current iterate, row-major n·n, evaluated on first use at this iterate.</summary>
    public abstract double[] Dense();

    /// <summary>Writes B v into <paramref name="result"/>.</summary>
    public abstract void Multiply(ReadOnlySpan<double> v, Span<double> result);

    /// <summary>Forgets what was computed at the previous iterate.</summary>
    public abstract void Reset();
}
