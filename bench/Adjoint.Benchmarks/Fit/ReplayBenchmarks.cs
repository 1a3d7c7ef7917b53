using Adjoint.Fit;
using Adjoint.Tensors;
using BenchmarkDotNet.Attributes;

namespace Adjoint.Benchmarks.Fit;

/// <summary>
/// One evaluation of a curve-fitting model's residuals followed by its Jacobian at the same point (what lm does after
/// each accepted step), by the tensor operations or by replaying the recorded model: a sum of two exponentials at
/// 33 points (MGH17's model and size) and a power law at 154 points (Bennett5's), where <c>pow</c> dominates.
/// </summary>
[MemoryDiagnoser]
public class ReplayBenchmarks : IDisposable
{
    private CurveFitModel _model = null!;
    private double[] _p = null!;
    private double[] _residuals = null!;
    private double[] _jacobian = null!;

    /// <summary>The model.</summary>
    [Params("exponentials-33", "power-154")]
    public string Model { get; set; } = "";

    /// <summary>Whether the recorded model is replayed (false: the tensor operations run each time).</summary>
    [Params(false, true)]
    public bool Replay { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        Func<Tensor, Tensor, Tensor> f;
        double[] x;
        if (Model == "exponentials-33")
        {
            x = Enumerable.Range(0, 33).Select(i => 10.0 * i).ToArray();
            f = (xx, p) => p[0] + (p[1] * Tensor.Exp(-xx * p[3])) + (p[2] * Tensor.Exp(-xx * p[4]));
            _p = [0.375, 1.94, -1.46, 0.0129, 0.0221];
        }
        else
        {
            x = Enumerable.Range(0, 154).Select(i => 7.45 + (0.1 * i)).ToArray();
            f = (xx, p) => p[0] * Tensor.Pow(p[1] + xx, -1.0 / p[2]);
            _p = [-2523.5, 46.7, 0.932];
        }

        var y = new double[x.Length];
        _model = new CurveFitModel(f, Tensor.FromArray(x), y, Enumerable.Repeat(1.0, x.Length).ToArray(), _p.Length, Replay);
        _model.Prepare(_p);
        if (_model.Replayed != Replay)
        {
            throw new InvalidOperationException($"The {Model} model was {(_model.Replayed ? "" : "not ")}replayed.");
        }

        _residuals = new double[x.Length];
        _jacobian = new double[x.Length * _p.Length];
    }

    /// <summary>Gives the replay buffers back.</summary>
    [GlobalCleanup]
    public void Dispose()
    {
        _model?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Residuals, then the Jacobian at the same point.</summary>
    [Benchmark]
    public double EvaluateThenJacobian()
    {
        _model.Evaluate(_p, _residuals);
        _model.Jacobian(_p, _jacobian);
        return _jacobian[0];
    }
}
