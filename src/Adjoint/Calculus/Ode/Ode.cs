using Adjoint.Autodiff;
using Adjoint.Tensors;

namespace Adjoint.Calculus;

/// <summary>
/// Initial value problems for ordinary differential equations dy/dt = f(t, y, p), as scipy's <c>solve_ivp</c> and
/// <c>odeint</c>, with the right-hand side written in tensor operations: Jacobians for the stiff method come exact from
/// autodiff, and the solution is differentiable with respect to the initial state and the parameters.
/// </summary>
/// <remarks>
/// <para>The solvers run on float64 buffers; f is called with the state as a tensor shaped like y0 (under no-grad for
/// plain evaluations, recorded when a Jacobian is needed) and must return that shape.</para>
/// <para>Derivatives: when y0 or p is tracked by a gradient tape, the solve integrates the forward sensitivity equations
/// S' = J S + [0 | df/dp], S(t0) = [I | 0], alongside the state with the same steps (J and df/dp by autodiff at every
/// stage), and returns Y as one recorded operation whose backward pass multiplies by S. Tensors that f captures and that
/// are tracked must be passed as p; the two-argument form throws when it sees f's output tracked.</para>
/// </remarks>
/// <example><code>
/// // dv/dt = 3 v^2 - 5, v(0) = 0
/// var sol = Ode.SolveIvp((t, v) => 3 * v.Square() - 5, (0.0, 1.0), Tensor.FromArray([0.0]), new OdeOptions { Method = OdeMethod.Dop853, RelativeTolerance = 1e-8 });
/// // Lotka-Volterra with parameters p = (a, b, c, d)
/// var lv = Ode.SolveIvp((t, y, p) => Tensor.Stack([p[0] * y[0] - p[1] * y[0] * y[1], p[3] * y[0] * y[1] - p[2] * y[1]]),
///                       (0.0, 15.0), Tensor.FromArray([10.0, 5.0]), Tensor.FromArray([1.5, 1, 3, 1]));
/// </code></example>
public static class Ode
{
    /// <summary>Solves dy/dt = f(t, y) from <paramref name="tSpan"/>.Item1 to .Item2 (scipy <c>solve_ivp(fun, t_span, y0)</c>).</summary>
    /// <param name="f">The right-hand side f(t, y), returning y's shape.</param>
    /// <param name="tSpan">The start and end times (the end may lie before the start).</param>
    /// <param name="y0">The initial state: a scalar or a vector, float64 or float32; may be tracked.</param>
    /// <param name="options">Method, tolerances, t_eval, events; null for scipy's defaults.</param>
    /// <returns>The solution; a failure is reported in it, not thrown.</returns>
    /// <exception cref="ArgumentException">y0 is empty, not finite or of rank above one; f returns the wrong shape; the span or t_eval is not finite, or t_eval lies outside the span or is unsorted.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range (see <see cref="OdeOptions.Validate"/>).</exception>
    /// <exception cref="InvalidOperationException">f uses tensors tracked by a gradient tape (pass them as parameters).</exception>
    public static OdeSolution SolveIvp(Func<double, Tensor, Tensor> f, (double T0, double T1) tSpan, Tensor y0, OdeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        return SolveCore((t, y, _) => f(t, y), tSpan, y0, null, options ?? new OdeOptions());
    }

    /// <summary>Solves dy/dt = f(t, y) from an initial state given as numbers.</summary>
    /// <param name="f">The right-hand side f(t, y), returning y's shape.</param>
    /// <param name="tSpan">The start and end times.</param>
    /// <param name="y0">The initial state.</param>
    /// <param name="options">Method, tolerances, t_eval, events; null for scipy's defaults.</param>
    /// <returns>The solution.</returns>
    /// <exception cref="ArgumentException">As for the tensor overload.</exception>
    public static OdeSolution SolveIvp(Func<double, Tensor, Tensor> f, (double T0, double T1) tSpan, double[] y0, OdeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(y0);
        return SolveIvp(f, tSpan, Tensor.FromArray(y0), options);
    }

    /// <summary>
    /// Solves dy/dt = f(t, y, p) (scipy <c>solve_ivp(fun, t_span, y0, args=(p,))</c>); when y0 or
    /// <paramref name="parameters"/> is tracked, the returned Y carries exact derivatives by forward sensitivities.
    /// </summary>
    /// <param name="f">The right-hand side f(t, y, p), returning y's shape.</param>
    /// <param name="tSpan">The start and end times.</param>
    /// <param name="y0">The initial state: a scalar or a vector; may be tracked.</param>
    /// <param name="parameters">The parameters p, any shape, of y0's dtype; may be tracked.</param>
    /// <param name="options">Method, tolerances, t_eval, events; null for scipy's defaults.</param>
    /// <returns>The solution.</returns>
    /// <exception cref="ArgumentException">As for the two-argument form, or p's dtype differs from y0's.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    /// <exception cref="InvalidOperationException">f uses tracked tensors other than y and p.</exception>
    public static OdeSolution SolveIvp(Func<double, Tensor, Tensor, Tensor> f, (double T0, double T1) tSpan, Tensor y0, Tensor parameters, OdeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(parameters);
        return SolveCore((t, y, p) => f(t, y, p!), tSpan, y0, parameters, options ?? new OdeOptions());
    }

    /// <summary>
    /// Integrates dy/dt = f(y, t) and returns the states at the times <paramref name="t"/>, one row per time (scipy
    /// <c>odeint(func, y0, t)</c>, whose default tolerances rtol = atol = 1.49012e-8 and automatic stiff switching are used
    /// unless <paramref name="options"/> says otherwise).
    /// </summary>
    /// <param name="f">The right-hand side in odeint's argument order, f(y, t).</param>
    /// <param name="y0">The initial state at t[0]: a scalar or a vector.</param>
    /// <param name="t">The times, t[0] the initial one, monotonic.</param>
    /// <param name="options">Overrides (its TEval is replaced by t); null for odeint's settings.</param>
    /// <returns>A tensor of shape [t.Length, n] (n = 1 for a scalar y0); rows past a failure are NaN. Differentiable when y0 is tracked.</returns>
    /// <exception cref="ArgumentException">t is empty or not monotonic, or as for <see cref="SolveIvp(Func{double, Tensor, Tensor}, ValueTuple{double, double}, Tensor, OdeOptions?)"/>.</exception>
    public static Tensor Odeint(Func<Tensor, double, Tensor> f, Tensor y0, double[] t, OdeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(t);
        if (t.Length == 0)
        {
            throw new ArgumentException("odeint needs at least one time.", nameof(t));
        }

        var settings = (options ?? new OdeOptions { Method = OdeMethod.Auto, RelativeTolerance = OdeintTolerance, AbsoluteTolerance = OdeintTolerance }) with { TEval = t };
        return SolveIvp((time, y) => f(y, time), (t[0], t[^1]), y0, settings).Y;
    }

    /// <summary>odeint's default relative and absolute tolerance, 1.49012e-8.</summary>
    public const double OdeintTolerance = 1.49012e-8;

    private static OdeSolution SolveCore(Func<double, Tensor, Tensor?, Tensor> f, (double T0, double T1) tSpan, Tensor y0, Tensor? parameters, OdeOptions options)
    {
        ArgumentNullException.ThrowIfNull(y0);
        options.Validate();
        var (t0, t1) = tSpan;
        if (!double.IsFinite(t0) || !double.IsFinite(t1))
        {
            throw new ArgumentException($"The time span ({t0}, {t1}) must be finite.", nameof(tSpan));
        }

        if (y0.Rank > 1 || y0.Size == 0)
        {
            throw new ArgumentException($"y0 must be a scalar or a non-empty vector; it has shape {y0.Shape}.", nameof(y0));
        }

        if (parameters is not null && parameters.DType != y0.DType)
        {
            throw new ArgumentException($"The parameters are {parameters.DType}, y0 is {y0.DType}.", nameof(parameters));
        }

        var y0Values = y0.ToArray();
        if (Array.Exists(y0Values, v => !double.IsFinite(v)))
        {
            throw new ArgumentException("y0 must be finite.", nameof(y0));
        }

        int n = y0Values.Length;
        if (options.AbsoluteTolerances is { } list && list.Count != n)
        {
            throw new ArgumentException($"atol has {list.Count} entries for a state of {n}.", nameof(options));
        }

        CheckTEval(options.TEval, t0, t1);
        bool recording = Tape.Recording is not null;
        bool sensitive = recording && (y0.IsTracked || (parameters?.IsTracked ?? false));
        Tensor? detachedParameters;
        using (Grad.NoGrad())
        {
            detachedParameters = parameters?.Detach();
        }

        if (recording)
        {
            CheckNoCapturedTracking(f, t0, y0Values, y0, detachedParameters);
        }

        bool needsJacobian = options.Method is OdeMethod.Radau or OdeMethod.Auto;
        var rhs = new OdeRhs(f, y0.Shape, y0.DType, detachedParameters, sensitive, options.Replay, needsJacobian, t1);
        OdeIntegrator.RawSolution raw;
        string? mismatch = null;
        try
        {
            raw = Tape.Current is null ? OdeIntegrator.Solve(rhs, t0, t1, y0Values, options) : SolveOnOwnThread(rhs, t0, t1, y0Values, options);
        }
        catch (OdeReplayMismatchException e)
        {
            // The recording stopped standing for f during the solve: start again on the tensor route.
            mismatch = e.Message;
            rhs.ReleaseReplay();
            rhs = new OdeRhs(f, y0.Shape, y0.DType, detachedParameters, sensitive);
            raw = Tape.Current is null ? OdeIntegrator.Solve(rhs, t0, t1, y0Values, options) : SolveOnOwnThread(rhs, t0, t1, y0Values, options);
        }
        finally
        {
            rhs.ReleaseReplay();
        }

        int nt = raw.T.Length;
        var values = new double[nt * n];
        for (int k = 0; k < nt; k++)
        {
            Array.Copy(raw.Z[k], 0, values, k * n, n);
        }

        var y = Tensor.FromArray(values, new Shape(nt, n), y0.DType);
        Tensor? sensitivities = null;
        if (sensitive)
        {
            int m = rhs.M, np = rhs.Np;
            var full = new double[nt * n * m];
            var initial = new double[nt * n * n];
            var parameter = new double[nt * n * np];
            for (int k = 0; k < nt; k++)
            {
                var z = raw.Z[k];
                for (int i = 0; i < n; i++)
                {
                    for (int j = 0; j < m; j++)
                    {
                        double s = z[n + (j * n) + i];
                        full[(((k * n) + i) * m) + j] = s;
                        if (j < n)
                        {
                            initial[(((k * n) + i) * n) + j] = s;
                        }
                        else
                        {
                            parameter[(((k * n) + i) * np) + (j - n)] = s;
                        }
                    }
                }
            }

            sensitivities = Tensor.FromArray(full, new Shape(nt, n, m), y0.DType);
            var op = new OdeSensitivityFunction(
                y,
                Tensor.FromArray(initial, new Shape(nt * n, n), y0.DType),
                parameters is null ? null : Tensor.FromArray(parameter, new Shape(nt * n, np), y0.DType));
            y = parameters is null ? op.Apply(y0) : op.Apply(y0, parameters);
        }

        return new OdeSolution
        {
            T = raw.T,
            Y = y,
            Status = raw.Status,
            Message = raw.Message,
            TFinal = raw.TFinal,
            Sol = raw.Sol,
            TEvents = raw.TEvents,
            YEvents = raw.YEvents,
            Nfev = raw.Nfev,
            Njev = raw.Njev,
            Nlu = raw.Nlu,
            AcceptedSteps = raw.Accepted,
            RejectedSteps = raw.Rejected,
            FinalMethod = raw.FinalMethod,
            StiffnessDetectedAt = raw.StiffAt,
            Sensitivities = sensitivities,
            Replayed = raw.Replayed,
            ReplayBlocker = mismatch ?? raw.ReplayBlocker,
        };
    }

    /// <summary>
    /// Runs the integration on a thread of its own, whose gradient tape is empty: the Jacobians recorded at every stage
    /// then never lengthen the caller's tape (whose backward passes and bookkeeping grow with its length).
    /// </summary>
    private static OdeIntegrator.RawSolution SolveOnOwnThread(OdeRhs rhs, double t0, double t1, double[] y0, OdeOptions options)
    {
        OdeIntegrator.RawSolution? result = null;
        System.Runtime.ExceptionServices.ExceptionDispatchInfo? failure = null;
        var worker = new Thread(() =>
        {
            try
            {
                result = OdeIntegrator.Solve(rhs, t0, t1, y0, options);
            }
            catch (Exception e)
            {
                failure = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e);
            }
        }, maxStackSize: 16 << 20);
        worker.Start();
        worker.Join();
        failure?.Throw();
        return result!;
    }

    /// <summary>Throws when f's output at (t0, y0) is tracked although neither y nor p given to it is.</summary>
    private static void CheckNoCapturedTracking(Func<double, Tensor, Tensor?, Tensor> f, double t0, double[] y0Values, Tensor y0, Tensor? parameters)
    {
        using var scope = TensorScope.Begin();
        var result = f(t0, Tensor.FromArray(y0Values, y0.Shape, y0.DType), parameters);
        if (result is not null && result.IsTracked)
        {
            throw new InvalidOperationException(
                "The right-hand side uses tensors tracked by a gradient tape other than y and p; pass them as the parameters p (SolveIvp(f(t, y, p), tSpan, y0, p)) so that their derivatives are integrated.");
        }
    }

    private static void CheckTEval(IReadOnlyList<double>? tEval, double t0, double t1)
    {
        if (tEval is null)
        {
            return;
        }

        double direction = t1 >= t0 ? 1 : -1;
        for (int i = 0; i < tEval.Count; i++)
        {
            double t = tEval[i];
            if (!double.IsFinite(t) || direction * (t - t0) < 0 || direction * (t - t1) > 0)
            {
                throw new ArgumentException($"t_eval[{i}] = {t} is not within the span ({t0}, {t1}).", nameof(tEval));
            }

            if (i > 0 && direction * (t - tEval[i - 1]) < 0)
            {
                throw new ArgumentException("t_eval must be sorted in the direction of integration.", nameof(tEval));
            }
        }
    }
}
