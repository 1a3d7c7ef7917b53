namespace Adjoint.Expressions.Parsing;

/// <summary>The instructions of a compiled expression (a postfix program on a value stack).</summary>
internal enum OpCode
{
    /// <summary>Push a constant.</summary>
    Constant,
    /// <summary>Push the value of a name (its slot is <see cref="Instruction.Index"/>).</summary>
    Load,
    /// <summary>Negate the top value.</summary>
    Negate,
    /// <summary>Add the top two values.</summary>
    Add,
    /// <summary>Subtract the top value from the one below it.</summary>
    Subtract,
    /// <summary>Multiply the top two values.</summary>
    Multiply,
    /// <summary>Divide the value below the top by the top one.</summary>
    Divide,
    /// <summary>Raise the value below the top to the power of the top one.</summary>
    Power,
    /// <summary>Call a function (<see cref="Instruction.Index"/>) on the top <see cref="Instruction.Arguments"/> values.</summary>
    Call,
}
