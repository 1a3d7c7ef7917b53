using Adjoint.Benchmarks.Kernels;
using Adjoint.Benchmarks.Peers;
using BenchmarkDotNet.Running;

namespace Adjoint.Benchmarks;

/// <summary>
/// Entry point. <c>peers [...]</c> runs the peer-ratio comparison against scipy and PyTorch; <c>gflops [...]</c>
/// prints the matrix-multiply kernel's GFLOP/s table; <c>fft [python]</c>
/// times the Fourier transforms against numpy.fft; anything else goes to BenchmarkDotNet's switcher
/// prints the matrix-multiply kernel's GFLOP/s table; <c>models [repeats]</c> measures the models layer's
/// overhead on the full-batch MLP; anything else goes to BenchmarkDotNet's switcher
/// (for example <c>--filter *Mlp* --job short</c>).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "peers")
        {
            return PeerComparison.Run(args[1..]);
        }

        if (args.Length > 0 && args[0] == "quad")
        {
            return Quadrature.QuadBatteryTiming.Run(args[1..]);
        }

        if (args.Length > 0 && args[0] == "ode")
        {
            return Ode.OdeTiming.Run(args[1..]);
        }

        if (args.Length > 0 && args[0] == "models")
        {
            Models.ModelTrainingOverhead.Run(args[1..]);
            return 0;
        }

        if (args.Length > 0 && args[0] == "gflops")
        {
            MatMulGflops.Run(args[1..]);
            return 0;
        }

        if (args.Length > 0 && args[0] == "fft")
        {
            return Spectral.FftPeerTiming.Run(args[1..]);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
