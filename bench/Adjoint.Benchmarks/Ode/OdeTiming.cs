using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Adjoint.Calculus;
using Adjoint.Fit;
using Adjoint.Tensors;

namespace Adjoint.Benchmarks.Ode;

/// <summary>
/// <c>ode</c>: times <see cref="Calculus.Ode.SolveIvp(Func{double, Tensor, Tensor}, ValueTuple{double, double}, Tensor, OdeOptions?)"/>
/// on the reference problems at scipy's settings (tests/Adjoint.Tests/Calculus/Ode/ode_scipy.json) and the Lotka-Volterra
/// fit, in the layout of bench/Adjoint.Benchmarks/Ode/scipy_ode_timing.py, which times scipy on the same runs.
/// </summary>
public static class OdeTiming
{
    private static Func<double, Tensor, Tensor> Rhs(string name) => name switch
    {
        "lotka_volterra" => (t, y) => Tensor.Stack([(1.5 * y[0]) - (y[0] * y[1]), (y[0] * y[1]) - (3 * y[1])]),
        "van_der_pol_1000" => (t, y) => Tensor.Stack([y[1], (1000 * (1 - y[0].Square()) * y[1]) - y[0]]),
        "robertson" => (t, y) => Tensor.Stack([(-0.04 * y[0]) + (1e4 * y[1] * y[2]), (0.04 * y[0]) - (1e4 * y[1] * y[2]) - (3e7 * y[1].Square()), 3e7 * y[1].Square()]),
        "lorenz" => (t, y) => Tensor.Stack([10 * (y[1] - y[0]), (y[0] * (28 - y[2])) - y[1], (y[0] * y[1]) - (8.0 / 3 * y[2])]),
        _ => (t, y) =>
        {
            var r3 = Tensor.Pow(y[0].Square() + y[1].Square(), 1.5);
            return Tensor.Stack([y[2], y[3], -y[0] / r3, -y[1] / r3]);
        },
    };

    private static double Milliseconds(Action run)
    {
        run();
        var watch = Stopwatch.StartNew();
        int reps = 0;
        while (watch.ElapsedMilliseconds < 300 || reps < 3)
        {
            run();
            reps++;
        }

        return watch.Elapsed.TotalMilliseconds / reps;
    }

    private static double[] Numbers(JsonElement e) => [.. e.EnumerateArray().Select(v => v.GetDouble())];

    /// <summary>Prints one table row per run.</summary>
    /// <param name="args">Optionally the path of ode_scipy.json.</param>
    /// <returns>0.</returns>
    public static int Run(string[] args)
    {
        string path = args.Length > 0 ? args[0] : Path.Combine("tests", "Adjoint.Tests", "Calculus", "Ode", "ode_scipy.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var root = doc.RootElement;
        foreach (var c in root.GetProperty("counts").EnumerateArray())
        {
            string name = c.GetProperty("problem").GetString()!;
            var p = root.GetProperty("problems").GetProperty(name);
            var span = Numbers(p.GetProperty("span"));
            var y0 = Numbers(p.GetProperty("y0"));
            var atol = c.GetProperty("atol");
            var options = new OdeOptions
            {
                Method = c.GetProperty("method").GetString() switch { "RK45" => OdeMethod.Rk45, "DOP853" => OdeMethod.Dop853, _ => OdeMethod.Radau },
                RelativeTolerance = c.GetProperty("rtol").GetDouble(),
                TEval = Numbers(p.GetProperty("t")),
            };
            options = atol.ValueKind == JsonValueKind.Array ? options with { AbsoluteTolerances = Numbers(atol) } : options with { AbsoluteTolerance = atol.GetDouble() };
            var f = Rhs(name);
            double ms = Milliseconds(() => Calculus.Ode.SolveIvp(f, (span[0], span[1]), y0, options));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {options.Method} | {options.RelativeTolerance:g} | {ms:F2} ms |"));
        }

        var fit = root.GetProperty("fit");
        var t = Numbers(fit.GetProperty("t"));
        var ydata = Numbers(fit.GetProperty("prey")).Concat(Numbers(fit.GetProperty("predator"))).ToArray();
        var xdata = Enumerable.Range(0, ydata.Length).Select(i => (double)i).ToArray();
        var p0 = Numbers(fit.GetProperty("p0"));
        var y0Fit = Tensor.FromArray(Numbers(fit.GetProperty("y0")));
        var fitOptions = new OdeOptions { Method = OdeMethod.Dop853, RelativeTolerance = 1e-8, AbsoluteTolerance = 1e-10, TEval = t };
        Tensor Model(Tensor x, Tensor q) =>
            Calculus.Ode.SolveIvp((time, y, k) => Tensor.Stack([(k[0] * y[0]) - (k[1] * y[0] * y[1]), (k[3] * y[0] * y[1]) - (k[2] * y[1])]), (0.0, t[^1]), y0Fit, q, fitOptions).Y.T.Reshape(-1);
        double fitMs = Milliseconds(() => CurveFit.Fit(Model, xdata, ydata, p0));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| fit | CurveFit + SolveIvp (DOP853, sensitivities) | {fitMs:F1} ms |"));
        return 0;
    }
}
