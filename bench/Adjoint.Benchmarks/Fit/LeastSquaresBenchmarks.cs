using Adjoint.Fit;
using Adjoint.Tensors;
using BenchmarkDotNet.Attributes;

namespace Adjoint.Benchmarks.Fit;

/// <summary>
/// LeastSquares on residual functions of one vector, end to end: Rosenbrock's two residuals from (-1.2, 1) and a
/// three-parameter exponential decay against 7 data points (a scalar-times-vector model, whose backward pass sums the
/// broadcast gradients back), each with lm and trf.
/// </summary>
[MemoryDiagnoser]
public class LeastSquaresBenchmarks
{
    private static readonly double[] Ts = [0.5, 1.0, 1.7, 2.2, 3.1, 4.0, 4.4];
    private static readonly double[] Ys = Ts.Select(t => (2.5 * Math.Exp(-0.8 * t)) + 0.3).ToArray();

    /// <summary>The problem.</summary>
    [Params("rosenbrock", "decay-7")]
    public string Problem { get; set; } = "";

    /// <summary>The method.</summary>
    [Params(LeastSquaresMethod.Lm, LeastSquaresMethod.Trf)]
    public LeastSquaresMethod Method { get; set; }

    private static Tensor Rosenbrock(Tensor x) => Tensor.Stack([10 * (x[1] - x[0].Square()), 1 - x[0]]);

    private static Tensor Decay(Tensor x) => (x[0] * Tensor.Exp(-x[1] * Tensor.FromArray(Ts))) + x[2] - Tensor.FromArray(Ys);

    /// <summary>Solves from the fixed start and returns the cost.</summary>
    [Benchmark]
    public double Solve() => Problem == "rosenbrock"
        ? LeastSquares.Solve(Rosenbrock, [-1.2, 1.0], new LeastSquaresOptions { Method = Method }).Cost
        : LeastSquares.Solve(Decay, [1.0, 1.0, 0.0], new LeastSquaresOptions { Method = Method }).Cost;
}
