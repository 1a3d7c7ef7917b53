using System.Diagnostics;
using System.Globalization;
using Adjoint.Tensors;
using Adjoint.Tensors.Kernels;

namespace Adjoint.Optimize;

/// <summary>
/// The one loop every iterative method runs in: it owns the iteration and evaluation limits, the time limit,
/// cancellation, the callback and progress reports, verbose output, the trace, NaN guards, best-so-far tracking
/// and the result, so that methods only implement Initialize and Step.
/// </summary>
/// <remarks>
/// Order per iteration: check maxiter, cancellation and time; run Step; guard against a non-finite f; track the
/// best finite iterate; test the gradient norm against gtol (for gradient methods); report; ask the callback.
/// A method stopping on ftol or xtol while the gradient norm exceeds gtol is reported as
/// <see cref="TerminationReason.NoProgress"/>, never as success.
/// </remarks>
public static class Driver
{
    /// <summary>Runs <paramref name="method"/> on <paramref name="problem"/> to the end and builds the result.</summary>
    /// <remarks>
    /// <see cref="IterativeMethod{TOptions, TState}.Minimize"/> calls this; a method deriving from
    /// <see cref="IterativeMethod{TOptions, TState}"/> needs no other entry point. Hard limits met inside an evaluation
    /// (budget, time, cancellation) end the run with the last completed iterate.
    /// </remarks>
    /// <typeparam name="TOptions">The method's options record.</typeparam>
    /// <typeparam name="TState">The method's state.</typeparam>
    /// <param name="method">The method, supplying Initialize and Step.</param>
    /// <param name="problem">The prepared problem (counts start from its current values).</param>
    /// <param name="control">Callback, progress, output and cancellation.</param>
    /// <returns>The solution, counts, status and message.</returns>
    public static MinimizeResult Run<TOptions, TState>(IterativeMethod<TOptions, TState> method, MinimizationProblem problem, MinimizeControl control)
        where TOptions : MinimizeOptions
        where TState : MethodState
    {
        var options = method.Options;
        var settings = problem.Settings;
        bool gradientMethod = method.Capabilities.UsesGradient;
        var clock = Stopwatch.StartNew();
        var output = options.Verbose ? control.Output ?? Console.Out : null;
        var trace = options.RecordTrace ? new List<IterationInfo>() : null;
        bool observe = control.Callback is not null || control.Progress is not null || trace is not null || output is not null;
        int n = problem.Dimension;

        var best = new Snapshot(n, problem.Constraints is null ? double.PositiveInfinity : settings.ConstraintTolerance);
        TState? state = null;
        TerminationReason? reason = null;
        string? detail = null;
        int nit = 0;
        double f0 = double.NaN;
        string[] zeroAtStart = [];
        SolutionCheck? check = null;
        bool saddle = false;
        int restarts = 0;
        double[]? adoptedX = null;
        double adoptedF = double.NaN, adoptedFrom = double.NaN;
        int checkNfev = 0, checkNjev = 0, checkNhev = 0;
        problem.Iteration = 0;
        try
        {
            state = method.Initialize(problem);
            f0 = state.F;
            zeroAtStart = state.G is { } gStart ? ZeroGradientVariables(problem, gStart) : [];
            if (!double.IsFinite(state.F) || (state.G is { } g0 && !Convergence.AllFinite(g0)) || double.IsNaN(state.ConstraintViolation))
            {
                reason = TerminationReason.NonFiniteValue;
                detail = NonFiniteDetail(problem, state, "at the starting point");
            }
            else if (problem.Disconnected)
            {
                reason = TerminationReason.Disconnected;
            }
            else
            {
                best.Take(state);
                if (observe)
                {
                    reason = Observe(state, 0, problem, control, clock, trace, output);
                }

                if (reason is null && gradientMethod && settings.StopOnGradient && OptimalityHolds(problem, state))
                {
                    reason = TerminationReason.GradientTolerance;
                }
            }

            while (true)
            {
                Iterate(method, problem, state, control, clock, trace, output, observe, best, ref reason, ref detail, ref nit);
                if (problem.Constraints is not null || !options.VerifySolution || !Verifiable(reason!.Value) || state is null)
                {
                    break;
                }

                int nfevBefore = problem.FunctionEvaluations, njevBefore = problem.GradientEvaluations, nhevBefore = problem.HessianEvaluations;
                var verdict = SolutionVerifier.Check(problem, state.X, state.F, f0, atStart: restarts == 0 && state.X.AsSpan().SequenceEqual(problem.X0));
                checkNfev += problem.FunctionEvaluations - nfevBefore;
                checkNjev += problem.GradientEvaluations - njevBefore;
                checkNhev += problem.HessianEvaluations - nhevBefore;
                check = verdict.Report with { Restarts = restarts };
                bool canRestart = restarts < MaxRestarts && nit < settings.MaxIterations && problem.EvaluationsLeft;
                if (verdict.Kind == SolutionVerifier.Kind.Improvable && verdict.BetterPassesFirstOrder && (!gradientMethod || !canRestart))
                {
                    // A derivative-free method would rebuild its simplex or directions around the polished point and
                    // wander off it; a gradient method has no restarts left: the result is the polished point.
                    adoptedFrom = state.F;
                    for (int adoption = 0; adoption < MaxRestarts && verdict.Kind == SolutionVerifier.Kind.Improvable && verdict.BetterPassesFirstOrder; adoption++)
                    {
                        adoptedX = verdict.BetterX!;
                        adoptedF = verdict.BetterF;
                        nfevBefore = problem.FunctionEvaluations;
                        njevBefore = problem.GradientEvaluations;
                        nhevBefore = problem.HessianEvaluations;
                        verdict = SolutionVerifier.Check(problem, adoptedX, adoptedF, f0, atStart: false);
                        checkNfev += problem.FunctionEvaluations - nfevBefore;
                        checkNjev += problem.GradientEvaluations - njevBefore;
                        checkNhev += problem.HessianEvaluations - nhevBefore;
                    }

                    check = verdict.Report with { Restarts = restarts };
                    reason = Conclude(reason!.Value, verdict, gradientMethod ? problem.Precision : DType.Float64, ref detail);
                    break;
                }

                if (verdict.Kind == SolutionVerifier.Kind.Improvable && canRestart)
                {
                    restarts++;
                    saddle = verdict.Saddle;
                    problem.RestartFrom(verdict.BetterX!);
                    state = method.Initialize(problem);
                    reason = null;
                    detail = null;
                    if (!double.IsFinite(state.F) || (state.G is { } gr && !Convergence.AllFinite(gr)))
                    {
                        reason = TerminationReason.NonFiniteValue;
                        detail = "at the point the final check moved to";
                        break;
                    }

                    best.Take(state);
                    if (gradientMethod && settings.StopOnGradient && OptimalityHolds(problem, state))
                    {
                        reason = TerminationReason.GradientTolerance;
                    }

                    continue;
                }

                reason = Conclude(reason!.Value, verdict, gradientMethod ? problem.Precision : DType.Float64, ref detail);
                break;
            }
        }
        catch (StopSignal signal)
        {
            reason = signal.Reason;
            state = null; // the step was interrupted: report the last completed iterate
        }

        ConstrainedVerifier.Verdict? constrained = null;
        if (problem.Constraints is not null)
        {
            constrained = ConcludeConstrained(problem, gradientMethod, state, best, options.VerifySolution, ref reason, ref detail, out checkNfev, out checkNjev);
        }

        var status = reason!.Value;
        bool useCurrent = state is not null && double.IsFinite(state.F) && (state.G is null || Convergence.AllFinite(state.G));
        double[] x = FreshMemory.Copy(adoptedX ?? (useCurrent ? state!.X : best.X ?? problem.X0));
        double f = adoptedX is not null ? adoptedF : useCurrent ? state!.F : best.X is null ? double.NaN : best.F;
        double[]? jac = adoptedX is not null ? null : useCurrent ? (state!.G is { } finalGradient ? FreshMemory.Copy(finalGradient) : null) : best.G;
        double gnorm = adoptedX is not null ? double.NaN : useCurrent ? state!.GradientNorm : best.GradientNorm;

        string message = status.Describe();
        if (double.IsFinite(gnorm) && (status == TerminationReason.NoProgress || (gradientMethod && !status.IsSuccess() && status != TerminationReason.Disconnected)))
        {
            message += string.Create(CultureInfo.InvariantCulture, $" Gradient norm {gnorm:E3} (gtol {settings.GradientTolerance:E1}).");
        }

        if (detail is not null)
        {
            message += $" ({detail})";
        }

        if (check is not null)
        {
            message += " " + check.Note;
            if (restarts > 0)
            {
                message += string.Create(CultureInfo.InvariantCulture, $" The run was restarted {restarts} time(s) from a better point the final check found{(saddle ? " (a saddle escaped)" : "")}.");
            }

            if (adoptedX is not null)
            {
                message += string.Create(CultureInfo.InvariantCulture, $" The result is the final check's polished point: its damped Newton steps moved the method's end point from f = {adoptedFrom:G6} to f = {adoptedF:G6}, where the first-order test holds.");
            }
        }

        var zeroAtEnd = jac is null ? [] : ZeroGradientVariables(problem, jac);
        var zeroBoth = zeroAtStart.Intersect(zeroAtEnd).ToArray();
        if (zeroBoth.Length > 0 && status != TerminationReason.Disconnected)
        {
            message += $" The gradient with respect to {string.Join(", ", zeroBoth)} is exactly zero at the start and at the solution: the objective may not depend on {(zeroBoth.Length == 1 ? "it" : "them")}.";
        }

        if (constrained is not null)
        {
            message += " " + constrained.Note + ".";
            check = SolutionVerifier.NotChecked(constrained.Note).Report with { Performed = !double.IsNaN(constrained.Optimality), Verified = !double.IsNaN(constrained.Optimality) && constrained.Stationary && constrained.Feasible(settings.ConstraintTolerance) };
        }

        check = (check ?? SolutionVerifier.NotChecked(CheckSkipped(status, options.VerifySolution)).Report) with
        {
            Restarts = restarts,
            ZeroGradientVariables = zeroBoth,
            FunctionEvaluations = checkNfev,
            GradientEvaluations = checkNjev,
            HessianEvaluations = checkNhev,
        };

        MinimizeResult result = new()
        {
            Method = method.Name,
            X = x,
            Variables = problem.Layout.Unflatten(x),
            Fun = f,
            Gradient = jac,
            Hess = useCurrent ? state!.Hessian : null,
            InverseHessian = useCurrent ? state!.InverseHessian : null,
            Nit = nit,
            Nfev = problem.FunctionEvaluations,
            Njev = problem.GradientEvaluations,
            Nhev = problem.HessianEvaluations,
            Status = status,
            Message = message,
            GradientNorm = gnorm,
            Elapsed = clock.Elapsed,
            Trace = trace,
            Check = check,
        };
        if (constrained is not null)
        {
            result = WithConstraints(result, problem, constrained);
        }
        else if (useCurrent && state!.BoundMultipliers is { } boundMultipliers && boundMultipliers.Length == n)
        {
            result = result with { BoundMultipliers = (double[])boundMultipliers.Clone() };
        }

        if (output is not null)
        {
            WriteSummary(output, result);
        }

        return result;
    }

    /// <summary>How many times the final check may move a run to a better point and restart the method there.</summary>
    private const int MaxRestarts = 3;

    /// <summary>Runs iterations until a reason to stop is found.</summary>
    private static void Iterate<TOptions, TState>(IterativeMethod<TOptions, TState> method, MinimizationProblem problem, TState state,
        MinimizeControl control, Stopwatch clock, List<IterationInfo>? trace, TextWriter? output, bool observe, Snapshot best,
        ref TerminationReason? reason, ref string? detail, ref int nit)
        where TOptions : MinimizeOptions
        where TState : MethodState
    {
        var settings = problem.Settings;
        bool gradientMethod = method.Capabilities.UsesGradient;
        while (reason is null)
        {
            if (nit >= settings.MaxIterations)
            {
                reason = TerminationReason.MaxIterations;
                break;
            }

            if (control.CancellationToken.IsCancellationRequested)
            {
                reason = TerminationReason.Cancelled;
                break;
            }

            if (settings.TimeLimit is { } limit && clock.Elapsed > limit)
            {
                reason = TerminationReason.TimeLimit;
                break;
            }

            problem.Iteration = nit + 1;
            var outcome = method.Step(problem, state);
            if (!outcome.NoStep)
            {
                nit++;
            }

            if (!double.IsFinite(state.F) || (state.G is { } g && !Convergence.AllFinite(g)) || double.IsNaN(state.ConstraintViolation))
            {
                reason = TerminationReason.NonFiniteValue;
                detail = NonFiniteDetail(problem, state, null);
                break;
            }

            best.Take(state);
            if (outcome.Reason is { } r)
            {
                reason = r;
                detail = outcome.Detail;
            }
            else if (gradientMethod && settings.StopOnGradient && OptimalityHolds(problem, state))
            {
                reason = TerminationReason.GradientTolerance;
            }

            // A step that did not move leaves the iterate already reported unless progress skipped it.
            bool reported = outcome.NoStep && (nit % Math.Max(control.ProgressEvery, 1) == 0 || control.Callback is not null);
            if (observe && !reported && (nit % Math.Max(control.ProgressEvery, 1) == 0 || reason is not null || control.Callback is not null))
            {
                var cb = Observe(state, nit, problem, control, clock, trace, output);
                if (reason is null || !reason.Value.IsSuccess())
                {
                    reason = cb ?? reason;
                }
            }
        }

        if (gradientMethod && reason is TerminationReason.FunctionTolerance or TerminationReason.StepTolerance
            && !(OptimalityHolds(problem, state)))
        {
            detail = (detail is null ? "" : detail + "; ") + $"{reason} test met";
            reason = TerminationReason.NoProgress;
        }
    }

    /// <summary>The gtol test, and for a constrained problem the feasibility test with it.</summary>
    private static bool OptimalityHolds(MinimizationProblem problem, MethodState state) =>
        state.GradientNorm <= problem.Settings.GradientTolerance
        && (problem.Constraints is null || state.ConstraintViolation <= problem.Settings.ConstraintTolerance);

    /// <summary>Names the constraint whose value is not finite, when one is.</summary>
    private static string? NonFiniteDetail(MinimizationProblem problem, MethodState state, string? where)
    {
        if (problem.Constraints is not { } set || !double.IsNaN(state.ConstraintViolation) || !double.IsFinite(state.F))
        {
            return where;
        }

        var c = new double[set.Count];
        problem.FinalReport = true;
        try
        {
            set.Evaluate(state.X, c);
        }
        finally
        {
            problem.FinalReport = false;
        }

        int row = set.FirstNonFiniteRow(c);
        string text = row < 0 ? "a constraint value is not finite" : string.Create(CultureInfo.InvariantCulture, $"constraint {set.RowName(row)} is {c[row]}");
        return where is null ? text : $"{text} {where}";
    }

    /// <summary>
    /// The constrained final check: recomputes the violation (and, with <paramref name="verify"/>, the KKT residual) at
    /// the point the run ends at; success only when both hold.
    /// </summary>
    private static ConstrainedVerifier.Verdict? ConcludeConstrained(MinimizationProblem problem, bool usesGradient, MethodState? state,
        Snapshot best, bool verify, ref TerminationReason? reason, ref string? detail, out int checkNfev, out int checkNjev)
    {
        checkNfev = 0;
        checkNjev = 0;
        var current = state;
        if (current is null || !double.IsFinite(current.F))
        {
            if (best.X is null)
            {
                return null;
            }

            current = new ReportState(best.X, best.F, best.Violation);
        }

        int nfev = problem.FunctionEvaluations, njev = problem.GradientEvaluations;
        problem.FinalReport = true;
        ConstrainedVerifier.Verdict verdict;
        try
        {
            bool success = reason!.Value.IsSuccess() && reason != TerminationReason.CallbackConverged;
            verdict = ConstrainedVerifier.Check(problem, current, usesGradient, verify && success);
        }
        catch (ObjectiveException)
        {
            return null;
        }
        finally
        {
            problem.FinalReport = false;
            checkNfev = problem.FunctionEvaluations - nfev;
            checkNjev = problem.GradientEvaluations - njev;
        }

        var tolerance = problem.Settings.ConstraintTolerance;
        if (reason!.Value.IsSuccess() && !verdict.Feasible(tolerance))
        {
            detail = (detail is null ? "" : detail + "; ") + $"the method's own test ({reason}) held, but {verdict.ViolationText}";
            reason = TerminationReason.Infeasible;
        }
        else if (reason.Value.IsSuccess() && reason != TerminationReason.CallbackConverged && !verdict.Stationary)
        {
            detail = (detail is null ? "" : detail + "; ") + $"the method's own test ({reason}) held, but the first-order optimality test fails";
            reason = TerminationReason.NoProgress;
        }
        else if (!reason.Value.IsSuccess() && !verdict.Feasible(tolerance) && reason != TerminationReason.Infeasible)
        {
            detail = (detail is null ? "" : detail + "; ") + verdict.ViolationText;
        }

        return verdict;
    }

    private static MinimizeResult WithConstraints(MinimizeResult result, MinimizationProblem problem, ConstrainedVerifier.Verdict verdict)
    {
        var set = problem.Constraints!;
        var reports = new Constraints.ConstraintReport[set.ConstraintCount];
        for (int k = 0; k < reports.Length; k++)
        {
            var (offset, rows) = set.RowsOf(k);
            double worst = 0;
            for (int i = offset; i < offset + rows; i++)
            {
                worst = Math.Max(worst, Math.Max(set.Lower[i] - verdict.Values[i], verdict.Values[i] - set.Upper[i]));
                if (double.IsNaN(verdict.Values[i]))
                {
                    worst = double.NaN;
                    break;
                }
            }

            reports[k] = new Constraints.ConstraintReport
            {
                Name = set.ConstraintName(k),
                Shape = set.OutputShapeOf(k),
                Values = verdict.Values.AsSpan(offset, rows).ToArray(),
                Lower = set.Lower.Slice(offset, rows).ToArray(),
                Upper = set.Upper.Slice(offset, rows).ToArray(),
                Violation = worst,
                Multipliers = verdict.Multipliers?.AsSpan(offset, rows).ToArray(),
                JacobianSource = set.DerivativeSourceOf(k),
            };
        }

        return result with
        {
            Constraints = reports,
            MaxConstraintViolation = verdict.Violation,
            Optimality = verdict.Optimality,
            BoundMultipliers = verdict.BoundMultipliers,
            ConstraintEvaluations = set.Evaluations,
            ConstraintJacobianEvaluations = set.JacobianEvaluations,
            ConstraintHessianEvaluations = set.HessianEvaluations,
            GradientNorm = double.IsNaN(result.GradientNorm) || verdict.MultipliersEstimated ? (double.IsNaN(verdict.Optimality) ? result.GradientNorm : verdict.Optimality) : result.GradientNorm,
        };
    }

    /// <summary>A stand-in state for the best point when the run was interrupted mid-step.</summary>
    private sealed class ReportState : MethodState
    {
        public ReportState(double[] x, double f, double violation)
            : base(x.Length, hasGradient: false)
        {
            x.CopyTo(X, 0);
            F = f;
            ConstraintViolation = violation;
        }
    }

    /// <summary>Whether a run that stopped for <paramref name="reason"/> gets the final check: it stopped on its own test, not on a limit.</summary>
    private static bool Verifiable(TerminationReason reason) => reason.IsSuccess() && reason != TerminationReason.CallbackConverged
        || reason is TerminationReason.NoProgress or TerminationReason.LineSearchFailed or TerminationReason.TrustRegionTooSmall
            or TerminationReason.PrecisionLimit;

    /// <summary>
    /// The status after the final check: success only at a verified minimizer. <paramref name="precision"/> is the
    /// evaluation dtype of a gradient method (float64 for derivative-free ones, whose stalls are not rounding limits).
    /// </summary>
    private static TerminationReason Conclude(TerminationReason reason, SolutionVerifier.Verdict verdict, DType precision, ref string? detail)
    {
        switch (verdict.Kind)
        {
            case SolutionVerifier.Kind.Verified:
                if (reason.IsSuccess())
                {
                    return reason;
                }

                return verdict.ModelAgrees ? TerminationReason.VerifiedMinimum : reason;
            case SolutionVerifier.Kind.FlatStart:
                return verdict.AtStart ? TerminationReason.FlatStart : TerminationReason.NoProgress;
            case SolutionVerifier.Kind.Unverified:
                if (!reason.IsSuccess())
                {
                    return reason;
                }

                detail = (detail is null ? "" : detail + "; ") + $"the method's own test ({reason}) held";
                return verdict.Saddle ? TerminationReason.SaddlePoint : TerminationReason.NoProgress;
            case SolutionVerifier.Kind.Improvable:
                if (reason.IsSuccess())
                {
                    detail = (detail is null ? "" : detail + "; ") + $"the method's own test ({reason}) held";
                }

                if (!reason.IsSuccess() && reason != TerminationReason.NoProgress)
                {
                    return reason;
                }

                return verdict.Saddle && reason.IsSuccess() ? TerminationReason.SaddlePoint
                    : precision != DType.Float64 ? TerminationReason.PrecisionLimit
                    : TerminationReason.NoProgress;
            default:
                return reason;
        }
    }

    private static string CheckSkipped(TerminationReason status, bool enabled) =>
        !enabled ? "the final check is turned off (VerifySolution = false)"
        : status is TerminationReason.CallbackConverged ? "the callback declared convergence"
        : Verifiable(status) ? "the objective could not be differentiated at the solution"
        : $"the run stopped on {status}, not on the method's own test";

    /// <summary>Names of the variables whose gradient block is exactly zero.</summary>
    private static string[] ZeroGradientVariables(MinimizationProblem problem, double[] g)
    {
        var layout = problem.Layout;
        var names = new List<string>();
        foreach (var name in layout.Names)
        {
            int off = layout.OffsetOf(name);
            int size = layout[name].Size;
            if (size > 0 && g.AsSpan(off, size).IndexOfAnyExcept(0.0) < 0)
            {
                names.Add(name);
            }
        }

        return names.Count == layout.Names.Count && names.Count == 1 && layout.Names[0] == "x" ? [] : [.. names];
    }

    private static TerminationReason? Observe(MethodState state, int nit, MinimizationProblem problem, MinimizeControl control,
        Stopwatch clock, List<IterationInfo>? trace, TextWriter? output)
    {
        var info = new IterationInfo(nit, state.F, state.GradientNorm, state.StepNorm, problem.FunctionEvaluations,
            problem.GradientEvaluations, clock.Elapsed, (double[])state.X.Clone())
        { Layout = problem.Layout, ConstraintViolation = problem.Constraints is null ? double.NaN : state.ConstraintViolation, Note = state.IterationNote };
        trace?.Add(info);
        bool report = nit % Math.Max(control.ProgressEvery, 1) == 0;
        if (report)
        {
            control.Progress?.Report(info);
            output?.WriteLine(info.ToString());
        }

        return control.Callback?.Invoke(info) switch
        {
            CallbackResult.Stop => TerminationReason.CallbackStopped,
            CallbackResult.StopSuccessfully => TerminationReason.CallbackConverged,
            _ => null,
        };
    }

    private static void WriteSummary(TextWriter output, MinimizeResult r)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(r.Success ? "Optimization terminated successfully." : "Warning: " + r.Message);
        output.WriteLine(string.Create(c, $"         Current function value: {r.Fun:F6}"));
        output.WriteLine(string.Create(c, $"         Iterations: {r.Nit}"));
        output.WriteLine(string.Create(c, $"         Function evaluations: {r.Nfev}"));
        output.WriteLine(string.Create(c, $"         Gradient evaluations: {r.Njev}"));
        if (r.Nhev > 0)
        {
            output.WriteLine(string.Create(c, $"         Hessian evaluations: {r.Nhev}"));
        }
    }

    /// <summary>The best finite completed iterate.</summary>
    private sealed class Snapshot(int n, double feasibility)
    {
        public double Violation { get; private set; } = double.PositiveInfinity;

        public double[]? X { get; private set; }

        public double F { get; private set; } = double.PositiveInfinity;

        public double[]? G { get; private set; }

        public double GradientNorm { get; private set; } = double.NaN;

        public void Take(MethodState s)
        {
            if (!double.IsFinite(s.F) || double.IsNaN(s.ConstraintViolation))
            {
                return;
            }

            bool feasible = s.ConstraintViolation <= feasibility, wasFeasible = Violation <= feasibility;
            bool better = X is null
                || (feasible && wasFeasible ? s.F <= F
                : feasible ? true
                : wasFeasible ? false
                : s.ConstraintViolation < Violation || (s.ConstraintViolation == Violation && s.F <= F));
            if (!better)
            {
                return;
            }

            Violation = s.ConstraintViolation;

            X ??= FreshMemory.Doubles(n);
            s.X.CopyTo(X, 0);
            F = s.F;
            if (s.G is not null)
            {
                G ??= FreshMemory.Doubles(n);
                s.G.CopyTo(G, 0);
            }

            GradientNorm = s.GradientNorm;
        }
    }
}
