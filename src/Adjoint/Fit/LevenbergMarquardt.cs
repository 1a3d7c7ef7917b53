using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using Adjoint.Optimize;

namespace Adjoint.Fit;

/// <summary>
/// The scaled Levenberg-Marquardt method of Moré (1978) as a trust-region iteration, with the Jacobian from autodiff and
/// each subproblem solved from a triangular factor of the scaled Jacobian (an SVD when that factor is nearly singular).
/// </summary>
/// <remarks>
/// <para>At x with residuals f and Jacobian J, the step p minimizes ||f + J p|| subject to ||D p|| &lt;= Delta. Its solution
/// is p(lambda) = argmin ||J p + f||^2 + lambda ||D p||^2 for the lambda &gt;= 0 at which either lambda = 0 and the
/// Gauss-Newton step fits, or the secular equation phi(lambda) = ||D p(lambda)|| - Delta = 0 holds to within
/// sigma Delta (sigma = 0.1). One pass over J per iteration forms J^T J and J^T f (the column norms and the gradient
/// test come from them); the n x n subproblem then comes from a triangular factor of J D^-1 (see
/// <see cref="ScaledSubproblem"/>), so each trial of the safeguarded Newton iteration on phi (Moré, section 5: Newton on
/// 1/||D p||, kept inside the interval [l, u] that brackets the root) costs O(n^3) with n the number of parameters, not
/// O(m n^2).</para>
/// <para>The step is taken when rho, the ratio of the actual to the predicted reduction of ||f||^2, exceeds 1e-4. When
/// rho &lt;= 1/4 the radius shrinks by mu in [1/10, 1/2], the minimizer of the quadratic that interpolates
/// ||f(x + t p)||^2 at t = 0 (value and slope) and t = 1; when rho &gt;= 3/4, or the step was an unconstrained
/// Gauss-Newton step with rho &gt; 1/4, it becomes 2 ||D p|| (Moré, section 7). D holds the largest column norms of J
/// seen so far under <see cref="VariableScale.Jacobian"/> (scipy's <c>x_scale='jac'</c> for lm), or the inverse fixed
/// scales. Termination follows scipy's <c>method='lm'</c>: relative actual and predicted reductions of ||f||^2 below
/// ftol, Delta &lt;= xtol ||D x||, the largest cosine between f and a column of J below gtol, the evaluation limit, and
/// the same tests at machine precision.</para>
/// <para>Symbols (Moré 1978 in parentheses): <c>residuals</c> f (F(x_k)), <c>jacobian</c> J (J_k), <c>scale</c> the diagonal
/// of D (D_k), <c>radius</c> Delta (Delta_k), <c>lambda</c> (lambda_k), <c>step</c> p (p_k), <c>scaledStepNorm</c> ||D p||,
/// <c>ratio</c> rho (rho_k), <c>lower</c>/<c>upper</c> (l_k, u_k), <c>Sigma</c> (sigma), <c>shrink</c> mu (mu).</para>
/// <para>References: J. J. Moré, "The Levenberg-Marquardt algorithm: implementation and theory", Numerical Analysis,
/// Lecture Notes in Mathematics 630, Springer (1978) 105-116; J. J. Moré, B. S. Garbow, K. E. Hillstrom, User Guide
/// for MINPACK-1, Argonne ANL-80-74 (1980) (the reference implementation scipy calls).</para>
/// </remarks>
internal static class LevenbergMarquardt
{
    private const double Eps = 2.220446049250313e-16;

    /// <summary>The relative accuracy sigma of the secular equation: |  ||D p|| - Delta | &lt;= sigma Delta.</summary>
    private const double Sigma = 0.1;

    /// <summary>The least ratio of actual to predicted reduction for which a step is taken.</summary>
    private const double AcceptRatio = 1e-4;

    /// <summary>The most Newton iterations on the secular equation per trial step.</summary>
    private const int MaxLambdaIterations = 10;

    /// <summary>Runs the method from x0 and returns the solution, its residuals, status and counts.</summary>
    public static SolverOutcome Solve(LeastSquaresProblem model, double[] x0, LeastSquaresOptions options)
    {
        int m = model.M, n = model.N;
        int maxEvaluations = options.MaxFunctionEvaluations ?? 100 * (n + 1);
        bool scaleFromJacobian = options.XScale.IsJacobian;
        var scale = new double[n];
        if (!scaleFromJacobian)
        {
            var fixedScale = options.XScale.Resolve(n);
            for (int j = 0; j < n; j++)
            {
                scale[j] = 1 / fixedScale[j];
            }
        }

        var x = (double[])x0.Clone();
        var residuals = new double[m];
        model.Evaluate(x, residuals);
        int nfev = 1, njev = 0;
        if (!AllFinite(residuals))
        {
            return new SolverOutcome(x, residuals, TerminationReason.NonFiniteValue, nfev, njev);
        }

        var jacobian = new double[m * n];
        var scaled = new double[m * n];
        var columnNorms = new double[n];
        var gram = new double[n * n];
        var jtf = new double[n];
        var subproblem = new ScaledSubproblem(n);
        var step = new double[n];
        var trial = new double[n];
        var trialResiduals = new double[m];
        double residualNorm = Norm(residuals);
        double radius = 0, lambda = 0, scaledXNorm = 0;
        bool firstIteration = true;
        TerminationReason? status = null;

        while (status is null)
        {
            model.Jacobian(x, jacobian);
            njev++;
            if (!AllFinite(jacobian))
            {
                status = TerminationReason.NonFiniteValue;
                break;
            }

            Gram(jacobian, residuals, m, n, gram, jtf);
            for (int j = 0; j < n; j++)
            {
                // sqrt of the Gram diagonal unless the sum of squares could have overflowed or underflowed.
                double squares = gram[j + (j * n)];
                columnNorms[j] = squares > 1e-290 && squares < 1e290 ? Math.Sqrt(squares) : Norm(jacobian.AsSpan(j * m, m));
            }

            if (firstIteration)
            {
                if (scaleFromJacobian)
                {
                    for (int j = 0; j < n; j++)
                    {
                        scale[j] = columnNorms[j] == 0 ? 1 : columnNorms[j];
                    }
                }

                scaledXNorm = ScaledNorm(scale, x);
                radius = scaledXNorm == 0 ? options.InitialStepBound : options.InitialStepBound * scaledXNorm;
            }

            double cosine = LargestCosine(jtf, columnNorms, residualNorm);
            if (cosine <= options.GradientTolerance)
            {
                status = TerminationReason.GradientTolerance;
            }

            double gradientNorm = 0;
            for (int j = 0; j < n; j++)
            {
                gradientNorm = Math.Max(gradientNorm, Math.Abs(jtf[j]));
            }

            if (model.Report(x, residuals, 0.5 * residualNorm * residualNorm, gradientNorm) is { } stop && status is null)
            {
                status = stop;
            }

            if (status is not null)
            {
                break;
            }

            if (scaleFromJacobian)
            {
                for (int j = 0; j < n; j++)
                {
                    scale[j] = Math.Max(scale[j], columnNorms[j]);
                }
            }

            subproblem.Reset(jacobian, scale, gram, jtf, residuals, scaled, m);

            // Trial steps from this x until one reduces ||f|| enough or a stopping test holds.
            double ratio;
            do
            {
                lambda = subproblem.FindLambda(radius, lambda);
                subproblem.Step(lambda, scale, step);
                double scaledStepNorm = ScaledNorm(scale, step);
                if (firstIteration)
                {
                    radius = Math.Min(radius, scaledStepNorm);
                }

                for (int j = 0; j < n; j++)
                {
                    trial[j] = x[j] + step[j];
                }

                model.Evaluate(trial, trialResiduals);
                nfev++;
                double trialNorm = AllFinite(trialResiduals) ? Norm(trialResiduals) : double.PositiveInfinity;

                // Reductions of ||f||^2 relative to ||f||^2 (all zero when f already vanishes).
                var (predicted, descent) = subproblem.Reductions(lambda);
                double squaredNorm = residualNorm * residualNorm;
                double actualReduction, predictedReduction, slope;
                if (residualNorm == 0)
                {
                    actualReduction = trialNorm == 0 ? 0 : -1;
                    predictedReduction = 0;
                    slope = 0;
                }
                else
                {
                    double q = trialNorm / residualNorm;
                    actualReduction = q < 10 ? 1 - (q * q) : -1;
                    predictedReduction = predicted / squaredNorm;
                    slope = -descent / squaredNorm;
                }

                ratio = predictedReduction != 0 ? actualReduction / predictedReduction : 0;

                if (ratio <= 0.25)
                {
                    double shrink = ShrinkFactor(actualReduction, slope, trialNorm >= 10 * residualNorm);
                    radius = shrink * Math.Min(radius, 10 * scaledStepNorm);
                    lambda /= shrink;
                }
                else if (lambda == 0 || ratio >= 0.75)
                {
                    radius = 2 * scaledStepNorm;
                    lambda *= 0.5;
                }

                if (ratio >= AcceptRatio)
                {
                    (x, trial) = (trial, x);
                    (residuals, trialResiduals) = (trialResiduals, residuals);
                    residualNorm = trialNorm;
                    scaledXNorm = ScaledNorm(scale, x);
                    firstIteration = false;
                }

                status = Converged(actualReduction, predictedReduction, ratio, radius, scaledXNorm, cosine, options);
                if (status is null && nfev >= maxEvaluations)
                {
                    status = TerminationReason.MaxEvaluations;
                }
            }
            while (status is null && ratio < AcceptRatio);
        }

        return new SolverOutcome(x, residuals, status.Value, nfev, njev);
    }

    /// <summary>scipy's lm stopping tests after a trial step (null to continue).</summary>
    private static TerminationReason? Converged(double actualReduction, double predictedReduction, double ratio, double radius,
        double scaledXNorm, double cosine, LeastSquaresOptions options)
    {
        bool reductionSmall = Math.Abs(actualReduction) <= options.FunctionTolerance
            && predictedReduction <= options.FunctionTolerance && ratio <= 2;
        bool radiusSmall = radius <= options.StepTolerance * scaledXNorm;
        if (reductionSmall && radiusSmall)
        {
            return TerminationReason.FunctionAndStepTolerance;
        }

        if (reductionSmall)
        {
            return TerminationReason.FunctionTolerance;
        }

        if (radiusSmall)
        {
            return TerminationReason.StepTolerance;
        }

        bool noReductionPossible = Math.Abs(actualReduction) <= Eps && predictedReduction <= Eps && ratio <= 2;
        return noReductionPossible || radius <= Eps * scaledXNorm || cosine <= Eps ? TerminationReason.PrecisionLimit : null;
    }

    /// <summary>
    /// The factor mu by which a poor step shrinks the radius: the minimizer of the quadratic through ||f(x + t p)||^2 at
    /// t = 0 (value and slope) and t = 1, kept in [1/10, 1/2]; 1/2 when the residual norm did not grow, 1/10 when it grew tenfold.
    /// </summary>
    /// <param name="actualReduction">1 - ||f(x + p)||^2 / ||f||^2.</param>
    /// <param name="slope">The relative directional derivative p^T J^T f / ||f||^2 (negative).</param>
    /// <param name="exploded">Whether ||f(x + p)|| &gt;= 10 ||f||, or not finite.</param>
    private static double ShrinkFactor(double actualReduction, double slope, bool exploded)
    {
        if (exploded)
        {
            return 0.1;
        }

        if (actualReduction >= 0)
        {
            return 0.5;
        }

        // q(t) = 1 + 2 slope t + (-actual - 2 slope) t^2 relative to ||f||^2; its minimizer is slope / (2 slope + actual).
        double mu = slope / ((2 * slope) + actualReduction);
        return mu < 0.1 || double.IsNaN(mu) ? 0.1 : Math.Min(mu, 0.5);
    }

    /// <summary>The largest |cos| of the angle between f and a nonzero column of J (0 when f = 0), from J^T f.</summary>
    private static double LargestCosine(double[] jtf, double[] columnNorms, double residualNorm)
    {
        if (residualNorm == 0)
        {
            return 0;
        }

        double largest = 0;
        for (int j = 0; j < columnNorms.Length; j++)
        {
            if (columnNorms[j] != 0)
            {
                largest = Math.Max(largest, Math.Abs(jtf[j] / (columnNorms[j] * residualNorm)));
            }
        }

        return largest;
    }

    /// <summary>The upper triangle of J^T J (column-major n x n) and J^T f, one vectorized dot product per entry.</summary>
    private static void Gram(double[] jacobian, double[] residuals, int m, int n, double[] gram, double[] jtf)
    {
        for (int j = 0; j < n; j++)
        {
            var column = jacobian.AsSpan(j * m, m);
            for (int k = 0; k <= j; k++)
            {
                gram[k + (j * n)] = TensorPrimitives.Dot<double>(jacobian.AsSpan(k * m, m), column);
            }

            jtf[j] = TensorPrimitives.Dot<double>(column, residuals);
        }
    }

    private static double ScaledNorm(double[] scale, double[] v)
    {
        Span<double> product = v.Length <= 64 ? stackalloc double[v.Length] : new double[v.Length];
        for (int j = 0; j < v.Length; j++)
        {
            product[j] = scale[j] * v[j];
        }

        return Norm(product);
    }

    /// <summary>The Euclidean norm, rescaled against overflow and underflow when needed.</summary>
    internal static double Norm(ReadOnlySpan<double> v)
    {
        double sum = 0;
        for (int i = 0; i < v.Length; i++)
        {
            sum += v[i] * v[i];
        }

        if (sum > 1e-290 && sum < 1e290)
        {
            return Math.Sqrt(sum);
        }

        double largest = 0;
        for (int i = 0; i < v.Length; i++)
        {
            largest = Math.Max(largest, Math.Abs(v[i]));
        }

        if (largest == 0 || !double.IsFinite(largest))
        {
            return largest;
        }

        sum = 0;
        for (int i = 0; i < v.Length; i++)
        {
            double t = v[i] / largest;
            sum += t * t;
        }

        return largest * Math.Sqrt(sum);
    }

    /// <summary>Whether every entry is finite (x - x is 0 for a finite x and NaN for an infinite or NaN one).</summary>
    internal static bool AllFinite(ReadOnlySpan<double> v)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= v.Length - Vector512<double>.Count; i += Vector512<double>.Count)
            {
                var x = Vector512.Create(v.Slice(i, Vector512<double>.Count));
                if (!Vector512.EqualsAll(x - x, Vector512<double>.Zero))
                {
                    return false;
                }
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= v.Length - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                var x = Vector256.Create(v.Slice(i, Vector256<double>.Count));
                if (!Vector256.EqualsAll(x - x, Vector256<double>.Zero))
                {
                    return false;
                }
            }
        }

        for (; i < v.Length; i++)
        {
            if (!double.IsFinite(v[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The subproblem min ||f + J p||^2 + lambda ||D p||^2 at one x, in the scaled variables q = D p with A = J D^-1:
    /// min ||A q + f||^2 + lambda ||q||^2.
    /// </summary>
    /// <remarks>
    /// <para>With an upper triangular R and b such that A = Q R and b = Q^T f, the problem is min ||R q + b||^2 + lambda ||q||^2,
    /// an n x n problem. For lambda = 0 its solution is the Gauss-Newton step q = -R^-1 b (back substitution); for
    /// lambda &gt; 0 it solves R_lambda^T R_lambda q = -A^T f with R_lambda^T R_lambda = A^T A + lambda I. Then
    /// d||q||/dlambda = -||R_lambda^-T q||^2 / ||q||, the predicted reduction of ||f||^2 is ||R q||^2 + 2 lambda ||q||^2 and
    /// -p^T J^T f = ||R q||^2 + lambda ||q||^2. The last lambda's solution is kept, since the step, its norm and its
    /// reductions are asked for at the same lambda.</para>
    /// <para>The factors come from Math.NET in one of three ways, cheapest first. When the Cholesky factor of the scaled
    /// Gram matrix A^T A = D^-1 (J^T J) D^-1 has a diagonal ratio of at least 1e-6, R is that factor, R^T b = A^T f, and
    /// R_lambda is the Cholesky factor of A^T A + lambda I. Forming A^T A makes the computed step the exact step of a
    /// subproblem perturbed by about cond(A)^2 eps relative (1e-4 at the limit): a trust-region step needs no more, since
    /// the gradient J^T f, the actual reductions that accept a step and the stopping tests are computed from J and f
    /// themselves, so the iteration converges to the same point; on the 54 NIST fits it moves no fit's digits by more than
    /// 0.7 either way (MGH10 from start 1: 10.4 to 9.7, scipy 7.1). Otherwise R and b come from Gram-Schmidt on [A f], and R_lambda with the projected right side
    /// from Gram-Schmidt on the 2n x (n + 1) matrix [R -b; sqrt(lambda) I 0] (the damped problem Moré factors by Givens
    /// rotations), which never forms a product of A with itself. When that R is singular or nearly so (its smallest
    /// diagonal entry below 1e-8 of its largest), or J has fewer rows than columns, the subproblem is held as the SVD
    /// A = U S V^T and c = U^T f: q(lambda) = -sum_i w_i v_i with w_i = s_i c_i / (s_i^2 + lambda), singular values at or
    /// below eps max(m, n) s_max counting as zero, which gives the minimum-norm Gauss-Newton step of a rank-deficient
    /// Jacobian.</para>
    /// </remarks>
    private sealed class ScaledSubproblem
    {
        /// <summary>Below this ratio of the smallest to the largest diagonal entry of R the SVD route is taken.</summary>
        private const double TriangularConditionLimit = 1e-8;

        /// <summary>
        /// At or above this ratio of the smallest to the largest diagonal entry of the Cholesky factor of the Gram matrix
        /// that factor is used; below it, Gram-Schmidt on J D^-1.
        /// </summary>
        private const double CholeskyConditionLimit = 1e-6;

        private readonly int _n;

        // Buffers of the Cholesky route, reused from one Jacobian to the next.
        private readonly double[] _cholR;
        private readonly double[] _cholB;
        private readonly double[] _cholGram;
        private readonly double[] _cholGradient;
        private readonly double[] _dampedR;
        private readonly double[] _work;
        private readonly double[] _q;

        // Triangular route (Cholesky or Gram-Schmidt factors).
        private double[]? _r;
        private double[]? _b;

        // Cholesky route only: the scaled Gram matrix A^T A (full, column-major) and A^T f.
        private double[]? _gram;
        private double[]? _gradient;
        private double _solvedLambda;
        private double[] _rLambda = [];

        // SVD route.
        private double[]? _singular;
        private double[]? _projected;
        private double[]? _vectors;
        private int _rank;

        /// <summary>A subproblem for n parameters; <see cref="Reset"/> sets it up at each Jacobian.</summary>
        public ScaledSubproblem(int n)
        {
            _n = n;
            _cholR = new double[n * n];
            _cholB = new double[n];
            _cholGram = new double[n * n];
            _cholGradient = new double[n];
            _dampedR = new double[n * n];
            _work = new double[n * n];
            _q = new double[n];
        }

        /// <summary>Sets up the subproblem at a new Jacobian.</summary>
        /// <param name="jacobian">J (column-major m x n).</param>
        /// <param name="scale">The diagonal of D.</param>
        /// <param name="gram">The upper triangle of J^T J.</param>
        /// <param name="jtf">J^T f.</param>
        /// <param name="residuals">f.</param>
        /// <param name="scaled">Room for J D^-1 (m x n), formed only when the Cholesky factor is not used.</param>
        /// <param name="m">Rows of J.</param>
        public void Reset(double[] jacobian, double[] scale, double[] gram, double[] jtf, double[] residuals, double[] scaled, int m)
        {
            int n = _n;
            _r = _b = _gram = _gradient = null;
            _singular = _projected = _vectors = null;
            _rank = 0;
            _solvedLambda = double.NaN;
            if (m >= n && TryCholesky(scale, gram, jtf))
            {
                _r = _cholR;
                _b = _cholB;
                _gram = _cholGram;
                _gradient = _cholGradient;
                return;
            }

            for (int j = 0; j < n; j++)
            {
                double inverse = 1 / scale[j];
                var source = jacobian.AsSpan(j * m, m);
                var target = scaled.AsSpan(j * m, m);
                for (int i = 0; i < m; i++)
                {
                    target[i] = source[i] * inverse;
                }
            }

            if (m >= n)
            {
                var (r, qtf) = ReducedSvd.Triangularize(scaled, m, n, residuals);
                if (DiagonalRatio(r, n) > TriangularConditionLimit)
                {
                    _r = r;
                    _b = qtf!;
                    return;
                }

                (_singular, _vectors, _projected) = ReducedSvd.FromTriangular(r, n, qtf);
            }
            else
            {
                (_singular, _vectors, _projected) = ReducedSvd.Decompose(scaled, m, n, residuals);
            }

            double threshold = _singular.Length == 0 ? 0 : Eps * Math.Max(m, n) * _singular[0];
            while (_rank < _singular.Length && _singular[_rank] > threshold)
            {
                _rank++;
            }
        }

        /// <summary>The smallest over the largest magnitude on the diagonal of R (0 when R has a zero or non-finite diagonal).</summary>
        private static double DiagonalRatio(double[] r, int n)
        {
            double largest = 0, smallest = double.PositiveInfinity;
            for (int k = 0; k < n; k++)
            {
                double d = Math.Abs(r[k + (k * n)]);
                largest = Math.Max(largest, d);
                smallest = Math.Min(smallest, d);
            }

            return double.IsFinite(largest) && largest > 0 ? smallest / largest : 0;
        }

        /// <summary>
        /// Sets R and b = Q^T f (in the Cholesky buffers) from the Cholesky factor of the scaled Gram matrix
        /// D^-1 J^T J D^-1 = R^T R (Math.NET) and R^T b = D^-1 J^T f, when that factor exists and its diagonal ratio is above
        /// <see cref="CholeskyConditionLimit"/>; false otherwise.
        /// </summary>
        private bool TryCholesky(double[] scale, double[] gram, double[] jtf)
        {
            int n = _n;
            for (int j = 0; j < n; j++)
            {
                for (int k = 0; k <= j; k++)
                {
                    double v = gram[k + (j * n)] / (scale[k] * scale[j]);
                    _cholGram[k + (j * n)] = v;
                    _cholGram[j + (k * n)] = v;
                }
            }

            Array.Copy(_cholGram, _work, n * n);
            if (!UpperCholesky(_work, n, _cholR) || !(DiagonalRatio(_cholR, n) > CholeskyConditionLimit))
            {
                return false;
            }

            for (int i = 0; i < n; i++)
            {
                _cholGradient[i] = jtf[i] / scale[i];
            }

            ForwardSubstitute(_cholR, _cholGradient, _cholB, n);
            return true;
        }

        /// <summary>
        /// Writes into r the upper triangular R with R^T R = a (symmetric positive definite, column-major n x n;
        /// overwritten) from Math.NET's Cholesky factorization; false when a is not positive definite.
        /// </summary>
        private static bool UpperCholesky(double[] a, int n, double[] r)
        {
            try
            {
                MathNet.Numerics.Providers.LinearAlgebra.LinearAlgebraControl.Provider.CholeskyFactor(a, n);
            }
            catch (ArgumentException)
            {
                return false;
            }

            // a holds L (lower, column-major); R = L^T.
            for (int j = 0; j < n; j++)
            {
                for (int i = 0; i <= j; i++)
                {
                    r[i + (j * n)] = a[j + (i * n)];
                }

                for (int i = j + 1; i < n; i++)
                {
                    r[i + (j * n)] = 0;
                }
            }

            return true;
        }

        /// <summary>Solves R^T x = y (R upper triangular, column-major) by forward substitution.</summary>
        private static void ForwardSubstitute(double[] r, ReadOnlySpan<double> y, Span<double> x, int n)
        {
            for (int i = 0; i < n; i++)
            {
                double t = y[i];
                for (int k = 0; k < i; k++)
                {
                    t -= r[k + (i * n)] * x[k];
                }

                x[i] = t / r[i + (i * n)];
            }
        }

        /// <summary>Whether the Gauss-Newton step uses every direction (no singular value was discarded).</summary>
        private bool FullRank => _r is not null || _rank == _n;

        /// <summary>
        /// Moré's safeguarded Newton iteration for lambda: 0 when the Gauss-Newton step satisfies ||D p|| &lt;= (1 + sigma) Delta,
        /// otherwise a lambda with | ||D p(lambda)|| - Delta | &lt;= sigma Delta (or the last of the iterations).
        /// </summary>
        /// <param name="radius">The trust radius Delta.</param>
        /// <param name="guess">The starting lambda (the previous iteration's, rescaled with the radius).</param>
        public double FindLambda(double radius, double guess)
        {
            var (gaussNewtonNorm, gaussNewtonSlope) = ScaledStepNorm(0);
            double phi = gaussNewtonNorm - radius;
            if (phi <= Sigma * radius)
            {
                return 0;
            }

            // u = ||(J D^-1)^T f|| / Delta bounds the root above; l = -phi(0) / phi'(0) below when phi is convex at 0.
            double upper = ScaledGradientNorm() / radius;
            double lower = FullRank ? -phi / gaussNewtonSlope : 0;
            double lambda = guess;
            for (int iteration = 1; ; iteration++)
            {
                if (!(lambda > lower && lambda < upper))
                {
                    lambda = Math.Max(1e-3 * upper, Math.Sqrt(lower * upper));
                }

                var (norm, slope) = ScaledStepNorm(lambda);
                phi = norm - radius;
                if (Math.Abs(phi) <= Sigma * radius || iteration == MaxLambdaIterations || slope == 0)
                {
                    return lambda;
                }

                if (phi < 0)
                {
                    upper = lambda;
                }

                // Newton's method on 1 / ||D p(lambda)|| - 1 / Delta, which is nearly linear in lambda.
                lower = Math.Max(lower, lambda - (phi / slope));
                lambda -= norm / radius * (phi / slope);
            }
        }

        /// <summary>||A^T f||: R^T b, or S c.</summary>
        private double ScaledGradientNorm()
        {
            double sum = 0;
            if (_r is { } r)
            {
                for (int j = 0; j < _n; j++)
                {
                    double t = 0;
                    for (int i = 0; i <= j; i++)
                    {
                        t += r[i + (j * _n)] * _b![i];
                    }

                    sum += t * t;
                }
            }
            else
            {
                for (int i = 0; i < _rank; i++)
                {
                    double t = _singular![i] * _projected![i];
                    sum += t * t;
                }
            }

            return Math.Sqrt(sum);
        }

        /// <summary>||D p(lambda)|| and its derivative in lambda.</summary>
        private (double Norm, double Slope) ScaledStepNorm(double lambda)
        {
            if (_r is not null)
            {
                Solve(lambda);
                double norm = Norm(_q);
                if (norm == 0)
                {
                    return (0, 0);
                }

                // w = R_lambda^-T q by forward substitution; d||q||/dlambda = -||w||^2 / ||q||.
                int n = _n;
                Span<double> w = n <= 64 ? stackalloc double[n] : new double[n];
                double sum = 0;
                for (int i = 0; i < n; i++)
                {
                    double t = _q[i];
                    for (int k = 0; k < i; k++)
                    {
                        t -= _rLambda[k + (i * n)] * w[k];
                    }

                    w[i] = t / _rLambda[i + (i * n)];
                    sum += w[i] * w[i];
                }

                return (norm, -sum / norm);
            }

            double squares = 0, derivative = 0;
            for (int i = 0; i < _rank; i++)
            {
                double s2 = _singular![i] * _singular[i];
                double denominator = s2 + lambda;
                double wi = _singular[i] * _projected![i] / denominator;
                squares += wi * wi;
                derivative += wi * wi / denominator;
            }

            double svdNorm = Math.Sqrt(squares);
            return (svdNorm, svdNorm == 0 ? 0 : -derivative / svdNorm);
        }

        /// <summary>The upper Cholesky factor of gram + lambda I (in the damped buffer), or null when it does not exist.</summary>
        private double[]? DampedCholesky(double[] gram, double lambda)
        {
            int n = _n;
            Array.Copy(gram, _work, n * n);
            for (int i = 0; i < n; i++)
            {
                _work[i + (i * n)] += lambda;
            }

            return UpperCholesky(_work, n, _dampedR) ? _dampedR : null;
        }

        /// <summary>Solves the triangular-route subproblem for <paramref name="lambda"/> into _q (and its factor into _rLambda).</summary>
        private void Solve(double lambda)
        {
            if (lambda.Equals(_solvedLambda))
            {
                return;
            }

            int n = _n;
            var r = _r!;
            var b = _b!;
            double[] factor;
            Span<double> rhs = n <= 64 ? stackalloc double[n] : new double[n];
            if (lambda == 0)
            {
                factor = r;
                for (int i = 0; i < n; i++)
                {
                    rhs[i] = -b[i];
                }
            }
            else if (_gram is { } gram && DampedCholesky(gram, lambda) is { } dampedFactor)
            {
                // (A^T A + lambda I) q = -A^T f through R_lambda^T R_lambda = A^T A + lambda I: R_lambda^T t = -A^T f, then R_lambda q = t.
                factor = dampedFactor;
                Span<double> negative = n <= 64 ? stackalloc double[n] : new double[n];
                for (int i = 0; i < n; i++)
                {
                    negative[i] = -_gradient![i];
                }

                ForwardSubstitute(factor, negative, rhs, n);
            }
            else
            {
                // Gram-Schmidt on [R -b; sqrt(lambda) I 0]: its factor holds R_lambda and, in the last column, the projected right side.
                int rows = 2 * n, columns = n + 1;
                var stacked = new double[rows * columns];
                double root = Math.Sqrt(lambda);
                for (int j = 0; j < n; j++)
                {
                    Array.Copy(r, j * n, stacked, j * rows, j + 1);
                    stacked[(j * rows) + n + j] = root;
                }

                for (int i = 0; i < n; i++)
                {
                    stacked[(n * rows) + i] = -b[i];
                }

                var (rl, projected) = ReducedSvd.Triangularize(stacked[..(rows * n)], rows, n, stacked[(rows * n)..]);
                factor = rl;
                projected!.CopyTo(rhs);
            }

            // q = factor^-1 rhs by back substitution.
            for (int i = n - 1; i >= 0; i--)
            {
                double t = rhs[i];
                for (int k = i + 1; k < n; k++)
                {
                    t -= factor[i + (k * n)] * _q[k];
                }

                _q[i] = t / factor[i + (i * n)];
            }

            _rLambda = factor;
            _solvedLambda = lambda;
        }

        /// <summary>Writes p(lambda) = D^-1 q(lambda) into step.</summary>
        public void Step(double lambda, double[] scale, double[] step)
        {
            int n = _n;
            if (_r is not null)
            {
                Solve(lambda);
                for (int i = 0; i < n; i++)
                {
                    step[i] = _q[i] / scale[i];
                }

                return;
            }

            Array.Clear(step, 0, n);
            for (int k = 0; k < _rank; k++)
            {
                double w = -_singular![k] * _projected![k] / ((_singular[k] * _singular[k]) + lambda);
                for (int i = 0; i < n; i++)
                {
                    step[i] += _vectors![i + (k * n)] * w;
                }
            }

            for (int i = 0; i < n; i++)
            {
                step[i] /= scale[i];
            }
        }

        /// <summary>
        /// The predicted reduction ||f||^2 - ||f + J p||^2 and the descent -p^T J^T f = ||J p||^2 + lambda ||D p||^2 of p(lambda).
        /// </summary>
        public (double Predicted, double Descent) Reductions(double lambda)
        {
            if (_r is { } r)
            {
                Solve(lambda);
                int n = _n;
                double rq2 = 0, q2 = 0;
                for (int i = 0; i < n; i++)
                {
                    double t = 0;
                    for (int k = i; k < n; k++)
                    {
                        t += r[i + (k * n)] * _q[k];
                    }

                    rq2 += t * t;
                    q2 += _q[i] * _q[i];
                }

                return (rq2 + (2 * lambda * q2), rq2 + (lambda * q2));
            }

            double predicted = 0, descent = 0;
            for (int i = 0; i < _rank; i++)
            {
                double s2 = _singular![i] * _singular[i];
                double c2 = _projected![i] * _projected[i];
                double denominator = s2 + lambda;
                descent += s2 * c2 / denominator;
                predicted += s2 * c2 * (s2 + (2 * lambda)) / (denominator * denominator);
            }

            return (predicted, descent);
        }
    }
}
