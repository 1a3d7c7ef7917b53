using System.Globalization;
using System.Text;
using System.Text.Json;
using Adjoint.Autodiff;
using Adjoint.Benchmarks.Workloads;
using Adjoint.Tensors;

namespace Adjoint.Benchmarks.Peers;

/// <summary>
/// The peer-ratio runner: times Adjoint on the workloads of ../shared/ref/peers.py with a median-of-repeats Stopwatch
/// harness, then runs peers.py (scipy, PyTorch, numpy) in the same session and prints one table of ratios.
/// </summary>
/// <remarks>
/// <para>Usage: <c>dotnet run -c Release --project bench/Adjoint.Benchmarks -- peers [--only rosen|mlp|mf|gemm ...]
/// [--repeats N] [--peer-threads 1,2] [--no-peers]</c>.</para>
/// <para>Ratios are Adjoint time / peer time: below 1 means Adjoint is faster. Adjoint splits long elementwise passes and large products over the cores; PyTorch runs on
/// <c>--threads</c> (2 by default; the matrix factorization workload also runs the peers with 1 thread, PyTorch's
/// best there). peers.py is found under $ADJOINT_SHARED or as shared/ref/peers.py in a parent folder.</para>
/// </remarks>
public static class PeerComparison
{
    private static readonly string[] AllWorkloads = ["rosen", "mlp", "mf", "gemm"];

    private static readonly string[] Header = ["Workload", "Case", "Adjoint variant", "Adjoint", "Peer", "Peer time", "Ratio"];

    private sealed record AdjointTiming(string Key, string Case, string Variant, double Seconds);

    private sealed record PeerTiming(string Key, string Peer, double Seconds, string? Note);

    /// <summary>Runs the comparison; returns the process exit code.</summary>
    public static int Run(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var only = new List<string>();
        int repeats = 20;
        int[]? peerThreads = null;
        bool noPeers = false;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--only":
                    while (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    {
                        only.AddRange(args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries));
                    }

                    break;
                case "--repeats" when i + 1 < args.Length:
                    repeats = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--peer-threads" when i + 1 < args.Length:
                    peerThreads = args[++i].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
                    break;
                case "--no-peers":
                    noPeers = true;
                    break;
                default:
                    Console.Error.WriteLine($"peers: unknown argument '{args[i]}'. Usage: peers [--only rosen|mlp|mf|gemm ...] [--repeats N] [--peer-threads 1,2] [--no-peers]");
                    return 2;
            }
        }

        if (only.Count == 0)
        {
            only.AddRange(AllWorkloads);
        }

        var unknown = only.Where(w => !AllWorkloads.Contains(w)).ToList();
        if (unknown.Count > 0)
        {
            Console.Error.WriteLine($"peers: unknown workload(s) {string.Join(", ", unknown)}; choose from {string.Join(", ", AllWorkloads)}.");
            return 2;
        }

        string? script = noPeers ? null : PeerScript.Locate();
        if (!noPeers && script is null)
        {
            Console.Error.WriteLine("peers: shared/ref/peers.py not found (set ADJOINT_SHARED); timing Adjoint only.");
        }
        else if (script is not null && !File.Exists(PeerScript.Python))
        {
            Console.Error.WriteLine($"peers: {PeerScript.Python} not found (run shared/ref/setup.sh); timing Adjoint only.");
            script = null;
        }

        var log = Console.Error;
        var adjoint = new List<AdjointTiming>();
        var peers = new List<PeerTiming>();
        var unmatched = new List<string>();
        string? versions = null;
        var checks = new List<string>();
        foreach (var workload in AllWorkloads.Where(only.Contains))
        {
            foreach (var check in WorkloadChecks.Run(workload))
            {
                log.WriteLine($"  check: {check}");
                checks.Add(check);
            }

            log.WriteLine($"== {workload}: timing Adjoint (median of {repeats.ToString(CultureInfo.InvariantCulture)})");
            var timings = workload switch
            {
                "rosen" => TimeRosenbrock(repeats),
                "mlp" => TimeMlp(repeats),
                "mf" => TimeMatrixFactorization(repeats),
                _ => TimeGemm(),
            };
            foreach (var t in timings)
            {
                log.WriteLine($"  {t.Case,-16} {t.Variant,-44} {FormatTime(t.Seconds)}");
            }

            adjoint.AddRange(timings);
            if (script is null)
            {
                continue;
            }

            var threads = peerThreads ?? (workload == "mf" ? [1, 2] : [2]);
            foreach (int th in threads)
            {
                log.WriteLine($"== {workload}: running peers.py --only {workload} --threads {th.ToString(CultureInfo.InvariantCulture)}");
                foreach (var line in PeerScript.Run(script, workload, th, log))
                {
                    if (line.TryGetProperty("versions", out var v))
                    {
                        versions ??= v.ToString();
                        continue;
                    }

                    var p = ToPeerTiming(line, threads.Length > 1 ? th : null);
                    if (p is not null)
                    {
                        peers.Add(p);
                    }
                    else
                    {
                        unmatched.Add($"{(threads.Length > 1 ? $"[{th.ToString(CultureInfo.InvariantCulture)} thr] " : "")}{line}");
                    }
                }
            }
        }

        if (checks.Count > 0)
        {
            Console.WriteLine("Correctness checks:");
            foreach (var c in checks)
            {
                Console.WriteLine($"  {c}");
            }

            Console.WriteLine();
        }

        Console.WriteLine(Table(adjoint, peers));
        if (versions is not null)
        {
            Console.WriteLine($"Peers: {versions}");
        }

        if (unmatched.Count > 0)
        {
            Console.WriteLine("Peer lines without an Adjoint counterpart (yet):");
            foreach (var u in unmatched)
            {
                Console.WriteLine($"  {u}");
            }
        }

        Console.WriteLine("Ratio = Adjoint time / peer time (below 1: Adjoint faster). Adjoint splits long elementwise passes and large matrix products over both cores.");
        return checks.Any(c => c.StartsWith("FAIL", StringComparison.Ordinal)) ? 1 : 0;
    }

    // ---- Adjoint measurements (each evaluation in its own TensorScope, so pooled storage is reused) -------------

    private static List<AdjointTiming> TimeRosenbrock(int repeats)
    {
        var result = new List<AdjointTiming>();
        foreach (int n in new[] { 2, 100, 10_000, 1_000_000 })
        {
            var point = Rosenbrock.Point(n);
            var gradient = new double[n];
            var x = Tensor.FromArray(point);
            string key = $"rosenbrock-value-grad/{n.ToString(CultureInfo.InvariantCulture)}";
            string name = $"n={n.ToString(CultureInfo.InvariantCulture)}";
            Collect();
            result.Add(new(key, name, "ValueAndGrad(f, x, span), x from double[]", MedianTimer.Measure(() =>
            {
                using var scope = TensorScope.Begin();
                Grad.ValueAndGrad(Rosenbrock.Function, Tensor.FromArray(point), gradient);
            }, repeats)));
            Collect();
            result.Add(new(key, name, "ValueAndGrad(f, x, span)", MedianTimer.Measure(() => Grad.ValueAndGrad(Rosenbrock.Function, x, gradient), repeats)));
            Collect();
            result.Add(new(key, name, "ValueAndGrad(f, x) -> tensors", MedianTimer.Measure(() =>
            {
                using var scope = TensorScope.Begin();
                var (v, g) = Grad.ValueAndGrad(Rosenbrock.Function, x);
                _ = v.Item();
            }, repeats)));
            Collect();
            result.Add(new(key, name, "hand-written fused C# loop", MedianTimer.Measure(() => Rosenbrock.FusedValueAndGradient(point, gradient), repeats)));
            Collect();
            double f0 = Grad.ValueAndGrad(Rosenbrock.Function, x, gradient);
            if (Adjoint.Optimize.ReplayedObjective.TryRecord(Rosenbrock.Function, new Shape(n), DType.Float64, point, f0, gradient) is { } replay)
            {
                string how = n >= Adjoint.Autodiff.Replay.ReplayFusion.MinLength ? "replayed, fused (WithReplay's program)" : "replayed (WithReplay's program)";
                result.Add(new(key, name, how, MedianTimer.Measure(() => replay.ValueAndGradient(point, gradient), repeats)));
                replay.Release();
            }
            else
            {
                Console.Error.WriteLine($"peers: the rosen program at n={n} was not replayed");
            }
            if (n <= 100)
            {
                result.AddRange(TimeRosenbrockSolves(n, key, name, repeats));
            }
        }

        return result;
    }

    /// <summary>
    /// Full Minimize solves from the standard start, with the objective replayed (the default) and on the tensor route;
    /// each solve's time per evaluation is reported beside the value-and-gradient call.
    /// </summary>
    private static List<AdjointTiming> TimeRosenbrockSolves(int n, string perEvaluationKey, string name, int repeats)
    {
        var result = new List<AdjointTiming>();
        var start = new double[n];
        for (int i = 0; i < n; i++)
        {
            start[i] = i % 2 == 0 ? -1.2 : 1.0;
        }

        var x0 = Tensor.FromArray(start);
        var objective = Adjoint.Optimize.Objective.Create(Rosenbrock.Function).WithReplay();
        foreach (var method in new[] { "BFGS", "L-BFGS-B" })
        {
            foreach (bool replay in new[] { true, false })
            {
                Adjoint.Optimize.ReplayedObjective.Enabled = replay;
                var r = Adjoint.Optimize.Minimizer.Minimize(objective, x0, method);
                string route = replay ? "replayed" : "tensor route";
                Collect();
                double s = MedianTimer.Measure(() => Adjoint.Optimize.Minimizer.Minimize(objective, x0, method), repeats);
                result.Add(new($"rosenbrock-{method}/{n.ToString(CultureInfo.InvariantCulture)}", name,
                    $"Minimize {method}, {route} (nfev {r.Nfev.ToString(CultureInfo.InvariantCulture)}, {(r.Success ? "success" : "FAILED")})", s));
                if (method == "BFGS")
                {
                    result.Add(new(perEvaluationKey, name, $"inside Minimize BFGS, {route}: solve / nfev", s / r.Nfev));
                }
            }
        }

        Adjoint.Optimize.ReplayedObjective.Enabled = true;
        return result;
    }

    private static List<AdjointTiming> TimeMlp(int repeats)
    {
        var result = new List<AdjointTiming>();
        foreach (var dtype in new[] { DType.Float32, DType.Float64 })
        {
            var mlp = new Mlp(dtype);
            Collect();
            double s = MedianTimer.Measure(() =>
            {
                using var scope = TensorScope.Begin();
                mlp.ValueAndGrad();
            }, repeats);
            result.Add(new($"mlp-value-grad/{DTypeName(dtype)}", DTypeName(dtype), "ValueAndGrad(f, W1..b3)", s));
        }

        return result;
    }

    private static List<AdjointTiming> TimeMatrixFactorization(int repeats)
    {
        var mf = new MatrixFactorization();
        Collect();
        double s = MedianTimer.Measure(() =>
        {
            using var scope = TensorScope.Begin();
            mf.ValueAndGrad();
        }, repeats);
        return [new("mf-value-grad/float32", "float32", "ValueAndGrad(f, U, V)", s)];
    }

    private static List<AdjointTiming> TimeGemm()
    {
        var result = new List<AdjointTiming>();
        foreach (int n in new[] { 256, 1024, 2048 })
        {
            foreach (var dtype in new[] { DType.Float64, DType.Float32 })
            {
                var a = Tensor.RandomUniform([n, n], seed: 0, dtype: dtype);
                var b = a.Clone();
                Collect();
                double s = MedianTimer.Measure(() =>
                {
                    using var scope = TensorScope.Begin();
                    Tensor.MatMul(a, b);
                }, repeats: n == 2048 ? 5 : 10, warmup: 1);
                string name = $"n={n.ToString(CultureInfo.InvariantCulture)} {DTypeName(dtype)}";
                result.Add(new($"gemm/{n.ToString(CultureInfo.InvariantCulture)}/{DTypeName(dtype)}", name,
                    $"MatMul ({FormatGflops(n, s)} GFLOP/s)", s));
            }
        }

        return result;
    }

    // ---- peers.py lines -> timings -------------------------------------------------------------------------------

    private static PeerTiming? ToPeerTiming(JsonElement line, int? threads)
    {
        if (!line.TryGetProperty("workload", out var w) || !line.TryGetProperty("peer", out var p))
        {
            return null;
        }

        string workload = w.GetString() ?? "";
        string peer = p.GetString() ?? "";
        if (threads is int t)
        {
            peer += $" [{t.ToString(CultureInfo.InvariantCulture)} thr]";
        }

        switch (workload)
        {
            case "rosenbrock-value-grad" when line.TryGetProperty("s_per_call", out var s):
                return new($"{workload}/{line.GetProperty("n").GetInt64().ToString(CultureInfo.InvariantCulture)}", peer, s.GetDouble(), null);
            case "rosenbrock" when line.TryGetProperty("wall_s", out var wall) && line.TryGetProperty("method", out var method) && peer.StartsWith("scipy+torch", StringComparison.Ordinal):
                return new($"rosenbrock-{method.GetString()}/{line.GetProperty("n").GetInt64().ToString(CultureInfo.InvariantCulture)}", peer, wall.GetDouble(),
                    $"nfev {line.GetProperty("nfev").GetInt64().ToString(CultureInfo.InvariantCulture)}");
            case "mlp-value-grad" when line.TryGetProperty("s_per_call", out var s):
                return new($"{workload}/{line.GetProperty("dtype").GetString()!.Replace("torch.", "", StringComparison.Ordinal)}", peer, s.GetDouble(), null);
            case "mf-value-grad" when line.TryGetProperty("s_per_call", out var s):
                return new($"{workload}/{line.GetProperty("dtype").GetString()}", peer, s.GetDouble(), null);
            case "gemm" when line.TryGetProperty("gflops", out var g):
                int n = line.GetProperty("n").GetInt32();
                double seconds = 2.0 * n * n * (double)n / (g.GetDouble() * 1e9);
                return new($"gemm/{n.ToString(CultureInfo.InvariantCulture)}/{line.GetProperty("dtype").GetString()}", peer, seconds,
                    $"{g.GetDouble().ToString("F1", CultureInfo.InvariantCulture)} GFLOP/s");
            default:
                return null;
        }
    }

    // ---- output -----------------------------------------------------------------------------------------------------

    private static string Table(List<AdjointTiming> adjoint, List<PeerTiming> peers)
    {
        var rows = new List<string[]> { Header };
        foreach (var a in adjoint)
        {
            string workload = a.Key[..a.Key.IndexOf('/', StringComparison.Ordinal)];
            var matches = peers.Where(p => p.Key == a.Key).ToList();
            if (matches.Count == 0)
            {
                rows.Add([workload, a.Case, a.Variant, FormatTime(a.Seconds), "-", "-", "-"]);
                continue;
            }

            foreach (var p in matches)
            {
                string peer = p.Note is null ? p.Peer : $"{p.Peer} ({p.Note})";
                rows.Add([workload, a.Case, a.Variant, FormatTime(a.Seconds), peer, FormatTime(p.Seconds),
                    (a.Seconds / p.Seconds).ToString(a.Seconds / p.Seconds < 0.1 ? "F4" : "F2", CultureInfo.InvariantCulture)]);
            }
        }

        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var sb = new StringBuilder();
        for (int r = 0; r < rows.Count; r++)
        {
            sb.Append("| ").AppendJoin(" | ", rows[r].Select((cell, c) => c >= 3 && c != 4 ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]))).AppendLine(" |");
            if (r == 0)
            {
                sb.Append('|').AppendJoin('|', widths.Select((w, c) => c >= 3 && c != 4 ? new string('-', w + 1) + ":" : new string('-', w + 2))).AppendLine("|");
            }
        }

        return sb.ToString();
    }

    private static string FormatTime(double seconds) => seconds switch
    {
        < 1e-6 => $"{(seconds * 1e9).ToString("F1", CultureInfo.InvariantCulture)} ns",
        < 1e-3 => $"{(seconds * 1e6).ToString("F2", CultureInfo.InvariantCulture)} us",
        < 1 => $"{(seconds * 1e3).ToString("F2", CultureInfo.InvariantCulture)} ms",
        _ => $"{seconds.ToString("F3", CultureInfo.InvariantCulture)} s",
    };

    private static string FormatGflops(int n, double seconds) =>
        (2.0 * n * n * (double)n / seconds / 1e9).ToString("F1", CultureInfo.InvariantCulture);

    private static string DTypeName(DType dtype) => dtype == DType.Float32 ? "float32" : "float64";

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
