namespace Adjoint.Fit;

/// <summary>Placeholder until the dogbox method lands.</summary>
internal static class Dogbox
{
    public static SolverOutcome Solve(ResidualModel model, double[] x0, LeastSquaresOptions options) =>
        throw new NotSupportedException("Method Dogbox is not implemented yet; use Trf.");
}
