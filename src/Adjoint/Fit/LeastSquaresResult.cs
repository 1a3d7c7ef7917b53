using System.Globalization;
using Adjoint.Autodiff;
using Adjoint.Optimize;

namespace Adjoint.Fit;

/// <summary>The outcome of <see cref="LeastSquares"/> (the fields of scipy's <c>least_squares</c> result).</summary>
/// <remarks>Arrays compare by reference: do not rely on record equality of results.</remarks>
public sealed record LeastSquaresResult
{
    /// <summary>The solution found.</summary>
    public required double[] X { get; init; }

    /// <summary>The solution by name, for problems posed over <see cref="Variables"/>; otherwise null.</summary>
    public Variables? Variables { get; init; }

    /// <summary>The cost at the solution: <c>0.5 * sum(rho(f^2))</c> (half the residual sum of squares for the linear loss).</summary>
    public required double Cost { get; init; }

    /// <summary>The residuals f at the solution (scipy <c>fun</c>).</summary>
    public required double[] Residuals { get; init; }

    /// <summary>
    /// The Jacobian at the solution, m x n (for a robust loss, scaled as scipy does: rows multiplied by
    /// sqrt(rho' + 2 rho'' f^2)).
    /// </summary>
    public required double[,] Jacobian { get; init; }

    /// <summary>The gradient of the cost at the solution (scipy <c>grad</c>); 0 for variables fixed by equal bounds.</summary>
    public required double[] Gradient { get; init; }

    /// <summary>First-order optimality: the infinity norm of the gradient (trf: scaled by the Coleman-Li vector; dogbox: projected on the bounds).</summary>
    public required double Optimality { get; init; }

    /// <summary>Per variable: 0 when no bound is active, -1 at its lower bound, 1 at its upper bound (0 for fixed variables).</summary>
    public required int[] ActiveMask { get; init; }

    /// <summary>
    /// Per variable: whether its lower and upper bounds are equal, so that it was held at that value and not solved for
    /// (its Jacobian column and gradient entry are reported as 0).
    /// </summary>
    public required bool[] Fixed { get; init; }

    /// <summary>The number of residual evaluations (Jacobian evaluations excluded).</summary>
    public required int Nfev { get; init; }

    /// <summary>The number of Jacobian evaluations.</summary>
    public required int Njev { get; init; }

    /// <summary>Why the solver stopped.</summary>
    public required TerminationReason Status { get; init; }

    /// <summary>Whether the solver converged: <see cref="TerminationReasons.IsSuccess"/> of <see cref="Status"/>.</summary>
    public bool Success => Status.IsSuccess();

    /// <summary>The sentence explaining <see cref="Status"/>, with the cost, the optimality and the test that stopped the solver.</summary>
    public required string Message { get; init; }

    /// <summary>Every iteration (iteration 0 is the start; the last entry is the returned point), when <see cref="LeastSquaresOptions.RecordTrace"/> was set; otherwise null.</summary>
    public IReadOnlyList<IterationInfo>? Trace { get; init; }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{(Success ? "converged" : "failed")}: {Status}; cost {Cost:G10}, optimality {Optimality:G3}, nfev {Nfev}, njev {Njev}");
}
