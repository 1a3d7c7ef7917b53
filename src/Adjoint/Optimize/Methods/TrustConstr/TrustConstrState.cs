using System.Globalization;

namespace Adjoint.Optimize.Methods.TrustConstr;

/// <summary>The state of a <c>trust-constr</c> run: the iterate and the algorithm's own numbers (trust radius, penalty, barrier parameter).</summary>
public sealed class TrustConstrState : MethodState
{
    internal TrustConstrState(int n, ProblemProgram program, InteriorPointSqp sqp, int rows)
        : base(n, hasGradient: true)
    {
        Program = program;
        Sqp = sqp;
        Multipliers = new double[rows];
        BoundMultipliers = new double[n];
    }

    internal ProblemProgram Program { get; }

    internal InteriorPointSqp Sqp { get; }

    /// <summary>The trust radius Δ (scipy's <c>tr_radius</c>).</summary>
    public double TrustRadius => Sqp.TrustRadius;

    /// <summary>The merit-function penalty ν (scipy's <c>constr_penalty</c>).</summary>
    public double ConstraintPenalty => Sqp.Penalty;

    /// <summary>The barrier parameter μ (scipy's <c>barrier_parameter</c>); its initial value throughout when there are no inequalities.</summary>
    public double BarrierParameter => Sqp.BarrierParameter;

    /// <summary>Whether the interior point (barrier) loop runs: the problem has inequality rows or bounds.</summary>
    public bool InteriorPoint => Sqp.InteriorPoint;

    /// <summary>Projected CG iterations so far (scipy's <c>cg_niter</c>).</summary>
    public int CgIterations => Sqp.CgIterations;

    /// <summary>Barrier parameter updates so far.</summary>
    public int BarrierUpdates => Sqp.BarrierUpdates;

    /// <summary>The complementarity residual max |λᵢ sᵢ| (see <see cref="TrustConstrOptions.RequireComplementarity"/>).</summary>
    public double Complementarity => Sqp.Complementarity;

    /// <summary>The header of scipy's verbose=3 table (interior point form), for <see cref="IterationLine"/>.</summary>
    internal const string IterationHeader =
        "| niter |f evals|CG iter|  obj func   |tr radius |   opt    |  c viol  | penalty  |barrier param|CG stop|";

    /// <summary>One row of scipy's verbose=3 table for iteration <paramref name="nit"/> after <paramref name="nfev"/> evaluations.</summary>
    internal string IterationLine(int nit, int nfev) => string.Create(CultureInfo.InvariantCulture,
        $"|{nit,6} |{nfev,6} |{CgIterations,6} | {F,11:+0.0000e+00;-0.0000e+00} | {TrustRadius,8:0.00e+00} | {GradientNorm,8:0.00e+00} | {ConstraintViolation,8:0.00e+00} | {ConstraintPenalty,8:0.00e+00} |  {BarrierParameter,9:0.00e+00}  |{(int)Sqp.LastCgStop,5}  |");

    /// <summary>Copies the algorithm's current point, values and multipliers into the shared state.</summary>
    internal void Sync()
    {
        Sqp.X.CopyTo(X, 0);
        Sqp.Gradient.CopyTo(G!, 0);
        F = Sqp.F;
        GradientNorm = Sqp.Optimality;
        ConstraintViolation = Sqp.Violation;
        StepNorm = Sqp.StepNorm;
        Program.RowMultipliers(Sqp.EqualityMultipliers, Sqp.InequalityMultipliers, Multipliers!, BoundMultipliers!);
    }
}
