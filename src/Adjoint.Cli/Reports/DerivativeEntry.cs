namespace Adjoint.Cli.Reports;

/// <summary>One derivative of a <see cref="CheckReport"/>: autodiff beside central finite differences.</summary>
/// <param name="Name">What it is: <c>d/dx</c> or <c>d2/dx dy</c>.</param>
/// <param name="Autodiff">The exact value by automatic differentiation.</param>
/// <param name="FiniteDifference">The central finite-difference estimate.</param>
/// <param name="AbsoluteError">|autodiff - finite difference|.</param>
/// <param name="RelativeError">|autodiff - finite difference| / max(1, |autodiff|).</param>
public sealed record DerivativeEntry(string Name, double Autodiff, double FiniteDifference, double AbsoluteError, double RelativeError);
