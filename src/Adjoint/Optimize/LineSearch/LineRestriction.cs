using Adjoint.Tensors.Kernels;

namespace Adjoint.Optimize.LineSearch;

/// <summary>
/// φ(α) = f(x + α d) over a <see cref="MinimizationProblem"/>, keeping the point and gradient of the last evaluation so
/// the method can take them over without evaluating again.
/// </summary>
internal sealed class LineRestriction : ILineFunction
{
    private readonly MinimizationProblem _problem;
    private double[] _x = [];
    private double[] _d = [];

    public LineRestriction(MinimizationProblem problem)
    {
        _problem = problem;
        int n = problem.Dimension;
        Point = FreshMemory.Doubles(n);
        Gradient = FreshMemory.Doubles(n);
    }

    /// <summary>x + α d of the last evaluation.</summary>
    public double[] Point { get; }

    /// <summary>∇f at <see cref="Point"/>.</summary>
    public double[] Gradient { get; }

    /// <summary>The step of the last evaluation (NaN before any).</summary>
    public double LastStep { get; private set; } = double.NaN;

    /// <summary>f at <see cref="Point"/>.</summary>
    public double LastValue { get; private set; } = double.NaN;

    /// <summary>Whether to project x + α d onto the bounds (for tiny rounding overshoots).</summary>
    public bool Project { get; set; }

    /// <summary>Sets the base point and direction (kept by reference; do not modify during a search).</summary>
    public void Reset(double[] x, double[] d)
    {
        _x = x;
        _d = d;
        LastStep = double.NaN;
    }

    public double Evaluate(double step, out double derivative)
    {
        var p = Point;
        Tensors.Kernels.ParallelKernels.MultiplyAdd(_d, step, _x, p);

        if (Project && _problem.Lower is { } lo && _problem.Upper is { } hi)
        {
            for (int i = 0; i < p.Length; i++)
            {
                p[i] = Math.Clamp(p[i], lo[i], hi[i]);
            }
        }

        double f = _problem.ValueAndGradient(p, Gradient);
        double dd = Tensors.Kernels.ParallelKernels.Dot(Gradient, _d);

        LastStep = step;
        LastValue = f;
        derivative = dd;
        return f;
    }

    /// <summary>Makes <see cref="Point"/>/<see cref="Gradient"/> those of step α, evaluating again only if α was not the last one.</summary>
    public void EnsureAt(double step)
    {
        if (step != LastStep)
        {
            Evaluate(step, out _);
        }
    }
}
