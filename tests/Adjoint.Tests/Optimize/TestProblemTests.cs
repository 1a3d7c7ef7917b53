using Adjoint.Autodiff;
using Adjoint.Tensors;
using Adjoint.TestProblems;

namespace Adjoint.Tests.Optimize;

public class TestProblemTests
{
    public static TheoryData<string> Problems()
    {
        var d = new TheoryData<string>();
        foreach (var p in MoreGarbowHillstrom.All)
        {
            d.Add(p.ToString());
        }

        return d;
    }

    internal static TestProblem Find(string key) => MoreGarbowHillstrom.All.First(p => p.ToString() == key);

    [Fact]
    public void Catalog_HasAtLeast25DistinctProblems()
    {
        Assert.True(MoreGarbowHillstrom.All.Count >= 25);
        Assert.Equal(MoreGarbowHillstrom.All.Count, MoreGarbowHillstrom.All.Select(p => p.ToString()).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Problems))]
    public void AutodiffGradient_MatchesFiniteDifferences(string key)
    {
        var p = Find(key);
        // At the standard start and at a nearby point (x0 is zero for some problems, where terms vanish).
        var rng = new Random(7);
        foreach (var x in new[] { p.X0, p.X0.Select(v => v + (0.1 * (rng.NextDouble() - 0.5) * Math.Max(1, Math.Abs(v)))).ToArray() })
        {
            var t = Tensor.FromArray(x);
            double scale = Math.Abs(p.Function(t).Item());
            var check = GradCheck.Check(p.Function, t, rtol: 1e-5, atol: 1e-7 * Math.Max(1, scale));
            Assert.True(check.Passed, $"{key}: {check.Message}");
        }
    }

    [Theory]
    [MemberData(nameof(Problems))]
    public void Float32Evaluation_IsFiniteAndClose(string key)
    {
        var p = Find(key);
        double f64 = p.Function(Tensor.FromArray(p.X0)).Item();
        double f32 = p.Function(Tensor.FromArray(p.X0).To(DType.Float32)).Item();
        Assert.True(double.IsFinite(f32));
        Assert.True(Math.Abs(f32 - f64) <= 1e-4 * Math.Max(1, Math.Abs(f64)), $"{key}: {f32} vs {f64}");
    }
}
