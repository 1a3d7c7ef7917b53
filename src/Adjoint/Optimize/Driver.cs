using System.Diagnostics;
using System.Globalization;
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

        var best = new Snapshot(n);
        TState? state = null;
        TerminationReason? reason = null;
        string? detail = null;
        int nit = 0;
        problem.Iteration = 0;
        try
        {
            state = method.Initialize(problem);
            if (!double.IsFinite(state.F) || (state.G is { } g0 && !Convergence.AllFinite(g0)))
            {
                reason = TerminationReason.NonFiniteValue;
                detail = "at the starting point";
            }
            else
            {
                best.Take(state);
                if (observe)
                {
                    reason = Observe(state, 0, problem, control, clock, trace, output);
                }

                if (reason is null && gradientMethod && settings.StopOnGradient && state.GradientNorm <= settings.GradientTolerance)
                {
                    reason = TerminationReason.GradientTolerance;
                }
            }

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

                if (!double.IsFinite(state.F) || (state.G is { } g && !Convergence.AllFinite(g)))
                {
                    reason = TerminationReason.NonFiniteValue;
                    break;
                }

                best.Take(state);
                if (outcome.Reason is { } r)
                {
                    reason = r;
                    detail = outcome.Detail;
                }
                else if (gradientMethod && settings.StopOnGradient && state.GradientNorm <= settings.GradientTolerance)
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
        }
        catch (StopSignal signal)
        {
            reason = signal.Reason;
            state = null; // the step was interrupted: report the last completed iterate
        }

        var status = reason!.Value;
        bool useCurrent = state is not null && double.IsFinite(state.F) && (state.G is null || Convergence.AllFinite(state.G));
        double[] x = FreshMemory.Copy(useCurrent ? state!.X : best.X ?? problem.X0);
        double f = useCurrent ? state!.F : best.X is null ? double.NaN : best.F;
        double[]? jac = useCurrent ? (state!.G is { } finalGradient ? FreshMemory.Copy(finalGradient) : null) : best.G;
        double gnorm = useCurrent ? state!.GradientNorm : best.GradientNorm;

        if (gradientMethod && status is TerminationReason.FunctionTolerance or TerminationReason.StepTolerance
            && !(gnorm <= settings.GradientTolerance))
        {
            detail = (detail is null ? "" : detail + "; ") + $"{status} test met";
            status = TerminationReason.NoProgress;
        }

        string message = status.Describe();
        if (status == TerminationReason.NoProgress || (gradientMethod && !status.IsSuccess()))
        {
            message += string.Create(CultureInfo.InvariantCulture, $" Gradient norm {gnorm:E3} (gtol {settings.GradientTolerance:E1}).");
        }

        if (detail is not null)
        {
            message += $" ({detail})";
        }

        var result = new MinimizeResult
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
        };
        if (output is not null)
        {
            WriteSummary(output, result);
        }

        return result;
    }

    private static TerminationReason? Observe(MethodState state, int nit, MinimizationProblem problem, MinimizeControl control,
        Stopwatch clock, List<IterationInfo>? trace, TextWriter? output)
    {
        var info = new IterationInfo(nit, state.F, state.GradientNorm, state.StepNorm, problem.FunctionEvaluations,
            problem.GradientEvaluations, clock.Elapsed, (double[])state.X.Clone())
        { Layout = problem.Layout };
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
    private sealed class Snapshot(int n)
    {
        public double[]? X { get; private set; }

        public double F { get; private set; } = double.PositiveInfinity;

        public double[]? G { get; private set; }

        public double GradientNorm { get; private set; } = double.NaN;

        public void Take(MethodState s)
        {
            if (!double.IsFinite(s.F) || s.F > F)
            {
                return;
            }

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
