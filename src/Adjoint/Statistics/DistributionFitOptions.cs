using Adjoint.Optimize;

namespace Adjoint.Statistics;

/// <summary>Settings of a maximum-likelihood fit.</summary>
public sealed record DistributionFitOptions
{
    /// <summary>
    /// The minimization method and its settings; default trust-exact (exact Hessian) with gradient tolerance 1e-10 on
    /// the mean negative log-likelihood over unconstrained parameters.
    /// </summary>
    public MinimizeOptions? Minimize { get; init; }

    /// <summary>Starting values by parameter name, replacing the built-in moment-based guesses.</summary>
    public IReadOnlyDictionary<string, double>? InitialGuess { get; init; }
}
