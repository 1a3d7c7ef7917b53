namespace Adjoint.Optimize.LineSearch;

/// <summary>A line search on the 1-D restriction φ(α) = f(x + α d) only, so it can be tested without a solver.</summary>
public interface ILineSearch
{
    /// <summary>Finds a step along φ starting from <paramref name="initialStep"/>.</summary>
    /// <param name="phi">The restriction.</param>
    /// <param name="phi0">φ(0).</param>
    /// <param name="dphi0">φ'(0), negative for a descent direction.</param>
    /// <param name="initialStep">The first trial step.</param>
    /// <param name="maxStep">The largest allowed step (for example to the bounds).</param>
    LineSearchResult Search(ILineFunction phi, double phi0, double dphi0, double initialStep, double maxStep = double.PositiveInfinity);
}
