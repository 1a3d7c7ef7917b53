namespace Adjoint.Optimize.Methods.TrustConstr;

/// <summary>y = M x for a linear operator M (the Lagrangian Hessian of the SQP subproblem).</summary>
internal delegate void LinearMap(ReadOnlySpan<double> x, Span<double> y);
