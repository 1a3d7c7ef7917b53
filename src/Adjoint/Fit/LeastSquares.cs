using System.Globalization;
using Adjoint.Autodiff;
using Adjoint.Optimize;
using Adjoint.Tensors;

namespace Adjoint.Fit;

/// <summary>
/// Nonlinear least squares with bounds and robust losses: minimizes <c>0.5 * sum(rho(f_i(x)^2))</c> over
/// lb &lt;= x &lt;= ub, with the Jacobian of f from autodiff (scipy's <c>least_squares</c>).
/// </summary>
/// <remarks>
/// <para>Methods: <see cref="LeastSquaresMethod.Trf"/> (default, bounds and losses), <see cref="LeastSquaresMethod.Dogbox"/>
/// and <see cref="LeastSquaresMethod.Lm"/> (Moré's Levenberg-Marquardt, unbounded, linear loss). Tolerances, statuses and result fields
/// follow scipy; <see cref="LeastSquaresOptions"/> documents each formula.</para>
/// <para>Invalid input (x0 not finite, outside the bounds, lm with fewer residuals than variables) throws; an algorithmic
/// failure returns a result with <c>Success = false</c>.</para>
/// </remarks>
/// <example><code>
/// // Fit y = a exp(b t) by residuals a exp(b t) - y.
/// var t = Tensor.FromArray([0.0, 1, 2, 3]);
/// var y = Tensor.FromArray([1.0, 2.7, 7.4, 20.1]);
/// var r = LeastSquares.Solve(p => p[0] * Tensor.Exp(p[1] * t) - y, [1.0, 0.5]);
/// // r.X ~ [1, 1], r.Success
/// </code></example>
public static class LeastSquares
{
    /// <summary>Minimizes the sum of squared (or robustly transformed) residuals of a function of one vector.</summary>
    /// <param name="residuals">x (shape [n], Float64) -> residuals (shape [m]).</param>
    /// <param name="x0">The starting point.</param>
    /// <param name="options">Method, loss, tolerances and bounds (the vector is the variable "x" of shape [n]); null for the defaults.</param>
    /// <param name="control">Cancellation, the per-iteration callback and progress; null for none.</param>
    /// <returns>The solution with its cost, residuals, Jacobian, gradient, status and counts.</returns>
    /// <exception cref="ArgumentException">x0 is empty, not finite, or outside the bounds; or the options do not fit the problem.</exception>
    public static LeastSquaresResult Solve(Func<Tensor, Tensor> residuals, double[] x0, LeastSquaresOptions? options = null, MinimizeControl? control = null)
    {
        ArgumentNullException.ThrowIfNull(residuals);
        ArgumentNullException.ThrowIfNull(x0);
        CheckStart(x0);
        options ??= new LeastSquaresOptions();
        options.Validate();
        // Every evaluation runs in a scope of its dtype: constants captured in the other dtype are converted, not rejected.
        var user = residuals;
        residuals = x =>
        {
            using var precision = EvaluationPrecision.Begin(x.DType);
            return user(x);
        };
        int m = TensorResidualModel.CountResiduals(residuals, x0, options.Precision);
        using var model = new TensorResidualModel(residuals, x0.Length, m, options.Precision);
        if (options.ForPrecision().Replay)
        {
            model.Prepare(x0);
        }

        return Solve(model, x0, options, new Variables { ["x"] = Tensor.FromArray(x0) }, control);
    }

    /// <summary>Minimizes the sum of squared (or robustly transformed) residuals of a function of named tensors.</summary>
    /// <param name="residuals">Named variables (Float64) -> residuals (shape [m]).</param>
    /// <param name="x0">The starting values, by name; bounds are given by name, and scales follow <see cref="Variables.Flatten"/> order.</param>
    /// <param name="options">Method, loss, tolerances and bounds; null for the defaults.</param>
    /// <param name="control">Cancellation, the per-iteration callback and progress; null for none.</param>
    /// <returns>The result, with <see cref="LeastSquaresResult.Variables"/> holding the solution by name.</returns>
    /// <exception cref="ArgumentException">x0 is empty, not finite, or outside the bounds; or the options do not fit the problem.</exception>
    public static LeastSquaresResult Solve(Func<Variables, Tensor> residuals, Variables x0, LeastSquaresOptions? options = null, MinimizeControl? control = null)
    {
        ArgumentNullException.ThrowIfNull(residuals);
        ArgumentNullException.ThrowIfNull(x0);
        var layout = new VariablesLayout(x0);
        var flat = x0.Flatten();
        CheckStart(flat);
        options ??= new LeastSquaresOptions();
        options.Validate();
        Func<Tensor, Tensor> f = p =>
        {
            using var precision = EvaluationPrecision.Begin(p.DType);
            return residuals(layout.Split(p));
        };
        int m = TensorResidualModel.CountResiduals(f, flat, options.Precision);
        using var model = new TensorResidualModel(f, flat.Length, m, options.Precision);
        if (options.ForPrecision().Replay)
        {
            model.Prepare(flat);
        }

        var result = Solve(model, flat, options, x0, control);
        return result with { Variables = layout.Unflatten(result.X) };
    }

    /// <summary>
    /// The shared driver: validates, holds the variables fixed by equal bounds, dispatches to the method with the
    /// shared control, verifies precision-limited stops and completes the result.
    /// </summary>
    /// <param name="model">The residual model over all variables.</param>
    /// <param name="x0">The starting point of all variables.</param>
    /// <param name="options">The options.</param>
    /// <param name="layout">The variables' names and shapes (bounds resolve against it).</param>
    /// <param name="control">Run-time control, or null.</param>
    internal static LeastSquaresResult Solve(ResidualModel model, double[] x0, LeastSquaresOptions options, Variables layout, MinimizeControl? control)
    {
        options.Validate();
        options = options.ForPrecision();
        int n = model.N, m = model.M;
        CheckStart(x0);
        var scales = options.XScale.Resolve(n);
        double[] lb, ub;
        if (options.Bounds is { } bounds)
        {
            (lb, ub) = bounds.Resolve(layout);
        }
        else
        {
            lb = new double[n];
            ub = new double[n];
            Array.Fill(lb, double.NegativeInfinity);
            Array.Fill(ub, double.PositiveInfinity);
        }

        var names = new VariablesLayout(layout).ElementNames();
        for (int i = 0; i < n; i++)
        {
            if (x0[i] < lb[i] || x0[i] > ub[i])
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"x0[{i}] ({names[i]}) = {x0[i]} is outside its bounds [{lb[i]}, {ub[i]}]."), nameof(x0));
            }
        }

        var free = Enumerable.Range(0, n).Where(i => lb[i] < ub[i]).ToArray();
        var isFixed = new bool[n];
        for (int i = 0; i < n; i++)
        {
            isFixed[i] = !(lb[i] < ub[i]);
        }

        var freeLower = free.Select(i => lb[i]).ToArray();
        var freeUpper = free.Select(i => ub[i]).ToArray();
        if (options.Method == LeastSquaresMethod.Lm)
        {
            if (freeLower.Any(double.IsFinite) || freeUpper.Any(double.IsFinite))
            {
                throw new ArgumentException("Method Lm does not support bounds (other than equal bounds, which fix a variable); use Trf or Dogbox.", nameof(options));
            }

            if (m < free.Length)
            {
                throw new ArgumentException($"Method Lm needs at least as many residuals as free variables; there are {m} residuals and {free.Length} variables. Use Trf.", nameof(options));
            }
        }

        var reduced = free.Length < n ? new FixedParameterModel(model, free, x0) : null;
        ResidualModel inner = reduced ?? model;
        Func<double[], double[]> expand = reduced is null ? x => (double[])x.Clone() : x => reduced.Expand(x);
        var freeOptions = reduced is null || options.XScale.IsJacobian || options.XScale.Values is null
            ? options
            : options with { XScale = VariableScale.Fixed([.. free.Select(i => scales[i])]) };
        var problem = new LeastSquaresProblem(inner, freeLower, freeUpper, freeOptions, control, layout, expand);
        var start = reduced?.Restrict(x0) ?? (double[])x0.Clone();
        if (problem.IsBounded && options.Method == LeastSquaresMethod.Trf)
        {
            // trf keeps its iterates strictly inside the box; dogbox starts on a bound when x0 is on it.
            TrustRegionReflective.MakeStrictlyFeasible(start, freeLower, freeUpper, 1e-10);
        }

        SolverOutcome outcome;
        if (free.Length == 0)
        {
            var f0 = new double[m];
            inner.Evaluate(start, f0);
            outcome = new SolverOutcome(start, f0, TerminationReason.GradientTolerance, 1, 0);
        }
        else
        {
            try
            {
                outcome = options.Method switch
                {
                    LeastSquaresMethod.Lm => LevenbergMarquardt.Solve(problem, start, freeOptions),
                    LeastSquaresMethod.Dogbox => Dogbox.Solve(problem, start, freeOptions),
                    _ => TrustRegionReflective.Solve(problem, start, freeOptions),
                };
            }
            catch (StopSignal signal)
            {
                outcome = Interrupted(problem, inner, start, signal.Reason);
            }
        }

        int nf = free.Length;
        var jac = outcome.Jacobian;
        int njev = outcome.Njev;
        if (jac is null)
        {
            jac = new double[m * nf];
            if (nf > 0)
            {
                inner.Jacobian(outcome.X, jac);
                njev++;
            }
        }

        if (options.Loss == LossFunction.Linear && options.RefinementSteps > 0 && nf > 0 && outcome.Status is TerminationReason.GradientTolerance
            or TerminationReason.FunctionTolerance or TerminationReason.StepTolerance or TerminationReason.FunctionAndStepTolerance
            or TerminationReason.PrecisionLimit)
        {
            outcome = Refine(inner, outcome, jac, freeLower, freeUpper, options.RefinementSteps, ref njev);
        }

        string? check = null;
        if (outcome.Status == TerminationReason.PrecisionLimit)
        {
            var (cosine, relativeStep) = FirstOrderCheck(jac, outcome.F, outcome.X, m, nf);
            double threshold = Math.Sqrt(Precision.MachineEpsilon(options.Precision));
            bool verified = cosine <= threshold || relativeStep <= threshold;
            if (verified)
            {
                outcome = outcome with { Status = TerminationReason.VerifiedMinimum };
            }

            check = string.Create(CultureInfo.InvariantCulture,
                $"MINPACK's tolerances are below what double precision resolves (info 6-8); at the point the largest cosine between f and a column of J is {cosine:E2} and the Gauss-Newton step is {relativeStep:E2} relative to x, {(verified ? "at most" : "both above")} the rounding-level threshold sqrt(eps) = {threshold:E2}");
        }

        var g = outcome.Gradient;
        if (g is null)
        {
            g = new double[nf];
            TrustRegionReflective.Grad(jac, outcome.F, g, m, nf);
        }

        double optimality = outcome.Optimality ?? (nf == 0 ? 0 : g.Max(Math.Abs));
        double cost = outcome.Cost ?? 0.5 * TrustRegionReflective.Dot(outcome.F, outcome.F);
        problem.Finish(outcome.X, cost, optimality);
        var j2 = new double[m, n];
        var gradient = new double[n];
        var active = new int[n];
        for (int k = 0; k < nf; k++)
        {
            int j = free[k];
            for (int i = 0; i < m; i++)
            {
                j2[i, j] = jac[i + (k * m)];
            }

            gradient[j] = g[k];
            active[j] = outcome.ActiveMask?[k] ?? 0;
        }

        var x = expand(outcome.X);
        return new LeastSquaresResult
        {
            X = x,
            Cost = cost,
            Residuals = outcome.F,
            Jacobian = j2,
            Gradient = gradient,
            Optimality = optimality,
            ActiveMask = active,
            Fixed = isFixed,
            Nfev = outcome.Nfev,
            Njev = njev,
            Status = outcome.Status,
            Message = Describe(outcome.Status, cost, optimality, options, nf, names, isFixed, check, x),
            Trace = problem.Trace,
        };
    }

    /// <summary>
    /// The threshold of the first-order check that turns MINPACK's precision-limited stops (lm info 6-8) into
    /// <see cref="TerminationReason.VerifiedMinimum"/>: sqrt(eps) ~ 1.5e-8 in float64 (sqrt of float32's eps when the
    /// residuals are evaluated in float32), also the offset that keeps the relative step finite at x = 0. The cost, computed to about eps relative, is
    /// quadratic in the distance to a minimizer, so it resolves x only to about sqrt(eps) relative; a Gauss-Newton step
    /// below sqrt(eps) ||x||, or a largest cosine between f and a column of J (the first-order measure of MINPACK's gtol
    /// test) below sqrt(eps), is therefore at the rounding level of what double precision can verify. It equals the
    /// default tolerances (1e-8) to within rounding.
    /// </summary>
    internal const double VerificationTolerance = 1.4901161193847656e-8;

    /// <summary>
    /// The largest cosine between f and a nonzero column of the column-major J, and the Gauss-Newton step -J^+ f
    /// (truncated SVD) relative to x: ||p|| / (sqrt(eps) + ||x||).
    /// </summary>
    internal static (double Cosine, double RelativeStep) FirstOrderCheck(double[] jac, double[] f, double[] x, int m, int n)
    {
        double fNorm = TrustRegionReflective.Norm(f);
        double cosine = fNorm == 0 ? 0 : ScaledGradientNorm(jac, f, m, n) / fNorm;
        var p = GaussNewtonStep(jac, f, m, n);
        double relativeStep = TrustRegionReflective.Norm(p) / (VerificationTolerance + TrustRegionReflective.Norm(x));
        return (cosine, double.IsNaN(relativeStep) ? double.PositiveInfinity : relativeStep);
    }

    /// <summary>
    /// The Gauss-Newton step p = -J^+ f from the truncated SVD of the column-scaled J (singular values at or below
    /// eps max(m, n) s_max dropped; zero columns give zero components).
    /// </summary>
    private static double[] GaussNewtonStep(double[] jac, double[] f, int m, int n)
    {
        var a = new double[m * n];
        var colNorm = new double[n];
        Array.Copy(jac, a, m * n);
        for (int j = 0; j < n; j++)
        {
            colNorm[j] = TrustRegionReflective.Norm(a.AsSpan(j * m, m));
            double inv = colNorm[j] > 0 ? 1 / colNorm[j] : 0;
            for (int i = 0; i < m; i++)
            {
                a[(j * m) + i] *= inv;
            }
        }

        var p = new double[n];
        var (s, v, uf) = ReducedSvd.Decompose(a, m, n, f);
        if (s.Length == 0)
        {
            return p;
        }

        double threshold = 2.220446049250313e-16 * Math.Max(m, n) * s[0];
        for (int i = 0; i < n; i++)
        {
            double pi = 0;
            for (int k = 0; k < s.Length; k++)
            {
                if (s[k] > threshold)
                {
                    pi -= v[i + (k * n)] * uf![k] / s[k];
                }
            }

            p[i] = colNorm[i] > 0 ? pi / colNorm[i] : 0;
        }

        return p;
    }

    /// <summary>The outcome of a method unwound by cancellation, the time limit or a disconnected Jacobian: the last reported point.</summary>
    private static SolverOutcome Interrupted(LeastSquaresProblem problem, ResidualModel inner, double[] start, TerminationReason reason)
    {
        int nfev = problem.Evaluations;
        if (problem.LastReported is { } last)
        {
            return new SolverOutcome(last.X, last.F, reason, nfev, problem.Jacobians);
        }

        var f = problem.StartResiduals;
        if (f is null)
        {
            f = new double[problem.M];
            inner.Evaluate(start, f);
            nfev++;
        }

        return new SolverOutcome((double[])start.Clone(), f, reason, nfev, problem.Jacobians);
    }

    /// <summary>The result's message: the reason's sentence, then the numbers (cost, optimality, the test that fired).</summary>
    private static string Describe(TerminationReason status, double cost, double optimality, LeastSquaresOptions options, int nf,
        string[] names, bool[] isFixed, string? check, double[]? point)
    {
        var ci = CultureInfo.InvariantCulture;
        int maxNfev = options.MaxFunctionEvaluations ?? (options.Method == LeastSquaresMethod.Lm ? 100 * (nf + 1) : 100 * Math.Max(nf, 1));
        string sentence = status switch
        {
            TerminationReason.Disconnected => "The residuals do not depend on the variables as automatic differentiation sees them: the Jacobian at the start is identically zero, as happens when the model is computed from host copies (ToArray, Item), Detach or constants. Write the model with tensor operations of its parameter tensor.",
            TerminationReason.FlatStart => "The Jacobian is exactly zero at the start although the residuals depend on the variables (a flat region, or a start where every term's derivative vanishes, such as p^2 at p = 0): nothing tells the method where to go. Start elsewhere.",
            TerminationReason.NonFiniteValue => "The residuals or the Jacobian are not finite at the returned point (NaN or infinity); check the model's domain at the start.",
            TerminationReason.GradientTolerance when nf == 0 => "Every variable is fixed by equal bounds: there is nothing to solve for.",
            _ => status.Describe(),
        };
        string test = status switch
        {
            TerminationReason.GradientTolerance => string.Create(ci, $"gtol {options.GradientTolerance:G3}"),
            TerminationReason.FunctionTolerance => string.Create(ci, $"ftol {options.FunctionTolerance:G3}"),
            TerminationReason.StepTolerance => string.Create(ci, $"xtol {options.StepTolerance:G3}"),
            TerminationReason.FunctionAndStepTolerance => string.Create(ci, $"ftol {options.FunctionTolerance:G3}, xtol {options.StepTolerance:G3}"),
            TerminationReason.MaxEvaluations => string.Create(ci, $"max_nfev {maxNfev}"),
            TerminationReason.TimeLimit => string.Create(ci, $"time limit {options.TimeLimit}"),
            _ => check ?? string.Empty,
        };
        var message = string.Create(ci, $"{sentence} Cost {cost:G10}, optimality {optimality:G3}{(test.Length > 0 ? "; " + test : string.Empty)}.");
        if (status == TerminationReason.NonFiniteValue && point is not null)
        {
            message += " At " + string.Join(", ", names.Select((name, i) => string.Create(ci, $"{name} = {point[i]:G10}"))) + ".";
        }

        var fixedNames = names.Where((_, i) => isFixed[i]).ToArray();
        if (fixedNames.Length > 0)
        {
            message += $" Held fixed by equal bounds: {string.Join(", ", fixedNames)}.";
        }

        return message;
    }

    /// <summary>
    /// Gauss-Newton refinement at a converged point: x + p with p = -J^+ f (truncated SVD of the column-scaled J),
    /// kept while it stays feasible and lowers the cost (or, with the costs equal to within 1e-12 relative, lowers the
    /// column-scaled gradient). Updates jac in place to the Jacobian at the returned point.
    /// </summary>
    private static SolverOutcome Refine(ResidualModel model, SolverOutcome outcome, double[] jac, double[] lb, double[] ub, int steps, ref int njev)
    {
        int m = model.M, n = model.N;
        var x = outcome.X;
        var f = outcome.F;
        double cost = 0.5 * TrustRegionReflective.Dot(f, f);
        int nfev = outcome.Nfev;
        bool changed = false;
        var xNew = new double[n];
        var fNew = new double[m];
        var jacNew = new double[m * n];
        for (int step = 0; step < steps; step++)
        {
            var p = GaussNewtonStep(jac, f, m, n);
            bool inside = true;
            for (int i = 0; i < n; i++)
            {
                xNew[i] = x[i] + p[i];
                inside &= xNew[i] >= lb[i] && xNew[i] <= ub[i] && double.IsFinite(xNew[i]);
            }

            if (!inside || xNew.AsSpan().SequenceEqual(x))
            {
                break;
            }

            model.Evaluate(xNew, fNew);
            nfev++;
            double costNew = LevenbergMarquardt.AllFinite(fNew) ? 0.5 * TrustRegionReflective.Dot(fNew, fNew) : double.PositiveInfinity;
            if (!(costNew <= cost * (1 + CostTie)))
            {
                break;
            }

            // Within rounding of the cost the two points cannot be told apart by it; the scaled gradient, which is first
            // order in the distance to the minimum where the cost is second order, decides instead.
            model.Jacobian(xNew, jacNew);
            njev++;
            if (!(costNew < cost) && !(ScaledGradientNorm(jacNew, fNew, m, n) < ScaledGradientNorm(jac, f, m, n)))
            {
                break;
            }

            x = (double[])xNew.Clone();
            f = (double[])fNew.Clone();
            cost = costNew;
            Array.Copy(jacNew, jac, m * n);
            changed = true;
        }

        return changed
            ? outcome with { X = x, F = f, Nfev = nfev, Cost = null, Gradient = null, Optimality = null }
            : outcome with { Nfev = nfev };
    }

    /// <summary>The relative cost difference below which refinement compares gradients instead of costs.</summary>
    private const double CostTie = 1e-12;

    /// <summary>The largest |J_j^T f| / ||J_j|| over the nonzero columns of the column-major J.</summary>
    private static double ScaledGradientNorm(double[] jac, double[] f, int m, int n)
    {
        double largest = 0;
        for (int j = 0; j < n; j++)
        {
            var column = jac.AsSpan(j * m, m);
            double norm = TrustRegionReflective.Norm(column);
            if (norm > 0)
            {
                largest = Math.Max(largest, Math.Abs(TrustRegionReflective.Dot(column, f)) / norm);
            }
        }

        return largest;
    }

    private static void CheckStart(double[] x0)
    {
        if (x0.Length == 0)
        {
            throw new ArgumentException("x0 is empty: there must be at least one variable.", nameof(x0));
        }

        for (int i = 0; i < x0.Length; i++)
        {
            if (!double.IsFinite(x0[i]))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"x0[{i}] = {x0[i]} is not finite."), nameof(x0));
            }
        }
    }
}
