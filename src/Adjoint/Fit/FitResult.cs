using System.Globalization;
using System.Text;
using Adjoint.Optimize;

namespace Adjoint.Fit;

/// <summary>The outcome of <see cref="CurveFit"/>: parameters with their uncertainty, goodness of fit and the solver's report.</summary>
/// <remarks>Arrays compare by reference: do not rely on record equality.</remarks>
public sealed record FitResult
{
    /// <summary>The fitted parameters (scipy's <c>popt</c>), in p0's (flattened) order.</summary>
    public required double[] Parameters { get; init; }

    /// <summary>A name per parameter: p[0], p[1], ... or the variable names for named parameters.</summary>
    public required string[] ParameterNames { get; init; }

    /// <summary>The fitted parameters by name, for named models; otherwise null.</summary>
    public Autodiff.Variables? Variables { get; init; }

    /// <summary>The parameters' covariance (scipy's <c>pcov</c>); +infinity variance for unidentifiable parameters.</summary>
    public double[,] Covariance => CovarianceEstimate.Matrix;

    /// <summary>The standard errors: square roots of the covariance's diagonal.</summary>
    public double[] StandardErrors => CovarianceEstimate.StandardErrors;

    /// <summary>The parameters' correlation matrix.</summary>
    public double[,] Correlation => CovarianceEstimate.Correlation;

    /// <summary>The covariance with its diagnostics (rank, singular values, condition number, unidentifiable parameters).</summary>
    public required CovarianceEstimate CovarianceEstimate { get; init; }

    /// <summary>The residuals y - f(x, p) at the solution (not weighted).</summary>
    public required double[] Residuals { get; init; }

    /// <summary>The weighted residual sum of squares sum(((y - f) / sigma)^2): the residual sum of squares when no sigma is given.</summary>
    public required double ChiSquare { get; init; }

    /// <summary>ChiSquare / DegreesOfFreedom (NaN with no degrees of freedom): the residual variance s^2 without sigma.</summary>
    public double ReducedChiSquare => DegreesOfFreedom > 0 ? ChiSquare / DegreesOfFreedom : double.NaN;

    /// <summary>The coefficient of determination 1 - ChiSquare / (weighted total sum of squares about the weighted mean of y).</summary>
    public required double RSquared { get; init; }

    /// <summary>The number of points minus the number of parameters.</summary>
    public required int DegreesOfFreedom { get; init; }

    /// <summary>The number of data points used (after dropping non-finite rows, when asked).</summary>
    public required int Observations { get; init; }

    /// <summary>The number of model evaluations.</summary>
    public int Nfev => Solver.Nfev;

    /// <summary>The number of Jacobian evaluations.</summary>
    public int Njev => Solver.Njev;

    /// <summary>Why the solver stopped.</summary>
    public TerminationReason Status => Solver.Status;

    /// <summary>Per parameter: whether equal bounds held it fixed (its row and column of the covariance are 0).</summary>
    public bool[] Fixed => Solver.Fixed;

    /// <summary>Every iteration, when <see cref="CurveFitOptions.RecordTrace"/> was set; otherwise null.</summary>
    public IReadOnlyList<IterationInfo>? Trace => Solver.Trace;

    /// <summary>Whether the solver converged (derived from <see cref="Status"/>).</summary>
    public bool Success => Solver.Success;

    /// <summary>The solver's sentence, followed by the covariance warning when there is one.</summary>
    public string Message => CovarianceEstimate.Warning is null ? Solver.Message : Solver.Message + " " + CovarianceEstimate.Warning;

    /// <summary>Whether some parameters are not identifiable from the data (rank-deficient Jacobian).</summary>
    public bool IsRankDeficient => CovarianceEstimate.IsRankDeficient;

    /// <summary>The condition number of the column-scaled Jacobian at the solution.</summary>
    public double ConditionNumber => CovarianceEstimate.ConditionNumber;

    /// <summary>A sentence when the covariance should not be trusted; null otherwise.</summary>
    public string? CovarianceWarning => CovarianceEstimate.Warning;

    /// <summary>The underlying least-squares result (weighted residuals, Jacobian, gradient, optimality).</summary>
    public required LeastSquaresResult Solver { get; init; }

    /// <summary>The parameters and their covariance, as scipy's <c>popt, pcov = curve_fit(...)</c>: <c>var (popt, pcov) = fit;</c>.</summary>
    /// <param name="popt">The fitted parameters (<see cref="Parameters"/>).</param>
    /// <param name="pcov">Their covariance (<see cref="Covariance"/>).</param>
    public void Deconstruct(out double[] popt, out double[,] pcov)
    {
        popt = Parameters;
        pcov = Covariance;
    }

    /// <summary>A table of parameters with standard errors, and the fit statistics.</summary>
    public string Report()
    {
        var sb = new StringBuilder();
        var ci = CultureInfo.InvariantCulture;
        sb.AppendLine(ci, $"{(Success ? "Converged" : "FAILED")}: {Solver.Message}");
        int w = Math.Max(9, ParameterNames.Max(s => s.Length));
        sb.AppendLine(ci, $"{"parameter".PadRight(w)}  {"estimate",16}  {"std error",12}");
        for (int i = 0; i < Parameters.Length; i++)
        {
            sb.AppendLine(ci, $"{ParameterNames[i].PadRight(w)}  {Parameters[i],16:G10}  {StandardErrors[i],12:G5}");
        }

        sb.AppendLine(ci, $"chi-square {ChiSquare:G8}, reduced {ReducedChiSquare:G6}, R^2 {RSquared:G8}, dof {DegreesOfFreedom}, nfev {Nfev}, njev {Njev}, condition {ConditionNumber:G3}");
        if (CovarianceWarning is not null)
        {
            sb.AppendLine(ci, $"warning: {CovarianceWarning}");
        }

        return sb.ToString();
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{(Success ? "converged" : "failed")}: [{string.Join(", ", Parameters.Select(p => p.ToString("G8", CultureInfo.InvariantCulture)))}], chi2 {ChiSquare:G6}, nfev {Nfev}");
}
