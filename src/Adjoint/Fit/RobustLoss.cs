namespace Adjoint.Fit;

/// <summary>
/// The robust losses of <see cref="LossFunction"/> with their first two derivatives, scaled by f_scale C as scipy does:
/// rho(f) = C^2 rho_0((f / C)^2), and the residual/Jacobian rescaling that turns a robust problem into a weighted
/// least-squares subproblem (Triggs et al., "Bundle adjustment — a modern synthesis", 2000, section 4.3; scipy's
/// <c>scale_for_robust_loss_function</c>).
/// </summary>
internal sealed class RobustLoss
{
    private readonly LossFunction _kind;
    private readonly double _c2;

    public RobustLoss(LossFunction kind, double fScale)
    {
        _kind = kind;
        _c2 = fScale * fScale;
    }

    /// <summary>The cost 0.5 sum rho(f).</summary>
    public double Cost(ReadOnlySpan<double> f)
    {
        double sum = 0;
        for (int i = 0; i < f.Length; i++)
        {
            double z = f[i] * f[i] / _c2;
            sum += Rho(z).R0;
        }

        return 0.5 * _c2 * sum;
    }

    /// <summary>
    /// Rescales f and the column-major J in place for the robust loss and returns the cost: with rho' and rho''
    /// evaluated at z, J's rows are multiplied by sqrt(rho' + 2 rho'' z) (at least sqrt(eps)) and f by rho' / that.
    /// </summary>
    public double ScaleInPlace(Span<double> f, double[] jacobian, int n)
    {
        int m = f.Length;
        double sum = 0;
        var scaleRow = new double[m];
        for (int i = 0; i < m; i++)
        {
            double z = f[i] * f[i] / _c2;
            var (r0, r1, r2) = Rho(z);
            sum += r0;
            // Derivatives of C^2 rho(f^2/C^2) with respect to f^2: rho1 and rho2 / C^2.
            double js = r1 + (2 * (r2 / _c2) * f[i] * f[i]);
            if (js < Epsilon)
            {
                js = Epsilon;
            }

            js = Math.Sqrt(js);
            f[i] *= r1 / js;
            scaleRow[i] = js;
        }

        for (int j = 0; j < n; j++)
        {
            var col = jacobian.AsSpan(j * m, m);
            for (int i = 0; i < m; i++)
            {
                col[i] *= scaleRow[i];
            }
        }

        return 0.5 * _c2 * sum;
    }

    private const double Epsilon = 2.220446049250313e-16;

    private (double R0, double R1, double R2) Rho(double z)
    {
        switch (_kind)
        {
            case LossFunction.SoftL1:
            {
                double t = 1 + z;
                double st = Math.Sqrt(t);
                return (2 * (st - 1), 1 / st, -0.5 / (t * st));
            }

            case LossFunction.Huber:
                return z <= 1 ? (z, 1, 0) : ((2 * Math.Sqrt(z)) - 1, 1 / Math.Sqrt(z), -0.5 / (z * Math.Sqrt(z)));
            case LossFunction.Cauchy:
            {
                double t = 1 + z;
                return (double.LogP1(z), 1 / t, -1 / (t * t));
            }

            case LossFunction.Arctan:
            {
                double t = 1 + (z * z);
                return (Math.Atan(z), 1 / t, -2 * z / (t * t));
            }

            default:
                return (z, 1, 0);
        }
    }
}
