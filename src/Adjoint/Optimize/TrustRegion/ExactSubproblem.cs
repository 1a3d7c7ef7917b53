namespace Adjoint.Optimize.TrustRegion;

/// <summary>The nearly exact trust-region step on the dense Hessian (scipy's trust-exact subproblem), by <see cref="MoreSorensen"/>.</summary>
/// <remarks>
/// The Hessian is evaluated once per iterate and reused while steps are rejected; the boundary is met within
/// k_easy = 0.1 relative and the hard case is accepted with k_hard = 0.2, as scipy's defaults. While steps are rejected
/// the radius only shrinks, so λ* only grows and the last solve's lower bound λ_L starts the next one (as scipy does).
/// References: J. J. Moré and D. C. Sorensen (1983), SIAM J. Sci. Stat. Comput. 4(3); Nocedal &amp; Wright (2006), Section 4.3.
/// </remarks>
internal sealed class ExactSubproblem(int n) : ITrustRegionSubproblem
{
    private const double KEasy = 0.1;
    private const double KHard = 0.2;
    private double[] _h = [];
    // The radius and final λ_L of the last solve at this iterate.
    private double _previousRadius = -1;
    private double _lambdaLowerBound;

    public bool UsesDenseModel => true;

    public void Reset()
    {
        _previousRadius = -1;
        _lambdaLowerBound = 0;
    }

    public TrustRegionStep Solve(TrustRegionModel model, double[] g, double radius, double[] p)
    {
        _h = model.Dense();
        if (!Convergence.AllFinite(_h))
        {
            return new TrustRegionStep(0, false, TerminationReason.NonFiniteValue, "the Hessian is not finite");
        }

        double known = radius < _previousRadius ? _lambdaLowerBound : 0;
        var r = MoreSorensen.Solve(_h, n, g, radius, p, KEasy, KHard, known);
        _previousRadius = radius;
        _lambdaLowerBound = r.LambdaLowerBound;
        return new TrustRegionStep(r.ModelChange, r.HitsBoundary);
    }
}
