using Adjoint.Benchmarks.Peers;
using BenchmarkDotNet.Running;

namespace Adjoint.Benchmarks;

/// <summary>
/// Entry point: <c>peers [...]</c> runs the peer-ratio comparison; anything else goes to BenchmarkDotNet
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

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
