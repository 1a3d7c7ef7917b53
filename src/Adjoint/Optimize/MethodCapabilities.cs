namespace Adjoint.Optimize;

/// <summary>What a method uses and honours; the facade rejects misuse with these and the conformance tests choose problems by them.</summary>
/// <param name="UsesGradient">Evaluates gradients (its optimality test is a gradient norm).</param>
/// <param name="UsesHessianProduct">Evaluates Hessian-vector products.</param>
/// <param name="UsesHessian">Evaluates dense Hessians.</param>
/// <param name="SupportsBounds">Honours box bounds at every iterate.</param>
/// <param name="SupportsEquality">Honours equality constraints.</param>
/// <param name="SupportsInequality">Honours inequality constraints.</param>
public sealed record MethodCapabilities(
    bool UsesGradient,
    bool UsesHessianProduct = false,
    bool UsesHessian = false,
    bool SupportsBounds = false,
    bool SupportsEquality = false,
    bool SupportsInequality = false);
