namespace Adjoint.Optimize;

/// <summary>The objective (or a user-supplied derivative) threw during a minimization; the original exception is the <see cref="Exception.InnerException"/>.</summary>
public sealed class ObjectiveException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ObjectiveException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ObjectiveException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the original exception.</summary>
    public ObjectiveException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a throw at an iteration.</summary>
    public ObjectiveException(int iteration, Exception innerException)
        : base($"The objective threw at iteration {iteration}: {innerException?.Message}", innerException)
    {
        Iteration = iteration;
    }

    /// <summary>The iteration during which the objective threw (0 is the evaluation at x0).</summary>
    public int Iteration { get; }
}
