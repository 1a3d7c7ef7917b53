namespace Adjoint.Cli.Reports;

/// <summary>One method of <c>adjoint methods</c>: what it needs and what it honours.</summary>
/// <param name="Name">The name to pass to --method.</param>
/// <param name="Command">The command that takes it (minimize or fit).</param>
/// <param name="Uses">What it evaluates: f, gradient, Hessian-vector products, Hessian.</param>
/// <param name="Bounds">Whether it honours bounds.</param>
/// <param name="Equality">Whether it honours equality constraints.</param>
/// <param name="Inequality">Whether it honours inequality constraints.</param>
/// <param name="RobustLoss">Whether it takes a robust loss (fit methods only).</param>
/// <param name="Summary">One line about it.</param>
public sealed record MethodReport(string Name, string Command, IReadOnlyList<string> Uses, bool Bounds, bool Equality, bool Inequality, bool RobustLoss, string Summary);
