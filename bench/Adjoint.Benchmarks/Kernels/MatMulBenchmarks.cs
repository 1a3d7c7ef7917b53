using System.Diagnostics;
using System.Globalization;
using Adjoint.Tensors.Kernels;
using BenchmarkDotNet.Attributes;

namespace Adjoint.Benchmarks.Kernels;

/// <summary>A GEMM problem: C (m x n) = op(A) op(B) with inner dimension k.</summary>
public sealed record MatMulShape(string Name, bool TransA, bool TransB, int M, int N, int K)
{
    /// <summary>Floating-point operations of one product (2 m n k).</summary>
    public double Flops => 2.0 * M * N * K;

    /// <summary>Shapes reported by the benchmarks and the gflops table.</summary>
    public static IReadOnlyList<MatMulShape> All { get; } =
    [
        new("256^3", false, false, 256, 256, 256),
        new("1024^3", false, false, 1024, 1024, 1024),
        new("2048^3", false, false, 2048, 2048, 2048),
        new("(10000x64)(64x64)", false, false, 10000, 64, 64),
        new("(10000x32)(32x64)", false, false, 10000, 64, 32),
        new("A^T B, A,B 10000x64", true, false, 64, 64, 10000),
        new("A B^T, 10000x64 64x64", false, true, 10000, 64, 64),
    ];

    /// <inheritdoc/>
    public override string ToString() => Name;
}

/// <summary>BenchmarkDotNet benchmarks of <see cref="MatMulKernels.Gemm(bool, bool, int, int, int, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, bool)"/>.</summary>
[MemoryDiagnoser]
public class MatMulBenchmarks
{
    private double[] _a64 = [], _b64 = [], _c64 = [];
    private float[] _a32 = [], _b32 = [], _c32 = [];

    /// <summary>Problem shape.</summary>
    [ParamsSource(nameof(Shapes))]
    public MatMulShape Shape { get; set; } = MatMulShape.All[0];

    /// <summary>Element type.</summary>
    [Params("float64", "float32")]
    public string DType { get; set; } = "float64";

    /// <summary>All shapes.</summary>
    public static IEnumerable<MatMulShape> Shapes => MatMulShape.All;

    /// <summary>Allocates and fills the operands.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(42);
        int aLen = Shape.M * Shape.K, bLen = Shape.K * Shape.N, cLen = Shape.M * Shape.N;
        if (DType == "float64")
        {
            _a64 = Fill64(rng, aLen);
            _b64 = Fill64(rng, bLen);
            _c64 = new double[cLen];
        }
        else
        {
            _a32 = Fill32(rng, aLen);
            _b32 = Fill32(rng, bLen);
            _c32 = new float[cLen];
        }
    }

    /// <summary>C = op(A) op(B).</summary>
    [Benchmark]
    public void Gemm()
    {
        MatMulShape s = Shape;
        if (DType == "float64")
        {
            MatMulKernels.Gemm(s.TransA, s.TransB, s.M, s.N, s.K, _a64, _b64, _c64, accumulate: false);
        }
        else
        {
            MatMulKernels.Gemm(s.TransA, s.TransB, s.M, s.N, s.K, _a32, _b32, _c32, accumulate: false);
        }
    }

    internal static double[] Fill64(Random rng, int len)
    {
        var x = new double[len];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = rng.NextDouble() - 0.5;
        }

        return x;
    }

    internal static float[] Fill32(Random rng, int len)
    {
        var x = new float[len];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (float)(rng.NextDouble() - 0.5);
        }

        return x;
    }
}

/// <summary>
/// Stopwatch GFLOP/s table ("gflops" mode): median of several timed runs after warm-up, for
/// float64 and float32, one thread and all threads, with percent of per-core peak.
/// </summary>
public static class MatMulGflops
{
    /// <summary>Peak float64 GFLOP/s of one core (Zen 5, 2 x 512-bit FMA).</summary>
    public const double PeakF64PerCore = 111.6;

    /// <summary>Peak float32 GFLOP/s of one core.</summary>
    public const double PeakF32PerCore = 223.0;

    /// <summary>
    /// Runs the table. Options: reps=N (timed runs per cell, default 7), shape=SUBSTRING,
    /// dtype=float64|float32, threads=1|2, kc=, mc=, nc=, direct=, splitcols= (kernel tuning knobs).
    /// </summary>
    public static void Run(string[] options)
    {
        int reps = 7;
        string? shapeFilter = null, dtypeFilter = null;
        int? threadFilter = null;
        foreach (string opt in options)
        {
            string[] kv = opt.Split('=', 2);
            string val = kv.Length > 1 ? kv[1] : "";
            switch (kv[0])
            {
                case "reps": reps = int.Parse(val, CultureInfo.InvariantCulture); break;
                case "shape": shapeFilter = val; break;
                case "dtype": dtypeFilter = val; break;
                case "threads": threadFilter = int.Parse(val, CultureInfo.InvariantCulture); break;
                case "kc": MatMulKernels.KcOverride = int.Parse(val, CultureInfo.InvariantCulture); break;
                case "mc": MatMulKernels.McOverride = int.Parse(val, CultureInfo.InvariantCulture); break;
                case "nc": MatMulKernels.NcOverride = int.Parse(val, CultureInfo.InvariantCulture); break;
                case "splitcols": MatMulKernels.SplitColumnsMinPanels = int.Parse(val, CultureInfo.InvariantCulture); break;
                case "direct": MatMulKernels.DirectANMax = int.Parse(val, CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException("unknown option: " + opt);
            }
        }

        int maxThreads = Environment.ProcessorCount;
        int[] threadCounts = maxThreads > 1 ? [1, maxThreads] : [1];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"GEMM GFLOP/s, median of {reps} runs; {maxThreads} logical cores; Vector512 accelerated: {System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated}, Vector256: {System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{"shape",-24} {"dtype",-8} {"thr",3} {"median ms",10} {"GFLOP/s",9} {"%peak",7} {"best GF/s",10} {"%peak",7}"));

        int savedThreads = MatMulKernels.MaxThreads;
        try
        {
            foreach (MatMulShape shape in MatMulShape.All)
            {
                if (shapeFilter is not null && !shape.Name.Contains(shapeFilter, StringComparison.Ordinal))
                {
                    continue;
                }

                foreach (string dtype in new[] { "float64", "float32" })
                {
                    if (dtypeFilter is not null && dtype != dtypeFilter)
                    {
                        continue;
                    }

                    Action call = MakeCall(shape, dtype);
                    foreach (int t in threadCounts)
                    {
                        if (threadFilter is not null && t != threadFilter)
                        {
                            continue;
                        }

                        MatMulKernels.MaxThreads = t;
                        (double seconds, double best) = MedianSeconds(call, reps);
                        double gflops = shape.Flops / seconds * 1e-9;
                        double bestGflops = shape.Flops / best * 1e-9;
                        double peak = (dtype == "float64" ? PeakF64PerCore : PeakF32PerCore) * t;
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"{shape.Name,-24} {dtype,-8} {t,3} {seconds * 1e3,10:F3} {gflops,9:F1} {100 * gflops / peak,6:F1}% {bestGflops,10:F1} {100 * bestGflops / peak,6:F1}%"));
                    }
                }
            }
        }
        finally
        {
            MatMulKernels.MaxThreads = savedThreads;
        }
    }

    private static Action MakeCall(MatMulShape s, string dtype)
    {
        var rng = new Random(1);
        if (dtype == "float64")
        {
            double[] a = MatMulBenchmarks.Fill64(rng, s.M * s.K), b = MatMulBenchmarks.Fill64(rng, s.K * s.N);
            var c = new double[s.M * s.N];
            return () => MatMulKernels.Gemm(s.TransA, s.TransB, s.M, s.N, s.K, a, b, c, accumulate: false);
        }
        else
        {
            float[] a = MatMulBenchmarks.Fill32(rng, s.M * s.K), b = MatMulBenchmarks.Fill32(rng, s.K * s.N);
            var c = new float[s.M * s.N];
            return () => MatMulKernels.Gemm(s.TransA, s.TransB, s.M, s.N, s.K, a, b, c, accumulate: false);
        }
    }

    /// <summary>
    /// Median and minimum over <paramref name="reps"/> runs of the mean time per call, each run
    /// lasting at least ~40 ms.
    /// </summary>
    private static (double Median, double Best) MedianSeconds(Action call, int reps)
    {
        // Warm-up: JIT tiering and buffer growth.
        var sw = Stopwatch.StartNew();
        int warm = 0;
        while (warm < 3 || sw.Elapsed.TotalMilliseconds < 150)
        {
            call();
            warm++;
        }

        double perCall = sw.Elapsed.TotalSeconds / warm;
        int inner = Math.Max(1, (int)(0.04 / perCall));
        var times = new double[reps];
        for (int r = 0; r < reps; r++)
        {
            sw.Restart();
            for (int i = 0; i < inner; i++)
            {
                call();
            }

            times[r] = sw.Elapsed.TotalSeconds / inner;
        }

        Array.Sort(times);
        return (times[reps / 2], times[0]);
    }
}
