using Adjoint.Tensors;

namespace Adjoint.Optimize.Constraints;

/// <summary>One constraint at the solution: its values, bounds, violation and Lagrange multipliers, shaped like its output.</summary>
/// <remarks>Multipliers follow ∇f + Σ Jᵀλ + μ = 0: λ &lt;= 0 where the lower bound is active, &gt;= 0 where the upper bound
/// is active, 0 where neither is (scipy trust-constr's <c>v</c>, with SLSQP's sign flipped for inequalities).</remarks>
public sealed record ConstraintReport
{
    /// <summary>The constraint's name ("constraint k" when none was given).</summary>
    public required string Name { get; init; }

    /// <summary>The shape of the constraint's output.</summary>
    public required int[] Shape { get; init; }

    /// <summary>c(x) at the solution, one per row (row-major).</summary>
    public required double[] Values { get; init; }

    /// <summary>Lower bounds per row.</summary>
    public required double[] Lower { get; init; }

    /// <summary>Upper bounds per row.</summary>
    public required double[] Upper { get; init; }

    /// <summary>The largest violation over the constraint's rows, in its own units (0 when it holds).</summary>
    public required double Violation { get; init; }

    /// <summary>Lagrange multipliers per row, or null when neither the method nor the final check estimated them.</summary>
    public double[]? Multipliers { get; init; }

    /// <summary>How its Jacobian was computed: "autodiff", "user", "linear" (exact) or "2-point"/"3-point" (finite differences).</summary>
    public required string JacobianSource { get; init; }

    /// <summary>Whether the Jacobian was exact (autodiff, the user's delegate, or a linear constraint).</summary>
    public bool ExactJacobian => JacobianSource is "autodiff" or "user" or "linear";

    /// <summary>The multipliers as a float64 tensor shaped like the constraint's output, or null.</summary>
    public Tensor? MultipliersTensor => Multipliers is null ? null : Tensor.FromArray(Multipliers, new Shape(Shape));

    /// <summary>The values as a float64 tensor shaped like the constraint's output.</summary>
    public Tensor ValuesTensor => Tensor.FromArray(Values, new Shape(Shape));
}
