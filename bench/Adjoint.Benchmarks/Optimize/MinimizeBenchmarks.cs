using Adjoint.Optimize;
using Adjoint.Tensors;
using BenchmarkDotNet.Attributes;

namespace Adjoint.Benchmarks.Optimize;

/// <summary>
/// One full minimization per method, end to end (objective recording, autodiff derivatives, the method's own work):
/// 2-D Rosenbrock from (-1.2, 1) and the chained Rosenbrock at n = 100 from the standard start, each with the method's
/// default options. scipy + PyTorch autodiff takes 5-7 ms for the 2-D problem with BFGS and L-BFGS-B
/// (<c>peers.py --only rosen</c>).
/// </summary>
[MemoryDiagnoser]
public class MinimizeBenchmarks
{
    private Objective _objective = null!;
    private Tensor _x0 = null!;

    /// <summary>The scipy method name.</summary>
    [Params("Nelder-Mead", "Powell", "CG", "BFGS", "Newton-CG", "L-BFGS-B", "TNC", "dogleg", "trust-ncg", "trust-exact", "trust-krylov")]
    public string Method { get; set; } = "BFGS";

    /// <summary>The dimension of the chained Rosenbrock function.</summary>
    [Params(2, 100)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _objective = Objective.Create(x => ((100 * (x[1..] - x[..^1].Square()).Square()) + (1 - x[..^1]).Square()).Sum());
        _x0 = Tensor.FromArray(Enumerable.Range(0, N).Select(i => i % 2 == 0 ? -1.2 : 1.0).ToArray());
    }

    /// <summary>Minimizes from the standard start and returns the final value.</summary>
    [Benchmark]
    public double Minimize() => Minimizer.Minimize(_objective, _x0, Method).Fun;
}
