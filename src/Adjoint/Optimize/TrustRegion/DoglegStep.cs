using MathNet.Numerics.LinearAlgebra;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Adjoint.Optimize.TrustRegion;

// Symbols (Nocedal & Wright, Section 4.1, Eqs. 4.15-4.16, and Algorithm 3.3): B = ∇²f_k (dense) plus τ_s I when ∇²f_k is not
// positive definite, p^B = -B⁻¹g the full Newton step, p^U = -(gᵀg / gᵀBg) g the unconstrained minimizer along -g,
// τ the dogleg parameter, Δ the radius.

/// <summary>The dogleg step: the Newton step if it fits, else the path p^U → p^B cut at the boundary.</summary>
/// <remarks>
/// <para>The dogleg needs a positive-definite model Hessian. The Newton step comes from a MathNet Cholesky factorization of
/// ∇²f; where that fails (an indefinite or singular Hessian, where scipy raises LinAlgError), the model uses
/// B = ∇²f + τ_s I with the smallest τ_s of the sequence of Nocedal &amp; Wright's Algorithm 3.3 (τ₀ = -min ∇²f_ii + 10⁻³,
/// then doubling) for which the factorization succeeds. The predicted reduction is that of the model actually used.
/// p^B and p^U are computed once per iterate and reused while steps are rejected.</para>
/// <para>References: Nocedal &amp; Wright (2006), Section 4.1 and Algorithm 3.3; Powell (1970), "A new algorithm for
/// unconstrained optimization", in Nonlinear Programming, Academic Press.</para>
/// </remarks>
internal sealed class DoglegStep(int n) : ITrustRegionSubproblem
{
    private double[] _h = [];
    private readonly double[] _pb = new double[n];
    private readonly double[] _pu = new double[n];
    private readonly double[] _b = new double[n * n];
    private bool _factored;

    /// <summary>The shift τ_s added to the Hessian at this iterate (0 when it is positive definite).</summary>
    public double Shift { get; private set; }

    public bool UsesDenseModel => true;

    public void Reset()
    {
        _factored = false;
    }

    public TrustRegionStep Solve(TrustRegionModel model, double[] g, double radius, double[] p)
    {
        if (!_factored)
        {
            _h = model.Dense();
            if (!Convergence.AllFinite(_h))
            {
                return new TrustRegionStep(0, false, TerminationReason.NonFiniteValue, "the Hessian is not finite");
            }

            _factored = true;
            var chol = Factor();
            {
                var pb = chol.Solve(Vector<double>.Build.Dense(g));
                for (int i = 0; i < n; i++)
                {
                    _pb[i] = -pb[i];
                }

                double gg = TP.Dot(g, g);
                double gbg = DenseModel.Quadratic(_b, n, g);
                TP.Multiply(g, -gg / gbg, _pu);
            }
        }

        bool boundary;
        double pbNorm = TP.Norm(_pb);
        double puNorm = TP.Norm(_pu);
        if (pbNorm < radius)
        {
            _pb.CopyTo(p, 0);
            boundary = false;
        }
        else if (puNorm >= radius)
        {
            TP.Multiply(_pu, radius / puNorm, p);
            boundary = true;
        }
        else
        {
            // ‖p^U + τ (p^B - p^U)‖ = Δ for τ in [0, 1]: a τ² + b τ + c = 0 with c < 0, take the positive root.
            double a = 0, b = 0;
            for (int i = 0; i < n; i++)
            {
                double d = _pb[i] - _pu[i];
                a += d * d;
                b += 2 * d * _pu[i];
            }

            double c = (puNorm * puNorm) - (radius * radius);
            double root = Math.Sqrt((b * b) - (4 * a * c));
            double tau = b >= 0 ? -2 * c / (b + root) : (-b + root) / (2 * a);
            for (int i = 0; i < n; i++)
            {
                p[i] = _pu[i] + (tau * (_pb[i] - _pu[i]));
            }

            boundary = true;
        }

        return new TrustRegionStep(DenseModel.ModelChange(_b, n, g, p), boundary);
    }

    /// <summary>Cholesky of ∇²f + τ_s I with τ_s from Nocedal &amp; Wright's Algorithm 3.3; writes the model matrix into _b.</summary>
    private MathNet.Numerics.LinearAlgebra.Factorization.Cholesky<double> Factor()
    {
        const double beta = 1e-3;
        double minDiag = double.PositiveInfinity;
        for (int i = 0; i < n; i++)
        {
            minDiag = Math.Min(minDiag, _h[(i * n) + i]);
        }

        double tau = 0;
        var chol = DenseModel.TryCholesky(_h, n, 0);
        if (chol is null)
        {
            tau = minDiag > 0 ? beta : -minDiag + beta;
            while ((chol = DenseModel.TryCholesky(_h, n, tau)) is null)
            {
                tau = Math.Max(2 * tau, beta);
            }
        }

        Shift = tau;
        Array.Copy(_h, _b, n * n);
        for (int i = 0; i < n; i++)
        {
            _b[(i * n) + i] += tau;
        }

        return chol;
    }
}
