using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Adjoint.Optimize.TrustRegion;

/// <summary>
/// The Cauchy point: the minimizer of the model along -g inside the region (Nocedal &amp; Wright, Algorithm 4.2).
/// The fallback of dogleg and the baseline every subproblem must beat.
/// </summary>
internal sealed class CauchyPointSubproblem : ITrustRegionSubproblem
{
    public bool NeedsDenseHessian => false;

    public bool Solve(ReadOnlySpan<double> g, IHessianOperator b, double radius, Span<double> step)
    {
        var bg = new double[g.Length];
        b.Multiply(g, bg);
        double gbg = TP.Dot(g, bg);
        double gnorm = TP.Norm(g);
        double tau = gbg <= 0 ? 1 : Math.Min(gnorm * gnorm * gnorm / (radius * gbg), 1);
        TP.Multiply(g, -tau * radius / gnorm, step);
        return tau >= 1;
    }
}
