using Adjoint.Benchmarks.Kernels;
using BenchmarkDotNet.Running;

namespace Adjoint.Benchmarks;

/// <summary>Benchmark entry point.</summary>
public static class Program
{
    /// <summary>
    /// "gflops [options]": Stopwatch GFLOP/s table for the matrix-multiply kernel.
    /// Anything else is handed to BenchmarkDotNet's switcher.
    /// </summary>
    public static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "gflops")
        {
            MatMulGflops.Run(args[1..]);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
