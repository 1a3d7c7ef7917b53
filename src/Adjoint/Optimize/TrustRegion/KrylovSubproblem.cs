using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Adjoint.Optimize.TrustRegion;

// Symbols (Gould, Lucidi, Roma, Toint 1999; Nocedal & Wright Section 7.1): q_j the Lanczos vectors (Q_k = [q_0 … q_k]),
// T_k = Q_kᵀ H Q_k tridiagonal with diagonal δ_j (alpha) and off-diagonal γ_j (beta), γ_0' = ‖g‖, h_k the solution of the
// tridiagonal subproblem min ‖g‖ e₁ᵀh + ½ hᵀT_k h, ‖h‖ ≤ Δ, and p = Q_k h_k.

/// <summary>
/// The generalized Lanczos trust-region step (GLTR, scipy's trust-krylov subproblem): the subproblem restricted to the
/// growing Krylov space of H and g, solved nearly exactly on the tridiagonal Lanczos matrix.
/// </summary>
/// <remarks>
/// <para>Each Lanczos step spends one Hessian-vector product (with full reorthogonalization against the stored
/// vectors), then solves the small tridiagonal problem with <see cref="TridiagonalTrustRegionSolver"/> (MathNet Cholesky and
/// eigendecomposition) to boundary accuracy 1e-8. The residual of the full problem at p = Q h is γ_{k+1} |e_kᵀh|, so the
/// loop stops when it is at most ε_k: min(0.5, √‖g‖)‖g‖ when inexact (scipy's default), 1e-8·‖g‖ otherwise, or when the
/// Krylov space is invariant (γ_{k+1} ≈ 0), or after n steps. Unlike Steihaug's CG it keeps improving the step after it
/// reaches the boundary, and it handles negative curvature exactly within the Krylov space. The Lanczos vectors are
/// stored (n × iterations); the step costs no extra Hessian-vector product for its model value.</para>
/// <para>References: N. I. M. Gould, S. Lucidi, M. Roma, Ph. L. Toint (1999), "Solving the trust-region subproblem using
/// the Lanczos method", SIAM J. Optim. 9(2); F. Lenders, C. Kirches, A. Potschka (2018), "trlib: a vector-free
/// implementation of the GLTR method", Optim. Methods Softw. 33(3); Nocedal &amp; Wright (2006), Section 7.1.</para>
/// </remarks>
internal sealed class KrylovSubproblem(int n, bool inexact) : ITrustRegionSubproblem
{
    private readonly List<double[]> _q = [];
    private readonly List<double> _alpha = [];
    private readonly List<double> _beta = [];
    private readonly double[] _w = new double[n];

    public bool UsesDenseModel => false;

    public void Reset()
    {
    }

    public TrustRegionStep Solve(TrustRegionModel model, double[] g, double radius, double[] p)
    {
        double gnorm = TP.Norm(g);
        // Forcing sequences as scipy's inexact trust-krylov: an interior solution is refined to ‖r‖ <= min(0.5, ‖g‖) ‖g‖
        // (quadratic convergence once the region is inactive), a boundary one to min(0.5, sqrt ‖g‖) ‖g‖ (superlinear).
        // The exact variant uses 1e-8 and 1e-6 relative tolerances.
        double interiorTolerance = inexact ? Math.Min(0.5, gnorm) * gnorm : 1e-8 * gnorm;
        double boundaryTolerance = inexact ? Math.Min(0.5, Math.Sqrt(gnorm)) * gnorm : 1e-6 * gnorm;
        _q.Clear();
        _alpha.Clear();
        _beta.Clear();
        var q = new double[n];
        TP.Divide(g, gnorm, q);
        var w = _w;
        double[] h = [];
        double change = 0, lambda = 0;
        for (int k = 0; k < n; k++)
        {
            _q.Add(q);
            model.Multiply(q, w);
            double a = TP.Dot(q, w);
            _alpha.Add(a);
            foreach (var qi in _q)
            {
                // Full reorthogonalization (covers the three-term recurrence terms too).
                TP.MultiplyAdd(qi, -TP.Dot(qi, w), w, w);
            }

            double b = TP.Norm(w);
            if (!double.IsFinite(a) || !double.IsFinite(b))
            {
                return new TrustRegionStep(0, false, TerminationReason.NonFiniteValue, "a Hessian-vector product is not finite");
            }
            int m = k + 1;
            var t = new double[m * m];
            for (int i = 0; i < m; i++)
            {
                t[(i * m) + i] = _alpha[i];
                if (i + 1 < m)
                {
                    t[(i * m) + i + 1] = _beta[i];
                    t[((i + 1) * m) + i] = _beta[i];
                }
            }

            var gt = new double[m];
            gt[0] = gnorm;
            h = new double[m];
            (change, lambda) = TridiagonalTrustRegionSolver.Solve(t, m, gt, radius, h, 1e-8, 1e-8);
            double residual = b * Math.Abs(h[m - 1]);
            double tolerance = lambda > 0 ? boundaryTolerance : interiorTolerance;
            if (residual <= tolerance || b <= 1e-14 * Math.Max(1, Math.Abs(a)))
            {
                break;
            }

            _beta.Add(b);
            q = new double[n];
            TP.Divide(w, b, q);
        }

        Array.Clear(p);
        for (int j = 0; j < h.Length; j++)
        {
            TP.MultiplyAdd(_q[j], h[j], p, p);
        }

        return new TrustRegionStep(change, lambda > 0);
    }
}
