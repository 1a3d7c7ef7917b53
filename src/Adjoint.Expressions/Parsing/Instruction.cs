namespace Adjoint.Expressions.Parsing;

/// <summary>One step of a compiled expression.</summary>
/// <param name="Op">What it does.</param>
/// <param name="Position">Where in the text it comes from (for messages).</param>
/// <param name="Value">The constant of <see cref="OpCode.Constant"/>.</param>
/// <param name="Index">The name slot of <see cref="OpCode.Load"/> or the function of <see cref="OpCode.Call"/>.</param>
/// <param name="Arguments">The argument count of <see cref="OpCode.Call"/>.</param>
internal readonly record struct Instruction(OpCode Op, int Position, double Value = 0, int Index = 0, int Arguments = 0);
