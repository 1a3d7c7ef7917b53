using Adjoint.Tensors;

namespace Adjoint.TestProblems;

/// <summary>An unconstrained test problem with its standard start and documented minima.</summary>
/// <param name="Name">Short name, e.g. "Rosenbrock".</param>
/// <param name="Number">The problem's number in its source (MGH numbering).</param>
/// <param name="Function">The objective written with tensor operations (runs in float32 or float64).</param>
/// <param name="X0">The standard starting point.</param>
/// <param name="KnownMinimum">f* from the source.</param>
/// <param name="OtherMinima">Other documented local minima (values of f), if any.</param>
/// <param name="Tags">Descriptive tags (LeastSquares, Smooth, BadlyScaled...).</param>
public sealed record TestProblem(
    string Name,
    int Number,
    Func<Tensor, Tensor> Function,
    double[] X0,
    double KnownMinimum,
    double[] OtherMinima,
    string[] Tags)
{
    /// <summary>The number of variables.</summary>
    public int Dimension => X0.Length;

    /// <summary>Whether f is within 1e-6 absolute or relative of f* (or, with <paramref name="allowOther"/>, of a documented local minimum).</summary>
    public bool Reached(double f, bool allowOther = false)
    {
        if (Close(f, KnownMinimum))
        {
            return true;
        }

        return allowOther && OtherMinima.Any(m => Close(f, m));
    }

    /// <summary>1e-6 absolute or relative, widened to the rounding of f* as printed (six significant digits).</summary>
    private static bool Close(double f, double target) =>
        Math.Abs(f - target) <= Math.Max(1e-6 * Math.Max(1, Math.Abs(target)), 6e-6 * Math.Abs(target));

    /// <summary>The name with the dimension, e.g. "ExtendedRosenbrock(10)".</summary>
    public override string ToString() => $"{Name}({Dimension})";
}
