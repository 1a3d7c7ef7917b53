using Adjoint.Tensors;
using Adjoint.Optimize;
using Adjoint.Optimize.Constraints;

namespace Adjoint.Fit;

/// <summary>
/// Settings of <see cref="CurveFit"/>, following scipy's <c>curve_fit</c> (sigma, absolute_sigma, bounds, method) plus
/// the least-squares tolerances it forwards. Change them with <c>with</c> expressions.
/// </summary>
public sealed record CurveFitOptions
{
    /// <summary>
    /// Per-point uncertainties of ydata (scipy <c>sigma</c>, 1-D): residuals are divided by them. Must be positive and
    /// finite. Default null (all ones).
    /// </summary>
    public IReadOnlyList<double>? Sigma { get; init; }

    /// <summary>
    /// Whether <see cref="Sigma"/> is in the units of ydata (scipy <c>absolute_sigma</c>): then the covariance is
    /// (J^T J)^-1 unscaled; otherwise sigma gives only relative weights and the covariance is scaled by the reduced
    /// chi-square. Default false.
    /// </summary>
    public bool AbsoluteSigma { get; init; }

    /// <summary>
    /// Bounds on the parameters (scipy <c>bounds</c>): by name for named parameters (<c>new Bounds { ["a"] = (0.0, null) }</c>),
    /// for every parameter with <see cref="Bounds.All"/>, or elementwise; positional parameters form the variable "p" of
    /// shape [n]. Equal lower and upper bounds fix a parameter at that value: it is not fitted, and its row and column of
    /// the covariance are 0. Default null: unbounded.
    /// </summary>
    public Bounds? Bounds { get; init; }

    /// <summary>Stop the fit once this much wall-clock time has passed (<see cref="TerminationReason.TimeLimit"/>). Default null: no limit.</summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>Record every iteration in <see cref="FitResult.Trace"/>. Default false.</summary>
    public bool RecordTrace { get; init; }

    /// <summary>The method; null (default) picks <see cref="LeastSquaresMethod.Lm"/> without bounds (<see cref="Bounds"/> null) and <see cref="LeastSquaresMethod.Trf"/> with them, as scipy.</summary>
    public LeastSquaresMethod? Method { get; init; }

    /// <summary>The loss (Trf and Dogbox only). Default <see cref="LossFunction.Linear"/>.</summary>
    public LossFunction Loss { get; init; } = LossFunction.Linear;

    /// <summary>The loss's soft margin f_scale, in units of the weighted residuals. Default 1.</summary>
    public double FScale { get; init; } = 1.0;

    /// <summary>
    /// The parameters' scales; null (default) uses MINPACK's Jacobian-based scaling for Lm (as scipy's <c>leastsq</c>) and
    /// unit scales for Trf and Dogbox (as scipy's <c>least_squares</c>).
    /// </summary>
    public VariableScale? XScale { get; init; }

    /// <summary>Relative cost-reduction tolerance (ftol). Default 1e-8.</summary>
    public double FunctionTolerance { get; init; } = 1e-8;

    /// <summary>Relative step tolerance (xtol). Default 1e-8.</summary>
    public double StepTolerance { get; init; } = 1e-8;

    /// <summary>Gradient tolerance (gtol). Default 1e-8.</summary>
    public double GradientTolerance { get; init; } = 1e-8;

    /// <summary>The maximum number of model evaluations (Jacobians excluded); null for the method's default.</summary>
    public int? MaxFunctionEvaluations { get; init; }

    /// <summary>Gauss-Newton refinement steps after convergence (see <see cref="LeastSquaresOptions.RefinementSteps"/>). Default 2.</summary>
    public int RefinementSteps { get; init; } = 2;

    /// <summary>
    /// Drop rows whose x, y or sigma is NaN or infinite instead of rejecting the data (scipy <c>nan_policy='omit'</c>).
    /// Default false: such data throw an <see cref="ArgumentException"/> naming the row.
    /// </summary>
    public bool DropNonFiniteRows { get; init; }

    /// <summary>
    /// Whether a model whose predictions depend on the data pointwise is recorded once at p0 and replayed afterwards
    /// (see <see cref="LeastSquaresOptions.Replay"/>): the model function is then called only while the fit is set up,
    /// so side effects in it do not repeat. Default true; false calls the model for every evaluation and Jacobian.
    /// </summary>
    public bool Replay { get; init; } = true;

    /// <summary>
    /// The dtype the model is evaluated and differentiated in (see <see cref="LeastSquaresOptions.Precision"/>): the
    /// model receives its parameters in it, xdata is converted to it once, constants it captures in float64 are
    /// converted, and it must return predictions in it. The methods, the covariance and the statistics stay float64
    /// (residuals y - f are formed in float64 from the model's values). Default <see cref="DType.Float64"/>.
    /// </summary>
    public DType Precision { get; init; } = DType.Float64;

    /// <summary>The least-squares options these settings amount to, for a problem with or without bounds.</summary>
    public LeastSquaresOptions ToLeastSquaresOptions()
    {
        var method = Method ?? (Bounds is null ? LeastSquaresMethod.Lm : LeastSquaresMethod.Trf);
        return new LeastSquaresOptions
        {
            Method = method,
            Loss = Loss,
            FScale = FScale,
            XScale = XScale ?? (method == LeastSquaresMethod.Lm ? VariableScale.Jacobian : VariableScale.Unit),
            FunctionTolerance = FunctionTolerance,
            StepTolerance = StepTolerance,
            GradientTolerance = GradientTolerance,
            MaxFunctionEvaluations = MaxFunctionEvaluations,
            Bounds = Bounds,
            RefinementSteps = RefinementSteps,
            Replay = Replay,
            Precision = Precision,
            TimeLimit = TimeLimit,
            RecordTrace = RecordTrace,
        };
    }
}
