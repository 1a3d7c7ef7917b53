using System.Runtime.CompilerServices;
using System.Text.Json;
using Adjoint.Tensors;

namespace Adjoint.Tests.Calculus.OdeSolving;

/// <summary>ode_scipy.json (written by ode_scipy.py beside it): scipy's reference solutions, counts, odeint values and the fit data.</summary>
internal static class OdeReference
{
    private static readonly Lazy<JsonElement> s_root = new(Load);

    public static JsonElement Root => s_root.Value;

    public static JsonElement Problem(string name) => Root.GetProperty("problems").GetProperty(name);

    public static double[] Numbers(JsonElement e) => [.. e.EnumerateArray().Select(v => v.GetDouble())];

    public static double[][] Rows(JsonElement e) => [.. e.EnumerateArray().Select(Numbers)];

    /// <summary>The right-hand sides of the reference problems, in tensor operations.</summary>
    public static Func<double, Tensor, Tensor> Rhs(string name) => name switch
    {
        "lotka_volterra" => (t, y) => Tensor.Stack([(1.5 * y[0]) - (y[0] * y[1]), (y[0] * y[1]) - (3 * y[1])]),
        "van_der_pol_1000" => (t, y) => Tensor.Stack([y[1], (1000 * (1 - y[0].Square()) * y[1]) - y[0]]),
        "robertson" => (t, y) => Tensor.Stack([
            (-0.04 * y[0]) + (1e4 * y[1] * y[2]),
            (0.04 * y[0]) - (1e4 * y[1] * y[2]) - (3e7 * y[1].Square()),
            3e7 * y[1].Square()]),
        "lorenz" => (t, y) => Tensor.Stack([10 * (y[1] - y[0]), (y[0] * (28 - y[2])) - y[1], (y[0] * y[1]) - (8.0 / 3 * y[2])]),
        "kepler" => (t, y) =>
        {
            var r3 = Tensor.Pow(y[0].Square() + y[1].Square(), 1.5);
            return Tensor.Stack([y[2], y[3], -y[0] / r3, -y[1] / r3]);
        },
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown problem."),
    };

    private static JsonElement Load()
    {
        var path = Path.Combine(Path.GetDirectoryName(SourceFile())!, "ode_scipy.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.Clone();
    }

    private static string SourceFile([CallerFilePath] string path = "") => path;
}
