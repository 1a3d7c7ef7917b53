using System.Diagnostics;
using Adjoint.Autodiff;
using Adjoint.Optimize.Constraints;
using Adjoint.Tensors;

namespace Adjoint.Optimize;

/// <summary>
/// One minimization run as a method sees it: a flat float64 vector of <see cref="Dimension"/> variables, optional
/// box bounds, and counted evaluations of the objective and its derivatives in the evaluation dtype.
/// </summary>
/// <remarks>
/// <para>Every evaluation converts the float64 point to the evaluation dtype (<see cref="Precision"/>), calls the
/// user's function and returns float64 results. Exceptions from user code are wrapped in
/// <see cref="ObjectiveException"/> carrying the iteration number. Before each function evaluation the problem checks
/// the evaluation budget, the cancellation token and the time limit; when one trips, the evaluation unwinds to the
/// shared driver, which returns the best completed iterate.</para>
/// <para>Each evaluation runs inside an <see cref="EvaluationPrecision"/> scope of its dtype: tensors the objective
/// captured in the other dtype (float64 data in a float32 evaluation) are converted once and cached.</para>
/// <para>Finite-difference steps are relative to the evaluation dtype: h = √ε·max(1, |x_i|) (forward) or
/// ∛ε·max(1, |x_i|) (central), rounded so that x + h is representable, and flipped to stay inside the bounds
/// (<see cref="Objective.FiniteDifferenceRelativeStep"/> and <see cref="Objective.FiniteDifferenceStep"/> replace the
/// default step). A variable whose lower and upper bounds are equal is never moved: its gradient component is 0.</para>
/// </remarks>
public sealed class MinimizationProblem
{
    private readonly Func<Tensor, Tensor> _function;
    private readonly Objective _objective;
    private readonly Shape _shape;
    private readonly CancellationToken _token;
    private readonly Stopwatch _clock;
    private readonly int _maxEvaluations;
    private readonly TimeSpan? _timeLimit;
    private double[]? _fdPoint;
    private ReplayedObjective? _replay;
    private bool _replayTried;

    internal MinimizationProblem(Objective objective, Variables layout, double[] x0, double[]? lower, double[]? upper,
        DType precision, ResolvedSettings settings, Stopwatch clock, CancellationToken token, IReadOnlyList<Constraint>? constraints = null)
    {
        _objective = objective;
        Layout = layout;
        Dimension = x0.Length;
        X0 = x0;
        Lower = lower;
        Upper = upper;
        Precision = precision;
        Settings = settings;
        _token = token;
        _clock = clock;
        _maxEvaluations = settings.MaxFunctionEvaluations;
        _timeLimit = settings.TimeLimit;
        Func<Tensor, Tensor> function;
        var names = layout.Names.ToArray();
        var shapes = layout.Values.Select(t => t.Shape).ToArray();
        var offsets = names.Select(layout.OffsetOf).ToArray();
        _shape = objective.TensorFunction is not null || layout.Count == 1 ? layout.Values.First().Shape : new Shape([Dimension]);
        Func<Tensor, Variables> split = layout.Count == 1
            ? x => new Variables { [names[0]] = x }
            : flat =>
            {
                var v = new Variables();
                for (int i = 0; i < names.Length; i++)
                {
                    int size = shapes[i].Size;
                    v[names[i]] = flat[offsets[i]..(offsets[i] + size)].Reshape(shapes[i]);
                }

                return v;
            };
        if (objective.TensorFunction is { } tf)
        {
            function = tf;
        }
        else
        {
            var vf = objective.VariablesFunction!;
            function = x => vf(split(x));
        }

        // Every evaluation runs in a scope of its dtype, so data captured in the other dtype is converted, not rejected.
        _function = x =>
        {
            using var precision = EvaluationPrecision.Begin(x.DType);
            return function(x);
        };
        _rawFunction = function;
        if (constraints is { Count: > 0 })
        {
            Constraints = new ConstraintSet(this, constraints, _shape, split, x0);
        }
    }

    private readonly Func<Tensor, Tensor> _rawFunction;

    /// <summary>The constraints, or null when the problem has none (box bounds are <see cref="Lower"/> and <see cref="Upper"/>).</summary>
    public ConstraintSet? Constraints { get; }

    /// <summary>
    /// The Hessian of the Lagrangian times v: (∇²f(x) + Σ λ_i ∇²c_i(x)) v, with λ in the library's convention (one per
    /// row of <see cref="Constraints"/>). Exact by reverse over reverse on f + λᵀc when the objective and the constraints
    /// use autodiff; user derivatives and finite-difference constraints contribute by differences of gradients along v.
    /// Counted as one Hessian evaluation of the objective and one of the constraints.
    /// </summary>
    /// <param name="x">The flat point.</param>
    /// <param name="lambda">Row multipliers (m values; ignored without constraints).</param>
    /// <param name="v">The direction.</param>
    /// <param name="result">Receives n values.</param>
    public void LagrangianHessianVectorProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> lambda, ReadOnlySpan<double> v, Span<double> result)
    {
        var set = Constraints;
        if (set is null || lambda.IndexOfAnyExcept(0.0) < 0)
        {
            HessianVectorProduct(x, v, result);
            return;
        }

        if (lambda.Length != set.Count)
        {
            throw new ArgumentException($"lambda has {lambda.Length} values; the problem has {set.Count} constraint rows.", nameof(lambda));
        }

        set.HessianEvaluations++;
        if (UsesAutodiff)
        {
            CheckStop();
            HessianEvaluations++;
            var lam = lambda.ToArray();
            try
            {
                using var scope = TensorScope.Begin();
                using var precision = EvaluationPrecision.Begin(Precision);
                Func<Tensor, Tensor> lagrangian = xt =>
                {
                    var f = _rawFunction(xt);
                    var term = set.AutodiffLagrangianTerm(xt, lam);
                    return term is null ? f : f.Reshape(Shape.Scalar) + term;
                };
                Grad.Hvp(lagrangian, Tensor.FromArray(x, _shape, Precision), Tensor.FromArray(v, _shape, Precision)).CopyTo(result);
            }
            catch (Exception ex) when (ex is not StopSignal and not ObjectiveException)
            {
                throw new ObjectiveException(Iteration, ex);
            }

            set.AddCurvatureByDifferences(x, lambda, v, result, includeAutodiff: false);
            return;
        }

        HessianVectorProduct(x, v, result);
        set.AddCurvatureByDifferences(x, lambda, v, result, includeAutodiff: true);
    }

    /// <summary>Checks cancellation and the time limit before a constraint evaluation.</summary>
    internal void CheckStopForConstraints() => CheckStop();

    /// <summary>The number of scalar variables.</summary>
    public int Dimension { get; }

    /// <summary>
    /// The starting point (flat, float64, inside the bounds for bounded methods). After the final check moved the run
    /// off a point that was not a minimizer (a saddle, or a point a Newton step still improves), the point the method
    /// restarted from.
    /// </summary>
    public double[] X0 { get; private set; }

    /// <summary>
    /// Whether an automatic gradient found the objective's output unconnected to the variables on the tape (computed
    /// from host copies, detached tensors or constants), so that every derivative is zero.
    /// </summary>
    internal bool Disconnected { get; private set; }

    /// <summary>Whether the objective's derivatives come from automatic differentiation of the tensor function.</summary>
    internal bool UsesAutodiff => _objective.Gradient is null && _objective.Differentiation == Differentiation.Autodiff;

    /// <summary>Makes <paramref name="x"/> the point the method starts from when it is initialized again.</summary>
    internal void RestartFrom(double[] x) => X0 = x;

    /// <summary>Lower bounds (-∞ where unbounded), or null when the problem has no finite bound.</summary>
    public double[]? Lower { get; }

    /// <summary>Upper bounds (+∞ where unbounded), or null when the problem has no finite bound.</summary>
    public double[]? Upper { get; }

    /// <summary>Whether any finite bound is present.</summary>
    public bool HasBounds => Lower is not null;

    /// <summary>The dtype the objective is evaluated in.</summary>
    public DType Precision { get; }

    /// <summary>The machine epsilon of <see cref="Precision"/>.</summary>
    public double MachineEpsilon => Settings.MachineEpsilon;

    /// <summary>Function evaluations so far (scipy <c>nfev</c>), finite-difference evaluations included.</summary>
    public int FunctionEvaluations { get; private set; }

    /// <summary>Gradient evaluations so far (scipy <c>njev</c>).</summary>
    public int GradientEvaluations { get; private set; }

    /// <summary>Hessian and Hessian-vector product evaluations so far (scipy <c>nhev</c>).</summary>
    public int HessianEvaluations { get; private set; }

    /// <summary>Names, shapes and dtypes of the variables (in the evaluation dtype), in the order of the flat vector;
    /// <c>Layout.Unflatten(x)</c> turns a flat iterate back into named tensors.</summary>
    public Variables Layout { get; }

    /// <summary>The run's settings with the method's defaults filled in (maxiter, gtol, ftol, xtol, ...).</summary>
    public ResolvedSettings Settings { get; }

    /// <summary>The iteration in progress (0 while initializing), set by the driver and attached to exceptions from the objective.</summary>
    public int Iteration { get; internal set; }

    /// <summary>Whether the objective has exact second derivatives (autodiff or user delegates).</summary>
    internal bool HasExactHessian => _objective.Hessian is not null || _objective.HessianVectorProduct is not null
        || (_objective.Gradient is null && _objective.Differentiation == Differentiation.Autodiff);

    /// <summary>The objective at <paramref name="x"/>.</summary>
    public double Value(ReadOnlySpan<double> x)
    {
        Charge();
        try
        {
            using var scope = TensorScope.Begin();
            using var noGrad = Grad.NoGrad();
            var y = _function(Tensor.FromArray(x, _shape, Precision));
            if (y.Size != 1)
            {
                throw new InvalidOperationException($"The objective returned shape {y.Shape}; it must return one element.");
            }

            return y.Item();
        }
        catch (Exception ex) when (ex is not StopSignal and not ObjectiveException)
        {
            throw new ObjectiveException(Iteration, ex);
        }
    }

    /// <summary>The objective at <paramref name="x"/>, writing its gradient into <paramref name="gradient"/>.</summary>
    public double ValueAndGradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        if (_objective.Gradient is { } userGradient)
        {
            double f = Value(x);
            GradientEvaluations++;
            CopyUser(userGradient, x, gradient, "gradient");
            return f;
        }

        switch (_objective.Differentiation)
        {
            case Differentiation.TwoPoint:
            case Differentiation.ThreePoint:
            {
                double f = Value(x);
                GradientEvaluations++;
                FiniteDifferenceGradient(x, f, gradient);
                return f;
            }

            default:
            {
                Charge();
                GradientEvaluations++;
                try
                {
                    if (_replay is { } replay)
                    {
                        return replay.ValueAndGradient(x, gradient);
                    }

                    double f = AutodiffValueAndGradient(x, Precision, gradient);
                    if (!_replayTried && _objective.Replay && ReplayedObjective.Enabled)
                    {
                        // The first evaluation's results are what a recording must reproduce to replace the tensor route.
                        _replayTried = true;
                        _replay = Disconnected ? null : ReplayedObjective.TryRecord(_function, _shape, Precision, x, f, gradient);
                    }

                    return f;
                }
                catch (Exception ex) when (ex is not StopSignal and not ObjectiveException)
                {
                    throw new ObjectiveException(Iteration, ex);
                }
            }
        }
    }

    /// <summary>Writes the Hessian-vector product H(x) v into <paramref name="result"/>.</summary>
    public void HessianVectorProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> v, Span<double> result)
    {
        if (_objective.HessianVectorProduct is { } hessp)
        {
            CheckStop();
            HessianEvaluations++;
            var xa = x.ToArray();
            var va = v.ToArray();
            var r = Call(() => hessp(xa, va));
            CheckLength(r.Length, "Hessian-vector product");
            r.CopyTo(result);
            return;
        }

        if (_objective.Hessian is { } hess)
        {
            CheckStop();
            HessianEvaluations++;
            var xa = x.ToArray();
            var h = Call(() => hess(xa));
            MultiplyDense(h, v, result);
            return;
        }

        if (_objective.Gradient is null && _objective.Differentiation == Differentiation.Autodiff)
        {
            CheckStop();
            HessianEvaluations++;
            try
            {
                using var scope = TensorScope.Begin();
                var hv = Grad.Hvp(_function, Tensor.FromArray(x, _shape, Precision), Tensor.FromArray(v, _shape, Precision));
                hv.CopyTo(result);
                return;
            }
            catch (Exception ex) when (ex is not StopSignal and not ObjectiveException)
            {
                throw new ObjectiveException(Iteration, ex);
            }
        }

        // Forward difference of gradients along v: H v ≈ (g(x + h v) - g(x)) / h.
        HessianEvaluations++;
        double vnorm = 0, xnorm = 0;
        for (int i = 0; i < Dimension; i++)
        {
            vnorm += v[i] * v[i];
            xnorm += x[i] * x[i];
        }

        vnorm = Math.Sqrt(vnorm);
        if (vnorm == 0)
        {
            result.Clear();
            return;
        }

        double step = Math.Sqrt(MachineEpsilon) * (1 + Math.Sqrt(xnorm)) / vnorm;
        var xp = new double[Dimension];
        var g0 = new double[Dimension];
        for (int i = 0; i < Dimension; i++)
        {
            xp[i] = x[i] + step * v[i];
        }

        ValueAndGradient(x, g0);
        ValueAndGradient(xp, result);
        for (int i = 0; i < Dimension; i++)
        {
            result[i] = (result[i] - g0[i]) / step;
        }
    }

    /// <summary>Writes the dense Hessian at <paramref name="x"/> (row-major, n·n) into <paramref name="result"/>.</summary>
    public void Hessian(ReadOnlySpan<double> x, Span<double> result)
    {
        int n = Dimension;
        if (_objective.Hessian is { } hess)
        {
            CheckStop();
            HessianEvaluations++;
            var xa = x.ToArray();
            var h = Call(() => hess(xa));
            if (h.GetLength(0) != n || h.GetLength(1) != n)
            {
                throw new InvalidOperationException($"The user Hessian is {h.GetLength(0)}x{h.GetLength(1)}; expected {n}x{n}.");
            }

            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    result[(i * n) + j] = h[i, j];
                }
            }

            return;
        }

        if (_objective.Gradient is null && _objective.HessianVectorProduct is null && _objective.Differentiation == Differentiation.Autodiff)
        {
            CheckStop();
            HessianEvaluations++;
            try
            {
                using var scope = TensorScope.Begin();
                Grad.Hessian(_function, Tensor.FromArray(x, _shape, Precision)).CopyTo(result);
                return;
            }
            catch (Exception ex) when (ex is not StopSignal and not ObjectiveException)
            {
                throw new ObjectiveException(Iteration, ex);
            }
        }

        var e = new double[n];
        var col = new double[n];
        for (int j = 0; j < n; j++)
        {
            e[j] = 1;
            HessianVectorProduct(x, e, col);
            e[j] = 0;
            for (int i = 0; i < n; i++)
            {
                result[(i * n) + j] = col[i];
            }
        }

        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < i; j++)
            {
                double s = 0.5 * (result[(i * n) + j] + result[(j * n) + i]);
                result[(i * n) + j] = s;
                result[(j * n) + i] = s;
            }
        }
    }

    /// <summary>
    /// f and its gradient by reverse mode in <paramref name="dtype"/>, noting when the output is not connected to the
    /// variables on the tape (<see cref="Disconnected"/>).
    /// </summary>
    private double AutodiffValueAndGradient(ReadOnlySpan<double> x, DType dtype, Span<double> gradient)
    {
        using var scope = TensorScope.Begin();
        var tape = Tape.Enter();
        try
        {
            var xw = tape.Watch(Tensor.FromArray(x, _shape, dtype));
            var y = _function(xw);
            if (y.Size != 1)
            {
                throw new InvalidOperationException($"The objective returned shape {y.Shape}; it must return one element.");
            }

            bool connected = y.Node is { } on && on.Tape == tape && on.Index >= xw.Node!.Index;
            if (!connected)
            {
                Disconnected = true;
                gradient.Clear();
                return y.Item();
            }

            Span<Tensor> sources = [xw];
            Span<bool> reached = [false];
            tape.Gradient(y, sources, null, createGraph: false, reached)[0].CopyTo(gradient);
            if (!reached[0])
            {
                // Connected only through piecewise-constant operations (comparisons, sign): no derivative reaches x.
                Disconnected = true;
            }

            return y.Item();
        }
        finally
        {
            tape.Exit();
        }
    }

    /// <summary>
    /// The final check's f and gradient at <paramref name="x"/> in <paramref name="dtype"/>: reverse mode on the tensor
    /// function (or the user's gradient, in the evaluation dtype). Counted as one function and one gradient evaluation.
    /// </summary>
    /// <returns>False when the objective threw, returned a non-finite value or is not connected to the variables.</returns>
    internal bool TryCheckGradient(ReadOnlySpan<double> x, DType dtype, Span<double> gradient, out double f)
    {
        f = double.NaN;
        if (!UsesAutodiff)
        {
            if (_objective.Gradient is null)
            {
                return false;
            }

            f = ValueAndGradient(x, gradient);
            return double.IsFinite(f) && Convergence.AllFinite(gradient);
        }

        Charge();
        GradientEvaluations++;
        bool wasDisconnected = Disconnected;
        try
        {
            f = AutodiffValueAndGradient(x, dtype, gradient);
        }
        catch (Exception ex) when (ex is not StopSignal)
        {
            return false;
        }

        bool disconnected = Disconnected && !wasDisconnected;
        Disconnected = wasDisconnected;
        return !disconnected && double.IsFinite(f) && Convergence.AllFinite(gradient);
    }

    /// <summary>The final check's f at <paramref name="x"/> in <paramref name="dtype"/>, NaN when the objective throws.</summary>
    internal double CheckValue(ReadOnlySpan<double> x, DType dtype)
    {
        if (!UsesAutodiff)
        {
            return Value(x);
        }

        Charge();
        try
        {
            using var scope = TensorScope.Begin();
            using var noGrad = Grad.NoGrad();
            return _function(Tensor.FromArray(x, _shape, dtype)).Item();
        }
        catch (Exception ex) when (ex is not StopSignal)
        {
            return double.NaN;
        }
    }

    /// <summary>The final check's Hessian-vector product in <paramref name="dtype"/> (false when it fails).</summary>
    internal bool TryCheckHessianVectorProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> v, DType dtype, Span<double> result)
    {
        try
        {
            if (!UsesAutodiff)
            {
                HessianVectorProduct(x, v, result);
            }
            else
            {
                CheckStop();
                HessianEvaluations++;
                using var scope = TensorScope.Begin();
                Grad.Hvp(_function, Tensor.FromArray(x, _shape, dtype), Tensor.FromArray(v, _shape, dtype)).CopyTo(result);
            }
        }
        catch (Exception ex) when (ex is not StopSignal)
        {
            return false;
        }

        return Convergence.AllFinite(result);
    }

    /// <summary>The final check's dense Hessian (row-major) in <paramref name="dtype"/> (false when it fails).</summary>
    internal bool TryCheckHessian(ReadOnlySpan<double> x, DType dtype, Span<double> result)
    {
        try
        {
            if (!UsesAutodiff)
            {
                Hessian(x, result);
            }
            else
            {
                CheckStop();
                HessianEvaluations++;
                using var scope = TensorScope.Begin();
                Grad.Hessian(_function, Tensor.FromArray(x, _shape, dtype)).CopyTo(result);
            }
        }
        catch (Exception ex) when (ex is not StopSignal)
        {
            return false;
        }

        return Convergence.AllFinite(result);
    }

    private void FiniteDifferenceGradient(ReadOnlySpan<double> x, double f0, Span<double> gradient)
    {
        int n = Dimension;
        bool central = _objective.Differentiation == Differentiation.ThreePoint;
        double rel = _objective.FiniteDifferenceRelativeStep ?? (central ? Math.Cbrt(MachineEpsilon) : Math.Sqrt(MachineEpsilon));
        var xp = _fdPoint ??= new double[Dimension];
        x.CopyTo(xp);
        for (int i = 0; i < n; i++)
        {
            double lo = Lower?[i] ?? double.NegativeInfinity, hi = Upper?[i] ?? double.PositiveInfinity;
            if (lo == hi)
            {
                // A variable fixed by equal bounds is never moved: its component is 0 and costs no evaluation.
                gradient[i] = 0;
                continue;
            }

            double xi = Tensors.Precision.Round(x[i], Precision);
            double h = (_objective.FiniteDifferenceStep is { } absolute && Tensors.Precision.Round(xi + absolute, Precision) != xi
                ? absolute
                : rel * Math.Max(1, Math.Abs(xi))) * (xi >= 0 ? 1 : -1);
            bool forwardFits = xi + h <= hi && xi + h >= lo;
            bool backwardFits = xi - h <= hi && xi - h >= lo;
            bool narrow = !forwardFits && !backwardFits;
            if (narrow)
            {
                // The box is narrower than the step on both sides: step to the farther bound, one-sided.
                h = hi - xi >= xi - lo ? hi - xi : -(xi - lo);
                forwardFits = true;
            }

            if (central && forwardFits && backwardFits)
            {
                double hp = Tensors.Precision.Round(xi + h, Precision) - xi;
                double hm = xi - Tensors.Precision.Round(xi - h, Precision);
                xp[i] = xi + hp;
                double fp = Value(xp);
                xp[i] = xi - hm;
                double fm = Value(xp);
                gradient[i] = (fp - fm) / (hp + hm);
            }
            else
            {
                if (!forwardFits)
                {
                    h = -h;
                }

                double hh = Tensors.Precision.Round(xi + h, Precision) - xi;
                if (hh == 0)
                {
                    hh = h;
                }

                xp[i] = xi + hh;
                double fp = Value(xp);
                if (central && !narrow)
                {
                    // One-sided second-order formula when a bound blocks the central one.
                    double h2 = Tensors.Precision.Round(xi + (2 * hh), Precision) - xi;
                    xp[i] = xi + h2;
                    double f2 = Value(xp);
                    gradient[i] = ((-3 * f0) + (4 * fp) - f2) / (2 * hh);
                    if (h2 != 2 * hh)
                    {
                        gradient[i] = (fp - f0) / hh;
                    }
                }
                else
                {
                    gradient[i] = (fp - f0) / hh;
                }
            }

            xp[i] = x[i];
        }
    }

    /// <summary>Set by the driver while it builds the report after the run: limits no longer stop evaluations.</summary>
    internal bool FinalReport { get; set; }

    /// <summary>
    /// Set by the driver during the final check: its evaluations are counted but not stopped by the evaluation limit
    /// (the check is bounded on its own); cancellation and the time limit still stop it.
    /// </summary>
    internal bool Checking { get; set; }

    /// <summary>Objective evaluations made while <see cref="Checking"/>: not charged against the method's limit.</summary>
    private int _checkEvaluations;

    /// <summary>Whether the evaluation limit leaves room for more of the method's own evaluations.</summary>
    internal bool EvaluationsLeft => FunctionEvaluations - _checkEvaluations < _maxEvaluations;

    private void Charge()
    {
        CheckStop();
        if (Checking)
        {
            _checkEvaluations++;
        }
        else if (FunctionEvaluations - _checkEvaluations >= _maxEvaluations && !FinalReport)
        {
            throw new StopSignal(TerminationReason.MaxEvaluations);
        }

        FunctionEvaluations++;
    }

    private void CheckStop()
    {
        if (FinalReport)
        {
            return;
        }

        if (_token.IsCancellationRequested)
        {
            throw new StopSignal(TerminationReason.Cancelled);
        }

        if (_timeLimit is { } t && _clock.Elapsed > t)
        {
            throw new StopSignal(TerminationReason.TimeLimit);
        }
    }

    private T Call<T>(Func<T> f)
    {
        try
        {
            return f();
        }
        catch (Exception ex) when (ex is not StopSignal and not ObjectiveException)
        {
            throw new ObjectiveException(Iteration, ex);
        }
    }

    private void CopyUser(Func<double[], double[]> user, ReadOnlySpan<double> x, Span<double> dest, string what)
    {
        var arr = x.ToArray();
        var r = Call(() => user(arr));
        CheckLength(r?.Length ?? -1, what);
        r.CopyTo(dest);
    }

    private void CheckLength(int length, string what)
    {
        if (length != Dimension)
        {
            throw new ObjectiveException(Iteration, new InvalidOperationException($"The user {what} returned {length} elements; expected {Dimension}."));
        }
    }

    private void MultiplyDense(double[,] h, ReadOnlySpan<double> v, Span<double> result)
    {
        int n = Dimension;
        if (h.GetLength(0) != n || h.GetLength(1) != n)
        {
            throw new ObjectiveException(Iteration, new InvalidOperationException($"The user Hessian is {h.GetLength(0)}x{h.GetLength(1)}; expected {n}x{n}."));
        }

        for (int i = 0; i < n; i++)
        {
            double s = 0;
            for (int j = 0; j < n; j++)
            {
                s += h[i, j] * v[j];
            }

            result[i] = s;
        }
    }
}
