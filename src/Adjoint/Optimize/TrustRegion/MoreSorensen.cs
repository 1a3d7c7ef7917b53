using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Adjoint.Optimize.TrustRegion;

// Symbols (Moré & Sorensen 1983; Conn, Gould & Toint 2000, Section 7.3; Nocedal & Wright, Section 4.3): H the dense
// symmetric matrix, g the gradient, Δ the radius, λ the multiplier with (H + λI) p = -g, H + λI = L Lᵀ = UᵀU (MathNet's
// lower factor L, U = Lᵀ), w = L⁻¹p, [λ_L, λ_U] the interval known to hold λ*, θ = 0.01 the safeguard coefficient
// (Conn-Gould-Toint 7.3.14), σ ≈ σ_min(U) with σ² ≈ λ₁ + λ and z its vector (the LINPACK estimate), τ the step along z to
// the boundary, k_easy and k_hard the stopping tolerances.

/// <summary>
/// The nearly exact solution of min gᵀp + ½ pᵀHp subject to ‖p‖ ≤ Δ for a dense symmetric H, by safeguarded Newton
/// iterations on λ (Moré and Sorensen) with MathNet Cholesky factorizations, following the choices of scipy's
/// <c>trust-exact</c> subproblem.
/// </summary>
/// <remarks>
/// <para>Start: λ_U = ‖g‖/Δ + min(-γ_lo, ‖H‖_F, ‖H‖_∞) and λ_L = max(0, -min_i H_ii, ‖g‖/Δ - min(γ_hi, ‖H‖_F, ‖H‖_∞)),
/// with [γ_lo, γ_hi] the Gershgorin bounds on the eigenvalues of H; λ_L also takes a lower bound known from an earlier
/// solve at the same iterate with a larger radius. λ = 0 is tried only when λ_L = 0; otherwise λ starts at
/// max(√(λ_L λ_U), λ_L + θ(λ_U - λ_L)), the safeguarded point used after every failure below.</para>
/// <para>Each pass factorizes H + λI. When it is not positive definite, the first leading block that is not gives δ and
/// v with vᵀ(H + λI)v = -δ (Conn-Gould-Toint 7.3.17), so λ_L rises to λ + δ/‖v‖² and λ moves to the safeguarded point.
/// Otherwise p = -(H + λI)⁻¹g and the Newton step on the secular equation 1/‖p(λ)‖ = 1/Δ is
/// λ⁺ = λ + (‖p‖/‖w‖)² (‖p‖ - Δ)/Δ:</para>
/// <list type="bullet">
/// <item>λ = 0 and ‖p‖ ≤ Δ: the interior Newton step is the solution.</item>
/// <item>‖p‖ ≥ Δ: stop when ‖p‖ - Δ ≤ k_easy Δ, returning p as it is (it may exceed Δ by up to k_easy Δ); else λ_L = λ and
/// λ = λ⁺ (Newton from the left of λ* does not pass λ*; only when rounding takes λ⁺ to λ_U or beyond does λ move to the
/// safeguarded point instead).</item>
/// <item>‖p‖ &lt; Δ: the LINPACK estimator (<see cref="SmallestSingularValueEstimate"/>) gives σ and z without an
/// eigendecomposition, and τ is the root of ‖p + τz‖ = Δ of smaller magnitude. If τ²σ² ≤ k_hard (pᵀ(H + λI)p + λΔ²),
/// moving to the boundary along z is nearly optimal and p + τz is returned (this covers the hard case). Otherwise
/// λ_U = λ, λ_L = max(λ_L, λ - σ²), and λ⁺ is taken when H + λ⁺I factorizes (that factor serves the next pass); when it
/// does not, λ_L = max(λ_L, λ⁺) and λ moves to the safeguarded point.</item>
/// </list>
/// <para>These are the choices of scipy's <c>IterativeSubproblem</c>, with one exception: after such a successful
/// Newton update from inside, scipy 1.10's code keeps using the previous factor on the next pass (scipy issue
/// 20244), so its iterates differ from these once that happens.</para>
/// <para>When ‖g‖ ≤ n ε ‖H‖_∞ the solution is p = 0 if λ = 0, else Δz once Δ²σ² ≤ k_hard λ Δ². After
/// <c>maxIterations</c> passes (or a non-finite λ) the last positive definite step, scaled onto the boundary when longer,
/// is returned, or the boundary step along the eigenvector of the smallest eigenvalue (MathNet) when H + λI never
/// factorized.</para>
/// <para>References: J. J. Moré and D. C. Sorensen (1983), "Computing a trust region step", SIAM J. Sci. Stat. Comput.
/// 4(3), 553-572; Conn, Gould, Toint (2000), "Trust-Region Methods", Section 7.3 (Algorithm 7.3.6, bounds 7.3.8,
/// update 7.3.14, 7.3.17); Nocedal &amp; Wright (2006), Section 4.3, Algorithm 4.3.</para>
/// </remarks>
internal static class MoreSorensen
{
    private const double Theta = 0.01;

    /// <summary>Solves the subproblem and writes the step into <paramref name="p"/>.</summary>
    /// <param name="h">H, row-major n·n, symmetric.</param>
    /// <param name="n">The dimension.</param>
    /// <param name="g">The gradient.</param>
    /// <param name="radius">Δ &gt; 0.</param>
    /// <param name="p">Receives the step.</param>
    /// <param name="kEasy">Stop when ‖p‖ - Δ ≤ k_easy Δ from outside the region.</param>
    /// <param name="kHard">Accept p + τz when τ²σ² ≤ k_hard (pᵀ(H + λI)p + λΔ²).</param>
    /// <param name="knownLowerBound">A lower bound on λ* known in advance (0 when none).</param>
    /// <param name="maxIterations">The most passes through the λ loop.</param>
    public static MoreSorensenResult Solve(double[] h, int n, ReadOnlySpan<double> g, double radius, Span<double> p,
        double kEasy, double kHard, double knownLowerBound = 0, int maxIterations = 200)
    {
        double gnorm = TP.Norm(g);
        var (lo, hi, hInf) = InitialBounds(h, n, gnorm, radius);
        lo = Math.Max(lo, knownLowerBound);
        double lambda = lo == 0 ? 0 : Safeguard(lo, hi);
        double closeToZero = n * Tensors.Precision<double>.MachineEpsilon * hInf;
        var minusG = Vector<double>.Build.Dense(n);
        for (int i = 0; i < n; i++)
        {
            minusG[i] = -g[i];
        }

        var pv = new double[n];
        double[]? lastStep = null;
        double lastLambda = 0;
        Cholesky<double>? next = null;
        int it = 0;
        while (it < maxIterations && double.IsFinite(lambda))
        {
            it++;
            var chol = next ?? DenseModel.TryCholesky(h, n, lambda);
            next = null;
            if (chol is null)
            {
                lo = Math.Max(lo, lambda + IndefinitenessShift(h, n, lambda));
                lambda = Safeguard(lo, hi);
                continue;
            }

            var upper = chol.Factor.Transpose();
            if (gnorm <= closeToZero)
            {
                // g is zero to working precision: the solution is 0 or an eigenvector direction on the boundary.
                if (lambda == 0)
                {
                    p.Clear();
                    return new MoreSorensenResult(0, 0, lo, false, it);
                }

                var (s0, z0) = SmallestSingularValueEstimate.Of(upper);
                if (radius * radius * s0 * s0 <= kHard * lambda * radius * radius)
                {
                    for (int i = 0; i < n; i++)
                    {
                        p[i] = radius * z0[i];
                    }

                    return new MoreSorensenResult(DenseModel.ModelChange(h, n, g, p), lambda, lo, true, it);
                }

                hi = lambda;
                lo = Math.Max(lo, lambda - (s0 * s0));
                lambda = Safeguard(lo, hi);
                continue;
            }

            var sol = chol.Solve(minusG);
            for (int i = 0; i < n; i++)
            {
                pv[i] = sol[i];
            }

            double pn = TP.Norm(pv);
            lastStep ??= new double[n];
            pv.CopyTo(lastStep, 0);
            lastLambda = lambda;
            if (pn <= radius && lambda == 0)
            {
                pv.CopyTo(p);
                return new MoreSorensenResult(DenseModel.ModelChange(h, n, g, p), 0, lo, false, it);
            }

            double wn = ForwardSubstitutionNorm(upper, pv);
            double ratio = pn / wn;
            double newton = lambda + (ratio * ratio * (pn - radius) / radius);
            if (pn < radius)
            {
                var (sigma, z) = SmallestSingularValueEstimate.Of(upper);
                var (ta, tb) = SteihaugCg.BoundaryIntersections(pv, z, radius);
                double tau = Math.Abs(ta) <= Math.Abs(tb) ? ta : tb;
                double curvature = DenseModel.Quadratic(h, n, pv) + (lambda * pn * pn);
                double relativeError = tau * tau * sigma * sigma / (curvature + (lambda * radius * radius));
                if (relativeError <= kHard)
                {
                    for (int i = 0; i < n; i++)
                    {
                        p[i] = pv[i] + (tau * z[i]);
                    }

                    return new MoreSorensenResult(DenseModel.ModelChange(h, n, g, p), lambda, lo, true, it);
                }

                hi = lambda;
                lo = Math.Max(lo, lambda - (sigma * sigma));
                next = DenseModel.TryCholesky(h, n, newton);
                if (next is not null)
                {
                    lambda = newton;
                }
                else
                {
                    lo = Math.Max(lo, newton);
                    lambda = Safeguard(lo, hi);
                }
            }
            else
            {
                if ((pn - radius) / radius <= kEasy)
                {
                    pv.CopyTo(p);
                    return new MoreSorensenResult(DenseModel.ModelChange(h, n, g, p), lambda, lo, true, it);
                }

                // From the left of λ* Newton's method on the concave secular function cannot pass λ* ≤ λ_U; when
                // rounding makes it do so (an ill-conditioned H + λI), fall back to the safeguarded point.
                lo = lambda;
                lambda = newton < hi ? newton : Safeguard(lo, hi);
            }
        }

        return Fallback(h, n, g, radius, p, lastStep, lastLambda, lo, it);
    }

    /// <summary>[λ_L, λ_U] from the Gershgorin, Frobenius and infinity-norm bounds on the eigenvalues of H, and ‖H‖_∞.</summary>
    private static (double Lo, double Hi, double InfNorm) InitialBounds(double[] h, int n, double gnorm, double radius)
    {
        double minDiag = double.PositiveInfinity, gershLo = double.PositiveInfinity, gershHi = double.NegativeInfinity;
        double fro = 0, inf = 0;
        for (int i = 0; i < n; i++)
        {
            double row = 0;
            for (int j = 0; j < n; j++)
            {
                double a = h[(i * n) + j];
                fro += a * a;
                row += Math.Abs(a);
            }

            double d = h[(i * n) + i];
            double off = row - Math.Abs(d);
            minDiag = Math.Min(minDiag, d);
            gershLo = Math.Min(gershLo, d - off);
            gershHi = Math.Max(gershHi, d + off);
            inf = Math.Max(inf, row);
        }

        fro = Math.Sqrt(fro);
        double lo = Math.Max(0, Math.Max(-minDiag, (gnorm / radius) - Math.Min(gershHi, Math.Min(fro, inf))));
        double hi = Math.Max(0, (gnorm / radius) + Math.Min(-gershLo, Math.Min(fro, inf)));
        return (lo, hi, inf);
    }

    private static double Safeguard(double lo, double hi) => Math.Max(Math.Sqrt(lo * hi), lo + (Theta * (hi - lo)));

    /// <summary>‖w‖ for Uᵀw = p, by forward substitution.</summary>
    private static double ForwardSubstitutionNorm(Matrix<double> upper, double[] p)
    {
        int n = p.Length;
        var u = upper.ToColumnMajorArray();
        var w = new double[n];
        for (int i = 0; i < n; i++)
        {
            double s = p[i];
            for (int j = 0; j < i; j++)
            {
                s -= u[(i * n) + j] * w[j];
            }

            w[i] = s / u[(i * n) + i];
        }

        return TP.Norm(w);
    }

    /// <summary>
    /// For H + λI not positive definite: δ/‖v‖², where the first leading block of order k that is not positive definite
    /// becomes singular when δ ≥ 0 is added to its last diagonal entry, and v (v_k = 1, zero after k) spans that null
    /// space, so vᵀ(H + λI)v = -δ and λ + δ/‖v‖² ≤ -λ₁ ≤ λ*.
    /// </summary>
    internal static double IndefinitenessShift(double[] h, int n, double lambda)
    {
        var (k, l11) = DenseModel.FirstIndefiniteLeadingBlock(h, n, lambda);
        int m = k - 1;
        double akk = h[(m * n) + m] + lambda;
        if (l11 is null)
        {
            // The first pivot: v = e₁ and δ = -(H₁₁ + λ).
            return -akk;
        }

        // u = L₁₁⁻¹ a with a the first m entries of column k: the part of row k of Lᵀ that did factorize.
        var l = l11.ToColumnMajorArray();
        var u = new double[m];
        for (int i = 0; i < m; i++)
        {
            double s = h[(i * n) + m];
            for (int j = 0; j < i; j++)
            {
                s -= l[(j * m) + i] * u[j];
            }

            u[i] = s / l[(i * m) + i];
        }

        double delta = TP.Dot(u, u) - akk;
        // The leading part of v solves L₁₁ᵀ v = -u (back substitution).
        var v = new double[m];
        for (int i = m - 1; i >= 0; i--)
        {
            double s = -u[i];
            for (int j = i + 1; j < m; j++)
            {
                s -= l[(i * m) + j] * v[j];
            }

            v[i] = s / l[(i * m) + i];
        }

        return delta / (TP.Dot(v, v) + 1);
    }

    /// <summary>The step when the λ loop ends without meeting a stopping rule.</summary>
    private static MoreSorensenResult Fallback(double[] h, int n, ReadOnlySpan<double> g, double radius, Span<double> p,
        double[]? lastStep, double lambda, double lo, int iterations)
    {
        if (lastStep is not null)
        {
            double pn = TP.Norm(lastStep);
            double scale = pn > radius ? radius / pn : 1;
            for (int i = 0; i < n; i++)
            {
                p[i] = scale * lastStep[i];
            }

            return new MoreSorensenResult(DenseModel.ModelChange(h, n, g, p), Math.Max(lambda, 0), lo, true, iterations);
        }

        // Never factorized: go to the boundary along the eigenvector of the smallest eigenvalue, downhill.
        var evd = DenseModel.Shifted(h, n, 0).Evd(Symmetricity.Symmetric);
        int k = 0;
        for (int i = 1; i < n; i++)
        {
            if (evd.EigenValues[i].Real < evd.EigenValues[k].Real)
            {
                k = i;
            }
        }

        var q = evd.EigenVectors.Column(k).ToArray();
        double scaleQ = radius / TP.Norm(q);
        if (TP.Dot(g, q) > 0)
        {
            scaleQ = -scaleQ;
        }

        for (int i = 0; i < n; i++)
        {
            p[i] = scaleQ * q[i];
        }

        return new MoreSorensenResult(DenseModel.ModelChange(h, n, g, p), Math.Max(-evd.EigenValues[k].Real, 0), lo, true, iterations);
    }
}
