namespace Adjoint.Optimize.TrustRegion;

/// <summary>The state of a trust-region run: the iterate, the radius, the subproblem and the trial buffers.</summary>
internal sealed class TrustRegionState : MethodState
{
    public TrustRegionState(MinimizationProblem problem, ITrustRegionSubproblem subproblem, double radius)
        : base(problem.Dimension, hasGradient: true)
    {
        int n = problem.Dimension;
        problem.X0.CopyTo(X, 0);
        Subproblem = subproblem;
        Model = new ExactHessianModel(problem, X);
        Radius = radius;
        P = new double[n];
        Trial = new double[n];
        TrialGradient = new double[n];
    }

    /// <summary>The subproblem solver (holds derivatives computed at <see cref="MethodState.X"/>).</summary>
    public ITrustRegionSubproblem Subproblem { get; }

    /// <summary>The model curvature B at <see cref="MethodState.X"/>, which the driver hands to the subproblem.</summary>
    public TrustRegionModel Model { get; }

    /// <summary>Δ_k.</summary>
    public double Radius { get; set; }

    /// <summary>The step p_k.</summary>
    public double[] P { get; }

    /// <summary>x_k + p_k.</summary>
    public double[] Trial { get; }

    /// <summary>∇f(x_k + p_k).</summary>
    public double[] TrialGradient { get; }

    /// <inheritdoc/>
    public override double[,]? Hessian
    {
        get
        {
            if (!Subproblem.UsesDenseModel)
            {
                return null;
            }

            double[] h;
            try
            {
                h = Model.Dense();
            }
            catch (StopSignal)
            {
                return null;
            }

            int n = X.Length;
            var m = new double[n, n];
            Buffer.BlockCopy(h, 0, m, 0, n * n * sizeof(double));
            return m;
        }
    }
}
