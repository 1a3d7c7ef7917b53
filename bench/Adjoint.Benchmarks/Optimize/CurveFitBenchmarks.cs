using Adjoint.Fit;
using Adjoint.Tensors;
using BenchmarkDotNet.Attributes;

namespace Adjoint.Benchmarks.Optimize;

/// <summary>
/// One curve fit per least-squares method, end to end (model recording, one-pass autodiff Jacobians, the solver,
/// covariance by SVD): a two-exponential decay y = b1 exp(-b2 x) + b3 exp(-b4 x) + b5 with 200 points and fixed noise,
/// from a start a factor of 2-3 off. The NIST StRD totals against scipy are in <c>examples/NistCertification</c>.
/// </summary>
[MemoryDiagnoser]
public class CurveFitBenchmarks
{
    private double[] _x = null!;
    private double[] _y = null!;

    /// <summary>The method.</summary>
    [Params(LeastSquaresMethod.Lm, LeastSquaresMethod.Trf, LeastSquaresMethod.Dogbox)]
    public LeastSquaresMethod Method { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        _x = Enumerable.Range(0, 200).Select(i => i * 0.05).ToArray();
        _y = _x.Select(v => (3 * Math.Exp(-1.3 * v)) + (1.5 * Math.Exp(-0.2 * v)) + 0.5 + (0.01 * (random.NextDouble() - 0.5))).ToArray();
    }

    private static Tensor Model(Tensor x, Tensor p) => (p[0] * Tensor.Exp(-p[1] * x)) + (p[2] * Tensor.Exp(-p[3] * x)) + p[4];

    /// <summary>Fits from (1, 3, 1, 0.5, 0) and returns the chi-square.</summary>
    [Benchmark]
    public double Fit() => CurveFit.Fit(Model, _x, _y, [1.0, 3.0, 1.0, 0.5, 0.0], new CurveFitOptions { Method = Method }).ChiSquare;
}
