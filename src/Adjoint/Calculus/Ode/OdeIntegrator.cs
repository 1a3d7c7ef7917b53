using System.Globalization;

namespace Adjoint.Calculus;

/// <summary>
/// The one driver loop of every method: the first step, the step budget, stored times (<c>t_eval</c> or every step),
/// events, the dense output, the switch of <see cref="OdeMethod.Auto"/> to Radau, and the outcome.
/// </summary>
internal static class OdeIntegrator
{
    /// <summary>What a solve produced on float64 buffers, before the tensors are made.</summary>
    internal sealed record RawSolution(
        double[] T, List<double[]> Z, OdeStatus Status, string Message, double TFinal, OdeDenseOutput? Sol,
        double[][] TEvents, double[][][] YEvents, int Nfev, int Njev, int Nlu, int Accepted, int Rejected,
        OdeMethod FinalMethod, double? StiffAt, bool Replayed, string? ReplayBlocker);

    public static RawSolution Solve(OdeRhs rhs, double t0, double t1, double[] y0, OdeOptions options)
    {
        int n = rhs.N, d = rhs.Dimension;
        var atol = ExpandTolerances(options, n, d);
        double rtol = Math.Max(options.RelativeTolerance, 100 * 2.220446049250313e-16);
        int controlled = options.SensitivityErrorControl ? d : n;
        double direction = t1 >= t0 ? 1 : -1;
        var tEval = options.TEval;
        var events = options.Events ?? [];

        var z0 = new double[d];
        y0.CopyTo(z0, 0);
        if (rhs.Sensitive)
        {
            for (int i = 0; i < n; i++)
            {
                z0[n + (i * n) + i] = 1;
            }
        }

        var ts = new List<double>();
        var zs = new List<double[]>();
        int evalIndex = 0;
        if (tEval is null)
        {
            ts.Add(t0);
            zs.Add((double[])z0.Clone());
        }
        else
        {
            while (evalIndex < tEval.Count && tEval[evalIndex] == t0)
            {
                ts.Add(t0);
                zs.Add((double[])z0.Clone());
                evalIndex++;
            }
        }

        var tEvents = events.Select(_ => new List<double>()).ToArray();
        var yEvents = events.Select(_ => new List<double[]>()).ToArray();
        var segments = options.DenseOutput ? new List<DenseSegment>() : null;

        int accepted = 0, rejected = 0, nlu = 0;
        double? stiffAt = null;
        var f0 = new double[d];
        bool finite = rhs.Evaluate(t0, z0, f0);
        if (!finite)
        {
            return Finish(OdeStatus.NonFiniteDerivative, t0, null);
        }

        if (t0 == t1)
        {
            return Finish(OdeStatus.Success, t0, null);
        }

        OdeStepper stepper = Create(options.Method, rhs, t0, z0, f0, t1, atol, rtol, options.MaxStep, controlled, options.MaxSteps);
        stepper.HAbs = options.FirstStep is { } first
            ? first
            : OdeStepper.SelectInitialStep(rhs, t0, z0, f0, direction, stepper.ErrorEstimatorOrder, atol, rtol, controlled, options.MaxStep, Math.Abs(t1 - t0));

        var gOld = new double[events.Count];
        var state = new double[n];
        Array.Copy(z0, state, n);
        for (int k = 0; k < events.Count; k++)
        {
            gOld[k] = events[k].Condition(t0, (double[])state.Clone());
        }

        var point = new double[d];
        while (true)
        {
            var status = stepper.Step();
            if (status is { } failure)
            {
                return Finish(failure, stepper.T, stepper);
            }

            double tOld = stepper.TOld, tNew = stepper.T;
            // The dense output costs DOP853 three evaluations: it is made only for a step that needs it.
            DenseSegment? lazySegment = null;
            var currentStepper = stepper;
            DenseSegment Segment() => lazySegment ??= currentStepper.Dense();
            double tStop = tNew;
            bool terminal = false;
            if (events.Count > 0)
            {
                Array.Copy(stepper.Y, state, n);
                var found = new List<(double T, int Event)>();
                for (int k = 0; k < events.Count; k++)
                {
                    double gNew = events[k].Condition(tNew, (double[])state.Clone());
                    double g0 = gOld[k];
                    bool up = g0 <= 0 && gNew >= 0, down = g0 >= 0 && gNew <= 0;
                    bool active = events[k].Direction switch
                    {
                        EventDirection.Rising => up,
                        EventDirection.Falling => down,
                        _ => up || down,
                    };
                    if (active && !(g0 == 0 && gNew == 0))
                    {
                        var ev = events[k];
                        var buffer = new double[n];
                        double Root(double t)
                        {
                            Segment().Evaluate(t, buffer);
                            return ev.Condition(t, (double[])buffer.Clone());
                        }

                        double root = OdeRootFinder.FindRoot(Root, tOld, tNew, g0, gNew, 4 * 2.220446049250313e-16);
                        found.Add((root, k));
                    }

                    gOld[k] = gNew;
                }

                found.Sort((a, b) => (direction * a.T).CompareTo(direction * b.T));
                foreach (var (root, k) in found)
                {
                    var yRoot = new double[n];
                    Segment().Evaluate(root, yRoot);
                    tEvents[k].Add(root);
                    yEvents[k].Add(yRoot);
                    if (events[k].Terminal)
                    {
                        terminal = true;
                        tStop = root;
                        break;
                    }
                }
            }

            if (tEval is null)
            {
                ts.Add(tStop);
                if (terminal)
                {
                    var zStop = new double[d];
                    Segment().Evaluate(tStop, zStop);
                    zs.Add(zStop);
                }
                else
                {
                    zs.Add((double[])stepper.Y.Clone());
                }
            }
            else
            {
                while (evalIndex < tEval.Count && direction * (tEval[evalIndex] - tStop) <= 0)
                {
                    var z = new double[d];
                    if (tEval[evalIndex] == tNew)
                    {
                        Array.Copy(stepper.Y, z, d);
                    }
                    else
                    {
                        Segment().Evaluate(tEval[evalIndex], z);
                    }

                    ts.Add(tEval[evalIndex]);
                    zs.Add(z);
                    evalIndex++;
                }
            }

            segments?.Add(Segment());
            if (terminal)
            {
                return Finish(OdeStatus.TerminalEvent, tStop, stepper);
            }

            if (direction * (tNew - t1) >= 0)
            {
                return Finish(OdeStatus.Success, tNew, stepper);
            }

            if (stepper is Rk45Stepper { StiffnessDetected: true } explicitStepper)
            {
                accepted += explicitStepper.AcceptedSteps;
                rejected += explicitStepper.RejectedSteps;
                nlu += explicitStepper.Nlu;
                stiffAt = tNew;
                var radau = new RadauStepper(rhs, tNew, explicitStepper.Y, explicitStepper.F, t1, atol, rtol, options.MaxStep, controlled, options.MaxSteps - accepted - rejected)
                {
                    HAbs = explicitStepper.HAbs,
                };
                stepper = radau;
            }
        }

        RawSolution Finish(OdeStatus status, double tFinal, OdeStepper? last)
        {
            if (last is not null)
            {
                accepted += last.AcceptedSteps;
                rejected += last.RejectedSteps;
                nlu += last.Nlu;
            }

            if (tEval is not null)
            {
                for (; evalIndex < tEval.Count && status is not (OdeStatus.Success or OdeStatus.TerminalEvent); evalIndex++)
                {
                    ts.Add(tEval[evalIndex]);
                    zs.Add(Enumerable.Repeat(double.NaN, d).ToArray());
                }
            }

            string message = status.Describe();
            if (!status.IsSuccess())
            {
                message = string.Create(CultureInfo.InvariantCulture, $"{message} (at t = {tFinal:R})");
            }

            return new RawSolution(
                [.. ts], zs, status, message, tFinal,
                segments is null ? null : new OdeDenseOutput(segments, n, direction > 0),
                [.. tEvents.Select(l => l.ToArray())], [.. yEvents.Select(l => l.ToArray())],
                rhs.Nfev, rhs.Njev, nlu, accepted, rejected, last?.Method ?? options.Method, stiffAt, rhs.Replayed, rhs.ReplayBlocker);
        }
    }

    private static OdeStepper Create(OdeMethod method, OdeRhs rhs, double t0, double[] z0, double[] f0, double t1, double[] atol, double rtol, double maxStep, int controlled, int maxSteps) =>
        method switch
        {
            OdeMethod.Rk45 => new Rk45Stepper(rhs, t0, z0, f0, t1, atol, rtol, maxStep, controlled, maxSteps, detectStiffness: false),
            OdeMethod.Auto => new Rk45Stepper(rhs, t0, z0, f0, t1, atol, rtol, maxStep, controlled, maxSteps, detectStiffness: true),
            OdeMethod.Dop853 => new Dop853Stepper(rhs, t0, z0, f0, t1, atol, rtol, maxStep, controlled, maxSteps),
            OdeMethod.Radau => new RadauStepper(rhs, t0, z0, f0, t1, atol, rtol, maxStep, controlled, maxSteps),
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown method."),
        };

    /// <summary>atol for every integrated component: the state's, repeated for each sensitivity column.</summary>
    private static double[] ExpandTolerances(OdeOptions options, int n, int d)
    {
        var atol = new double[d];
        for (int c = 0; c < d; c++)
        {
            atol[c] = options.AbsoluteTolerances is { } list ? list[c % n] : options.AbsoluteTolerance;
        }

        return atol;
    }
}
