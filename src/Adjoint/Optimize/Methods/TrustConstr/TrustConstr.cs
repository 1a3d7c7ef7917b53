using System.Globalization;

namespace Adjoint.Optimize.Methods.TrustConstr;

/// <summary>
/// <c>trust-constr</c>: a trust-region SQP method for equality constraints (Byrd-Omojokun steps) inside a barrier
/// interior point loop for inequalities and bounds, as scipy's <c>minimize(method='trust-constr')</c>.
/// </summary>
/// <remarks>
/// <para>Each iteration takes one trial step d = d_n + d_t: the normal step reduces the linearized constraint violation
/// ‖A d + b‖ within 0.8Δ (dogleg), the tangential step minimizes the quadratic model of the Lagrangian in the null space
/// of A (projected conjugate gradient, projections from a dense QR of Aᵀ, an SVD when A is rank deficient; for larger
/// problems the normal equations A Aᵀ with the bound rows eliminated by a Schur complement, so only a matrix of the size of
/// the general constraint rows is factorized, with the dense QR/SVD as fallback). The step is
/// judged on the merit function f + ν‖c‖₂ with ν raised as needed, with an optional second-order correction, and the
/// trust radius follows the ratio of actual to predicted reduction. Multipliers are least-squares estimates. With
/// inequality rows or bounds the problem is solved as a sequence of barrier problems min f - μ Σ ln s, c(x) + s = 0, in
/// variables scaled by the slacks, with μ and the subproblem tolerance shrinking by 0.2 (details:
/// <see cref="InteriorPointSqp"/>). Bounds become inequality rows, and by default every trial point also stays inside
/// the box (<see cref="TrustConstrOptions.KeepBoundsFeasible"/>).</para>
/// <para>Symbols: Δ trust radius, ν penalty (scipy <c>constr_penalty</c>), μ barrier parameter, A the Jacobian of the
/// (barrier) constraints, b their values, v the multipliers (Nocedal &amp; Wright's λ, with ∇f + Aᵀv = 0).</para>
/// <para>Success (<see cref="TerminationReason.GradientTolerance"/>): ‖∇f + Jᵀλ + μ‖∞ &lt; gtol and violation &lt; gtol (and
/// complementarity, see <see cref="TrustConstrOptions.RequireComplementarity"/>). Δ &lt; xtol stops with
/// <see cref="TerminationReason.StepTolerance"/> (success only if the driver's gtol and feasibility tests also hold),
/// <see cref="TerminationReason.Infeasible"/> naming the most violated row when the violation exceeds the constraint
/// tolerance, or <see cref="TerminationReason.NonFiniteValue"/> when the last trial points were not finite.</para>
/// <para>References: Byrd, Hribar, Nocedal (1999), "An interior point algorithm for large-scale nonlinear programming";
/// Lalee, Nocedal, Plantenga (1998), "On the implementation of an algorithm for large-scale equality constrained
/// optimization"; Nocedal &amp; Wright (2006), chapters 18-19; Conn, Gould, Toint (2000), "Trust-region methods", §15.4.</para>
/// </remarks>
/// <param name="options">The options; <see cref="MinimizeOptions.Validate"/> runs here.</param>
public sealed class TrustConstr(TrustConstrOptions options) : IterativeMethod<TrustConstrOptions, TrustConstrState>(options)
{
    /// <summary>Creates the method with default options.</summary>
    public TrustConstr()
        : this(new TrustConstrOptions())
    {
    }

    /// <inheritdoc/>
    public override string Name => "trust-constr";

    /// <inheritdoc/>
    public override MethodCapabilities Capabilities { get; } = new(UsesGradient: true, UsesHessianProduct: true,
        SupportsBounds: true, SupportsEquality: true, SupportsInequality: true);

    /// <inheritdoc/>
    public override TrustConstrState Initialize(MinimizationProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var o = Options;
        var program = new ProblemProgram(problem, o.KeepBoundsFeasible);
        var settings = new InteriorPointSqp.Settings(o.InitialTrustRadius, o.InitialConstraintPenalty, o.InitialBarrierParameter,
            o.InitialBarrierTolerance, problem.Settings.GradientTolerance, problem.Settings.StepTolerance, o.ResolvedBarrierTolerance,
            o.SecondOrderCorrection, o.RequireComplementarity);
        var sqp = new InteriorPointSqp(program, new LagrangianModel(program, o.HessianApproximation), settings);
        var state = new TrustConstrState(problem.Dimension, program, sqp, problem.Constraints?.Count ?? 0);
        sqp.Start(program.InteriorStart(problem.X0));
        state.Sync();
        return state;
    }

    /// <inheritdoc/>
    public override StepOutcome Step(MinimizationProblem problem, TrustConstrState state)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(state);
        var sqp = state.Sqp;
        var verdict = sqp.Check();
        state.Sync();
        switch (verdict)
        {
            case InteriorPointSqp.Verdict.Optimal:
                return StepOutcome.StopWithoutStep(TerminationReason.GradientTolerance);
            case InteriorPointSqp.Verdict.StepTolerance:
                if (sqp.LastTrialNonFinite)
                {
                    return StepOutcome.StopWithoutStep(TerminationReason.NonFiniteValue, "every trial point near x gave a non-finite value");
                }

                if (state.ConstraintViolation > problem.Settings.ConstraintTolerance)
                {
                    return StepOutcome.StopWithoutStep(TerminationReason.Infeasible, string.Create(CultureInfo.InvariantCulture,
                        $"the trust radius fell below xtol at an infeasible point: {state.Program.DescribeViolation(state.X)}"));
                }

                return StepOutcome.StopWithoutStep(TerminationReason.StepTolerance, string.Create(CultureInfo.InvariantCulture,
                    $"trust radius {sqp.TrustRadius:E2} below xtol"));
        }

        sqp.Iterate();
        state.Sync();
        return StepOutcome.Continue;
    }
}
