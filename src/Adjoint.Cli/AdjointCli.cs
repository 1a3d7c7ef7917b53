using System.CommandLine;
using Adjoint.Cli.Commands;
using Adjoint.Cli.Input;
using Adjoint.Cli.Output;
using Adjoint.Expressions;
using Adjoint.Expressions.Data;

namespace Adjoint.Cli;

/// <summary>The <c>adjoint</c> tool's entry point, callable in-process (the tests do) with writers of your own.</summary>
public static class AdjointCli
{
    /// <summary>Runs the tool.</summary>
    /// <param name="args">The command line, without the program name.</param>
    /// <param name="output">Standard output: reports.</param>
    /// <param name="error">Standard error: messages and progress.</param>
    /// <param name="errorIsTerminal">Whether <paramref name="error"/> is a terminal (live progress is drawn only then).</param>
    /// <returns>The exit code (<see cref="ExitCodes"/>).</returns>
    public static int Run(string[] args, TextWriter output, TextWriter error, bool errorIsTerminal = false)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var context = new CliContext(output, error, errorIsTerminal);
        var root = new RootCommand("adjoint: curve fitting and minimization of expressions with exact derivatives (reverse-mode autodiff). " + ExitCodes.HelpText)
        {
            FitCommand.Create(context),
            MinimizeCommand.Create(context),
            MethodsCommand.Create(context),
            CheckCommand.Create(context),
        };
        try
        {
            var parsed = root.Parse(args);
            if (parsed.Errors.Count > 0)
            {
                foreach (var e in parsed.Errors)
                {
                    error.WriteLine($"adjoint: {e.Message}");
                }

                error.WriteLine("Run 'adjoint --help' (or 'adjoint <command> --help') for usage.");
                return ExitCodes.BadInput;
            }

            return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (UsageException e)
        {
            error.WriteLine($"adjoint: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (ParseException e)
        {
            error.WriteLine($"adjoint: {e.Message}");
            error.WriteLine(e.Rendering);
            return ExitCodes.BadInput;
        }
        catch (CsvDataException e)
        {
            error.WriteLine($"adjoint: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (ArgumentException e)
        {
            // The library rejects values it cannot use (bounds a method cannot honour, non-positive sigma, a start outside the bounds).
            error.WriteLine($"adjoint: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (IOException e)
        {
            error.WriteLine($"adjoint: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (UnauthorizedAccessException e)
        {
            error.WriteLine($"adjoint: {e.Message}");
            return ExitCodes.BadInput;
        }
#pragma warning disable CA1031 // The tool's last line of defence: any other exception is reported as an internal error with its trace.
        catch (Exception e)
#pragma warning restore CA1031
        {
            error.WriteLine($"adjoint: internal error: {e}");
            return ExitCodes.InternalError;
        }
    }
}
