using System.Diagnostics;
using Adjoint.Optimize;
using Adjoint.Optimize.Methods;
using Adjoint.Optimize.Methods.LBfgsB;
using Adjoint.Tensors;

/// <summary>
/// End-to-end timings on the workloads of ../shared/ref/peers.py (chained Rosenbrock from the standard start): 2-D
/// Rosenbrock with L-BFGS-B and BFGS, L-BFGS-B at n = 1e6 (50 iterations), BFGS at n = 1000; and L-BFGS-B on the MGH
/// extended Rosenbrock at n = 1e6.
/// </summary>
internal static class Perf
{
    private static Tensor Rosen(Tensor x) => (100 * (x[1..] - x[..^1].Square()).Square() + (1 - x[..^1]).Square()).Sum();

    private static Tensor ExtendedRosen(Tensor x)
    {
        var odd = x[TensorIndex.Step(0, null, 2)];
        var even = x[TensorIndex.Step(1, null, 2)];
        return (100 * (even - odd.Square()).Square() + (1 - odd).Square()).Sum();
    }

    public static void Run()
    {
        // Warm up.
        Minimizer.Minimize(Rosen, Tensor.FromArray([-1.2, 1.0]), new LBfgsBOptions());
        Minimizer.Minimize(Rosen, Tensor.FromArray([-1.2, 1.0]), new BfgsOptions());
        for (int round = 0; round < 4; round++)
        foreach (var (name, options) in new (string, MinimizeOptions)[] { ("L-BFGS-B", new LBfgsBOptions()), ("BFGS", new BfgsOptions()) })
        {
            var sw = Stopwatch.StartNew();
            int reps = 3000;
            MinimizeResult? r = null;
            for (int i = 0; i < reps; i++)
            {
                r = Minimizer.Minimize(Rosen, Tensor.FromArray([-1.2, 1.0]), options);
            }

            Console.WriteLine($"2-D Rosenbrock {name}: {sw.Elapsed.TotalMilliseconds / reps:F3} ms per solve ({r})");
        }

        int n = 1_000_000;
        var x0 = Tensor.FromArray(Enumerable.Range(0, n).Select(i => i % 2 == 0 ? -1.2 : 1.0).ToArray());
        for (int round = 0; round < 2; round++)
        {
            var swc = Stopwatch.StartNew();
            var rc = Minimizer.Minimize(Rosen, x0, new LBfgsBOptions { MaxIterations = 50 });
            Console.WriteLine($"Chained Rosenbrock n=1e6 L-BFGS-B 50 iterations: {swc.Elapsed.TotalMilliseconds / Math.Max(rc.Nit, 1):F1} ms/iteration ({rc})");
        }

        var swl = Stopwatch.StartNew();
        var rl = Minimizer.Minimize(ExtendedRosen, x0, new LBfgsBOptions { MaxIterations = 50 });
        Console.WriteLine($"Extended (MGH) Rosenbrock n=1e6 L-BFGS-B: {swl.Elapsed.TotalMilliseconds / Math.Max(rl.Nit, 1):F1} ms/iteration ({rl})");

        int nb = 1000;
        var xb = Tensor.FromArray(Enumerable.Range(0, nb).Select(i => i % 2 == 0 ? -1.2 : 1.0).ToArray());
        var swb = Stopwatch.StartNew();
        var rb = Minimizer.Minimize(Rosen, xb, new BfgsOptions());
        Console.WriteLine($"Rosenbrock n=1000 BFGS: {swb.Elapsed.TotalSeconds:F2} s ({rb})");
    }
}
