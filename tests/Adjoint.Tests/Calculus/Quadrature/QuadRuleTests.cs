using Adjoint.Calculus;
using Adjoint.Tensors;
using Integrate = Adjoint.Calculus.Quadrature;

namespace Adjoint.Tests.Calculus.Quadrature;

/// <summary>The fixed rules: Gauss-Kronrod degrees of exactness, Gauss-Legendre against numpy, fixed_quad and the nested integrals against scipy.</summary>
public class QuadRuleTests
{
    private static double Moment(int k) => k % 2 == 1 ? 0 : 2.0 / (k + 1);

    private static double Apply(double[] nodes, double[] weights, int k)
    {
        double s = 0;
        for (int i = 0; i < nodes.Length; i++)
        {
            s += weights[i] * Math.Pow(nodes[i], k);
        }

        return s;
    }

    [Fact]
    public void GaussKronrod_IsExactToDegree3nPlus1_AndGaussTo2nMinus1()
    {
        foreach (var (rule, n) in new[] { (GaussKronrodRule.K21, 10), (GaussKronrodRule.K15, 7) })
        {
            for (int k = 0; k <= (3 * n) + 1; k++)
            {
                Assert.Equal(Moment(k), Apply(rule.Nodes, rule.KronrodWeights, k), 1e-15);
            }

            for (int k = 0; k <= (2 * n) - 1; k++)
            {
                Assert.Equal(Moment(k), Apply(rule.Nodes, rule.GaussWeights, k), 1e-15);
            }

            // Not exact one degree higher (the rules are of exactly these degrees).
            int even = (3 * n) + 2 + (n % 2);
            Assert.NotEqual(Moment(even), Apply(rule.Nodes, rule.KronrodWeights, even), 14);
            Assert.NotEqual(Moment(2 * n), Apply(rule.Nodes, rule.GaussWeights, 2 * n), 14);
        }
    }

    [Fact]
    public void GaussLegendre_MatchesNumpyLeggauss()
    {
        foreach (var c in QuadReference.Root.GetProperty("legendre").EnumerateArray())
        {
            int n = c.GetProperty("n").GetInt32();
            var (nodes, weights) = GaussLegendre.Rule(n);
            var expectedNodes = c.GetProperty("nodes").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            var expectedWeights = c.GetProperty("weights").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            for (int i = 0; i < n; i++)
            {
                Assert.True(Math.Abs(nodes[i] - expectedNodes[i]) <= 1e-15, $"n = {n}, node {i}: {nodes[i]:R} vs {expectedNodes[i]:R}");
                Assert.True(Math.Abs(weights[i] - expectedWeights[i]) <= (1e-11 * expectedWeights[i]) + 1e-16, $"n = {n}, weight {i}: {weights[i]:R} vs {expectedWeights[i]:R}");
            }
        }
    }

    [Fact]
    public void GaussLegendre_IsExactToDegree2nMinus1_AndMatchesPublishedTable()
    {
        foreach (int n in new[] { 3, 10, 64, 100 })
        {
            var (nodes, weights) = GaussLegendre.Rule(n);
            for (int k = 0; k <= (2 * n) - 1; k += 2)
            {
                Assert.Equal(Moment(k), Apply(nodes, weights, k), 1e-14);
            }
        }

        // numpy's leggauss is off by 1e-12 relative (2e-15 absolute) at the end weights of n = 64, ours by 1e-16; the tabulated value
        // (Abramowitz & Stegun, table 25.4) is 0.0017832807216964329.
        Assert.Equal(0.0017832807216964329, GaussLegendre.Rule(64).Weights[0], 3e-16);
    }

    [Fact]
    public void FixedQuad_MatchesScipy()
    {
        foreach (var c in QuadReference.Root.GetProperty("fixedQuadExp02").EnumerateArray())
        {
            int n = c.GetProperty("n").GetInt32();
            Assert.Equal(c.GetProperty("value").GetDouble(), Integrate.FixedQuad(Tensor.Exp, 0, 2, n).Item(), 1e-14);
        }

        Assert.Equal(DType.Float32, Integrate.FixedQuad(Tensor.Exp, 0, 2, 5, DType.Float32).DType);
    }

    [Fact]
    public void DblQuad_MatchesScipyAndClosedForm()
    {
        var cases = QuadReference.Root.GetProperty("dblquad").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        var triangle = Integrate.DblQuad((y, x) => x * y, 0, 1, _ => 0, x => 1 - x);
        var disc = Integrate.DblQuad((y, x) => Tensor.Exp(-((x * x) + (y * y))), 0, 1, _ => 0, x => Math.Sqrt(1 - (x * x)));
        foreach (var (name, r) in new[] { ("xy_triangle", triangle), ("exp_disc_quarter", disc) })
        {
            var c = cases[name];
            Assert.True(r.Success, r.ToString());
            Assert.Equal(c.GetProperty("value").GetDouble(), r.Value.Item(), 1e-10);
            Assert.True(Math.Abs(r.Value.Item() - c.GetProperty("exact").GetDouble()) <= Math.Max(r.Error, 1e-15), r.ToString());
        }
    }

    [Fact]
    public void DblQuad_InfiniteOuterRange()
    {
        // ∫_{-∞}^{∞} ∫_{-∞}^{∞} exp(-x² - y²) = π; inner limits infinite too.
        var r = Integrate.DblQuad((y, x) => Tensor.Exp(-((x * x) + (y * y))), double.NegativeInfinity, double.PositiveInfinity,
            _ => double.NegativeInfinity, _ => double.PositiveInfinity);
        Assert.True(r.Success, r.ToString());
        Assert.Equal(Math.PI, r.Value.Item(), 1e-8);
    }

    [Fact]
    public void TplQuad_MatchesScipyAndClosedForm()
    {
        var c = QuadReference.Root.GetProperty("tplquad").EnumerateArray().Single();
        var r = Integrate.TplQuad((z, y, x) => x * y * z, 0, 1, _ => 0, x => 1 - x, (_, _) => 0, (x, y) => 1 - x - y);
        Assert.True(r.Success, r.ToString());
        Assert.Equal(c.GetProperty("value").GetDouble(), r.Value.Item(), 1e-12);
        Assert.Equal(1.0 / 720, r.Value.Item(), 1e-12);
    }
}
