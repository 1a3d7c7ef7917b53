using Adjoint.Calculus;
using Adjoint.Tensors;
using Integrate = Adjoint.Calculus.Quadrature;

namespace Adjoint.Tests.Calculus.Quadrature;

/// <summary>Failure paths: unsuccessful results with a message for hard or divergent integrals, exceptions for bad arguments.</summary>
public class QuadFailureTests
{
    [Fact]
    public void Quad_DivergentInverseX_FailsLikeScipy()
    {
        var scipy = QuadReference.Root.GetProperty("failures").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "divergent_inv_x");
        var r = Integrate.Quad(x => 1 / x, 0, 1);
        Assert.False(r.Success);
        Assert.Equal(QuadStatus.MaxSubdivisions, r.Status);
        Assert.Contains("maximum subdivisions (50) reached", r.Message, StringComparison.Ordinal);
        Assert.Equal(scipy.GetProperty("neval").GetInt32(), r.Evaluations);
        Assert.Equal(scipy.GetProperty("value").GetDouble(), r.Value.Item(), 1e-9);
    }

    [Fact]
    public void Quad_DivergentWithLargeLimit_StopsUnsuccessfully()
    {
        var r = Integrate.Quad(x => 1 / x, 0, 1, new QuadOptions { Limit = 2000 });
        Assert.False(r.Success, r.ToString());
        Assert.NotEqual(QuadStatus.Converged, r.Status);
        Assert.False(string.IsNullOrWhiteSpace(r.Message));
    }

    [Fact]
    public void Quad_NonFiniteIntegrand_ReportsThePoint()
    {
        var r = Integrate.Quad(x => Tensor.Sqrt(x - 0.5), 0, 1);
        Assert.False(r.Success);
        Assert.Equal(QuadStatus.NonFiniteValue, r.Status);
        Assert.StartsWith("non-finite integrand value at x = ", r.Message, StringComparison.Ordinal);
        Assert.True(double.IsNaN(r.Value.Item()));
    }

    [Fact]
    public void Quad_LimitOne_OnAHardIntegral_ReportsMaxSubdivisions()
    {
        var r = Integrate.Quad(Tensor.Log, 0, 1, new QuadOptions { Limit = 1 });
        Assert.Equal(QuadStatus.MaxSubdivisions, r.Status);
        Assert.Equal(1, r.Intervals);
        Assert.Contains("(1)", r.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Quad_TinyTolerance_ReportsRoundoff()
    {
        var r = Integrate.Quad(x => Tensor.Cos(100 * x) * Tensor.Log(x), 0, 1, new QuadOptions { AbsoluteTolerance = 0, RelativeTolerance = 2e-14 });
        Assert.False(r.Success, r.ToString());
        Assert.False(string.IsNullOrWhiteSpace(r.Message));
    }

    [Fact]
    public void Quad_BadArguments_Throw()
    {
        Assert.Throws<ArgumentException>(() => Integrate.Quad(Tensor.Exp, double.NaN, 1));
        Assert.Throws<ArgumentException>(() => Integrate.Quad(Tensor.Exp, 0, double.NaN));
        Assert.Throws<ArgumentException>(() => Integrate.Quad(Tensor.Exp, double.PositiveInfinity, double.PositiveInfinity));
        var zero = Assert.Throws<ArgumentOutOfRangeException>(() => Integrate.Quad(Tensor.Exp, 0, 1, new QuadOptions { AbsoluteTolerance = 0, RelativeTolerance = 0 }));
        Assert.Contains("both tolerances cannot be zero", zero.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => Integrate.Quad(Tensor.Exp, 0, 1, new QuadOptions { AbsoluteTolerance = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Integrate.Quad(Tensor.Exp, 0, 1, new QuadOptions { Limit = 0 }));
        Assert.Throws<ArgumentException>(() => Integrate.Quad(Tensor.Exp, 0, 1, new QuadOptions { Points = [2.0] }));
        Assert.Throws<ArgumentException>(() => Integrate.Quad(Tensor.Exp, 0, double.PositiveInfinity, new QuadOptions { Points = [1.0] }));
        Assert.Throws<ArgumentException>(() => Integrate.Quad(Tensor.Exp, 0, 1, new QuadOptions { Points = [double.NaN] }));
        Assert.Throws<ArgumentException>(() => Integrate.FixedQuad(Tensor.Exp, 0, double.PositiveInfinity));
        Assert.Throws<ArgumentException>(() => Integrate.Quad(Tensor.Exp, Tensor.FromArray([0.0, 1.0]), Tensor.Scalar(1)));
    }

    [Fact]
    public void Quad_IntegrandReturningWrongLength_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => Integrate.Quad(x => x.Sum(), 0, 1));
        Assert.Contains("one value per node", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Integrate.Quad(x => Tensor.Concat([x, x]), 0, 1));
        Assert.Throws<ArgumentException>(() => Integrate.DblQuad((y, x) => (x * y).Sum(), 0, 1, _ => 0, _ => 1));
    }

    [Fact]
    public void Quad_EmptyRange_IsZero()
    {
        var r = Integrate.Quad(Tensor.Exp, 0.5, 0.5);
        Assert.True(r.Success);
        Assert.Equal(0.0, r.Value.Item());
    }

    [Fact]
    public void DblQuad_InnerFailure_MakesTheResultUnsuccessful()
    {
        var r = Integrate.DblQuad((y, x) => 1 / y, 0.5, 1, _ => 0, _ => 1);
        Assert.False(r.Success);
        Assert.Contains("inner integral at (", r.Message, StringComparison.Ordinal);
    }
}
