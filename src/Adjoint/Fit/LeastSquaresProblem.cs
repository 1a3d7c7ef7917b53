using System.Diagnostics;
using Adjoint.Autodiff;
using Adjoint.Optimize;

namespace Adjoint.Fit;

/// <summary>
/// A residual model as the least-squares methods see it: the box, and the run-time control every method shares. It
/// counts evaluations, checks cancellation and the time limit before each evaluation (unwinding the method with a
/// <see cref="StopSignal"/>), reports a Jacobian that is identically zero at the start as
/// <see cref="TerminationReason.Disconnected"/>, and turns each iteration into an <see cref="IterationInfo"/> for the
/// callback, the progress reporter and the trace, remembering the last reported point so that an interrupted method
/// still returns one.
/// </summary>
internal sealed class LeastSquaresProblem : ResidualModel
{
    private readonly ResidualModel _model;
    private readonly MinimizeControl _control;
    private readonly TimeSpan? _timeLimit;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<IterationInfo>? _trace;
    private readonly Variables? _layout;
    private readonly bool _interruptible;
    private readonly bool _observed;
    private readonly Func<double[], double[]> _expand;
    private double[]? _previousX;

    /// <param name="model">The residual model over the free variables.</param>
    /// <param name="lower">Lower bounds of the free variables.</param>
    /// <param name="upper">Upper bounds of the free variables.</param>
    /// <param name="options">The solve's options (time limit, trace).</param>
    /// <param name="control">Cancellation, callback and progress; null for none.</param>
    /// <param name="layout">The names and shapes of all variables, for <see cref="IterationInfo.Variables"/>.</param>
    /// <param name="expand">Maps a point of the free variables to all variables (fixed ones at their values).</param>
    public LeastSquaresProblem(ResidualModel model, double[] lower, double[] upper, LeastSquaresOptions options, MinimizeControl? control,
        Variables? layout, Func<double[], double[]> expand)
    {
        _model = model;
        Lower = lower;
        Upper = upper;
        IsBounded = lower.Any(double.IsFinite) || upper.Any(double.IsFinite);
        _control = control ?? MinimizeControl.Default;
        _timeLimit = options.TimeLimit;
        _trace = options.RecordTrace ? [] : null;
        _layout = layout;
        _expand = expand;
        _interruptible = _control.CancellationToken.CanBeCanceled || _timeLimit is not null;
        _observed = _control.Callback is not null || _control.Progress is not null || _trace is not null;
    }

    public override int M => _model.M;

    public override int N => _model.N;

    /// <summary>Lower bounds, one per variable (-infinity when unbounded).</summary>
    public double[] Lower { get; }

    /// <summary>Upper bounds, one per variable (+infinity when unbounded).</summary>
    public double[] Upper { get; }

    /// <summary>Whether any bound is finite.</summary>
    public bool IsBounded { get; }

    /// <summary>Residual evaluations so far.</summary>
    public int Evaluations { get; private set; }

    /// <summary>Jacobian evaluations so far.</summary>
    public int Jacobians { get; private set; }

    /// <summary>The iterations reported so far (the starting point counts as iteration 0).</summary>
    public int Iterations { get; private set; }

    /// <summary>The residuals of the first evaluation (at the starting point), when there was one.</summary>
    public double[]? StartResiduals { get; private set; }

    /// <summary>The last reported point and its residuals, when an interruption is possible and a point was reported.</summary>
    public (double[] X, double[] F)? LastReported { get; private set; }

    /// <summary>The recorded iterations, when the options asked for a trace.</summary>
    public List<IterationInfo>? Trace => _trace;

    /// <summary>The time since the solve began.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    public override void Evaluate(ReadOnlySpan<double> x, Span<double> f)
    {
        ThrowIfInterrupted();
        _model.Evaluate(x, f);
        Evaluations++;
        if (Evaluations == 1)
        {
            StartResiduals = f.ToArray();
        }
    }

    public override void Jacobian(ReadOnlySpan<double> x, double[] jacobian)
    {
        ThrowIfInterrupted();
        _model.Jacobian(x, jacobian);
        Jacobians++;
        if (Jacobians == 1 && Array.TrueForAll(jacobian, v => v == 0))
        {
            throw new StopSignal(_model.ReachesVariables(x) ? TerminationReason.FlatStart : TerminationReason.Disconnected);
        }
    }

    /// <summary>
    /// Reports the state at the start of an iteration (the first call is iteration 0, the starting point) to the trace,
    /// the progress reporter and the callback; returns why to stop (cancellation, time limit, the callback) or null.
    /// </summary>
    /// <param name="x">The current point.</param>
    /// <param name="residuals">The (unscaled) residuals at x.</param>
    /// <param name="cost">The cost at x.</param>
    /// <param name="optimality">The method's first-order optimality measure at x.</param>
    public TerminationReason? Report(double[] x, double[] residuals, double cost, double optimality)
    {
        int iteration = Iterations++;
        if (_interruptible)
        {
            LastReported = ((double[])x.Clone(), (double[])residuals.Clone());
        }

        TerminationReason? reason = _interruptible ? Interruption() : null;
        if (_observed)
        {
            var info = Snapshot(iteration, x, cost, optimality);
            _trace?.Add(info);
            if (iteration % Math.Max(_control.ProgressEvery, 1) == 0)
            {
                _control.Progress?.Report(info);
            }

            reason ??= _control.Callback?.Invoke(info) switch
            {
                CallbackResult.Stop => TerminationReason.CallbackStopped,
                CallbackResult.StopSuccessfully => TerminationReason.CallbackConverged,
                _ => null,
            };
            _previousX = (double[])x.Clone();
        }

        return reason;
    }

    /// <summary>Adds the returned point to the trace when it is not already its last entry.</summary>
    public void Finish(double[] x, double cost, double optimality)
    {
        if (_trace is not null && (_previousX is null || !_previousX.AsSpan().SequenceEqual(x)))
        {
            _trace.Add(Snapshot(Iterations, x, cost, optimality));
        }
    }

    private IterationInfo Snapshot(int iteration, double[] x, double cost, double optimality)
    {
        double stepNorm = double.NaN;
        if (_previousX is not null)
        {
            stepNorm = 0;
            for (int i = 0; i < x.Length; i++)
            {
                stepNorm = Math.Max(stepNorm, Math.Abs(x[i] - _previousX[i]));
            }
        }

        return new IterationInfo(iteration, cost, optimality, stepNorm, Evaluations, Jacobians, _clock.Elapsed, _expand(x))
        {
            Layout = _layout,
        };
    }

    /// <summary>Cancellation or the time limit, whichever holds, or null.</summary>
    private TerminationReason? Interruption()
    {
        if (_control.CancellationToken.IsCancellationRequested)
        {
            return TerminationReason.Cancelled;
        }

        return _timeLimit is { } limit && _clock.Elapsed > limit ? TerminationReason.TimeLimit : null;
    }

    private void ThrowIfInterrupted()
    {
        if (_interruptible && Interruption() is { } reason)
        {
            throw new StopSignal(reason);
        }
    }
}
