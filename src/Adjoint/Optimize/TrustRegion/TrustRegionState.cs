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
        Problem = problem;
        Radius = radius;
        P = new double[n];
        Trial = new double[n];
        TrialGradient = new double[n];
    }

    /// <summary>The subproblem solver (holds derivatives computed at <see cref="MethodState.X"/>).</summary>
    public ITrustRegionSubproblem Subproblem { get; }

    /// <summary>The problem, for the final Hessian.</summary>
    public MinimizationProblem Problem { get; }

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
            double[]? h;
            try
            {
                h = Subproblem.HessianAt(Problem, X);
            }
            catch (StopSignal)
            {
                return null;
            }

            if (h is null)
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
