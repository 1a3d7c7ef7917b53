using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Adjoint.Optimize.TrustRegion;

// Symbols (Nocedal & Wright, Section 4.3, Algorithm 4.3; Moré & Sorensen 1983): H = T the dense symmetric matrix, λ ≥ 0 the
// multiplier with (H + λI) p = -g, H + λI = L Lᵀ (Cholesky), q = L⁻¹p, [λ_L, λ_U] the safeguarding interval,
// λ₁ ≤ … the eigenvalues of H with eigenvector q₁ (hard case), τ the step along q₁ to the boundary.

/// <summary>
/// The trust-region subproblem min gᵀp + ½ pᵀTp, ‖p‖ ≤ Δ, solved to a tight tolerance for the small tridiagonal Lanczos
/// matrix T of the GLTR step: safeguarded Newton iterations on λ with MathNet Cholesky factorizations and a MathNet
/// symmetric eigendecomposition for the hard case.
/// </summary>
/// <remarks>
/// <para>Unlike <see cref="MoreSorensen"/>, which reproduces the loose, estimator-based choices of scipy's trust-exact
/// subproblem, this variant aims at an accurate solution: the GLTR stopping test uses the last component of the
/// tridiagonal solution, and T has the order of the Krylov space, so an eigendecomposition is cheap.</para>
/// <para>If T is positive definite and the Newton step fits, it is the solution (λ = 0). Otherwise λ is updated by Newton's
/// method on the secular equation 1/‖p(λ)‖ = 1/Δ, λ⁺ = λ + (‖p‖/‖q‖)² (‖p‖ - Δ)/Δ, inside [λ_L, λ_U] bounds built from
/// Gershgorin, Frobenius and infinity norms; a failed Cholesky raises λ_L and restarts from
/// max(√(λ_L λ_U), λ_L + 0.01 (λ_U - λ_L)). It stops when |‖p‖ - Δ| ≤ k_easy Δ (scaling p onto the boundary). When
/// ‖p‖ &lt; Δ with λ &gt; 0, the smallest eigenpair (λ₁, q₁) of T is computed once: λ_L rises to -λ₁, and if moving to the
/// boundary along q₁ is nearly optimal, τ² (λ₁ + λ) ≤ k_hard (pᵀ(T + λI)p + λΔ²), the step p + τq₁ is returned (the hard
/// case).</para>
/// <para>References: Nocedal &amp; Wright (2006), Section 4.3, Algorithm 4.3; J. J. Moré and D. C. Sorensen (1983),
/// "Computing a trust region step", SIAM J. Sci. Stat. Comput. 4(3); Conn, Gould, Toint (2000), Algorithm 7.3.6;
/// N. I. M. Gould, S. Lucidi, M. Roma, Ph. L. Toint (1999), SIAM J. Optim. 9(2).</para>
/// </remarks>
internal static class TridiagonalTrustRegionSolver
{
    /// <summary>Solves the subproblem; writes p and returns (m(p) - f, λ).</summary>
    public static (double ModelChange, double Lambda) Solve(double[] h, int n, ReadOnlySpan<double> g, double radius, Span<double> p,
        double kEasy, double kHard, int maxIterations = 200)
    {
        double gnorm = TP.Norm(g);
        var pv = new double[n];
        (double Value, double[] Vector)? eig = null;

        var chol = DenseModel.TryCholesky(h, n, 0);
        double pn = double.NaN;
        if (chol is not null)
        {
            pn = Newton(chol, g, pv);
            if (pn <= radius)
            {
                pv.CopyTo(p);
                return (DenseModel.ModelChange(h, n, g, p), 0);
            }
        }

        // Bounds on λ* (Moré-Sorensen; Conn, Gould, Toint Section 7.3.8).
        double minDiag = double.PositiveInfinity, gershLo = double.PositiveInfinity, gershHi = double.NegativeInfinity;
        double fro = 0, inf = 0;
        for (int i = 0; i < n; i++)
        {
            double off = 0, row = 0;
            for (int j = 0; j < n; j++)
            {
                double a = h[(i * n) + j];
                fro += a * a;
                row += Math.Abs(a);
                if (j != i)
                {
                    off += Math.Abs(a);
                }
            }

            double dii = h[(i * n) + i];
            minDiag = Math.Min(minDiag, dii);
            gershLo = Math.Min(gershLo, dii - off);
            gershHi = Math.Max(gershHi, dii + off);
            inf = Math.Max(inf, row);
        }

        fro = Math.Sqrt(fro);
        double lo = Math.Max(0, Math.Max(-minDiag, (gnorm / radius) - Math.Min(gershHi, Math.Min(fro, inf))));
        double hi = Math.Max(0, (gnorm / radius) + Math.Min(-gershLo, Math.Min(fro, inf)));
        double lambda = chol is not null ? Next(0, pn, chol, pv, radius, lo, hi) : Safeguard(lo, hi);
        bool havePositiveDefinite = false;
        var best = new double[n];

        for (int it = 0; it < maxIterations; it++)
        {
            chol = DenseModel.TryCholesky(h, n, lambda);
            if (chol is null)
            {
                lo = Math.Max(lo, lambda);
                if (eig is null)
                {
                    eig = Smallest(h, n);
                    lo = Math.Max(lo, -eig.Value.Value);
                }

                if (hi - lo <= 1e-15 * Math.Max(1, hi))
                {
                    break;
                }

                lambda = Safeguard(lo, hi);
                continue;
            }

            pn = Newton(chol, g, pv);
            havePositiveDefinite = true;
            pv.CopyTo(best, 0);
            if (lambda == 0 && pn <= radius)
            {
                pv.CopyTo(p);
                return (DenseModel.ModelChange(h, n, g, p), 0);
            }

            if (Math.Abs(pn - radius) <= kEasy * radius)
            {
                return Finish(h, n, g, radius, pv, pn, lambda, p);
            }

            if (pn > radius)
            {
                lo = Math.Max(lo, lambda);
            }
            else
            {
                hi = Math.Min(hi, lambda);
                eig ??= Smallest(h, n);
                var (l1, q1) = eig.Value;
                lo = Math.Max(lo, -l1);
                if (l1 < 0 || lambda > 0)
                {
                    // Hard case test: move to the boundary along q₁; accept when that is nearly optimal.
                    double tau = ToBoundary(pv, q1, radius, h, n, g);
                    double php = DenseModel.Quadratic(h, n, pv) + (lambda * pn * pn);
                    if (tau * tau * Math.Max(l1 + lambda, 0) <= kHard * (php + (lambda * radius * radius)))
                    {
                        for (int i = 0; i < n; i++)
                        {
                            p[i] = pv[i] + (tau * q1[i]);
                        }

                        return (DenseModel.ModelChange(h, n, g, p), lambda);
                    }
                }
            }

            if (hi - lo <= 1e-15 * Math.Max(1, hi))
            {
                return Finish(h, n, g, radius, pv, pn, lambda, p);
            }

            lambda = Next(lambda, pn, chol, pv, radius, lo, hi);
        }

        if (havePositiveDefinite)
        {
            return Finish(h, n, g, radius, best, TP.Norm(best), lambda, p);
        }

        // Never factorized: go to the boundary along the eigenvector of the smallest eigenvalue, downhill.
        eig ??= Smallest(h, n);
        var q = eig.Value.Vector;
        double sign = TP.Dot(g, q) > 0 ? -1 : 1;
        for (int i = 0; i < n; i++)
        {
            p[i] = sign * radius * q[i];
        }

        return (DenseModel.ModelChange(h, n, g, p), Math.Max(lambda, 0));
    }

    /// <summary>Writes p = -(L Lᵀ)⁻¹ g and returns ‖p‖.</summary>
    private static double Newton(Cholesky<double> chol, ReadOnlySpan<double> g, double[] p)
    {
        var sol = chol.Solve(Vector<double>.Build.Dense(g.ToArray()));
        for (int i = 0; i < p.Length; i++)
        {
            p[i] = -sol[i];
        }

        return TP.Norm(p);
    }

    /// <summary>The safeguarded Newton update of λ on 1/‖p(λ)‖ - 1/Δ = 0.</summary>
    private static double Next(double lambda, double pn, Cholesky<double> chol, double[] p, double radius, double lo, double hi)
    {
        // q = L⁻¹ p by forward substitution on MathNet's factor.
        int n = p.Length;
        var l = chol.Factor.ToColumnMajorArray();
        var q = new double[n];
        for (int i = 0; i < n; i++)
        {
            double s = p[i];
            for (int j = 0; j < i; j++)
            {
                s -= l[(j * n) + i] * q[j];
            }

            q[i] = s / l[(i * n) + i];
        }

        double qn = TP.Norm(q);
        double next = lambda + ((pn / qn) * (pn / qn) * ((pn - radius) / radius));
        return next > lo && next < hi && double.IsFinite(next) ? next : Safeguard(lo, hi);
    }

    private static double Safeguard(double lo, double hi) => Math.Max(Math.Sqrt(lo * hi), lo + (0.01 * (hi - lo)));

    /// <summary>Scales a step slightly outside the region back onto the boundary.</summary>
    private static (double, double) Finish(double[] h, int n, ReadOnlySpan<double> g, double radius, double[] pv, double pn, double lambda, Span<double> p)
    {
        double scale = pn > radius ? radius / pn : 1;
        for (int i = 0; i < n; i++)
        {
            p[i] = scale * pv[i];
        }

        return (DenseModel.ModelChange(h, n, g, p), lambda);
    }

    /// <summary>The root τ of ‖p + τ q‖ = Δ giving the lower model value.</summary>
    private static double ToBoundary(double[] pv, double[] q, double radius, double[] h, int n, ReadOnlySpan<double> g)
    {
        var (ta, tb) = SteihaugCg.BoundaryIntersections(pv, q, radius);
        var pa = new double[n];
        var pb = new double[n];
        for (int i = 0; i < n; i++)
        {
            pa[i] = pv[i] + (ta * q[i]);
            pb[i] = pv[i] + (tb * q[i]);
        }

        return DenseModel.ModelChange(h, n, g, pa) <= DenseModel.ModelChange(h, n, g, pb) ? ta : tb;
    }

    /// <summary>The smallest eigenvalue of H and a unit eigenvector, by MathNet's symmetric eigendecomposition.</summary>
    private static (double Value, double[] Vector) Smallest(double[] h, int n)
    {
        var evd = DenseModel.Shifted(h, n, 0).Evd(Symmetricity.Symmetric);
        int k = 0;
        for (int i = 1; i < n; i++)
        {
            if (evd.EigenValues[i].Real < evd.EigenValues[k].Real)
            {
                k = i;
            }
        }

        var v = evd.EigenVectors.Column(k).ToArray();
        double norm = TP.Norm(v);
        TP.Divide(v, norm, v);
        return (evd.EigenValues[k].Real, v);
    }
}
