namespace Adjoint.Expressions;

/// <summary>
/// Limits on what <see cref="Expression.Parse(string, ExpressionLimits?)"/> accepts, so that hostile or mistaken input
/// fails with a message instead of exhausting the stack or the memory.
/// </summary>
public sealed record ExpressionLimits
{
    /// <summary>The default limits.</summary>
    public static ExpressionLimits Default { get; } = new();

    /// <summary>The longest text accepted, in characters. Default 100,000.</summary>
    public int MaxLength { get; init; } = 100_000;

    /// <summary>
    /// The deepest nesting accepted: parentheses, function calls, unary signs and the right operands of chained
    /// <c>^</c> each add a level. Default 200. Long flat sums and products do not nest and are limited by
    /// <see cref="MaxLength"/> only.
    /// </summary>
    public int MaxDepth { get; init; } = 200;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming a limit below 1.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxLength, 1, nameof(MaxLength));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDepth, 1, nameof(MaxDepth));
    }
}
