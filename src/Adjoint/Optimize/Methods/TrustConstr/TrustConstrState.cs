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

    /// <summary>
    /// The columns of scipy's verbose=3 table that the shared iteration line lacks: trust radius, penalty, barrier
    /// parameter (interior point runs), CG iterations so far and the last CG stop condition (scipy's numbering).
    /// </summary>
    public override string? IterationNote => string.Create(CultureInfo.InvariantCulture,
        $"tr_radius= {TrustRadius:0.00e+00}    penalty= {ConstraintPenalty:0.00e+00}{(InteriorPoint ? string.Create(CultureInfo.InvariantCulture, $"    barrier= {BarrierParameter:0.00e+00}") : "")}    cg= {CgIterations} ({(int)Sqp.LastCgStop})");

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
