using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Adjoint.Optimize.TrustRegion;

// Symbols (Nocedal & Wright, Algorithm 7.2 "CG-Steihaug"): z = z_j the inner iterate, r = r_j = B z_j + g the residual,
// d = d_j the conjugate direction, B d the Hessian-vector product, ε_k = min(0.5, √‖g‖)‖g‖ the inner tolerance,
// τ the step to the boundary ‖z + τ d‖ = Δ.

/// <summary>The Steihaug-Toint truncated conjugate gradient step on Hessian-vector products (scipy's trust-ncg subproblem).</summary>
/// <remarks>
/// <para>CG on B p = -g from z₀ = 0 stops when the residual falls below ε_k (inside the region), when the next iterate
/// would leave the region (then it follows d to the boundary), or on a direction of non-positive curvature (then it
/// goes to whichever boundary point along z + τd has the lower model value). The model value is tracked from the
/// residual, m(z) - f = ½ (gᵀz + rᵀz), so no extra Hessian-vector product is spent on it. At most 2n + 10 inner
/// iterations (n in exact arithmetic).</para>
/// <para>References: Nocedal &amp; Wright (2006), Algorithm 7.2; T. Steihaug (1983), "The conjugate gradient method and
/// trust regions in large scale optimization", SIAM J. Numer. Anal. 20(3); Ph. Toint (1981).</para>
/// </remarks>
internal sealed class SteihaugCg(int n) : ITrustRegionSubproblem
{
    private readonly double[] _z = new double[n];
    private readonly double[] _r = new double[n];
    private readonly double[] _d = new double[n];
    private readonly double[] _bd = new double[n];

    public bool UsesDenseModel => false;

    public void Reset()
    {
    }

    public TrustRegionStep Solve(TrustRegionModel model, double[] g, double radius, double[] p)
    {
        var z = _z;
        var r = _r;
        var d = _d;
        var bd = _bd;
        double gnorm = TP.Norm(g);
        double tolerance = Math.Min(0.5, Math.Sqrt(gnorm)) * gnorm;
        Array.Clear(z);
        g.CopyTo(r, 0);
        TP.Negate(g, d);
        double rr = gnorm * gnorm;
        int maxInner = (2 * n) + 10;
        for (int j = 0; j < maxInner; j++)
        {
            model.Multiply(d, bd);
            double dbd = TP.Dot(d, bd);
            if (double.IsNaN(dbd) || double.IsInfinity(dbd))
            {
                return new TrustRegionStep(0, false, TerminationReason.NonFiniteValue, "a Hessian-vector product is not finite");
            }
            if (!(dbd > 0))
            {
                // Non-positive curvature: the model decreases without bound along ±d; take the better boundary point.
                var (ta, tb) = BoundaryIntersections(z, d, radius);
                double mz = 0.5 * (TP.Dot(g, z) + TP.Dot(r, z));
                double rd = TP.Dot(r, d);
                double ma = mz + (ta * rd) + (0.5 * ta * ta * dbd);
                double mb = mz + (tb * rd) + (0.5 * tb * tb * dbd);
                double t = ma < mb ? ta : tb;
                TP.MultiplyAdd(d, t, z, p);
                return new TrustRegionStep(Math.Min(ma, mb), true);
            }

            double alpha = rr / dbd;
            // Would z + αd leave the region? Then stop on the boundary along d.
            double zz = TP.Dot(z, z), zd = TP.Dot(z, d), dd = TP.Dot(d, d);
            if (zz + (2 * alpha * zd) + (alpha * alpha * dd) >= radius * radius)
            {
                var (_, tb) = BoundaryIntersections(z, d, radius);
                double mz = 0.5 * (TP.Dot(g, z) + TP.Dot(r, z));
                double m = mz + (tb * TP.Dot(r, d)) + (0.5 * tb * tb * dbd);
                TP.MultiplyAdd(d, tb, z, p);
                return new TrustRegionStep(m, true);
            }

            TP.MultiplyAdd(d, alpha, z, z);
            TP.MultiplyAdd(bd, alpha, r, r);
            double rrNew = TP.Dot(r, r);
            if (Math.Sqrt(rrNew) < tolerance)
            {
                break;
            }

            double beta = rrNew / rr;
            rr = rrNew;
            TP.Multiply(d, beta, d);
            TP.Subtract(d, r, d);
        }

        z.CopyTo(p, 0);
        return new TrustRegionStep(0.5 * (TP.Dot(g, z) + TP.Dot(r, z)), false);
    }

    /// <summary>The roots τa ≤ 0 ≤ τb of ‖z + τ d‖ = Δ.</summary>
    internal static (double Ta, double Tb) BoundaryIntersections(ReadOnlySpan<double> z, ReadOnlySpan<double> d, double radius)
    {
        double a = TP.Dot(d, d);
        double b = 2 * TP.Dot(z, d);
        double c = TP.Dot(z, z) - (radius * radius);
        double root = Math.Sqrt(Math.Max((b * b) - (4 * a * c), 0));
        // Numerically stable pair of roots.
        double q = -0.5 * (b + (b >= 0 ? root : -root));
        double t1 = q / a;
        double t2 = q != 0 ? c / q : -t1;
        return t1 <= t2 ? (t1, t2) : (t2, t1);
    }
}
