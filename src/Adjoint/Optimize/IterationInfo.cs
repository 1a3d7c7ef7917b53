using System.Globalization;
using Adjoint.Autodiff;

namespace Adjoint.Optimize;

/// <summary>A snapshot of one iteration, given to the callback, the progress reporter and the trace.</summary>
/// <param name="Iteration">The iteration number (0 is the starting point).</param>
/// <param name="Fun">The objective value at <see cref="X"/>.</param>
/// <param name="GradientNorm">The infinity norm of the (projected) gradient, NaN for derivative-free methods.</param>
/// <param name="StepNorm">The infinity norm of the last step, NaN at iteration 0.</param>
/// <param name="FunctionEvaluations">Function evaluations so far.</param>
/// <param name="GradientEvaluations">Gradient evaluations so far.</param>
/// <param name="Elapsed">Time since the start.</param>
/// <param name="X">The current point, flat, as float64 (a copy).</param>
public sealed record IterationInfo(
    int Iteration,
    double Fun,
    double GradientNorm,
    double StepNorm,
    int FunctionEvaluations,
    int GradientEvaluations,
    TimeSpan Elapsed,
    double[] X)
{
    internal Variables? Layout { get; init; }

    /// <summary>The largest constraint violation at <see cref="X"/> for a constrained problem; NaN without constraints.</summary>
    public double ConstraintViolation { get; init; } = double.NaN;

    /// <summary>The method's own quantities for this iteration (<see cref="MethodState.IterationNote"/>), or null.</summary>
    public string? Note { get; init; }

    /// <summary>The current point with the names, shapes and dtypes of x0.</summary>
    public Variables Variables => Layout is { } l ? l.Unflatten(X) : throw new InvalidOperationException("No variable layout.");

    /// <summary>One scipy-like line.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"At iterate {Iteration,5}    f= {Fun,13:E5}    |proj g|= {GradientNorm,11:E5}{(double.IsNaN(ConstraintViolation) ? "" : string.Create(CultureInfo.InvariantCulture, $"    viol= {ConstraintViolation,10:E3}"))}    nfev= {FunctionEvaluations}{(Note is null ? "" : "    " + Note)}");
}
