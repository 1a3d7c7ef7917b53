namespace Adjoint.Expressions;

/// <summary>A function the expression language knows: its name, how many arguments it takes and what it computes.</summary>
/// <param name="Name">The name as written in expressions.</param>
/// <param name="MinArguments">The fewest arguments it takes.</param>
/// <param name="MaxArguments">The most arguments it takes (<see cref="int.MaxValue"/> for any number).</param>
/// <param name="Summary">One line: the formula or what it is, and how its derivative is formed where that matters.</param>
/// <param name="AliasOf">The function this name stands for, or null when it is the primary name.</param>
public sealed record FunctionInfo(string Name, int MinArguments, int MaxArguments, string Summary, string? AliasOf = null)
{
    /// <summary>How the argument count reads in a message: "1 argument", "2 arguments", "at least 2 arguments".</summary>
    public string DescribeArity() => MinArguments == MaxArguments
        ? (MinArguments == 1 ? "1 argument" : $"{MinArguments} arguments")
        : MaxArguments == int.MaxValue ? $"at least {MinArguments} arguments" : $"{MinArguments} to {MaxArguments} arguments";
}
