using System.Diagnostics;
using System.Globalization;
using Adjoint.Benchmarks.Peers;
using Adjoint.Spectral;
using Adjoint.Tensors;

namespace Adjoint.Benchmarks.Spectral;

/// <summary>
/// <c>fft [python]</c>: times Fft.Forward on 2^20 complex points and on the prime length 1048573, and Fft.RealForward on
/// 2^20 real points and Fft.Forward2D on 1024 x 1024 complex points (float64), against numpy.fft timed by fft_numpy_timing.py in the same run; prints medians and
/// ratios (ours / numpy).
/// </summary>
public static class FftPeerTiming
{
    /// <summary>Runs the comparison; the optional argument names the Python interpreter (default /usr/bin/python3).</summary>
    public static int Run(string[] args)
    {
        string python = args.Length > 0 ? args[0] : "/usr/bin/python3";
        var numpy = NumpyTimes(python);
        var workloads = new (string Name, int N, bool Real)[] { ("fft-2^20", 1 << 20, false), ("fft-1048573", 1048573, false), ("rfft-2^20", 1 << 20, true) };
        Console.WriteLine("workload        adjoint_ms   numpy_ms   ratio");
        foreach (var (name, n, real) in workloads)
        {
            var x = real ? Tensor.RandomNormal(new Shape(n), seed: 1) : Tensor.RandomNormal(new Shape(n, 2), seed: 1);
            double seconds = MedianTimer.Measure(() =>
            {
                using var scope = TensorScope.Begin();
                _ = real ? Fft.RealForward(x) : Fft.Forward(x);
            }, repeats: 7, warmup: 2);
            string theirs = numpy.TryGetValue(name, out double t) ? (t * 1e3).ToString("F2", CultureInfo.InvariantCulture) : "n/a";
            string ratio = numpy.TryGetValue(name, out t) ? (seconds / t).ToString("F2", CultureInfo.InvariantCulture) : "n/a";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-15} {seconds * 1e3,10:F2} {theirs,10} {ratio,7}"));
        }

        var image = Tensor.RandomNormal(new Shape(1024, 1024, 2), seed: 2);
        double twoD = MedianTimer.Measure(() =>
        {
            using var scope = TensorScope.Begin();
            _ = Fft.Forward2D(image);
        }, repeats: 7, warmup: 2);
        string np2 = numpy.TryGetValue("fft2-1024x1024", out double t2) ? (t2 * 1e3).ToString("F2", CultureInfo.InvariantCulture) : "n/a";
        string r2 = numpy.TryGetValue("fft2-1024x1024", out t2) ? (twoD / t2).ToString("F2", CultureInfo.InvariantCulture) : "n/a";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"fft2-1024x1024",-15} {twoD * 1e3,10:F2} {np2,10} {r2,7}"));
        return 0;
    }

    private static Dictionary<string, double> NumpyTimes(string python)
    {
        var result = new Dictionary<string, double>();
        string script = Path.Combine(AppContext.BaseDirectory, "Spectral", "fft_numpy_timing.py");
        if (!File.Exists(script))
        {
            script = Path.Combine(Directory.GetCurrentDirectory(), "bench", "Adjoint.Benchmarks", "Spectral", "fft_numpy_timing.py");
        }

        try
        {
            using var process = Process.Start(new ProcessStartInfo(python, [script]) { RedirectStandardOutput = true, UseShellExecute = false })!;
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = line.Split(' ');
                result[parts[0]] = double.Parse(parts[1], CultureInfo.InvariantCulture);
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Console.WriteLine($"numpy timings unavailable: {python} could not be started.");
        }

        return result;
    }
}
