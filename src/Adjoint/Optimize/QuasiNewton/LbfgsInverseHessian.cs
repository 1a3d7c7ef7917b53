using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Adjoint.Optimize.QuasiNewton;

/// <summary>
/// The limited-memory BFGS inverse-Hessian approximation as an operator (scipy's <c>LbfgsInvHessProduct</c>):
/// H v by the two-loop recursion over the stored pairs, with H₀ = I / θ.
/// </summary>
/// <remarks>References: Nocedal &amp; Wright (2006), Algorithm 7.4.</remarks>
public sealed class LbfgsInverseHessian : InverseHessianApproximation
{
    private readonly double[][] _s;
    private readonly double[][] _y;
    private readonly double _theta;

    internal LbfgsInverseHessian(int n, double[][] s, double[][] y, double theta)
    {
        _s = s;
        _y = y;
        _theta = theta;
        Dimension = n;
    }

    /// <inheritdoc/>
    public override int Dimension { get; }

    /// <summary>The number of stored correction pairs.</summary>
    public int Pairs => _s.Length;

    /// <inheritdoc/>
    public override void Multiply(ReadOnlySpan<double> v, Span<double> result)
    {
        int k = _s.Length;
        v.CopyTo(result);
        var alpha = new double[k];
        for (int i = k - 1; i >= 0; i--)
        {
            double rho = 1 / TP.Dot(_y[i], _s[i]);
            alpha[i] = rho * TP.Dot(_s[i], result);
            TP.MultiplyAdd(_y[i], -alpha[i], result, result);
        }

        TP.Multiply(result, 1 / _theta, result);
        for (int i = 0; i < k; i++)
        {
            double rho = 1 / TP.Dot(_y[i], _s[i]);
            double beta = rho * TP.Dot(_y[i], result);
            TP.MultiplyAdd(_s[i], alpha[i] - beta, result, result);
        }
    }
}
