namespace Adjoint.Optimize.TrustRegion;

/// <summary>B = ∇²f(x) from the problem: dense Hessians or Hessian-vector products, counted as Hessian evaluations.</summary>
/// <param name="problem">The problem whose Hessian is the model's.</param>
/// <param name="x">The iterate, read at each evaluation (the driver updates it in place).</param>
internal sealed class ExactHessianModel(MinimizationProblem problem, double[] x) : TrustRegionModel
{
    private readonly double[] _h = new double[x.Length * x.Length];
    private bool _ready;

    public override double[] Dense()
    {
        if (!_ready)
        {
            problem.Hessian(x, _h);
            _ready = true;
        }

        return _h;
    }

    public override void Multiply(ReadOnlySpan<double> v, Span<double> result) => problem.HessianVectorProduct(x, v, result);

    public override void Reset() => _ready = false;
}
