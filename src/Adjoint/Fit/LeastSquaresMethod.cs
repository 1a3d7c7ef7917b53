namespace Adjoint.Fit;

/// <summary>The algorithm <see cref="LeastSquares.Solve(Func{Adjoint.Tensors.Tensor, Adjoint.Tensors.Tensor}, double[], LeastSquaresOptions?, Adjoint.Optimize.MinimizeControl?)"/> uses.</summary>
public enum LeastSquaresMethod
{
    /// <summary>
    /// Trust Region Reflective (Branch, Coleman and Li 1999), scipy's <c>method='trf'</c>: supports bounds and robust
    /// losses; each iteration solves the trust-region subproblem exactly from an SVD of the scaled Jacobian.
    /// </summary>
    Trf,

    /// <summary>
    /// Dogleg in a rectangular trust region (Voglis and Lagaris 2004), scipy's <c>method='dogbox'</c>: supports bounds
    /// and robust losses; the trust region is a box intersected with the feasible box.
    /// </summary>
    Dogbox,

    /// <summary>
    /// The scaled Levenberg-Marquardt method of Moré (1978), the algorithm of MINPACK's <c>lmder</c> behind scipy's
    /// <c>method='lm'</c>: unbounded, linear loss only; usually the fastest for small dense problems.
    /// </summary>
    Lm,
}
