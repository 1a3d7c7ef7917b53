namespace Adjoint.Expressions;

/// <summary>How a constraint's body relates to its bounds.</summary>
public enum ConstraintRelation
{
    /// <summary><c>body &lt;= upper</c>.</summary>
    LessOrEqual,
    /// <summary><c>body &gt;= lower</c>.</summary>
    GreaterOrEqual,
    /// <summary><c>body = value</c> (lower = upper).</summary>
    Equal,
    /// <summary><c>lower &lt;= body &lt;= upper</c>, written as a chain.</summary>
    Range,
}
