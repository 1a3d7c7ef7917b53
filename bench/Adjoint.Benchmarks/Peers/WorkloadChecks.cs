using System.Globalization;
using Adjoint.Autodiff;
using Adjoint.Benchmarks.Workloads;
using Adjoint.Tensors;

namespace Adjoint.Benchmarks.Peers;

/// <summary>
/// Checks that the timed workloads compute the right thing before their times are compared: Rosenbrock against the
/// hand-written loop, matrix factorization against a hand-written gradient, the MLP against a central difference
/// along a random direction.
/// </summary>
internal static class WorkloadChecks
{
    /// <summary>Returns one line per check; a line starts with "FAIL" when the check fails.</summary>
    public static List<string> Run(string workload) => workload switch
    {
        "rosen" => Rosen(),
        "mlp" => MlpCheck(),
        "mf" => Mf(),
        _ => [],
    };

    private static List<string> Rosen()
    {
        var lines = new List<string>();
        foreach (int n in new[] { 2, 100, 10_000, 1_000_000 })
        {
            var point = Rosenbrock.Point(n);
            for (int i = 0; i < n; i += 2)
            {
                point[i] = -1.2 + (1e-3 * (i % 7)); // the standard start, perturbed so all terms differ
            }

            var expected = new double[n];
            double f = Rosenbrock.FusedValueAndGradient(point, expected);
            var got = new double[n];
            double v = Grad.ValueAndGrad(Rosenbrock.Function, Tensor.FromArray(point), got);
            var (tv, tg) = Grad.ValueAndGrad(Rosenbrock.Function, Tensor.FromArray(point));
            double err = Math.Max(MaxRel(expected, got), MaxRel(expected, tg.ToArray()));
            double verr = Math.Max(Math.Abs(v - f), Math.Abs(tv.Item() - f)) / Math.Abs(f);
            lines.Add(Line(err < 1e-12 && verr < 1e-10, $"rosenbrock n={n.ToString(CultureInfo.InvariantCulture)}: value rel err {Fmt(verr)}, gradient max rel err {Fmt(err)} vs the fused loop"));
        }

        return lines;
    }

    private static List<string> Mf()
    {
        var mf = new MatrixFactorization();
        var (value, grads) = Grad.ValueAndGrad(mf.Loss, mf.U, mf.V);
        var u = mf.U.ToArray();
        var v = mf.V.ToArray();
        var vals = mf.Values.ToArray();
        var gu = new double[u.Length];
        var gv = new double[v.Length];
        int k = MatrixFactorization.Rank;
        double f = 0;
        for (int i = 0; i < mf.Rows.Length; i++)
        {
            int r = mf.Rows[i] * k, c = mf.Cols[i] * k;
            double p = 0;
            for (int j = 0; j < k; j++)
            {
                p += u[r + j] * v[c + j];
            }

            double e = p - vals[i];
            f += 0.5 * e * e;
            for (int j = 0; j < k; j++)
            {
                gu[r + j] += e * v[c + j];
                gv[c + j] += e * u[r + j];
            }
        }

        for (int i = 0; i < u.Length; i++)
        {
            f += 0.01 * ((u[i] * u[i]) + (v[i] * v[i]));
            gu[i] += 0.02 * u[i];
            gv[i] += 0.02 * v[i];
        }

        double verr = Math.Abs(value.Item() - f) / Math.Abs(f);
        double gerr = Math.Max(MaxRelNorm(gu, grads[0].ToArray()), MaxRelNorm(gv, grads[1].ToArray()));
        return [Line(verr < 1e-4 && gerr < 1e-4, $"matrix factorization float32: value rel err {Fmt(verr)}, gradient max err / max |g| {Fmt(gerr)} vs a float64 hand-written gradient")];
    }

    private static List<string> MlpCheck()
    {
        var mlp = new Mlp(DType.Float64);
        var (value, grads) = Grad.ValueAndGrad(mlp.Loss, mlp.Parameters);
        var dirs = mlp.Parameters.Select((p, i) => Tensor.RandomNormal(p.Shape, seed: 100 + i)).ToArray();
        double h = 1e-5;
        double Shifted(double s) => mlp.Loss(mlp.Parameters.Select((p, i) => p + (s * dirs[i])).ToArray()).Item();
        double fd = (Shifted(h) - Shifted(-h)) / (2 * h);
        double ad = grads.Select((g, i) => Tensor.Sum(g * dirs[i]).Item()).Sum();
        double err = Math.Abs(fd - ad) / Math.Max(Math.Abs(ad), 1e-12);

        var mlp32 = new Mlp(DType.Float32);
        var (value32, grads32) = Grad.ValueAndGrad(mlp32.Loss, mlp32.Parameters);
        double err32 = 0;
        for (int i = 0; i < grads.Length; i++)
        {
            err32 = Math.Max(err32, MaxRelNorm(grads[i].ToArray(), grads32[i].ToArray()));
        }

        double verr32 = Math.Abs(value32.Item() - value.Item()) / value.Item();
        return
        [
            Line(err < 1e-6, $"mlp float64: loss {value.Item().ToString("G6", CultureInfo.InvariantCulture)}, directional derivative rel err {Fmt(err)} vs a central difference"),
            Line(err32 < 1e-4 && verr32 < 1e-5, $"mlp float32 vs float64: value rel err {Fmt(verr32)}, gradient max err / max |g| {Fmt(err32)}"),
        ];
    }

    private static double MaxRel(double[] expected, double[] got)
    {
        double m = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            m = Math.Max(m, Math.Abs(expected[i] - got[i]) / Math.Max(Math.Abs(expected[i]), 1e-300));
        }

        return m;
    }

    private static double MaxRelNorm(double[] expected, double[] got)
    {
        double m = 0, scale = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            m = Math.Max(m, Math.Abs(expected[i] - got[i]));
            scale = Math.Max(scale, Math.Abs(expected[i]));
        }

        return m / Math.Max(scale, 1e-300);
    }

    private static string Line(bool ok, string text) => (ok ? "ok    " : "FAIL  ") + text;

    private static string Fmt(double x) => x.ToString("E2", CultureInfo.InvariantCulture);
}
