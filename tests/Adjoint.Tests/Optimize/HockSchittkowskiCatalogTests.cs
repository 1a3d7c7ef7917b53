using System.Text.Json;
using Adjoint.Autodiff;
using Adjoint.Optimize.Constraints;
using Adjoint.Tensors;
using Adjoint.TestProblems;

namespace Adjoint.Tests.Optimize;

/// <summary>The Hock-Schittkowski catalog on its own: evaluation, known solutions, derivatives, and agreement with its
/// Python twin (bench/peers/hs_problems.py, values recorded in bench/peers/hs_scipy.json). No constrained method runs here.</summary>
public class HockSchittkowskiCatalogTests
{
    public static TheoryData<string> Problems()
    {
        var d = new TheoryData<string>();
        foreach (var p in HockSchittkowski.All)
        {
            d.Add(p.Name);
        }

        return d;
    }

    [Fact]
    public void Catalog_HasUniqueNamesAndEveryCategory()
    {
        var all = HockSchittkowski.All;
        Assert.True(all.Count >= 35, $"{all.Count} problems");
        Assert.Equal(all.Count, all.Select(p => p.Name).Distinct().Count());
        Assert.Equal(all.Count, all.Select(p => p.Number).Distinct().Count());
        Assert.True(all.Select(p => p.Number).SequenceEqual(all.Select(p => p.Number).Order()), "problems are in HS order");
        foreach (var tag in new[] { "BoundsOnly", "Bounds", "Equality", "Inequality", "Mixed", "Linear", "Nonlinear" })
        {
            Assert.True(all.Count(p => p.Tags.Contains(tag)) >= 5, $"fewer than 5 problems tagged {tag}");
        }

        // Each pure kind is present: bounds only, equalities only, inequalities only (no bounds), and mixed.
        Assert.Contains(all, p => p.Tags.Contains("Equality") && !p.HasBounds && !p.HasInequalities);
        Assert.Contains(all, p => p.Tags.Contains("Inequality") && !p.HasBounds && !p.HasEqualities);
        Assert.Contains(all, p => p.HasEqualities && p.HasInequalities);
        foreach (var p in all)
        {
            Assert.Equal(p.Constraints.Count == 0, !p.Tags.Contains("Linear") && !p.Tags.Contains("Nonlinear"));
            Assert.Equal(p.Tags.Contains("BoundsOnly"), p.HasBounds && p.Constraints.Count == 0);
            Assert.True(p.HasBounds || p.Constraints.Count > 0, $"{p.Name} is unconstrained");
            Assert.Equal(p.Constraints.Count, p.Constraints.Select(c => c.Name).Distinct().Count());
            Assert.All(p.Constraints, c => Assert.False(string.IsNullOrEmpty(c.Name)));
        }
    }

    [Theory]
    [MemberData(nameof(Problems))]
    public void ShapesAndBounds_AreConsistent(string name)
    {
        var p = HockSchittkowski.Get(name);
        Assert.Equal(p.Lower is null, p.Upper is null);
        Assert.Equal(p.HasBounds, p.Bounds() is not null);
        if (p.Lower is not null && p.Upper is not null)
        {
            Assert.Equal(p.Dimension, p.Lower.Length);
            Assert.Equal(p.Dimension, p.Upper.Length);
            for (int i = 0; i < p.Dimension; i++)
            {
                Assert.True(p.Lower[i] <= p.Upper[i], $"{name}: bound {i}");
            }

            Assert.True(p.Lower.Zip(p.Upper).Any(b => double.IsFinite(b.First) || double.IsFinite(b.Second)), $"{name}: bounds all open");
        }

        if (p.KnownSolution is not null)
        {
            Assert.Equal(p.Dimension, p.KnownSolution.Length);
        }

        foreach (var c in p.Constraints.OfType<LinearConstraint>())
        {
            Assert.Equal(p.Dimension, c.Columns);
        }
    }

    [Theory]
    [MemberData(nameof(Problems))]
    public void FunctionAndConstraints_EvaluateAtX0AndXStar_InFloat64AndFloat32(string name)
    {
        var p = HockSchittkowski.Get(name);
        foreach (var x in new[] { p.X0, p.KnownSolution }.OfType<double[]>())
        {
            var x64 = Tensor.FromArray(x);
            double xInf = x.Max(Math.Abs);
            var f64 = p.Function(x64);
            var f32 = p.Function(x64.To(DType.Float32));
            Assert.Equal(1, f64.Size);
            Assert.Equal(DType.Float64, f64.DType);
            Assert.Equal(DType.Float32, f32.DType);
            double v64 = f64.Item(), v32 = f32.Item();
            Assert.True(double.IsFinite(v64) && double.IsFinite(v32), $"{name}: f = {v64} (float64), {v32} (float32)");
            Assert.True(Math.Abs(v32 - v64) <= 1e-4 * Math.Max(1, Math.Abs(v64)), $"{name}: f = {v64} (float64), {v32} (float32)");
            foreach (var c in p.Constraints.OfType<NonlinearConstraint>())
            {
                var fun = c.TensorFunction!;
                var c64 = fun(x64);
                var c32 = fun(x64.To(DType.Float32));
                Assert.Equal(c64.Shape, c32.Shape);
                Assert.Equal(DType.Float32, c32.DType);
                Assert.True(c.Lower.Count == 1 || c.Lower.Count == c64.Size, $"{name}/{c.Name}: {c.Lower.Count} lower bounds for {c64.Size} rows");
                var a64 = c64.ToArray();
                var a32 = c32.ToArray();
                for (int i = 0; i < a64.Length; i++)
                {
                    Assert.True(double.IsFinite(a64[i]) && double.IsFinite(a32[i]), $"{name}/{c.Name}[{i}] = {a64[i]}, {a32[i]}");
                    // Rows that cancel large products (HS106: x1 x6 - 833 x4 - 100 x1 + 83333 ~ 1e5 per term) lose float32
                    // digits in proportion to |x|², not to the row's value.
                    double allowed = (1e-4 * Math.Max(1, Math.Abs(a64[i]))) + (1e-6 * xInf * xInf);
                    Assert.True(Math.Abs(a32[i] - a64[i]) <= allowed, $"{name}/{c.Name}[{i}] = {a64[i]} (float64), {a32[i]} (float32)");
                }
            }

            var (values, lower, upper) = p.ConstraintRows(x);
            Assert.Equal(values.Length, lower.Length);
            Assert.Equal(values.Length, upper.Length);
            Assert.All(values, v => Assert.True(double.IsFinite(v)));
        }
    }

    [Theory]
    [MemberData(nameof(Problems))]
    public void KnownSolution_IsFeasible_AndAttainsKnownMinimum(string name)
    {
        var p = HockSchittkowski.Get(name);
        Assert.NotNull(p.KnownSolution);
        var xs = p.KnownSolution!;
        double violation = p.MaxViolation(xs);
        Assert.True(violation <= 1e-6, $"{name}: x* violates by {violation:G3}");
        double f = p.Function(Tensor.FromArray(xs)).Item();
        Assert.True(p.Reached(f), $"{name}: f(x*) = {f:R}, f* = {p.KnownMinimum:R}");
        Assert.True(Math.Abs(f - p.KnownMinimum) <= 1e-6 * Math.Max(1, Math.Abs(p.KnownMinimum)));
        Assert.DoesNotContain(p.OtherMinima, m => p.Reached(m) || m < p.KnownMinimum);
    }

    [Fact]
    public void Reached_IsRelativeOneInAMillion()
    {
        var p = HockSchittkowski.Get("HS106");
        Assert.True(p.Reached(p.KnownMinimum * (1 + 0.9e-6)));
        Assert.False(p.Reached(p.KnownMinimum * (1 + 1.1e-6)));
        Assert.False(p.Reached(7049.330923), "HS106's printed f* is not minimal");
        var hs2 = HockSchittkowski.Get("HS002");
        Assert.False(hs2.Reached(4.9412293586));
        Assert.True(hs2.Reached(4.9412293586, allowOther: true));
        var q = HockSchittkowski.Get("HS001");
        Assert.True(q.Reached(0.9e-6));
        Assert.False(q.Reached(1.1e-6));
    }

    [Theory]
    [MemberData(nameof(Problems))]
    public void Gradients_OfObjectiveAndConstraints_MatchFiniteDifferences(string name)
    {
        var p = HockSchittkowski.Get(name);
        var rng = new Random(p.Number);
        var near = p.X0.Select(v => v + (0.05 * (rng.NextDouble() - 0.5) * Math.Max(1, Math.Abs(v)))).ToArray();
        foreach (var x in new[] { p.X0, near })
        {
            var t = Tensor.FromArray(x);
            Check(name, "f", p.Function, t);
            foreach (var c in p.Constraints.OfType<NonlinearConstraint>())
            {
                Check(name, c.Name!, c.TensorFunction!, t);
            }
        }

        static void Check(string name, string what, Func<Tensor, Tensor> f, Tensor x)
        {
            double scale;
            using (Grad.NoGrad())
            {
                scale = f(x).ToArray().Max(Math.Abs);
            }

            var check = GradCheck.Check(f, x, rtol: 1e-5, atol: 1e-7 * Math.Max(1, scale));
            Assert.True(check.Passed, $"{name}/{what} at [{string.Join(", ", x.ToArray())}]: {check.Message}");
        }
    }

    [Theory]
    [MemberData(nameof(Problems))]
    public void Definitions_AgreeWithThePythonTwin(string name)
    {
        var p = HockSchittkowski.Get(name);
        var twin = Twin().RootElement.GetProperty("problems");
        Assert.True(twin.TryGetProperty(name, out var entry), $"{name} is missing from bench/peers/hs_scipy.json (rerun hs_scipy.py)");
        var check = entry.GetProperty("check");
        Assert.Equal(p.X0, Doubles(check.GetProperty("x0")));
        AssertClose(name, "x*", p.KnownSolution!, Doubles(check.GetProperty("xstar")), 1e-15);
        AssertClose(name, "f*", [p.KnownMinimum], [check.GetProperty("fstar").GetDouble()], 1e-15);
        foreach (var (key, x) in new[] { ("x0", p.X0), ("xstar", p.KnownSolution!) })
        {
            double f = p.Function(Tensor.FromArray(x)).Item();
            AssertClose(name, $"f({key})", [f], [check.GetProperty("f_" + key).GetDouble()], 1e-12);
            AssertClose(name, $"c({key})", p.ConstraintRows(x).Values, Doubles(check.GetProperty("c_" + key)), 1e-12);
        }

        // The order is the same in both files.
        var names = Twin().RootElement.GetProperty("problems").EnumerateObject().Select(e => e.Name).ToList();
        Assert.Equal(HockSchittkowski.All.Select(q => q.Name).ToList().IndexOf(name), names.IndexOf(name));
    }

    private static void AssertClose(string name, string what, double[] mine, double[] theirs, double rtol)
    {
        Assert.True(mine.Length == theirs.Length, $"{name}: {what} has {mine.Length} values here and {theirs.Length} in the Python twin");
        for (int i = 0; i < mine.Length; i++)
        {
            Assert.True(Math.Abs(mine[i] - theirs[i]) <= rtol * Math.Max(1, Math.Abs(theirs[i])),
                $"{name}: {what}[{i}] = {mine[i]:R} here, {theirs[i]:R} in the Python twin");
        }
    }

    private static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    private static readonly Lazy<JsonDocument> TwinDocument = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Adjoint.slnx")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        return JsonDocument.Parse(File.ReadAllText(Path.Combine(dir!.FullName, "bench", "peers", "hs_scipy.json")));
    });

    private static JsonDocument Twin() => TwinDocument.Value;
}
