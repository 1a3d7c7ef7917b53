namespace Adjoint.Cli.Output;

/// <summary>Where a command writes: the report to <see cref="Output"/>, diagnostics and progress to <see cref="Error"/>.</summary>
/// <param name="Output">Standard output: the report (text or JSON).</param>
/// <param name="Error">Standard error: messages and progress.</param>
/// <param name="ErrorIsTerminal">Whether standard error is a terminal (live progress is drawn only then).</param>
public sealed record CliContext(TextWriter Output, TextWriter Error, bool ErrorIsTerminal);
