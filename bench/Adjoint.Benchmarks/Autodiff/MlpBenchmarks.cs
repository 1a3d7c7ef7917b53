using Adjoint.Benchmarks.Workloads;
using Adjoint.Tensors;
using BenchmarkDotNet.Attributes;

namespace Adjoint.Benchmarks.Autodiff;

/// <summary>
/// MLP 32-64-64-1 (tanh), mean squared error over a 10,000 x 32 batch, value+gradient with respect to all weights
/// and biases. Target: at most 1.0x PyTorch (stretch 0.5x); PyTorch ~4.9 ms float32, ~11.2 ms float64.
/// </summary>
[MemoryDiagnoser]
public class MlpBenchmarks
{
    private Mlp _mlp = null!;

    /// <summary>Precision of data, parameters and arithmetic.</summary>
    [Params(DType.Float32, DType.Float64)]
    public DType DType { get; set; }

    [GlobalSetup]
    public void Setup() => _mlp = new Mlp(DType);

    /// <summary>One value+gradient evaluation in a scope, so storage is pooled across calls.</summary>
    [Benchmark]
    public double ValueAndGrad()
    {
        using var scope = TensorScope.Begin();
        return _mlp.ValueAndGrad();
    }
}
