using Adjoint.Autodiff;
using Adjoint.Benchmarks.Workloads;
using Adjoint.Tensors;
using BenchmarkDotNet.Attributes;

namespace Adjoint.Benchmarks.Autodiff;

/// <summary>
/// Value+gradient of the extended Rosenbrock function at n = 1,000,000 (float64) against a hand-written fused loop.
/// Target: at most 2x the loop. Peer figures: numpy with a hand gradient ~2.2-5 ms, PyTorch ~3.5-6.5 ms.
/// </summary>
[MemoryDiagnoser]
public class RosenbrockLargeBenchmarks
{
    /// <summary>Dimension.</summary>
    public const int N = 1_000_000;

    private readonly double[] _point = Rosenbrock.Point(N);
    private readonly double[] _gradient = new double[N];
    private Tensor _x = null!;

    [GlobalSetup]
    public void Setup() => _x = Tensor.FromArray(_point);

    /// <summary>Value and gradient in one hand-written pass.</summary>
    [Benchmark(Baseline = true)]
    public double FusedLoop() => Rosenbrock.FusedValueAndGradient(_point, _gradient);

    /// <summary><c>Grad.ValueAndGrad(f, x)</c> inside a scope, so storage is pooled across calls.</summary>
    [Benchmark]
    public double TensorApi()
    {
        using var scope = TensorScope.Begin();
        var (value, gradient) = Grad.ValueAndGrad(Rosenbrock.Function, _x);
        return value.Item() + gradient.GetValue(0);
    }

    /// <summary><c>Grad.ValueAndGrad(f, x, Span&lt;double&gt;)</c>, gradient copied into a caller's array.</summary>
    [Benchmark]
    public double SpanApi() => Grad.ValueAndGrad(Rosenbrock.Function, _x, _gradient);
}
