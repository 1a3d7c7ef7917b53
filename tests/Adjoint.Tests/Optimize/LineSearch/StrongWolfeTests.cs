using Adjoint.Optimize.LineSearch;

namespace Adjoint.Tests.Optimize.LineSearch;

public class StrongWolfeTests
{
    private sealed class Phi(Func<double, (double, double)> f) : ILineFunction
    {
        public int Calls { get; private set; }

        public double Evaluate(double step, out double derivative)
        {
            Calls++;
            var (v, d) = f(step);
            derivative = d;
            return v;
        }
    }

    private static void AssertStrongWolfe(LineSearchResult r, double phi0, double dphi0, double c1, double c2)
    {
        Assert.True(r.Succeeded, r.ToString());
        Assert.True(r.Value <= phi0 + (c1 * r.Step * dphi0));
        Assert.True(Math.Abs(r.Derivative) <= c2 * Math.Abs(dphi0));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(1e-3)]
    [InlineData(100.0)]
    public void Quadratic_SatisfiesStrongWolfe(double initial)
    {
        var phi = new Phi(a => (((a - 2) * (a - 2)) - 4, 2 * (a - 2)));
        var ls = new StrongWolfe(1e-4, 0.1);
        var r = ls.Search(phi, 0, -4, initial);
        AssertStrongWolfe(r, 0, -4, 1e-4, 0.1);
        Assert.Equal(r.Evaluations, phi.Calls);
    }

    [Fact]
    public void MoreThuenteTestFunction1_Converges()
    {
        // Moré & Thuente (1994) function (5.1) with beta = 2: phi(a) = -a / (a^2 + beta).
        const double beta = 2;
        var phi = new Phi(a => (-a / ((a * a) + beta), ((a * a) - beta) / (((a * a) + beta) * ((a * a) + beta))));
        var ls = new StrongWolfe(1e-3, 0.1);
        foreach (double a0 in new[] { 1e-3, 1e-1, 10, 1000 })
        {
            var r = ls.Search(phi, 0, -1 / beta, a0);
            AssertStrongWolfe(r, 0, -1 / beta, 1e-3, 0.1);
        }
    }

    [Fact]
    public void NonFiniteRegion_BacksOff()
    {
        // Defined only for a < 1; minimum at a = 0.5.
        var phi = new Phi(a => a >= 1 ? (double.NaN, double.NaN) : ((a - 0.5) * (a - 0.5), 2 * (a - 0.5)));
        var r = new StrongWolfe().Search(phi, 0.25, -1, 4);
        AssertStrongWolfe(r, 0.25, -1, 1e-4, 0.9);
        Assert.True(r.Step < 1);
    }

    [Fact]
    public void MaxStep_IsHonoured()
    {
        var phi = new Phi(a => (-a, -1));
        var r = new StrongWolfe().Search(phi, 0, -1, 1, maxStep: 3);
        Assert.Equal(LineSearchStatus.MaxStep, r.Status);
        Assert.Equal(3, r.Step);
    }

    [Fact]
    public void MinStep_EndsTheSearch()
    {
        // The claimed slope is wrong (φ increases), so the search shrinks the step until it reaches the minimum step.
        var phi = new Phi(a => (a, -1));
        var r = new StrongWolfe(minStep: 1e-8).Search(phi, 0, -1, 1);
        Assert.Equal(LineSearchStatus.IntervalTooSmall, r.Status);
        Assert.False(r.Usable(0));
        Assert.True(r.Evaluations < 100);

        var below = new StrongWolfe(minStep: 1e-8).Search(phi, 0, -1, 1e-9);
        Assert.Equal(LineSearchStatus.IntervalTooSmall, below.Status);
        Assert.Equal(0, below.Evaluations);
    }

    [Fact]
    public void AscentDirection_IsRejected()
    {
        var r = new StrongWolfe().Search(new Phi(a => (a, 1)), 0, 1, 1);
        Assert.Equal(LineSearchStatus.NotDescent, r.Status);
        Assert.Equal(0, r.Evaluations);
    }

    [Fact]
    public void InvalidConstants_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new StrongWolfe(0.9, 0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StrongWolfe(minStep: -1));
    }
}
