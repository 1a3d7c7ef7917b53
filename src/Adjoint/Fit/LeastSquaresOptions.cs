using System.Globalization;
using Adjoint.Optimize;
using Adjoint.Optimize.Constraints;
using Adjoint.Tensors;

namespace Adjoint.Fit;

/// <summary>
/// Settings of <see cref="LeastSquares"/>: method, loss, scaling, tolerances and limits, named as in scipy's
/// <c>least_squares</c> (given in each property's documentation). Change them with <c>with</c> expressions.
/// </summary>
public sealed record LeastSquaresOptions
{
    /// <summary>The algorithm (scipy <c>method</c>). Default <see cref="LeastSquaresMethod.Trf"/>.</summary>
    public LeastSquaresMethod Method { get; init; } = LeastSquaresMethod.Trf;

    /// <summary>The robust loss (scipy <c>loss</c>). Default <see cref="LossFunction.Linear"/>; <see cref="LeastSquaresMethod.Lm"/> supports only Linear.</summary>
    public LossFunction Loss { get; init; } = LossFunction.Linear;

    /// <summary>The soft margin between inlier and outlier residuals (scipy <c>f_scale</c>): z = (f / FScale)^2. Default 1.</summary>
    public double FScale { get; init; } = 1.0;

    /// <summary>The variables' characteristic scales (scipy <c>x_scale</c>). Default <see cref="VariableScale.Unit"/>.</summary>
    public VariableScale XScale { get; init; } = VariableScale.Unit;

    /// <summary>
    /// Tolerance on the relative cost reduction (scipy <c>ftol</c>, default 1e-8): stop when
    /// <c>dF &lt; ftol * F</c> and the step's reduction ratio exceeds 0.25 (trf, dogbox), or when both the actual and
    /// predicted relative reductions are at most ftol (lm).
    /// </summary>
    public double FunctionTolerance { get; init; } = 1e-8;

    /// <summary>
    /// Tolerance on the step (scipy <c>xtol</c>, default 1e-8): stop when <c>||dx|| &lt; xtol (xtol + ||x||)</c> (trf, dogbox),
    /// or when the trust radius satisfies <c>Delta &lt;= xtol ||D x||</c> (lm).
    /// </summary>
    public double StepTolerance { get; init; } = 1e-8;

    /// <summary>
    /// Tolerance on the gradient (scipy <c>gtol</c>, default 1e-8): stop when <c>||g_scaled||_inf &lt; gtol</c> (trf: g scaled by
    /// the Coleman-Li vector; dogbox: g with bound-blocked components removed), or when the largest cosine between f and a
    /// column of J is at most gtol (lm).
    /// </summary>
    public double GradientTolerance { get; init; } = 1e-8;

    /// <summary>
    /// The maximum number of residual evaluations (scipy <c>max_nfev</c>), Jacobian evaluations excluded. Default null:
    /// 100 n for trf and dogbox, 100 (n + 1) for lm.
    /// </summary>
    public int? MaxFunctionEvaluations { get; init; }

    /// <summary>
    /// Bounds on the variables (scipy <c>bounds</c>), by variable name (a plain vector x0 is the variable "x" of shape [n]),
    /// for all elements (<see cref="Bounds.All"/>) or elementwise (<see cref="Bounds.Elementwise"/>). Equal lower and upper
    /// bounds fix a variable: it keeps that value, the method solves over the others, and
    /// <see cref="LeastSquaresResult.Fixed"/> says so. <see cref="LeastSquaresMethod.Lm"/> accepts only such fixing bounds.
    /// Default null: unbounded.
    /// </summary>
    public Bounds? Bounds { get; init; }

    /// <summary>
    /// Stop once this much wall-clock time has passed (checked before every evaluation and iteration), returning the last
    /// iterate with <see cref="TerminationReason.TimeLimit"/>. Default null: no limit.
    /// </summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>Record every iteration in <see cref="LeastSquaresResult.Trace"/>. Default false.</summary>
    public bool RecordTrace { get; init; }

    /// <summary>
    /// The dtype the residuals and the Jacobian are evaluated in (the residual function receives x in it and must return
    /// residuals in it); the methods' state, the decompositions and the result stay float64. Default
    /// <see cref="DType.Float64"/>. With <see cref="DType.Float32"/> FunctionTolerance and StepTolerance are raised to at
    /// least the float32 machine epsilon eps32 ~ 1.2e-7 (below it the relative change of the cost and of x is float32
    /// rounding), and lm's precision-limited stops are verified against sqrt(eps32) ~ 3.5e-4 instead of sqrt(eps64); a
    /// replayed function replays in float32 too. Constants the function captures in float64 are converted (see
    /// <see cref="EvaluationPrecision"/>). <see cref="CurveFit"/> takes it from <see cref="CurveFitOptions.Precision"/>.
    /// </summary>
    public DType Precision { get; init; } = DType.Float64;

    /// <summary>The options with the tolerances the evaluation precision can resolve (unchanged for Float64).</summary>
    internal LeastSquaresOptions ForPrecision()
    {
        if (Precision == DType.Float64)
        {
            return this;
        }

        double eps = Tensors.Precision.MachineEpsilon(Precision);
        return this with
        {
            FunctionTolerance = Math.Max(FunctionTolerance, eps),
            StepTolerance = Math.Max(StepTolerance, eps),
        };
    }

    /// <summary>The initial trust-region radius factor of <see cref="LeastSquaresMethod.Lm"/> (MINPACK <c>factor</c>): Delta0 = factor ||D x0||. Default 100.</summary>
    public double InitialStepBound { get; init; } = 100.0;

    /// <summary>
    /// The most Gauss-Newton refinement steps taken after the method has converged (linear loss only). Each solves
    /// min ||f + J p|| by SVD (singular values below eps max(m, n) s_max dropped) and is kept only if it stays inside
    /// the bounds and lowers the cost, or leaves it unchanged to within 1e-12 relative (rounding) while lowering the
    /// largest column-scaled gradient |J_j^T f| / ||J_j||; refinement stops at the first step that does not. Near a solution of a
    /// small-residual problem each step roughly doubles the correct digits, for one residual and one Jacobian
    /// evaluation. Default 2; 0 reproduces scipy's stopping point.
    /// </summary>
    public int RefinementSteps { get; init; } = 2;

    /// <summary>
    /// Whether the residual function is recorded once at x0, with its backward pass, and replayed for every later
    /// evaluation and Jacobian (the operations' own kernels on fixed buffers, without re-running the function): several
    /// times faster on small problems. Used only where the recording provably stands for the function (no value read
    /// out of a tracked tensor, compared or detached while it ran; every operation replayable) and where the replay
    /// reproduces the tensor operations at x0; applies to residual functions with at most max(n, 64) residuals and to
    /// pointwise curve-fit models. The function is then called only while the solve is set up, so side effects in it
    /// (counting calls, logging, drawing random numbers) do not repeat. Default true; false calls the function every time.
    /// </summary>
    public bool Replay { get; init; } = true;

    /// <summary>Checks every setting; throws naming the first invalid one.</summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// The method is not a <see cref="LeastSquaresMethod"/> member, a tolerance is negative, FScale is not positive,
    /// MaxFunctionEvaluations &lt; 1 or TimeLimit is not positive.
    /// </exception>
    /// <exception cref="ArgumentException">lm was asked for a robust loss, or every tolerance is below machine epsilon (as scipy).</exception>
    public void Validate()
    {
        if (!Enum.IsDefined(Method))
        {
            throw new ArgumentOutOfRangeException(nameof(Method), Method, $"Method {(int)Method} is not a least-squares method; use Trf, Dogbox or Lm.");
        }

        Check(FunctionTolerance, nameof(FunctionTolerance));
        Check(StepTolerance, nameof(StepTolerance));
        Check(GradientTolerance, nameof(GradientTolerance));
        const double eps = 2.220446049250313e-16;
        if (FunctionTolerance < eps && StepTolerance < eps && GradientTolerance < eps)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"At least one of FunctionTolerance, StepTolerance and GradientTolerance must be at least machine epsilon ({eps:E3}); they are {FunctionTolerance:G3}, {StepTolerance:G3} and {GradientTolerance:G3}, so no test could ever stop the solver."), nameof(FunctionTolerance));
        }

        if (Precision is not (DType.Float32 or DType.Float64))
        {
            throw new ArgumentOutOfRangeException(nameof(Precision), Precision, "Precision must be Float32 or Float64.");
        }

        if (TimeLimit is { } limit && limit <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(TimeLimit), limit, "TimeLimit must be positive.");
        }
        if (!(FScale > 0) || double.IsPositiveInfinity(FScale))
        {
            throw new ArgumentOutOfRangeException(nameof(FScale), FScale, "FScale must be positive and finite.");
        }

        if (MaxFunctionEvaluations is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxFunctionEvaluations), MaxFunctionEvaluations, "MaxFunctionEvaluations must be at least 1.");
        }

        if (RefinementSteps < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(RefinementSteps), RefinementSteps, "RefinementSteps must be non-negative.");
        }

        if (!(InitialStepBound > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(InitialStepBound), InitialStepBound, "InitialStepBound must be positive.");
        }

        ArgumentNullException.ThrowIfNull(XScale);
        if (Method == LeastSquaresMethod.Lm && Loss != LossFunction.Linear)
        {
            throw new ArgumentException($"Method Lm supports only the Linear loss, not {Loss}; use Trf or Dogbox.", nameof(Loss));
        }
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Method}, loss {Loss} (f_scale {FScale}), x_scale {XScale}, ftol {FunctionTolerance}, xtol {StepTolerance}, gtol {GradientTolerance}, max_nfev {(MaxFunctionEvaluations?.ToString(CultureInfo.InvariantCulture) ?? "default")}");

    private static void Check(double tol, string name)
    {
        if (!(tol >= 0) || double.IsPositiveInfinity(tol))
        {
            throw new ArgumentOutOfRangeException(name, tol, $"{name} must be non-negative and finite.");
        }
    }
}
