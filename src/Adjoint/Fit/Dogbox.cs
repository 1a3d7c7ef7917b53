using Adjoint.Optimize;

namespace Adjoint.Fit;

/// <summary>
/// The dogleg method in a rectangular trust region (Voglis and Lagaris 2004), scipy's <c>method='dogbox'</c>: bound
/// constraints and robust losses, with the Gauss-Newton step from the Math.NET SVD.
/// </summary>
/// <remarks>
/// <para>The trust region is the box |p_i| &lt;= Delta s_i (s the variable scales), so its intersection with the bounds
/// lb - x &lt;= p &lt;= ub - x is again a box, the "feasible trust region". Variables that sit on a bound while the
/// gradient pushes them outward are held fixed for the iteration; the step is computed in the remaining (free) ones.
/// In the free variables the step follows the dogleg path: from 0 to the Cauchy point (the minimizer of the quadratic
/// model along -g, stopped at the feasible trust region), then toward the Gauss-Newton point -J^+ f; the Gauss-Newton
/// step is taken when it lies in the box, and otherwise the path is followed until it leaves the box. Variables whose
/// bound stops the path are then set exactly on that bound.</para>
/// <para>The radius follows the step's quality: with rho = actual / predicted reduction of the cost, the radius becomes a
/// quarter of the step's scaled infinity norm when rho &lt; 1/4 and doubles when rho &gt; 3/4 and the step reached the
/// trust-region faces. A step is taken when it lowers the cost. Robust losses rescale f and J as in the trf method.
/// Termination uses scipy's tests: the infinity norm of the gradient with the held components removed below gtol, a
/// relative cost reduction below ftol (with rho &gt; 1/4), ||dx|| &lt; xtol (xtol + ||x||), or the evaluation limit.</para>
/// <para>Symbols (Voglis and Lagaris in parentheses): <c>radius</c> Delta (the box half-width Delta_k), <c>gaussNewton</c>
/// the Newton point (x_N), <c>cauchy</c> the Cauchy point (x_C), <c>lowerBox</c>/<c>upperBox</c> the feasible trust region,
/// <c>held</c> the variables at an active bound, <c>ratio</c> rho.</para>
/// <para>References: C. Voglis, I. E. Lagaris, "A rectangular trust region dogleg approach for unconstrained and bound
/// constrained nonlinear optimization", WSEAS International Conference on Applied Mathematics (2004); J. Nocedal,
/// S. J. Wright, Numerical Optimization, 2nd ed. (2006), section 4.1 (the dogleg method).</para>
/// </remarks>
internal static class Dogbox
{
    private const double Eps = 2.220446049250313e-16;

    public static SolverOutcome Solve(LeastSquaresProblem model, double[] x0, LeastSquaresOptions options)
    {
        int m = model.M, n = model.N;
        var (lb, ub) = (model.Lower, model.Upper);
        var loss = options.Loss == LossFunction.Linear ? null : new RobustLoss(options.Loss, options.FScale);
        int maxEvaluations = options.MaxFunctionEvaluations ?? 100 * n;

        var x = (double[])x0.Clone();
        var residuals = new double[m];
        model.Evaluate(x, residuals);
        int nfev = 1, njev = 0;
        if (!LevenbergMarquardt.AllFinite(residuals))
        {
            return new SolverOutcome(x, residuals, TerminationReason.NonFiniteValue, nfev, njev);
        }

        var jacobian = new double[m * n];
        model.Jacobian(x, jacobian);
        njev++;
        if (!LevenbergMarquardt.AllFinite(jacobian))
        {
            return new SolverOutcome(x, residuals, TerminationReason.NonFiniteValue, nfev, njev);
        }

        // f and J of the (possibly robust) least-squares model; residuals stays the true f.
        var f = (double[])residuals.Clone();
        double cost = loss is null ? 0.5 * TrustRegionReflective.Dot(f, f) : loss.ScaleInPlace(f, jacobian, n);
        var gradient = new double[n];
        TrustRegionReflective.Grad(jacobian, f, gradient, m, n);

        bool scaleFromJacobian = options.XScale.IsJacobian;
        double[] scale, scaleInverse;
        if (scaleFromJacobian)
        {
            (scale, scaleInverse) = TrustRegionReflective.JacScale(jacobian, m, n, null);
        }
        else
        {
            scale = options.XScale.Resolve(n);
            scaleInverse = scale.Select(s => 1 / s).ToArray();
        }

        double radius = 0;
        for (int i = 0; i < n; i++)
        {
            radius = Math.Max(radius, Math.Abs(x[i] * scaleInverse[i]));
        }

        if (radius == 0)
        {
            radius = 1;
        }

        // onBound[i]: -1 at the lower bound, 1 at the upper bound, 0 inside.
        var onBound = new int[n];
        for (int i = 0; i < n; i++)
        {
            onBound[i] = x[i] == lb[i] ? -1 : x[i] == ub[i] ? 1 : 0;
        }

        var step = new double[n];
        var trial = new double[n];
        var trialResiduals = new double[m];
        var projectedGradient = new double[n];
        double optimality;
        TerminationReason? status = null;

        while (true)
        {
            // A variable is held when it is on a bound and the anti-gradient points outside.
            var free = new List<int>(n);
            optimality = 0;
            for (int i = 0; i < n; i++)
            {
                bool held = onBound[i] * gradient[i] < 0;
                projectedGradient[i] = held ? 0 : gradient[i];
                optimality = Math.Max(optimality, Math.Abs(projectedGradient[i]));
                if (!held)
                {
                    free.Add(i);
                }
            }

            if (optimality < options.GradientTolerance || free.Count == 0)
            {
                status = TerminationReason.GradientTolerance;
            }

            if (model.Report(x, residuals, cost, optimality) is { } stop && status is null)
            {
                status = stop;
            }

            if (status is not null || nfev >= maxEvaluations)
            {
                break;
            }

            var path = new DoglegPath(jacobian, f, gradient, free, m);
            double actualReduction = -1, trialCost = cost;
            int[] trialOnBound = onBound;
            while (actualReduction <= 0 && nfev < maxEvaluations)
            {
                var (freeStep, freeHits, reachedTrustFace) = path.Step(x, lb, ub, scale, radius);
                Array.Clear(step);
                for (int k = 0; k < free.Count; k++)
                {
                    step[free[k]] = freeStep[k];
                }

                double predicted = -path.ModelChange(freeStep);
                for (int i = 0; i < n; i++)
                {
                    trial[i] = Math.Clamp(x[i] + step[i], lb[i], ub[i]);
                }

                model.Evaluate(trial, trialResiduals);
                nfev++;
                double scaledStepNorm = 0;
                for (int i = 0; i < n; i++)
                {
                    scaledStepNorm = Math.Max(scaledStepNorm, Math.Abs(step[i] * scaleInverse[i]));
                }

                if (!LevenbergMarquardt.AllFinite(trialResiduals))
                {
                    radius = 0.25 * scaledStepNorm;
                    continue;
                }

                trialCost = loss is null ? 0.5 * TrustRegionReflective.Dot(trialResiduals, trialResiduals) : loss.Cost(trialResiduals);
                actualReduction = cost - trialCost;
                var (newRadius, ratio) = TrustRegionReflective.UpdateRadius(radius, actualReduction, predicted, scaledStepNorm, reachedTrustFace);
                radius = newRadius;
                trialOnBound = (int[])onBound.Clone();
                for (int k = 0; k < free.Count; k++)
                {
                    trialOnBound[free[k]] = freeHits[k];
                }

                status = TrustRegionReflective.CheckTermination(actualReduction, cost, TrustRegionReflective.Norm(step),
                    TrustRegionReflective.Norm(x), ratio, options.FunctionTolerance, options.StepTolerance);
                if (status is not null)
                {
                    break;
                }
            }

            if (actualReduction > 0)
            {
                // Variables the step stopped on one of their bounds are set exactly on it.
                onBound = trialOnBound;
                for (int i = 0; i < n; i++)
                {
                    x[i] = onBound[i] == -1 ? lb[i] : onBound[i] == 1 ? ub[i] : trial[i];
                }

                trialResiduals.CopyTo(residuals, 0);
                trialResiduals.CopyTo(f, 0);
                cost = trialCost;
                model.Jacobian(x, jacobian);
                njev++;
                if (loss is not null)
                {
                    loss.ScaleInPlace(f, jacobian, n);
                }

                TrustRegionReflective.Grad(jacobian, f, gradient, m, n);
                if (scaleFromJacobian)
                {
                    (scale, scaleInverse) = TrustRegionReflective.JacScale(jacobian, m, n, scaleInverse);
                }
            }
        }

        status ??= TerminationReason.MaxEvaluations;
        return new SolverOutcome(x, residuals, status.Value, nfev, njev)
        {
            Jacobian = jacobian,
            Optimality = optimality,
            ActiveMask = onBound,
            Cost = cost,
            Gradient = gradient,
        };
    }

    /// <summary>
    /// The dogleg path in the free variables at one x: the Gauss-Newton point -J_F^+ f (truncated SVD of J_F, Math.NET) and
    /// the quadratic model along -g_F that locates the Cauchy point.
    /// </summary>
    private sealed class DoglegPath
    {
        private readonly double[] _freeJacobian;
        private readonly double[] _freeGradient;
        private readonly double[] _gaussNewton;
        private readonly int[] _free;
        private readonly int _m;
        private readonly double _curvature;
        private readonly double _slope;

        public DoglegPath(double[] jacobian, double[] f, double[] gradient, List<int> free, int m)
        {
            _m = m;
            _free = [.. free];
            int nf = _free.Length;
            _freeJacobian = new double[m * nf];
            _freeGradient = new double[nf];
            for (int k = 0; k < nf; k++)
            {
                Array.Copy(jacobian, _free[k] * m, _freeJacobian, k * m, m);
                _freeGradient[k] = gradient[_free[k]];
            }

            // Gauss-Newton: p = -V S^+ U^T f, singular values at or below eps max(m, n) s_max dropped.
            var (s, v, uf) = ReducedSvd.Decompose((double[])_freeJacobian.Clone(), m, nf, f);
            _gaussNewton = new double[nf];
            double threshold = s.Length == 0 ? 0 : Eps * Math.Max(m, nf) * s[0];
            for (int c = 0; c < s.Length; c++)
            {
                if (s[c] <= threshold)
                {
                    continue;
                }

                double w = -uf![c] / s[c];
                for (int i = 0; i < nf; i++)
                {
                    _gaussNewton[i] += v[i + (c * nf)] * w;
                }
            }

            // Along p = -t g: model change = 0.5 t^2 ||J g||^2 - t ||g||^2.
            var antiGradient = _freeGradient.Select(g => -g).ToArray();
            (_curvature, _slope, _) = TrustRegionReflective.BuildQuadratic1D(_freeJacobian, m, _freeGradient, antiGradient, null, null);
        }

        /// <summary>The change 0.5 ||J p||^2 + g^T p of the quadratic model for a step in the free variables.</summary>
        public double ModelChange(double[] freeStep) =>
            TrustRegionReflective.EvaluateQuadratic(_freeJacobian, _m, _freeGradient, freeStep, null, new double[_m]);

        /// <summary>
        /// The dogleg step in the box (lb - x) ∩ [-radius s, radius s] over the free variables; returns the step, which free
        /// variables it leaves on one of their original bounds (-1, 1), and whether it stopped on a trust-region face.
        /// </summary>
        public (double[] Step, int[] Hits, bool ReachedTrustFace) Step(double[] x, double[] lb, double[] ub, double[] scale, double radius)
        {
            int nf = _free.Length;
            var lower = new double[nf];
            var upper = new double[nf];
            var lowerIsBound = new bool[nf];
            var upperIsBound = new bool[nf];
            var lowerIsTrust = new bool[nf];
            var upperIsTrust = new bool[nf];
            for (int k = 0; k < nf; k++)
            {
                int i = _free[k];
                double half = radius * scale[i];
                double toLower = lb[i] - x[i], toUpper = ub[i] - x[i];
                lower[k] = Math.Max(toLower, -half);
                upper[k] = Math.Min(toUpper, half);
                lowerIsBound[k] = lower[k] == toLower;
                upperIsBound[k] = upper[k] == toUpper;
                lowerIsTrust[k] = lower[k] == -half;
                upperIsTrust[k] = upper[k] == half;
            }

            var hits = new int[nf];
            bool inside = true;
            for (int k = 0; k < nf; k++)
            {
                inside &= _gaussNewton[k] >= lower[k] && _gaussNewton[k] <= upper[k];
            }

            if (inside)
            {
                return ((double[])_gaussNewton.Clone(), hits, false);
            }

            // Cauchy point: minimize the model along -g up to the box (the box may cut before the model's minimum).
            var antiGradient = _freeGradient.Select(g => -g).ToArray();
            var (toBox, _) = TrustRegionReflective.StepSizeToBound(new double[nf], antiGradient, lower, upper);
            var (t, _) = TrustRegionReflective.MinimizeQuadratic1D(_curvature, _slope, 0, toBox, 0);
            var cauchy = antiGradient.Select(g => g * t).ToArray();

            // Second leg: from the Cauchy point toward the Gauss-Newton point, until the box.
            var leg = new double[nf];
            for (int k = 0; k < nf; k++)
            {
                leg[k] = _gaussNewton[k] - cauchy[k];
            }

            var (along, legHits) = TrustRegionReflective.StepSizeToBound(cauchy, leg, lower, upper);
            bool reachedTrustFace = false;
            var result = new double[nf];
            for (int k = 0; k < nf; k++)
            {
                result[k] = cauchy[k] + (along * leg[k]);
                if (legHits[k] < 0)
                {
                    hits[k] = lowerIsBound[k] ? -1 : 0;
                    reachedTrustFace |= lowerIsTrust[k];
                }
                else if (legHits[k] > 0)
                {
                    hits[k] = upperIsBound[k] ? 1 : 0;
                    reachedTrustFace |= upperIsTrust[k];
                }
            }

            return (result, hits, reachedTrustFace);
        }
    }
}
