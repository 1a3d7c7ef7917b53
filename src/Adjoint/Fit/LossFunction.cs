namespace Adjoint.Fit;

/// <summary>
/// The loss rho applied to each squared, scaled residual z = (f / FScale)^2; the cost is
/// <c>0.5 * FScale^2 * sum(rho(z))</c>, as in scipy's <c>least_squares</c>.
/// </summary>
public enum LossFunction
{
    /// <summary>rho(z) = z: ordinary least squares.</summary>
    Linear,

    /// <summary>rho(z) = 2 (sqrt(1 + z) - 1): a smooth approximation of the absolute value (l1) loss.</summary>
    SoftL1,

    /// <summary>rho(z) = z for z &lt;= 1, else 2 sqrt(z) - 1: quadratic for small residuals, linear for outliers.</summary>
    Huber,

    /// <summary>rho(z) = ln(1 + z): strongly down-weights outliers.</summary>
    Cauchy,

    /// <summary>rho(z) = arctan(z): bounds the contribution of any single residual (at most pi/2).</summary>
    Arctan,
}
