using Adjoint.Benchmarks.Workloads;
using Adjoint.Tensors;
using BenchmarkDotNet.Attributes;

namespace Adjoint.Benchmarks.Autodiff;

/// <summary>
/// Sparse matrix factorization loss+gradient through row gathers: 2000 x 2000, rank 10, 200,000 observed entries,
/// float32. Target: at most 1.0x PyTorch's best (~8.3 ms with one thread).
/// </summary>
[MemoryDiagnoser]
public class MatrixFactorizationBenchmarks
{
    private MatrixFactorization _mf = null!;

    [GlobalSetup]
    public void Setup() => _mf = new MatrixFactorization();

    /// <summary>One value+gradient evaluation in a scope, so storage is pooled across calls.</summary>
    [Benchmark]
    public double ValueAndGrad()
    {
        using var scope = TensorScope.Begin();
        return _mf.ValueAndGrad();
    }
}
