using Adjoint.Fit;
using Adjoint.Optimize;

namespace Adjoint.Statistics;

/// <summary>
/// A maximum-likelihood fit: the fitted distribution, estimates with standard errors and covariance from the exact
/// Hessian of the negative log-likelihood in the parameters as given (observed information), log-likelihood, AIC, BIC
/// and the minimizer's outcome.
/// </summary>
/// <typeparam name="TDistribution">The distribution type.</typeparam>
public sealed record DistributionFitResult<TDistribution>
{
    /// <summary>The distribution at the estimates (null when the fit failed before reaching a valid point).</summary>
    public required TDistribution? Distribution { get; init; }

    /// <summary>The parameter names in scipy's order (shapes, then loc and scale where the distribution has them).</summary>
    public required IReadOnlyList<string> ParameterNames { get; init; }

    /// <summary>The estimates in <see cref="ParameterNames"/> order, fixed parameters at their fixed values.</summary>
    public required double[] Estimates { get; init; }

    /// <summary>Which parameters were held fixed.</summary>
    public required bool[] IsFixed { get; init; }

    /// <summary>Standard errors, sqrt of the covariance diagonal; 0 for fixed parameters, NaN when unavailable.</summary>
    public required double[] StandardErrors { get; init; }

    /// <summary>The covariance estimate of the free parameters (in their order), or null when it could not be formed.</summary>
    public CovarianceEstimate? Covariance { get; init; }

    /// <summary>The log-likelihood at the estimates (a sum over the data).</summary>
    public required double LogLikelihood { get; init; }

    /// <summary>Akaike's criterion 2k - 2 log L with k free parameters.</summary>
    public double Aic => (2.0 * FreeParameterCount) - (2 * LogLikelihood);

    /// <summary>The Bayesian criterion k ln n - 2 log L.</summary>
    public double Bic => (FreeParameterCount * Math.Log(SampleSize)) - (2 * LogLikelihood);

    /// <summary>The number of parameters estimated.</summary>
    public int FreeParameterCount => IsFixed.Count(f => !f);

    /// <summary>The number of observations.</summary>
    public required int SampleSize { get; init; }

    /// <summary>The minimization over the unconstrained parameters (null when every parameter was fixed).</summary>
    public MinimizeResult? Optimization { get; init; }

    /// <summary>Whether the minimization reported success and the estimates are finite.</summary>
    public required bool Success { get; init; }

    /// <summary>What happened, in a sentence (the minimizer's message, and the covariance warning if any).</summary>
    public required string Message { get; init; }

    /// <summary>The estimate of the parameter named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such parameter.</exception>
    public double Estimate(string name) => Estimates[IndexOf(name)];

    /// <summary>The standard error of the parameter named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such parameter.</exception>
    public double StandardError(string name) => StandardErrors[IndexOf(name)];

    private int IndexOf(string name)
    {
        for (int i = 0; i < ParameterNames.Count; i++)
        {
            if (ParameterNames[i] == name)
            {
                return i;
            }
        }

        throw new KeyNotFoundException($"No parameter {name}; the parameters are {string.Join(", ", ParameterNames)}.");
    }
}
