namespace Adjoint.Cli;

/// <summary>The process entry point of the <c>adjoint</c> tool.</summary>
internal static class Program
{
    private static int Main(string[] args) => AdjointCli.Run(args, Console.Out, Console.Error, errorIsTerminal: !Console.IsErrorRedirected);
}
