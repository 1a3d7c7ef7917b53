using System.Globalization;
using Adjoint.Autodiff;
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
    /// <param name="options">Method, loss, tolerances and bounds; null for the defaults.</param>
    /// <returns>The solution with its cost, residuals, Jacobian, gradient, status and counts.</returns>
    /// <exception cref="ArgumentException">x0 is empty, not finite, or outside the bounds; or the options do not fit the problem.</exception>
    public static LeastSquaresResult Solve(Func<Tensor, Tensor> residuals, double[] x0, LeastSquaresOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(residuals);
        ArgumentNullException.ThrowIfNull(x0);
        CheckStart(x0);
        int m = TensorResidualModel.CountResiduals(residuals, x0);
        options ??= new LeastSquaresOptions();
        using var model = new TensorResidualModel(residuals, x0.Length, m);
        if (options.Replay)
        {
            model.Prepare(x0);
        }

        return Solve(model, x0, options);
    }

    /// <summary>Minimizes the sum of squared (or robustly transformed) residuals of a function of named tensors.</summary>
    /// <param name="residuals">Named variables (Float64) -> residuals (shape [m]).</param>
    /// <param name="x0">The starting values, by name; bounds and scales follow <see cref="Variables.Flatten"/> order.</param>
    /// <param name="options">Method, loss, tolerances and bounds; null for the defaults.</param>
    /// <returns>The result, with <see cref="LeastSquaresResult.Variables"/> holding the solution by name.</returns>
    /// <exception cref="ArgumentException">x0 is empty, not finite, or outside the bounds; or the options do not fit the problem.</exception>
    public static LeastSquaresResult Solve(Func<Variables, Tensor> residuals, Variables x0, LeastSquaresOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(residuals);
        ArgumentNullException.ThrowIfNull(x0);
        var layout = new VariablesLayout(x0);
        var flat = x0.Flatten();
        var result = Solve(p => residuals(layout.Split(p)), flat, options);
        return result with { Variables = layout.Unflatten(result.X) };
    }

    /// <summary>The shared driver: validates, dispatches to the method and completes the result.</summary>
    internal static LeastSquaresResult Solve(ResidualModel model, double[] x0, LeastSquaresOptions options)
    {
        options.Validate();
        int n = model.N, m = model.M;
        CheckStart(x0);
        if (options.Method == LeastSquaresMethod.Lm && m < n)
        {
            throw new ArgumentException($"Method Lm needs at least as many residuals as variables; there are {m} residuals and {n} variables. Use Trf.", nameof(options));
        }

        _ = options.XScale.Resolve(n);
        var (lb, ub) = options.Bounds.Resolve(n);
        for (int i = 0; i < n; i++)
        {
            if (x0[i] < lb[i] || x0[i] > ub[i])
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"x0[{i}] = {x0[i]} is outside its bounds [{lb[i]}, {ub[i]}]."), nameof(x0));
            }
        }

        var start = (double[])x0.Clone();
        if (!options.Bounds.IsUnbounded && options.Method == LeastSquaresMethod.Trf)
        {
            // trf keeps its iterates strictly inside the box; dogbox starts on a bound when x0 is on it.
            TrustRegionReflective.MakeStrictlyFeasible(start, lb, ub, 1e-10);
        }

        var outcome = options.Method switch
        {
            LeastSquaresMethod.Lm => LevenbergMarquardt.Solve(model, start, options),
            LeastSquaresMethod.Dogbox => Dogbox.Solve(model, start, options),
            _ => TrustRegionReflective.Solve(model, start, options),
        };

        var jac = outcome.Jacobian;
        int njev = outcome.Njev;
        if (jac is null)
        {
            jac = new double[m * n];
            model.Jacobian(outcome.X, jac);
            njev++;
        }

        if (options.Loss == LossFunction.Linear && options.RefinementSteps > 0 && outcome.Status.IsSuccess())
        {
            outcome = Refine(model, outcome, jac, lb, ub, options.RefinementSteps, ref njev);
        }

        var g = outcome.Gradient;
        if (g is null)
        {
            g = new double[n];
            TrustRegionReflective.Grad(jac, outcome.F, g, m, n);
        }

        double optimality = outcome.Optimality ?? g.Max(Math.Abs);
        double cost = outcome.Cost ?? 0.5 * TrustRegionReflective.Dot(outcome.F, outcome.F);
        var j2 = new double[m, n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                j2[i, j] = jac[i + (j * m)];
            }
        }

        return new LeastSquaresResult
        {
            X = outcome.X,
            Cost = cost,
            Residuals = outcome.F,
            Jacobian = j2,
            Grad = g,
            Optimality = optimality,
            ActiveMask = outcome.ActiveMask ?? new int[n],
            Nfev = outcome.Nfev,
            Njev = njev,
            Status = outcome.Status,
        };
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
        var a = new double[m * n];
        var colNorm = new double[n];
        var xNew = new double[n];
        var fNew = new double[m];
        var jacNew = new double[m * n];
        for (int step = 0; step < steps; step++)
        {
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

            var (s, v, uf) = ReducedSvd.Decompose(a, m, n, f);
            double threshold = 2.220446049250313e-16 * Math.Max(m, n) * s[0];
            bool inside = true;
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

                pi = colNorm[i] > 0 ? pi / colNorm[i] : 0;
                xNew[i] = x[i] + pi;
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
