using System.Globalization;
using Adjoint.Tensors;
using MathNet.Numerics.LinearAlgebra;

namespace Adjoint.Optimize;

/// <summary>
/// The final check of a constrained run: recomputes the constraint violation at the solution (box bounds included)
/// and, when derivatives are available, the first-order (KKT) residual ‖∇f + Jᵀλ + μ‖∞ with multipliers of the right
/// signs on the near-active rows. Success requires the violation within the constraint tolerance and, when checked,
/// the residual within <c>τ·max(1, ‖∇f‖∞)</c> (τ = 1e-4 in float64, 1e-2 in float32 and for derivative-free methods).
/// </summary>
internal static class ConstrainedVerifier
{
    /// <summary>The check's findings at the solution.</summary>
    internal sealed record Verdict(
        double Violation,
        string ViolationText,
        double[] Values,
        double Optimality,
        double OptimalityTolerance,
        double[]? Multipliers,
        double[]? BoundMultipliers,
        bool MultipliersEstimated,
        string Note)
    {
        public bool Feasible(double tolerance) => Violation <= tolerance;

        public bool Stationary => double.IsNaN(Optimality) || Optimality <= OptimalityTolerance;
    }

    /// <summary>Checks the final state; <paramref name="firstOrder"/> turns the KKT test on.</summary>
    public static Verdict Check(MinimizationProblem problem, MethodState state, bool gradientMethod, bool firstOrder)
    {
        var set = problem.Constraints!;
        int n = problem.Dimension, m = set.Count;
        var x = state.X;
        var c = new double[m];
        var jac = new double[m * n];
        bool haveJacobian = true;
        try
        {
            set.EvaluateWithJacobian(x, c, jac);
        }
        catch (Exception ex) when (ex is not StopSignal and not ObjectiveException)
        {
            haveJacobian = false;
            set.Evaluate(x, c);
        }

        double violation = set.Violation(c);
        string text = set.DescribeViolation(c);
        double boxViolation = 0;
        int boxRow = -1;
        if (problem.Lower is { } lo && problem.Upper is { } up)
        {
            for (int i = 0; i < n; i++)
            {
                double v = Math.Max(lo[i] - x[i], x[i] - up[i]);
                if (v > boxViolation)
                {
                    boxViolation = v;
                    boxRow = i;
                }
            }
        }

        if (boxViolation > violation || double.IsNaN(violation) && boxRow >= 0)
        {
            violation = boxViolation;
            text = string.Create(CultureInfo.InvariantCulture, $"x[{boxRow}] = {x[boxRow]:G8} lies outside its bounds by {boxViolation:E3}");
        }

        if (!firstOrder || !haveJacobian || double.IsNaN(violation))
        {
            return new Verdict(violation, text, c, double.NaN, double.NaN, state.Multipliers, state.BoundMultipliers, false,
                "the first-order test was not run");
        }

        var g = new double[n];
        if (!problem.TryCheckGradient(x, DType.Float64, g, out _))
        {
            return new Verdict(violation, text, c, double.NaN, double.NaN, state.Multipliers, state.BoundMultipliers, false,
                "the objective could not be differentiated at the solution");
        }

        double gnorm = 0;
        foreach (double v in g)
        {
            gnorm = Math.Max(gnorm, Math.Abs(v));
        }

        double tau = gradientMethod && problem.Precision == DType.Float64 ? 1e-4 : 1e-2;
        // Gradient methods: relative to max(1, ‖∇f‖∞). Derivative-free ones locate x only to their final radius, so their
        // looser τ is relative to ‖∇f‖∞ itself (plus gtol), with the radius allowance below; a floor of 1 would let a
        // nearly flat objective pass anywhere.
        double tolerance = gradientMethod ? tau * Math.Max(1, gnorm) : (tau * gnorm) + problem.Settings.GradientTolerance;
        double activity = Math.Max(100 * problem.Settings.ConstraintTolerance, 1e-6);

        // The method's own multipliers, when it has them, judged as they are.
        double own = double.PositiveInfinity;
        if (state.Multipliers is { } lam && lam.Length == m)
        {
            own = Residual(g, jac, lam, state.BoundMultipliers, n, m, out _);
        }

        var (estimate, boundEstimate, estimated) = Estimate(problem, set, x, c, g, jac, activity);
        if (!gradientMethod && problem.Settings.StepTolerance > 0 && Math.Min(own, estimated) > tolerance)
        {
            // A derivative-free method locates x to about its final radius ρ: allow the residual a displacement of ρ
            // along the residual's direction produces through the Hessian of the Lagrangian.
            tolerance += RadiusAllowance(problem, x, state.Multipliers ?? estimate, g, jac, own <= estimated ? state.Multipliers : estimate,
                state.BoundMultipliers ?? boundEstimate, problem.Settings.StepTolerance);
        }

        if (own <= estimated || state.Multipliers is not null && own <= tolerance)
        {
            return new Verdict(violation, text, c, own, tolerance, state.Multipliers, state.BoundMultipliers, false,
                string.Create(CultureInfo.InvariantCulture, $"KKT residual {own:E3} with the method's multipliers (tolerance {tolerance:E2})"));
        }

        return new Verdict(violation, text, c, estimated, tolerance, state.Multipliers ?? estimate, state.BoundMultipliers ?? boundEstimate,
            state.Multipliers is null,
            string.Create(CultureInfo.InvariantCulture, $"KKT residual {estimated:E3} with least-squares multipliers on the active rows (tolerance {tolerance:E2})"));
    }

    /// <summary>‖∇²L · ρ r/‖r‖‖∞ for the KKT residual r with the given multipliers: what a displacement of ρ explains.</summary>
    private static double RadiusAllowance(MinimizationProblem problem, double[] x, double[] lambda, double[] g, double[] jac, double[]? used,
        double[]? mu, double radius)
    {
        int n = problem.Dimension, m = lambda.Length;
        Residual(g, jac, used ?? lambda, mu, n, m, out var r);
        double norm = Math.Sqrt(r.Sum(v => v * v));
        if (!(norm > 0) || !double.IsFinite(norm))
        {
            return 0;
        }

        var v = r.Select(e => radius * e / norm).ToArray();
        var hv = new double[n];
        try
        {
            problem.LagrangianHessianVectorProduct(x, lambda, v, hv);
        }
        catch (Exception ex) when (ex is not StopSignal)
        {
            return 0;
        }

        double worst = 0;
        foreach (double e in hv)
        {
            worst = Math.Max(worst, Math.Abs(e));
        }

        return double.IsFinite(worst) ? 2 * worst : 0;
    }

    /// <summary>The minimum-norm least-squares solution of A z = b, ignoring singular values below n·ε·σmax (dependent
    /// active rows, such as a bound and a constraint with parallel gradients, share their multiplier).</summary>
    private static Vector<double> MinimumNormSolve(Matrix<double> a, Vector<double> b)
    {
        var svd = a.Svd(computeVectors: true);
        var sigma = svd.S;
        double cutoff = Math.Max(a.RowCount, a.ColumnCount) * 2.220446049250313e-16 * (sigma.Count > 0 ? sigma[0] : 0);
        var utb = svd.U.TransposeThisAndMultiply(b);
        var w = Vector<double>.Build.Dense(a.ColumnCount);
        for (int i = 0; i < sigma.Count; i++)
        {
            if (sigma[i] > cutoff)
            {
                w[i] = utb[i] / sigma[i];
            }
        }

        return svd.VT.TransposeThisAndMultiply(w);
    }

    private static double Residual(double[] g, double[] jac, double[] lambda, double[]? mu, int n, int m, out double[] r)
    {
        r = (double[])g.Clone();
        for (int i = 0; i < m; i++)
        {
            if (lambda[i] == 0)
            {
                continue;
            }

            for (int j = 0; j < n; j++)
            {
                r[j] += lambda[i] * jac[(i * n) + j];
            }
        }

        if (mu is { Length: > 0 } && mu.Length == n)
        {
            for (int j = 0; j < n; j++)
            {
                r[j] += mu[j];
            }
        }

        double worst = 0;
        foreach (double v in r)
        {
            worst = Math.Max(worst, Math.Abs(v));
        }

        return double.IsNaN(worst) ? double.PositiveInfinity : worst;
    }

    /// <summary>
    /// Least-squares multipliers on the near-active rows and bounds with the KKT signs: an active-set loop that drops the
    /// row of most wrong sign and solves again (at most one pass per row).
    /// </summary>
    private static (double[] Lambda, double[] Mu, double Residual) Estimate(MinimizationProblem problem, Constraints.ConstraintSet set,
        double[] x, double[] c, double[] g, double[] jac, double activity)
    {
        int n = problem.Dimension, m = set.Count;
        // Columns of the least-squares system: (kind, index, sign) with sign 0 for free (equality) multipliers,
        // -1 for a multiplier that must be <= 0 (lower active) and +1 for >= 0 (upper active).
        var columns = new List<(bool Bound, int Index, int Sign)>();
        for (int i = 0; i < m; i++)
        {
            double lower = set.Lower[i], upper = set.Upper[i];
            if (lower == upper)
            {
                columns.Add((false, i, 0));
                continue;
            }

            if (double.IsFinite(lower) && c[i] - lower <= activity * (1 + Math.Abs(lower)))
            {
                columns.Add((false, i, -1));
            }
            else if (double.IsFinite(upper) && upper - c[i] <= activity * (1 + Math.Abs(upper)))
            {
                columns.Add((false, i, 1));
            }
        }

        if (problem.Lower is { } lo && problem.Upper is { } up)
        {
            for (int j = 0; j < n; j++)
            {
                if (lo[j] == up[j])
                {
                    columns.Add((true, j, 0));
                }
                else if (double.IsFinite(lo[j]) && x[j] - lo[j] <= activity * (1 + Math.Abs(lo[j])))
                {
                    columns.Add((true, j, -1));
                }
                else if (double.IsFinite(up[j]) && up[j] - x[j] <= activity * (1 + Math.Abs(up[j])))
                {
                    columns.Add((true, j, 1));
                }
            }
        }

        var lambda = new double[m];
        var mu = new double[n];
        var active = Enumerable.Repeat(true, columns.Count).ToArray();
        for (int pass = 0; pass <= columns.Count; pass++)
        {
            var use = Enumerable.Range(0, columns.Count).Where(k => active[k]).ToArray();
            Array.Clear(lambda);
            Array.Clear(mu);
            if (use.Length == 0)
            {
                break;
            }

            var a = Matrix<double>.Build.Dense(n, use.Length);
            for (int k = 0; k < use.Length; k++)
            {
                var col = columns[use[k]];
                for (int j = 0; j < n; j++)
                {
                    a[j, k] = col.Bound ? (j == col.Index ? 1 : 0) : jac[(col.Index * n) + j];
                }
            }

            var b = Vector<double>.Build.Dense(n, j => -g[j]);
            Vector<double> z;
            try
            {
                z = MinimumNormSolve(a, b);
            }
            catch (Exception ex) when (ex is ArithmeticException or ArgumentException or InvalidOperationException)
            {
                break;
            }

            int worst = -1;
            double worstValue = 0;
            for (int k = 0; k < use.Length; k++)
            {
                var col = columns[use[k]];
                double wrong = col.Sign * -z[k];
                if (col.Sign != 0 && wrong > worstValue)
                {
                    worstValue = wrong;
                    worst = k;
                }

                if (col.Bound)
                {
                    mu[col.Index] = z[k];
                }
                else
                {
                    lambda[col.Index] = z[k];
                }
            }

            if (worst < 0)
            {
                break;
            }

            active[use[worst]] = false;
        }

        double residual = Residual(g, jac, lambda, mu, n, m, out _);
        return (lambda, mu, residual);
    }
}
