namespace Adjoint.Cli.Input;

/// <summary>One <c>name=value</c> entry of a list such as <c>--p0 a=1,b=2</c>.</summary>
/// <param name="Name">The name.</param>
/// <param name="Value">The value.</param>
public sealed record NamedValue(string Name, double Value);
