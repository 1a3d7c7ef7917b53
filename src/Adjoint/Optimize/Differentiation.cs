namespace Adjoint.Optimize;

/// <summary>How an <see cref="Objective"/>'s derivatives are computed when no user delegate supplies them (scipy's <c>jac</c>).</summary>
public enum Differentiation
{
    /// <summary>Exact derivatives by reverse-mode automatic differentiation: gradients, Hessian-vector products by double backward, dense Hessians.</summary>
    Autodiff,

    /// <summary>Forward differences (scipy '2-point'): n extra evaluations per gradient, relative step √ε of the evaluation dtype.</summary>
    TwoPoint,

    /// <summary>Central differences (scipy '3-point'): 2n extra evaluations per gradient, relative step ∛ε of the evaluation dtype.</summary>
    ThreePoint,
}
