namespace Adjoint.Fit;

/// <summary>
/// A residual vector f(x) in R^m of n variables with its Jacobian: the interface every least-squares method sees.
/// Jacobians are column-major (element (i, j) at <c>i + j * m</c>), the layout of MINPACK and Math.NET.
/// </summary>
internal abstract class ResidualModel
{
    /// <summary>The number of residuals.</summary>
    public abstract int M { get; }

    /// <summary>The number of variables.</summary>
    public abstract int N { get; }

    /// <summary>Writes f(x) into <paramref name="f"/>.</summary>
    public abstract void Evaluate(ReadOnlySpan<double> x, Span<double> f);

    /// <summary>Writes the m x n Jacobian at x, column-major, into <paramref name="jacobian"/>.</summary>
    public abstract void Jacobian(ReadOnlySpan<double> x, double[] jacobian);

    /// <summary>
    /// Whether a derivative path on the tape leads from the residuals at x to the variables (a structural test: a zero
    /// Jacobian with a path is a flat point, without one the residuals are disconnected). Models that cannot tell say true.
    /// </summary>
    public virtual bool ReachesVariables(ReadOnlySpan<double> x) => true;
}
