using System.Globalization;
using Adjoint.Optimize.Constraints;

namespace Adjoint.Optimize.Methods.Cobyla;

// Symbols (Powell 1994): x_0 the pole (best vertex of the simplex by the merit Φ = f + μ·v, v the greatest constraint
// violation), ρ the trust-region radius from ρ_beg (rhobeg) down to ρ_end (rhoend, scipy's tol), μ the penalty parameter,
// c_i(x) >= 0 the constraint rows in standard form. The internals: CobylaEngine (simplex, models, steps, ρ and μ) and
// TrustRegionLinearProgram (Powell's TRSTLP).

/// <summary>
/// COBYLA, Constrained Optimization BY Linear Approximations (scipy <c>method='COBYLA'</c>): derivative-free minimization with
/// nonlinear equality and inequality constraints and box bounds.
/// </summary>
/// <remarks>
/// <para>The method keeps a simplex of n + 1 points and the linear functions that interpolate f and every constraint at its
/// vertices. Each iteration minimizes the linear model of f subject to the linearized constraints within a trust region of
/// radius ρ (when the linearized constraints cannot all hold there, it first minimizes their greatest violation), evaluates
/// the step, and lets it replace a vertex; the vertices are ranked by the merit f + μ·(greatest violation), with μ raised
/// when a step that reduces the violation would otherwise be refused. A geometry step restores a simplex that has become
/// flat or long, and ρ is halved when the steps no longer reduce the merit, until it reaches ρ_end. Each iteration of the
/// driver is one such iteration and evaluates at most one point (the first simplex takes n + 1 evaluations before it).</para>
/// <para>Constraints: a row lower &lt;= c(x) &lt;= upper of <see cref="ConstraintSet"/> enters as c - lower >= 0 and
/// upper - c >= 0 (the finite sides), an equality as the pair c - value >= 0 and value - c >= 0, as scipy does. Box bounds
/// enter the models as the exact linear rows x_i - l_i >= 0 and u_i - x_i >= 0 (scipy 1.11 and later also turn bounds into
/// constraints; scipy 1.10 ignores them), and in addition every point is projected into the box before it is evaluated, so
/// the objective and the constraints are never evaluated outside the bounds and every iterate honours them. A variable
/// whose bounds are equal is held fixed. An infeasible x0 is allowed.</para>
/// <para>Ending: when ρ has reached ρ_end and no further step is worth taking, the run succeeds
/// (<see cref="TerminationReason.SimplexConverged"/>) only when the greatest violation at the best vertex is at most
/// <see cref="MinimizeOptions.ConstraintTolerance"/> (scipy's <c>catol</c>, default 2e-4); otherwise it reports
/// <see cref="TerminationReason.Infeasible"/> naming the most violated row. A NaN or infinite objective or constraint value
/// at a trial point stops the run with <see cref="TerminationReason.NonFiniteValue"/> naming it; the best vertex is returned.
/// The method has no gradient, so <see cref="MethodState.GradientNorm"/> stays NaN; the driver's final constrained check
/// judges the end point.</para>
/// <para>References: M. J. D. Powell (1994), "A direct search optimization method that models the objective and constraint
/// functions by linear interpolation", in Advances in Optimization and Numerical Analysis, eds. S. Gomez and J.-P. Hennart,
/// Kluwer, pp. 51-67; M. J. D. Powell (1998), "Direct search algorithms for optimization calculations", Acta Numerica 7;
/// M. J. D. Powell (2007), "A view of algorithms for optimization without derivatives", DAMTP 2007/NA03.</para>
/// </remarks>
internal sealed class Cobyla(CobylaOptions options) : IterativeMethod<CobylaOptions, CobylaState>(options)
{
    /// <inheritdoc/>
    public override string Name => "COBYLA";

    /// <inheritdoc/>
    public override MethodCapabilities Capabilities { get; } =
        new(UsesGradient: false, SupportsBounds: true, SupportsEquality: true, SupportsInequality: true);

    /// <inheritdoc/>
    public override CobylaState Initialize(MinimizationProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        int n = problem.Dimension;
        var s = new CobylaState(n) { Set = problem.Constraints, FinalRadius = Options.ResolvedFinalTrustRadius };
        var lower = problem.Lower;
        var upper = problem.Upper;
        var full = (double[])problem.X0.Clone();
        var free = new List<int>();
        for (int i = 0; i < n; i++)
        {
            if (lower is not null && upper is not null)
            {
                full[i] = Math.Clamp(full[i], lower[i], upper[i]);
                if (lower[i] == upper[i])
                {
                    continue;
                }
            }

            free.Add(i);
        }

        s.Free = [.. free];
        s.Full = full;
        var rows = new List<StandardRow>();
        if (s.Set is { } set)
        {
            foreach (var r in set.EqualityRows)
            {
                rows.Add(r with { Sign = 1 });
                rows.Add(r with { Sign = -1 });
            }

            rows.AddRange(set.InequalityRows);
            s.Values = new double[set.Count];
        }

        s.Rows = [.. rows];
        if (s.Free.Length == 0)
        {
            // Nothing to move: one evaluation at the fixed point.
            var c = new double[s.Rows.Length];
            double f = Evaluate(problem, s, full, c);
            full.CopyTo(s.X, 0);
            s.F = f;
            s.ConstraintViolation = Violation(c);
            return s;
        }

        int nf = s.Free.Length;
        double[]? lo = null, up = null;
        if (lower is not null && upper is not null)
        {
            lo = new double[nf];
            up = new double[nf];
            for (int k = 0; k < nf; k++)
            {
                lo[k] = lower[s.Free[k]];
                up[k] = upper[s.Free[k]];
            }
        }

        var engine = new CobylaEngine(nf, s.Rows.Length, lo, up, Options.InitialTrustRadius, s.FinalRadius,
            (x, c) => Evaluate(problem, s, Expand(s, x), c));
        s.Engine = engine;
        var x0 = new double[nf];
        for (int k = 0; k < nf; k++)
        {
            x0[k] = full[s.Free[k]];
        }

        var start = (double[])full.Clone();
        var status = engine.Start(x0);
        if (status == CobylaStatus.NonFinite && engine.Evaluations == 1)
        {
            // Not finite at x0 itself: the driver reports it "at the starting point" and names a NaN constraint.
            start.CopyTo(s.X, 0);
            s.F = engine.NonFiniteRow < 0 ? double.NaN : engine.NonFiniteObjective;
            s.ConstraintViolation = engine.NonFiniteRow < 0 ? 0 : double.NaN;
            return s;
        }

        // Iterate 0 is x0 itself; the first step moves to the best vertex of the simplex.
        start.CopyTo(s.X, 0);
        s.F = s.StartValue;
        s.ConstraintViolation = s.StartViolation;
        if (status != CobylaStatus.Continue)
        {
            Publish(s);
        }

        if (status == CobylaStatus.NonFinite)
        {
            s.Pending = StepOutcome.StopWithoutStep(TerminationReason.NonFiniteValue, NonFiniteDetail(s, "a vertex of the first simplex"));
        }
        else if (status == CobylaStatus.Degenerate)
        {
            s.Pending = StepOutcome.StopWithoutStep(TerminationReason.NoProgress, "the first simplex is degenerate");
        }

        return s;
    }

    /// <inheritdoc/>
    public override StepOutcome Step(MinimizationProblem problem, CobylaState state)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(state);
        if (state.Pending is { } pending)
        {
            state.Pending = null;
            return pending;
        }

        if (state.Engine is not { } engine)
        {
            return Finish(problem, state, moved: false);
        }

        var status = engine.Iterate();
        Publish(state);
        return status switch
        {
            CobylaStatus.Continue => StepOutcome.Continue,
            CobylaStatus.Finished => Finish(problem, state, engine.EvaluatedInLastIteration),
            CobylaStatus.NonFinite => StepOutcome.Stop(TerminationReason.NonFiniteValue, NonFiniteDetail(state, "a trial point")),
            _ => StepOutcome.Stop(TerminationReason.NoProgress, string.Create(CultureInfo.InvariantCulture,
                $"the simplex became degenerate at rho = {engine.Rho:G3}: rounding errors prevent further progress")),
        };
    }

    /// <summary>The end at ρ_end: success only when the greatest violation is within the constraint tolerance.</summary>
    private static StepOutcome Finish(MinimizationProblem problem, CobylaState s, bool moved)
    {
        var c = CultureInfo.InvariantCulture;
        double tolerance = problem.Settings.ConstraintTolerance;
        double rhoEnd = s.FinalRadius;
        if (!(s.ConstraintViolation > tolerance))
        {
            string detail = s.Set is null
                ? string.Create(c, $"the trust radius reached rhoend = {rhoEnd:G3}")
                : string.Create(c, $"the trust radius reached rhoend = {rhoEnd:G3}; greatest constraint violation {s.ConstraintViolation:E2} <= catol {tolerance:G3}");
            return moved ? StepOutcome.Stop(TerminationReason.SimplexConverged, detail) : StepOutcome.StopWithoutStep(TerminationReason.SimplexConverged, detail);
        }

        string text = string.Create(c, $"the trust radius reached rhoend = {rhoEnd:G3} at a point that violates the constraints: {DescribeWorstRow(s)}, above catol {tolerance:G3}");
        return moved ? StepOutcome.Stop(TerminationReason.Infeasible, text) : StepOutcome.StopWithoutStep(TerminationReason.Infeasible, text);
    }

    /// <summary>Names the most violated row at the pole, in the constraint's own units.</summary>
    private static string DescribeWorstRow(CobylaState s)
    {
        var c = CultureInfo.InvariantCulture;
        var g = s.Engine is { } e ? e.PoleConstraints : ReadOnlySpan<double>.Empty;
        int worst = -1;
        double worstViolation = 0;
        for (int k = 0; k < g.Length; k++)
        {
            if (-g[k] > worstViolation)
            {
                worstViolation = -g[k];
                worst = k;
            }
        }

        if (worst < 0 || s.Set is null)
        {
            return string.Create(c, $"greatest violation {s.ConstraintViolation:E3}");
        }

        var r = s.Rows[worst];
        double value = r.Bound + (g[worst] * r.Sign);
        string range = s.Set.IsEquality(r.Row) ? string.Create(c, $"= {r.Bound:G6}") : r.Sign > 0 ? string.Create(c, $">= {r.Bound:G6}") : string.Create(c, $"<= {r.Bound:G6}");
        return string.Create(c, $"constraint {s.Set.RowName(r.Row)} is {value:G8}, which should be {range} (violation {worstViolation:E3})");
    }

    /// <summary>Names the non-finite value the engine met.</summary>
    private static string NonFiniteDetail(CobylaState s, string where)
    {
        var e = s.Engine!;
        string what = e.NonFiniteRow < 0 || s.Set is null
            ? string.Create(CultureInfo.InvariantCulture, $"the objective is {e.NonFiniteObjective}")
            : $"constraint {s.Set.RowName(s.Rows[e.NonFiniteRow].Row)} is not finite";
        string at = e.NonFinitePointValue is { } p ? " x = [" + string.Join(", ", Expand(s, p).Take(8).Select(v => v.ToString("G6", CultureInfo.InvariantCulture))) + (s.Full.Length > 8 ? ", ...]" : "]") : "";
        return $"{what} at {where}{at}; the best vertex is returned";
    }

    /// <summary>Copies the engine's pole into the state (X, F, the violation, the last step).</summary>
    private static void Publish(CobylaState s)
    {
        var e = s.Engine!;
        Expand(s, e.Pole).CopyTo(s.X, 0);
        s.F = e.PoleValue;
        s.ConstraintViolation = e.PoleViolation;
        s.StepNorm = e.LastStepNorm;
    }

    /// <summary>The full point for the engine's free variables (written into <see cref="CobylaState.Full"/>).</summary>
    private static double[] Expand(CobylaState s, ReadOnlySpan<double> x)
    {
        for (int k = 0; k < s.Free.Length; k++)
        {
            s.Full[s.Free[k]] = x[k];
        }

        return s.Full;
    }

    /// <summary>One evaluation: f through the problem, then the constraints, mapped to the engine's rows g >= 0.</summary>
    private static double Evaluate(MinimizationProblem problem, CobylaState s, double[] x, Span<double> g)
    {
        double f = problem.Value(x);
        if (s.Set is { } set)
        {
            set.Evaluate(x, s.Values);
            for (int k = 0; k < s.Rows.Length; k++)
            {
                var r = s.Rows[k];
                g[k] = r.Sign * (s.Values[r.Row] - r.Bound);
            }
        }

        if (double.IsNaN(s.StartValue))
        {
            s.StartValue = f;
            s.StartViolation = Violation(g[..s.Rows.Length]);
        }

        return f;
    }

    private static double Violation(ReadOnlySpan<double> g)
    {
        double v = 0;
        foreach (double x in g)
        {
            v = double.IsNaN(x) ? double.NaN : Math.Max(v, -x);
        }

        return v;
    }
}
