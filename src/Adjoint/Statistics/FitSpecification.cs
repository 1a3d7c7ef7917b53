using Adjoint.Tensors;

namespace Adjoint.Statistics;

/// <summary>
/// What a maximum-likelihood fit needs to know of a distribution: its parameter names (scipy's order), the domain of
/// each given the data, moment-based starting values, how to build the distribution from parameter tensors, and the
/// log-likelihood of the data (a sum of log-densities or log-masses).
/// </summary>
internal sealed record FitSpecification<TDistribution>(
    string[] Names,
    Func<double[], ParameterDomain[]> Domains,
    Func<double[], double[]> InitialGuess,
    Func<Tensor[], TDistribution> Build,
    Func<TDistribution, Tensor, Tensor> LogLikelihood);
