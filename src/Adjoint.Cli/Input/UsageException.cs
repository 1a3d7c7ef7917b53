namespace Adjoint.Cli.Input;

/// <summary>Input the tool cannot use; reported on stderr without a stack trace, exit code <see cref="ExitCodes.BadInput"/>.</summary>
public sealed class UsageException : Exception
{
    /// <summary>Creates the exception.</summary>
    public UsageException() : this("bad input")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, naming the option or value at fault (may span lines, e.g. with a caret picture).</param>
    public UsageException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public UsageException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>A usage error for a parse error in the value of an option or argument: the message, then the caret picture.</summary>
    /// <param name="what">The option or argument, e.g. "--p0" or "model".</param>
    /// <param name="error">The parse error.</param>
    /// <returns>The exception.</returns>
    public static UsageException From(string what, Expressions.ParseException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new UsageException($"{what}: {error.Message}{Environment.NewLine}{error.Rendering}", error);
    }
}
