namespace Adjoint.Expressions.Parsing;

/// <summary>The kinds of token the lexer produces.</summary>
internal enum TokenKind
{
    /// <summary>A number literal.</summary>
    Number,
    /// <summary>A name: a variable, a constant or a function.</summary>
    Name,
    /// <summary><c>+</c>.</summary>
    Plus,
    /// <summary><c>-</c>.</summary>
    Minus,
    /// <summary><c>*</c>.</summary>
    Star,
    /// <summary><c>/</c>.</summary>
    Slash,
    /// <summary><c>^</c> or <c>**</c>.</summary>
    Caret,
    /// <summary><c>(</c>.</summary>
    LeftParen,
    /// <summary><c>)</c>.</summary>
    RightParen,
    /// <summary><c>,</c>.</summary>
    Comma,
    /// <summary><c>&lt;=</c>.</summary>
    LessEqual,
    /// <summary><c>&gt;=</c>.</summary>
    GreaterEqual,
    /// <summary><c>=</c> or <c>==</c>.</summary>
    Equal,
    /// <summary>The end of the text.</summary>
    End,
}
