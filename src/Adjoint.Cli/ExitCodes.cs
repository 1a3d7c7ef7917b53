namespace Adjoint.Cli;

/// <summary>The exit codes of the <c>adjoint</c> tool, documented in its help and in docs/cli.md.</summary>
public static class ExitCodes
{
    /// <summary>0: the command ran and its result is a success (a converged fit or minimization, derivatives that agree).</summary>
    public const int Success = 0;

    /// <summary>1: the command ran but the result is not a success: the method did not converge (Success = false), or check found derivatives that disagree.</summary>
    public const int NotConverged = 1;

    /// <summary>2: bad input: an unknown command or option, an expression or value list that does not parse, a data file that cannot be read, values the method rejects.</summary>
    public const int BadInput = 2;

    /// <summary>3: an internal error: a fault in the tool or the library (the message and stack trace go to stderr).</summary>
    public const int InternalError = 3;

    /// <summary>The text the help shows for the exit codes.</summary>
    public const string HelpText =
        "Exit codes: 0 success; 1 ran but did not converge (or check found derivatives that disagree); "
        + "2 bad input (unknown option, expression or value that does not parse, unreadable data); 3 internal error.";
}
