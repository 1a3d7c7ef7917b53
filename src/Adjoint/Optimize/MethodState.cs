using Adjoint.Optimize.QuasiNewton;
using Adjoint.Tensors.Kernels;

namespace Adjoint.Optimize;

/// <summary>
/// The mutable state of one run of an iterative method; the driver reads the current iterate from it after every step.
/// A method derives its own state class to add its buffers (velocity, inverse Hessian, ...), allocated once, in
/// <see cref="IterativeMethod{TOptions, TState}.Initialize"/>.
/// </summary>
/// <remarks>Methods must leave <see cref="X"/>, <see cref="F"/>, <see cref="G"/> and <see cref="GradientNorm"/> consistent
/// at the end of each step (write trial points into their own buffers), since a step can be interrupted by a hard limit;
/// <see cref="Evaluate"/> does that for a method that moves <see cref="X"/> in place.</remarks>
public abstract class MethodState
{
    /// <summary>Allocates <see cref="X"/> and, for gradient methods, <see cref="G"/>.</summary>
    /// <param name="n">The number of scalar variables (<see cref="MinimizationProblem.Dimension"/>).</param>
    /// <param name="hasGradient">Whether the method keeps a gradient.</param>
    protected MethodState(int n, bool hasGradient)
    {
        X = FreshMemory.Doubles(n);
        G = hasGradient ? FreshMemory.Doubles(n) : null;
    }

    /// <summary>The current iterate.</summary>
    public double[] X { get; }

    /// <summary>f at <see cref="X"/>.</summary>
    public double F { get; set; } = double.NaN;

    /// <summary>The gradient at <see cref="X"/>, or null for derivative-free methods.</summary>
    public double[]? G { get; }

    /// <summary>Infinity norm of the (projected) gradient at <see cref="X"/>; for a constrained problem, of the gradient of the Lagrangian ∇f + Jᵀλ + μ (the optimality measure); NaN without gradients.</summary>
    public double GradientNorm { get; set; } = double.NaN;

    /// <summary>The largest constraint violation at <see cref="X"/> in the constraints' own units (0 without constraints);
    /// constrained methods keep it current.</summary>
    public double ConstraintViolation { get; set; }

    /// <summary>
    /// Lagrange multipliers at <see cref="X"/>, one per constraint row, in the convention ∇f + Jᵀλ + μ = 0 (λ &lt;= 0 where a
    /// lower bound is active, &gt;= 0 where an upper bound is active); null when the method has none.
    /// </summary>
    public double[]? Multipliers { get; set; }

    /// <summary>Multipliers μ of the box bounds, one per variable, in the same convention; null when the method has none.</summary>
    public double[]? BoundMultipliers { get; set; }

    /// <summary>
    /// The method's own quantities for the iteration line printed when Verbose and kept in the trace (a trust radius,
    /// a penalty, a barrier parameter: "radius 0.5  penalty 10"), or null.
    /// </summary>
    public virtual string? IterationNote => null;

    /// <summary>Infinity norm of the last step.</summary>
    public double StepNorm { get; set; } = double.NaN;

    /// <summary>The Hessian at X, if the method keeps one.</summary>
    public virtual double[,]? Hessian => null;

    /// <summary>The inverse-Hessian approximation, if the method keeps one.</summary>
    public virtual InverseHessianApproximation? InverseHessian => null;

    /// <summary>
    /// Evaluates the objective at <see cref="X"/>: sets <see cref="F"/> and, when the state has a gradient, <see cref="G"/>
    /// and <see cref="GradientNorm"/> (the infinity norm of the projected gradient, as every built-in method reports it).
    /// </summary>
    /// <param name="problem">The problem being minimized; the evaluation is counted there.</param>
    public void Evaluate(MinimizationProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (G is null)
        {
            F = problem.Value(X);
            return;
        }

        F = problem.ValueAndGradient(X, G);
        GradientNorm = Convergence.ProjectedGradientNorm(X, G, problem.Lower, problem.Upper);
    }
}
