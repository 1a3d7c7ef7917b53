using Adjoint.Autodiff;
using Adjoint.Benchmarks.Workloads;
using Adjoint.Tensors;
using BenchmarkDotNet.Attributes;

namespace Adjoint.Benchmarks.Autodiff;

/// <summary>
/// Value+gradient of the 2-D Rosenbrock function per call: the per-operation overhead (tape, allocation) that
/// dominates small problems. Peer figures: PyTorch ~52 us, hand-written numpy ~6.5-12 us; target at most 2 us.
/// </summary>
[MemoryDiagnoser]
public class RosenbrockSmallBenchmarks
{
    private readonly double[] _point = Rosenbrock.Point(2);
    private readonly double[] _gradient = new double[2];
    private Tensor _x = null!;

    [GlobalSetup]
    public void Setup() => _x = Tensor.FromArray(_point);

    /// <summary>The hand-written fused loop, for scale.</summary>
    [Benchmark(Baseline = true)]
    public double FusedLoop() => Rosenbrock.FusedValueAndGradient(_point, _gradient);

    /// <summary><c>Grad.ValueAndGrad(f, x)</c>, results released by the enclosing scope.</summary>
    [Benchmark]
    public double TensorApi()
    {
        using var scope = TensorScope.Begin();
        var (value, gradient) = Grad.ValueAndGrad(Rosenbrock.Function, _x);
        return value.Item() + gradient.GetValue(0);
    }

    /// <summary><c>Grad.ValueAndGrad(f, x, Span&lt;double&gt;)</c>: the allocation-light path solvers use.</summary>
    [Benchmark]
    public double SpanApi() => Grad.ValueAndGrad(Rosenbrock.Function, _x, _gradient);

    /// <summary>
    /// What a solver's callback does each evaluation (and what peers.py's <c>torch_fun_and_grad</c> measures):
    /// wrap the double[] iterate in a tensor, then value+gradient into a double[].
    /// </summary>
    [Benchmark]
    public double SpanApiFromArray()
    {
        using var scope = TensorScope.Begin();
        var x = Tensor.FromArray(_point);
        return Grad.ValueAndGrad(Rosenbrock.Function, x, _gradient);
    }
}
