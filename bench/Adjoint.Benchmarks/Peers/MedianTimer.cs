using System.Diagnostics;

namespace Adjoint.Benchmarks.Peers;

/// <summary>
/// A small Stopwatch harness shaped like peers.py's <c>median_time</c>: warm-up calls, then the median of repeated
/// samples. Calls shorter than <see cref="MinSampleSeconds"/> are batched so one sample spans at least that long
/// (Stopwatch and the JIT make single sub-microsecond calls unmeasurable); the result is always per call.
/// Warm-up lasts at least <see cref="MinWarmupSeconds"/> so that optimized (tier-1) code is what gets timed.
/// </summary>
internal static class MedianTimer
{
    /// <summary>The shortest sample worth timing.</summary>
    public const double MinSampleSeconds = 2e-3;

    /// <summary>The shortest warm-up, so the JIT has promoted the hot paths (through dynamic PGO's instrumented tier) before timing starts.</summary>
    public const double MinWarmupSeconds = 4.0;

    /// <summary>Median seconds per call of <paramref name="call"/>.</summary>
    public static double Measure(Action call, int repeats = 20, int warmup = 3)
    {
        // Warm up for a number of calls and for a minimum time: tiered compilation promotes hot methods to
        // optimized code only after ~30 calls and a 100 ms quiet period, so a few calls would time tier-0 code.
        long warmStart = Stopwatch.GetTimestamp();
        for (int i = 0; i < warmup || Stopwatch.GetElapsedTime(warmStart).TotalSeconds < MinWarmupSeconds; i++)
        {
            call();
        }

        // Batch size: enough calls that one sample lasts MinSampleSeconds.
        long start = Stopwatch.GetTimestamp();
        call();
        double once = Stopwatch.GetElapsedTime(start).TotalSeconds;
        int batch = 1;
        if (once < MinSampleSeconds)
        {
            // Re-estimate on a longer run: a single call of a few microseconds is dominated by timer noise.
            int probe = (int)Math.Clamp(MinSampleSeconds / Math.Max(once, 1e-8), 1, 1_000_000);
            start = Stopwatch.GetTimestamp();
            for (int i = 0; i < probe; i++)
            {
                call();
            }

            double per = Stopwatch.GetElapsedTime(start).TotalSeconds / probe;
            batch = (int)Math.Clamp(Math.Ceiling(MinSampleSeconds / Math.Max(per, 1e-9)), 1, 10_000_000);
        }

        var samples = new double[repeats];
        for (int r = 0; r < repeats; r++)
        {
            start = Stopwatch.GetTimestamp();
            for (int i = 0; i < batch; i++)
            {
                call();
            }

            samples[r] = Stopwatch.GetElapsedTime(start).TotalSeconds / batch;
        }

        Array.Sort(samples);
        return repeats % 2 == 1 ? samples[repeats / 2] : 0.5 * (samples[(repeats / 2) - 1] + samples[repeats / 2]);
    }
}
