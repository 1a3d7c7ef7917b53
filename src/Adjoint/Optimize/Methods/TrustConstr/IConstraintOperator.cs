namespace Adjoint.Optimize.Methods.TrustConstr;

/// <summary>
/// The constraint Jacobian A (m×n) of an SQP step with the operators the step needs: products with A and Aᵀ, the
/// projection onto the null space of A, the least-squares multiplier estimate and the minimum-norm row-space step.
/// </summary>
internal interface IConstraintOperator
{
    /// <summary>The number of rows m.</summary>
    int Rows { get; }

    /// <summary>The number of columns n.</summary>
    int Columns { get; }

    /// <summary>y = A x.</summary>
    void Multiply(ReadOnlySpan<double> x, Span<double> y);

    /// <summary>y = Aᵀ v.</summary>
    void MultiplyTransposed(ReadOnlySpan<double> v, Span<double> y);

    /// <summary>z = P x, the projection of x onto the null space of A.</summary>
    void NullSpace(ReadOnlySpan<double> x, Span<double> z);

    /// <summary>v = argmin ‖Aᵀ v - x‖ (minimum norm when A is rank deficient).</summary>
    void LeastSquares(ReadOnlySpan<double> x, Span<double> v);

    /// <summary>y = Aᵀ (A Aᵀ)⁻¹ b, the minimum-norm solution of A y = b (least squares when A is rank deficient).</summary>
    void RowSpace(ReadOnlySpan<double> b, Span<double> y);
}
