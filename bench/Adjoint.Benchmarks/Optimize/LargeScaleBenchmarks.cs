using Adjoint.Optimize;
using Adjoint.Optimize.Constraints;
using Adjoint.Optimize.Methods;
using Adjoint.Optimize.Methods.LBfgsB;
using Adjoint.Tensors;
using BenchmarkDotNet.Attributes;

namespace Adjoint.Benchmarks.Optimize;

/// <summary>
/// The large-scale figures of the Minimize issue at sizes BenchmarkDotNet can repeat: L-BFGS-B for 20 iterations of
/// the chained Rosenbrock at n = 100,000 (unbounded and with bounds on every variable, which exercises the Cauchy
/// point and subspace minimization), and BFGS on the chained Rosenbrock at n = 300 to convergence (O(n²) per
/// iteration on the upper triangle of H). The full-size runs (n = 10⁶ for L-BFGS-B, n = 1000 for BFGS) are in
/// <c>examples/MghComparison -- --perf</c>.
/// </summary>
[MemoryDiagnoser]
public class LargeScaleBenchmarks
{
    private static readonly Objective Rosenbrock =
        Objective.Create(x => ((100 * (x[1..] - x[..^1].Square()).Square()) + (1 - x[..^1]).Square()).Sum());

    private Tensor _large = null!;
    private Tensor _medium = null!;

    [GlobalSetup]
    public void Setup()
    {
        _large = Start(100_000);
        _medium = Start(300);
    }

    private static Tensor Start(int n) => Tensor.FromArray(Enumerable.Range(0, n).Select(i => i % 2 == 0 ? -1.2 : 1.0).ToArray());

    /// <summary>20 L-BFGS-B iterations without bounds (two-loop recursion).</summary>
    [Benchmark]
    public double LBfgsBUnbounded() => Minimizer.Minimize(Rosenbrock, _large, new LBfgsBOptions { MaxIterations = 20 }).Fun;

    /// <summary>20 L-BFGS-B iterations with every variable in [-2, 0.9] (Cauchy point and subspace minimization).</summary>
    [Benchmark]
    public double LBfgsBBounded() =>
        Minimizer.Minimize(Rosenbrock, _large, new LBfgsBOptions { MaxIterations = 20 }, new Bounds { ["x"] = (-2.0, 0.9) }).Fun;

    /// <summary>BFGS to convergence at n = 300.</summary>
    [Benchmark]
    public double BfgsMedium() => Minimizer.Minimize(Rosenbrock, _medium, new BfgsOptions()).Fun;
}
