using System.Globalization;
using Adjoint.Optimize.Constraints;
using MathNet.Numerics.LinearAlgebra;

namespace Adjoint.Optimize.Methods.Slsqp;

// Symbols (Kraft 1988; Nocedal & Wright Chapter 18): x = x_k, f, g = ∇f(x); standard-form constraints gⱼ(x) = 0
// (j < meq) and gⱼ(x) ≥ 0, A = ∇g (rows); B = L D Lᵀ the BFGS approximation of the Lagrangian Hessian; d the QP step;
// ν the QP multipliers (∇f ≈ Σ νⱼ∇gⱼ + bound terms); ρⱼ (Kraft's mu) the L1 penalty weights; φ(x) = f + Σ ρⱼ·viol_j
// the merit function; δ the relaxation variable of an incompatible linearization (h4 = 1 - δ); s = x_{k+1} - x_k,
// y = ∇ₓL(x_{k+1}, ν) - ∇ₓL(x_k, ν).

/// <summary>
/// SLSQP: sequential least-squares quadratic programming for smooth problems with bounds, equality and inequality
/// constraints (scipy <c>method='SLSQP'</c>), after Kraft's algorithm.
/// </summary>
/// <remarks>
/// <para>Each iteration solves the quadratic subproblem min ½dᵀB d + ∇fᵀd subject to ∇gⱼᵀd + gⱼ = 0 (equalities),
/// ∇gⱼᵀd + gⱼ ≥ 0 (inequalities) and l - x ≤ d ≤ u - x, in Kraft's least-squares form min ‖E d - f‖ with
/// E = D^½Lᵀ (<see cref="ConstrainedLeastSquares"/>: equality elimination, then LSI → LDP → NNLS). When the linearized
/// constraints are incompatible, the subproblem is relaxed by one variable δ ∈ [0, 1] (the constraints are asked to
/// shrink to (1 - δ) of their violation, and 100²δ² is added to the objective, the weight growing 100-fold on each of up
/// to five failures). The multipliers ν update the penalty weights ρⱼ = max(|νⱼ|, (ρⱼ + |νⱼ|)/2); a backtracking search
/// on the L1 merit function φ then starts from the full step, accepts when φ decreases by at least a tenth of the
/// predicted decrease (∇fᵀd - (1 - δ)Σρⱼ viol_j), and otherwise takes the minimizer of the quadratic interpolation,
/// at least a tenth of the previous step, at most ten times (Kraft accepts the eleventh trial). Iterates are clipped to
/// the bounds. B receives the BFGS update with Powell's damping (sᵀy ≥ 0.2 sᵀBs), kept as an LDLᵀ factor
/// (<see cref="LdlFactor"/>); a non-negative directional derivative resets B to the identity (at most five times).</para>
/// <para>Stopping: Kraft's tests with acc = ftol (the subproblem's predicted change |∇fᵀd| + Σ|νⱼ gⱼ| below acc, or
/// |Δf| or ‖s‖₂ below acc after the line search, each with the summed violation below acc) are necessary but not
/// sufficient: with acc = 1e-6 they often hold while the Lagrangian gradient is still near 1e-3, where scipy stops and
/// reports success. Here the driver's first-order test decides: the run stops successfully when
/// the KKT residual (<see cref="MethodState.GradientNorm"/>: the larger of ‖∇f + Jᵀλ + μ‖∞ and the complementarity
/// products νⱼ·slackⱼ of the inequalities and bounds scaled by gtol/ftol, so that they are held to ftol as errors in f,
/// with the subproblem's multipliers at the current point) is at most gtol and the violation within the constraint tolerance, and its final check re-verifies feasibility and the KKT
/// residual. When Kraft's test holds on five consecutive iterations without the first-order test, the run stops with
/// <see cref="TerminationReason.FunctionTolerance"/>, which the driver reports as <see cref="TerminationReason.NoProgress"/>.
/// Kraft's modes map to: 4 (incompatible constraints) → <see cref="TerminationReason.Infeasible"/>, naming the most
/// violated row, also when the relaxed subproblem finds no step within the bounds that reduces the linearized violation
/// (δ = 1 and d = 0: a stationary point of the violation); 8 (positive directional derivative after five resets of B)
/// → <see cref="TerminationReason.LineSearchFailed"/>, or success only through Kraft's relaxed test (violation below
/// 10·acc) and the driver's tests; 3 and 5 (subproblem iteration limit, singular E) → <see cref="TerminationReason.NoProgress"/>
/// after one reset of B; 9 (iteration limit) → the driver's <see cref="TerminationReason.MaxIterations"/>. Dependent
/// equality rows and more equality rows than variables are handled by the subproblem when they are consistent (Kraft stops
/// there with modes 6 and 2). Every trial point of the line search is evaluated with its gradient, so nfev = njev; a
/// search whose trials are all non-finite ends with <see cref="TerminationReason.NonFiniteValue"/>.</para>
/// <para>References: D. Kraft, "A software package for sequential quadratic programming", DFVLR-FB 88-28, 1988;
/// D. Kraft, "Algorithm 733: TOMP", ACM TOMS 20(3), 1994; C. L. Lawson, R. J. Hanson, Solving Least Squares Problems,
/// 1974; M. J. D. Powell, "A fast algorithm for nonlinearly constrained optimization calculations", 1978.</para>
/// </remarks>
internal sealed class Slsqp(SlsqpOptions options) : IterativeMethod<SlsqpOptions, SlsqpState>(options)
{
    /// <summary>Resets of B after a non-negative directional derivative (Kraft's ireset limit).</summary>
    private const int MaxResets = 5;

    /// <summary>Backtracking steps before the trial is accepted anyway (Kraft's line &gt; 10).</summary>
    private const int MaxBacktracks = 10;

    /// <summary>The smallest step reduction factor (Kraft's alfmin).</summary>
    private const double MinReduction = 0.1;

    /// <summary>The initial weight of δ in the relaxed subproblem (Kraft's hun).</summary>
    private const double RelaxationWeight = 100;

    /// <summary>
    /// Consecutive iterations on which Kraft's test may hold while the first-order test (the driver's gtol on the
    /// Lagrangian gradient, with feasibility) does not, before the run stops on Kraft's test alone (reported by the driver
    /// as <see cref="TerminationReason.NoProgress"/>). Kraft's test is necessary, not sufficient: with acc = 1e-6 it
    /// often holds while the Lagrangian gradient is still near 1e-3, and a few more iterations reach the first-order test.
    /// </summary>
    private const int MaxKraftStalls = 5;

    /// <summary>Retries of the relaxed subproblem with a 100-fold weight (Kraft's incons limit).</summary>
    private const int MaxRelaxationRetries = 5;

    public override string Name => "SLSQP";

    public override MethodCapabilities Capabilities { get; } =
        new(UsesGradient: true, SupportsBounds: true, SupportsEquality: true, SupportsInequality: true);

    public override SlsqpState Initialize(MinimizationProblem problem)
    {
        var set = problem.Constraints;
        int n = problem.Dimension;
        var s = new SlsqpState(n, set?.Count ?? 0, set?.EqualityRows.Count ?? 0, set?.InequalityRows.Count ?? 0);
        problem.X0.CopyTo(s.X, 0);
        Clip(problem, s.X);
        s.F = problem.ValueAndGradient(s.X, s.G!);
        EvaluateConstraints(problem, s);
        SolveSubproblem(problem, s);
        return s;
    }

    public override StepOutcome Step(MinimizationProblem problem, SlsqpState s)
    {
        var set = problem.Constraints;
        int n = problem.Dimension, ms = s.Equalities + s.Inequalities;
        if (s.NonFiniteRow >= 0)
        {
            return StepOutcome.StopWithoutStep(TerminationReason.NonFiniteValue,
                $"the Jacobian of constraint {set!.RowName(s.NonFiniteRow)} is not finite");
        }

        switch (s.QpStatus)
        {
            case SubproblemStatus.Incompatible:
                return StepOutcome.Stop(TerminationReason.Infeasible,
                    $"the linearized constraints stayed incompatible after {MaxRelaxationRetries} relaxations (Kraft mode 4); {MostViolated(set, s.Values)}");
            case SubproblemStatus.SingularE:
                return StepOutcome.Stop(TerminationReason.NoProgress, "singular matrix E in the least-squares subproblem (Kraft mode 5)");
            case SubproblemStatus.IterationLimit:
                return StepOutcome.Stop(TerminationReason.NoProgress, "more than 3n iterations in the least-squares subproblem (Kraft mode 3)");
        }

        double acc = problem.Settings.FunctionTolerance;
        var g = s.G!;
        var d = s.Direction;
        double gd = Dot(g, d);
        double predicted = Math.Abs(gd), violationSum = 0, penaltyTerm = 0;
        for (int j = 0; j < ms; j++)
        {
            double nu = Math.Abs(s.Nu[j]);
            predicted += nu * Math.Abs(s.Standard[j]);
            s.Penalty[j] = Math.Max(nu, (s.Penalty[j] + nu) / 2);
            double v = Violation(s, j, s.Standard[j]);
            violationSum += v;
            penaltyTerm += s.Penalty[j] * v;
        }

        bool kraftHeld = predicted < acc && violationSum < acc;
        if (kraftHeld && ++s.KraftStalls >= MaxKraftStalls)
        {
            return StepOutcome.Stop(TerminationReason.FunctionTolerance, string.Create(CultureInfo.InvariantCulture,
                $"Kraft's test (predicted change {predicted:E2}, summed violation {violationSum:E2}, acc {acc:E1}) held on {MaxKraftStalls} consecutive iterations"));
        }

        if (s.Relaxed && s.H4 <= 1e-8 && MaxAbs(d) <= 1e-8 * (1 + MaxAbs(s.X)))
        {
            return StepOutcome.Stop(TerminationReason.Infeasible,
                $"no step within the bounds reduces the linearized constraint violation (a stationary point of the violation); {MostViolated(set, s.Values)}");
        }

        double slope = gd - (penaltyTerm * s.H4);
        if (!(slope < 0))
        {
            if (s.Resets < MaxResets)
            {
                s.Resets++;
                s.Factor.Reset();
                s.Reduced.Invalidate();
                SolveSubproblem(problem, s);
                return StepOutcome.Continue;
            }

            if (violationSum < 10 * acc)
            {
                return StepOutcome.Stop(TerminationReason.FunctionTolerance, string.Create(CultureInfo.InvariantCulture,
                    $"Kraft's relaxed test after {MaxResets} resets: summed violation {violationSum:E2} below 10·acc"));
            }

            return s.Relaxed
                ? StepOutcome.Stop(TerminationReason.Infeasible, $"the relaxed subproblem cannot reduce the constraint violation; {MostViolated(set, s.Values)}")
                : StepOutcome.Stop(TerminationReason.LineSearchFailed, "positive directional derivative for the line search (Kraft mode 8)");
        }

        // Line search on φ(x) = f + Σ ρⱼ viol_j.
        double merit0 = s.F + penaltyTerm;
        var trial = new double[n];
        var trialG = new double[n];
        var trialC = new double[set?.Count ?? 0];
        var trialJ = new double[(set?.Count ?? 0) * n];
        double scale = 1, ft;
        for (int line = 1; ; line++)
        {
            for (int i = 0; i < n; i++)
            {
                trial[i] = s.X[i] + (scale * d[i]);
            }

            Clip(problem, trial);

            // Value and gradient together at every trial (the first is usually accepted), so that every counted
            // function evaluation has its gradient, as in the other gradient methods.
            ft = problem.ValueAndGradient(trial, trialG);

            double merit = ft;
            if (set is not null)
            {
                // With the Jacobian, like the objective: the accepted trial's Jacobian is then already at hand.
                set.EvaluateWithJacobian(trial, trialC, trialJ);
                for (int j = 0; j < ms; j++)
                {
                    var row = j < s.Equalities ? set.EqualityRows[j] : set.InequalityRows[j - s.Equalities];
                    merit += s.Penalty[j] * Violation(s, j, row.Of(trialC[row.Row]));
                }
            }

            double change = merit - merit0;
            bool finite = double.IsFinite(merit);
            if (finite && (change <= slope / 10 || line > MaxBacktracks))
            {
                break;
            }

            if (line > MaxBacktracks)
            {
                return StepOutcome.StopWithoutStep(TerminationReason.NonFiniteValue,
                    "the objective or a constraint is not finite at every trial point along the search direction");
            }

            double alpha = finite ? Math.Max(slope / (2 * (slope - change)), MinReduction) : MinReduction;
            scale *= alpha;
            slope *= alpha;
        }

        // Accept: s = x_{k+1} - x_k, then the constraint Jacobian at the new point.
        var step = new double[n];
        double stepNorm2 = 0, stepInf = 0;
        for (int i = 0; i < n; i++)
        {
            step[i] = trial[i] - s.X[i];
            stepNorm2 += step[i] * step[i];
            stepInf = Math.Max(stepInf, Math.Abs(step[i]));
        }

        double f0 = s.F;
        trial.CopyTo(s.X, 0);
        trialG.CopyTo(g, 0);
        s.F = ft;
        s.StepNorm = stepInf;
        EvaluateConstraints(problem, s);

        double newViolationSum = 0;
        for (int j = 0; j < ms; j++)
        {
            newViolationSum += Violation(s, j, s.Standard[j]);
        }

        bool converged = (Math.Abs(s.F - f0) < acc || Math.Sqrt(stepNorm2) < acc) && newViolationSum < acc;

        // y = ∇ₓL(x_{k+1}, ν) - ∇ₓL(x_k, ν), with the multipliers of the subproblem solved at x_k.
        if (s.NonFiniteRow < 0)
        {
            var y = new double[n];
            LagrangianGradient(s, n, ms, y);
            for (int i = 0; i < n; i++)
            {
                y[i] -= s.LagrangianGradient[i];
            }

            s.Factor.DampedBfgsUpdate(step, y, s.Reduced);
        }

        SolveSubproblem(problem, s);
        if (converged && !kraftHeld && ++s.KraftStalls >= MaxKraftStalls)
        {
            return StepOutcome.Stop(TerminationReason.FunctionTolerance, string.Create(CultureInfo.InvariantCulture,
                $"Kraft's test (|f change| {Math.Abs(s.F - f0):E2} or ‖s‖ {Math.Sqrt(stepNorm2):E2}, summed violation {newViolationSum:E2}, acc {acc:E1}) held on {MaxKraftStalls} consecutive iterations"));
        }

        if (!converged && !kraftHeld)
        {
            s.KraftStalls = 0;
        }

        return StepOutcome.Continue;
    }

    private static double MaxAbs(ReadOnlySpan<double> v)
    {
        double m = 0;
        foreach (double x in v)
        {
            m = Math.Max(m, Math.Abs(x));
        }

        return m;
    }

    /// <summary>Clips x to the box.</summary>
    private static void Clip(MinimizationProblem problem, double[] x)
    {
        if (problem.Lower is { } lo && problem.Upper is { } up)
        {
            for (int i = 0; i < x.Length; i++)
            {
                x[i] = Math.Min(Math.Max(x[i], lo[i]), up[i]);
            }
        }
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }

    /// <summary>The violation of standard row j with value gⱼ: |gⱼ| for an equality, max(-gⱼ, 0) for an inequality.</summary>
    private static double Violation(SlsqpState s, int j, double value) => j < s.Equalities ? Math.Abs(value) : Math.Max(-value, 0);

    /// <summary>c, J and their standard form at X; the user-unit violation into <see cref="MethodState.ConstraintViolation"/>.</summary>
    private static void EvaluateConstraints(MinimizationProblem problem, SlsqpState s)
    {
        s.NonFiniteRow = -1;
        if (problem.Constraints is not { } set)
        {
            s.ConstraintViolation = 0;
            return;
        }

        int n = problem.Dimension;
        set.EvaluateWithJacobian(s.X, s.Values, s.Jacobian);
        s.ConstraintViolation = set.Violation(s.Values);
        for (int i = 0; i < set.Count && s.NonFiniteRow < 0; i++)
        {
            if (!double.IsFinite(s.Values[i]) || !AllFinite(s.Jacobian.AsSpan(i * n, n)))
            {
                s.NonFiniteRow = i;
            }
        }

        for (int j = 0; j < s.Equalities + s.Inequalities; j++)
        {
            var row = j < s.Equalities ? set.EqualityRows[j] : set.InequalityRows[j - s.Equalities];
            s.Standard[j] = row.Of(s.Values[row.Row]);
            for (int i = 0; i < n; i++)
            {
                s.StandardJacobian[(j * n) + i] = row.Sign * s.Jacobian[(row.Row * n) + i];
            }
        }
    }

    private static bool AllFinite(ReadOnlySpan<double> v)
    {
        foreach (double x in v)
        {
            if (!double.IsFinite(x))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>∇f - Aᵀν at X into <paramref name="result"/>.</summary>
    private static void LagrangianGradient(SlsqpState s, int n, int ms, Span<double> result)
    {
        s.G!.CopyTo(result);
        for (int j = 0; j < ms; j++)
        {
            double nu = s.Nu[j];
            if (nu == 0)
            {
                continue;
            }

            for (int i = 0; i < n; i++)
            {
                result[i] -= nu * s.StandardJacobian[(j * n) + i];
            }
        }
    }

    /// <summary>
    /// Solves the quadratic subproblem at X (relaxed when the linearization is incompatible; after one reset of B when
    /// the least-squares solver fails otherwise) and sets the step, the multipliers and the Lagrangian gradient norm.
    /// </summary>
    private static void SolveSubproblem(MinimizationProblem problem, SlsqpState s)
    {
        int n = problem.Dimension, meq = s.Equalities, mi = s.Inequalities, ms = meq + mi;
        Array.Clear(s.Direction);
        s.Relaxed = false;
        s.H4 = 1;
        s.GradientNorm = double.PositiveInfinity;
        if (s.NonFiniteRow >= 0 || !AllFinite(s.G))
        {
            s.QpStatus = SubproblemStatus.Solved;
            return;
        }

        SubproblemSolution? solution = null;
        for (int attempt = 0; attempt < 2; attempt++)
        {
            solution = SolvePlain(problem, s, n, meq, mi);
            if (solution.Status == SubproblemStatus.Incompatible)
            {
                s.Relaxed = true;
                double weight = RelaxationWeight;
                for (int retry = 0; retry <= MaxRelaxationRetries; retry++)
                {
                    solution = SolveRelaxed(problem, s, n, meq, mi, weight);
                    if (solution.Status != SubproblemStatus.Incompatible)
                    {
                        break;
                    }

                    weight *= 100;
                }
            }

            if (solution.Status is SubproblemStatus.SingularE or SubproblemStatus.IterationLimit && attempt == 0)
            {
                s.Factor.Reset();
                s.Reduced.Invalidate();
                continue;
            }

            break;
        }

        s.QpStatus = solution!.Status;
        if (solution.Status != SubproblemStatus.Solved)
        {
            return;
        }

        Array.Copy(solution.X, s.Direction, n);
        if (s.Relaxed)
        {
            s.H4 = 1 - solution.X[n];
        }

        solution.EqualityMultipliers.CopyTo(s.Nu, 0);
        solution.InequalityMultipliers.CopyTo(s.Nu, meq);
        Array.Copy(solution.BoundMultipliers, s.BoundNu, n);
        LagrangianGradient(s, n, ms, s.LagrangianGradient);

        // Library convention ∇f + Jᵀλ + μ = 0: λ from the standard rows, μ = -(bound multipliers of the subproblem).
        double norm = 0;
        var mu = new double[n];
        for (int i = 0; i < n; i++)
        {
            mu[i] = -s.BoundNu[i];
            norm = Math.Max(norm, Math.Abs(s.LagrangianGradient[i] + mu[i]));
        }

        // Stationarity alone can be small where complementarity fails (a multiplier on a constraint that is not active,
        // when B is nearly singular along d): the optimality measure also takes max νⱼ·slackⱼ over inequalities and bounds.
        // A product ν·slack is an error in f itself (the Lagrangian's value), so it is held to acc = ftol, as in Kraft's
        // test, rather than to gtol: it enters scaled by gtol/acc.
        double acc = problem.Settings.FunctionTolerance, gtol = problem.Settings.GradientTolerance;
        double compScale = acc > 0 && gtol > 0 ? Math.Max(gtol / acc, 1) : 1;
        double comp = 0;
        for (int j = meq; j < ms; j++)
        {
            comp = Math.Max(comp, Math.Abs(s.Nu[j]) * Math.Max(s.Standard[j], 0));
        }

        for (int i = 0; i < n; i++)
        {
            double nu = s.BoundNu[i];
            if (nu > 0 && problem.Lower is { } lo)
            {
                comp = Math.Max(comp, nu * (s.X[i] - lo[i]));
            }
            else if (nu < 0 && problem.Upper is { } up)
            {
                comp = Math.Max(comp, -nu * (up[i] - s.X[i]));
            }
        }

        norm = Math.Max(norm, comp * compScale);

        s.GradientNorm = norm;
        s.BoundMultipliers = mu;
        if (problem.Constraints is { } set)
        {
            var lambda = new double[set.Count];
            set.RowMultipliers(s.Nu.AsSpan(0, meq), s.Nu.AsSpan(meq, mi), lambda);
            s.Multipliers = lambda;
        }
    }

    private static SubproblemSolution SolvePlain(MinimizationProblem problem, SlsqpState s, int n, int meq, int mi)
    {
        var e = Matrix<double>.Build.Dense(n, n);
        var f = Vector<double>.Build.Dense(n);
        s.Factor.LeastSquaresForm(s.G, e, f);
        var (c, dc, g, h) = Linearization(s, n, meq, mi, relaxed: false);
        var (lo, hi) = StepBounds(problem, s, n, relaxed: false);
        return ConstrainedLeastSquares.Solve(e, f, c, dc, g, h, lo, hi, s.EqualityBasis, s.ActiveSet, s.Reduced);
    }

    /// <summary>Kraft's relaxation: gⱼ + ∇gⱼᵀd - δ gⱼ = 0 on equalities, gⱼ + ∇gⱼᵀd + δ max(-gⱼ, 0) ≥ 0 on inequalities, 0 ≤ δ ≤ 1, with (weight·δ)² added.</summary>
    private static SubproblemSolution SolveRelaxed(MinimizationProblem problem, SlsqpState s, int n, int meq, int mi, double weight)
    {
        var e = Matrix<double>.Build.Dense(n + 1, n + 1);
        var f = Vector<double>.Build.Dense(n + 1);
        var eN = Matrix<double>.Build.Dense(n, n);
        var fN = Vector<double>.Build.Dense(n);
        s.Factor.LeastSquaresForm(s.G, eN, fN);
        e.SetSubMatrix(0, 0, eN);
        e[n, n] = weight;
        f.SetSubVector(0, n, fN);
        var (c, dc, g, h) = Linearization(s, n, meq, mi, relaxed: true);
        var (lo, hi) = StepBounds(problem, s, n, relaxed: true);
        return ConstrainedLeastSquares.Solve(e, f, c, dc, g, h, lo, hi);
    }

    private static (Matrix<double> C, Vector<double> D, Matrix<double> G, Vector<double> H) Linearization(SlsqpState s, int n, int meq, int mi, bool relaxed)
    {
        int cols = relaxed ? n + 1 : n;
        var c = Matrix<double>.Build.Dense(meq, cols);
        var d = Vector<double>.Build.Dense(meq);
        var g = Matrix<double>.Build.Dense(mi, cols);
        var h = Vector<double>.Build.Dense(mi);
        for (int j = 0; j < meq + mi; j++)
        {
            bool eq = j < meq;
            var target = eq ? c : g;
            int row = eq ? j : j - meq;
            for (int i = 0; i < n; i++)
            {
                target[row, i] = s.StandardJacobian[(j * n) + i];
            }

            double value = s.Standard[j];
            if (relaxed)
            {
                target[row, n] = eq ? -value : Math.Max(-value, 0);
            }

            if (eq)
            {
                d[row] = -value;
            }
            else
            {
                h[row] = -value;
            }
        }

        return (c, d, g, h);
    }

    private static (double[]? Lower, double[]? Upper) StepBounds(MinimizationProblem problem, SlsqpState s, int n, bool relaxed)
    {
        if (problem.Lower is null && !relaxed)
        {
            return (null, null);
        }

        int k = relaxed ? n + 1 : n;
        var lo = new double[k];
        var hi = new double[k];
        for (int i = 0; i < n; i++)
        {
            lo[i] = problem.Lower is { } l ? l[i] - s.X[i] : double.NegativeInfinity;
            hi[i] = problem.Upper is { } u ? u[i] - s.X[i] : double.PositiveInfinity;
        }

        if (relaxed)
        {
            lo[n] = 0;
            hi[n] = 1;
        }

        return (lo, hi);
    }

    /// <summary>"constraint 'name' is c = …, outside [lower, upper] by …" for the most violated row.</summary>
    private static string MostViolated(ConstraintSet? set, double[] values)
    {
        if (set is null)
        {
            return "no constraint is violated";
        }

        int worst = -1;
        double amount = 0;
        for (int i = 0; i < set.Count; i++)
        {
            double v = Math.Max(set.Lower[i] - values[i], values[i] - set.Upper[i]);
            if (v > amount || double.IsNaN(values[i]))
            {
                amount = v;
                worst = i;
                if (double.IsNaN(values[i]))
                {
                    break;
                }
            }
        }

        return worst < 0
            ? "no constraint is violated"
            : string.Create(CultureInfo.InvariantCulture,
                $"most violated: constraint {set.RowName(worst)} = {values[worst]:G8}, outside [{set.Lower[worst]:G8}, {set.Upper[worst]:G8}] by {amount:E3}");
    }
}
