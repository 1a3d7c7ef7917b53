using System.Text.Json;
using Adjoint.Spectral;
using Adjoint.Tensors;

namespace Adjoint.Tests.Spectral;

/// <summary>
/// The numpy.fft references of fft_numpy.json (written by fft_numpy.py) and the input rule they were computed from.
/// </summary>
internal static class FftReference
{
    private static readonly Lazy<JsonDocument> s_document = new(() => JsonDocument.Parse(File.ReadAllText(Locate("fft_numpy.json"))));

    public static JsonElement Root => s_document.Value.RootElement;

    /// <summary>signal(n, offset)[k] = sin(0.37 (k + offset)) + i cos(1.3 ((k + offset)^2 mod 97)), interleaved.</summary>
    public static double[] Signal(int n, int offset = 0)
    {
        var z = new double[2 * n];
        for (long k = 0; k < n; k++)
        {
            long j = k + offset;
            z[2 * k] = Math.Sin(0.37 * j);
            z[(2 * k) + 1] = Math.Cos(1.3 * (j * j % 97));
        }

        return z;
    }

    /// <summary>The real parts of <see cref="Signal"/>.</summary>
    public static double[] RealSignal(int n) => [.. Enumerable.Range(0, n).Select(k => Math.Sin(0.37 * k))];

    public static Tensor Complex(double[] interleaved, DType dtype = DType.Float64, params int[] logicalShape)
    {
        var dims = logicalShape.Length == 0 ? [interleaved.Length / 2] : logicalShape;
        return Tensor.FromArray(interleaved, new Shape([.. dims, 2]), dtype);
    }

    /// <summary>sum_k X_k w_k with w_k = cos(0.7 k) + i sin(0.3 k), X interleaved (or real when <paramref name="complex"/> is false).</summary>
    public static (double Re, double Im) Checksum(double[] x, bool complex = true)
    {
        int n = complex ? x.Length / 2 : x.Length;
        double re = 0, im = 0;
        for (int k = 0; k < n; k++)
        {
            double xr = complex ? x[2 * k] : x[k], xi = complex ? x[(2 * k) + 1] : 0;
            double wr = Math.Cos(0.7 * k), wi = Math.Sin(0.3 * k);
            re += (xr * wr) - (xi * wi);
            im += (xr * wi) + (xi * wr);
        }

        return (re, im);
    }

    /// <summary>||a - b|| / ||b|| (0 when both are zero).</summary>
    public static double RelativeError(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        Assert.Equal(b.Length, a.Length);
        double num = 0, den = 0;
        for (int i = 0; i < a.Length; i++)
        {
            num += (a[i] - b[i]) * (a[i] - b[i]);
            den += b[i] * b[i];
        }

        return den == 0 ? Math.Sqrt(num) : Math.Sqrt(num / den);
    }

    public static double[] Doubles(JsonElement e) => [.. e.EnumerateArray().Select(v => v.GetDouble())];

    public static int[]? Ints(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : [.. e.EnumerateArray().Select(v => v.GetInt32())];

    public static FftNorm Norm(string name) => name switch
    {
        "backward" => FftNorm.Backward,
        "ortho" => FftNorm.Ortho,
        "forward" => FftNorm.Forward,
        _ => throw new ArgumentException(name),
    };

    /// <summary>
    /// The naive DFT sum_j x_j exp(-+2 pi i j k / n), with the phase index j k reduced modulo n in integers and the sum
    /// accumulated with compensated (Kahan-Babuska) additions: an independent reference of rounding error near one ulp.
    /// </summary>
    public static double[] NaiveDft(double[] x, bool inverse = false)
    {
        int n = x.Length / 2;
        var cos = new double[n];
        var sin = new double[n];
        for (int t = 0; t < n; t++)
        {
            cos[t] = Math.Cos(2 * Math.PI * t / n);
            sin[t] = (inverse ? 1 : -1) * Math.Sin(2 * Math.PI * t / n);
        }

        var y = new double[2 * n];
        for (int k = 0; k < n; k++)
        {
            double sr = 0, cr = 0, si = 0, ci = 0;
            long phase = 0;
            for (int j = 0; j < n; j++)
            {
                int t = (int)phase;
                double xr = x[2 * j], xi = x[(2 * j) + 1];
                Add(ref sr, ref cr, xr * cos[t]);
                Add(ref sr, ref cr, -(xi * sin[t]));
                Add(ref si, ref ci, xr * sin[t]);
                Add(ref si, ref ci, xi * cos[t]);
                phase += k;
                if (phase >= n)
                {
                    phase -= n;
                }
            }

            y[2 * k] = sr + cr;
            y[(2 * k) + 1] = si + ci;
        }

        return y;
    }

    private static void Add(ref double sum, ref double c, double v)
    {
        double t = sum + v;
        c += Math.Abs(sum) >= Math.Abs(v) ? (sum - t) + v : (v - t) + sum;
        sum = t;
    }

    private static string Locate(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "Adjoint.Tests", "Spectral", name);
            if (File.Exists(candidate))
            {
                return candidate;
            }

            candidate = Path.Combine(dir.FullName, "Spectral", name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"{name} was not found above {AppContext.BaseDirectory}.");
    }
}
