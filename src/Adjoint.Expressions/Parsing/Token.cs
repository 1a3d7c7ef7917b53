namespace Adjoint.Expressions.Parsing;

/// <summary>One token: its kind, where it starts, its text and, for numbers, its value.</summary>
/// <param name="Kind">The kind.</param>
/// <param name="Position">The 0-based index of its first character.</param>
/// <param name="Text">The characters it spans.</param>
/// <param name="Value">The value of a number literal; 0 otherwise.</param>
internal readonly record struct Token(TokenKind Kind, int Position, string Text, double Value)
{
    /// <summary>How the token reads in a message: the text in quotes, or "the end of the expression".</summary>
    public string Describe() => Kind == TokenKind.End ? "the end of the expression" : $"'{Text}'";
}
