using Adjoint.Optimize.LineSearch;

namespace Adjoint.Tests.Optimize.LineSearch;

public class StrongWolfeZoomTests
{
    private sealed class Phi(Func<double, (double, double)> f) : ILineFunction
    {
        public List<double> Trials { get; } = [];

        public double Evaluate(double step, out double derivative)
        {
            Trials.Add(step);
            var (v, d) = f(step);
            derivative = d;
            return v;
        }
    }

    // Moré & Thuente (1994), functions (5.1) with β = 2, (5.2) with β = 0.004, and (5.3) with β = 0.01, l = 39.
    private static (double, double) Function1(double a) => (-a / ((a * a) + 2), ((a * a) - 2) / (((a * a) + 2) * ((a * a) + 2)));

    private static (double, double) Function2(double a) =>
        (Math.Pow(a + 0.004, 5) - (2 * Math.Pow(a + 0.004, 4)), (5 * Math.Pow(a + 0.004, 4)) - (8 * Math.Pow(a + 0.004, 3)));

    private static (double, double) Function3(double a)
    {
        const double l = 39, b = 0.01;
        double wave = 2 * (1 - b) / (l * Math.PI) * Math.Sin(l * Math.PI * a / 2);
        double dwave = (1 - b) * Math.Cos(l * Math.PI * a / 2);
        double f = a <= 1 - b ? 1 - a : a >= 1 + b ? a - 1 : ((a - 1) * (a - 1) / (2 * b)) + (b / 2);
        double d = a <= 1 - b ? -1 : a >= 1 + b ? 1 : (a - 1) / b;
        return (f + wave, d + dwave);
    }

    public static TheoryData<int, double, double, double> Cases()
    {
        var data = new TheoryData<int, double, double, double>();
        foreach (double a0 in new[] { 1e-3, 1e-1, 1, 10 })
        {
            data.Add(1, 1e-3, 0.1, a0);
            data.Add(2, 0.1, 0.2, a0);
            data.Add(3, 0.01, 0.3, a0);
        }

        data.Add(1, 1e-3, 0.1, 1000);
        return data;
    }

    private static Func<double, (double, double)> Function(int k) => k switch
    {
        1 => Function1,
        2 => Function2,
        _ => Function3,
    };

    private static void AssertStrongWolfe(LineSearchResult r, double phi0, double dphi0, double c1, double c2)
    {
        Assert.Equal(LineSearchStatus.Converged, r.Status);
        Assert.True(r.Step > 0);
        Assert.True(r.Value <= phi0 + (c1 * r.Step * dphi0), r.ToString());
        Assert.True(Math.Abs(r.Derivative) <= c2 * Math.Abs(dphi0), r.ToString());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void StrongWolfeZoom_MoreThuenteFunctions_SatisfyStrongWolfe(int function, double c1, double c2, double initial)
    {
        var f = Function(function);
        var (phi0, dphi0) = f(0);
        var phi = new Phi(f);
        var r = new StrongWolfeZoom(c1, c2).Search(phi, phi0, dphi0, initial);
        if (r.Status == LineSearchStatus.ExpansionLimit)
        {
            // From a tiny first step, ten doublings may not reach the minimizer: the step has sufficient decrease only.
            Assert.True(r.Step > 0 && r.Value <= phi0 + (c1 * r.Step * dphi0), r.ToString());
            Assert.False(r.Succeeded);
            Assert.Equal(11, r.Evaluations);
        }
        else
        {
            AssertStrongWolfe(r, phi0, dphi0, c1, c2);
            Assert.Equal(r.Step, phi.Trials[^1]);
        }

        Assert.Equal(phi.Trials.Count, r.Evaluations);
    }

    [Fact]
    public void StrongWolfeZoom_ZoomLimit_FailsHonestly()
    {
        // From α = 1000 on function (5.2) the eleven zoom trials do not reach the narrow acceptable region near 1.596.
        var (phi0, dphi0) = Function2(0);
        var phi = new Phi(Function2);
        var r = new StrongWolfeZoom(0.1, 0.2).Search(phi, phi0, dphi0, 1000);
        Assert.Equal(LineSearchStatus.MaxEvaluations, r.Status);
        Assert.False(r.Succeeded);
        Assert.Equal(12, r.Evaluations);
        Assert.True(r.Step > 0 && r.Value <= phi0 + (0.1 * r.Step * dphi0), r.ToString());
        Assert.True(Math.Abs(r.Derivative) > 0.2 * Math.Abs(dphi0));
    }

    [Fact]
    public void StrongWolfeZoom_Quadratic_AcceptsUnitStep()
    {
        var phi = new Phi(a => (((a - 1) * (a - 1)) - 1, 2 * (a - 1)));
        var r = new StrongWolfeZoom().Search(phi, 0, -2, 1);
        AssertStrongWolfe(r, 0, -2, 1e-4, 0.9);
        Assert.Equal(1, r.Step);
        Assert.Equal(1, r.Evaluations);
    }

    [Fact]
    public void StrongWolfeZoom_Function2_TakesScipysTrialSteps()
    {
        // scipy.optimize._linesearch.scalar_search_wolfe2 (scipy 1.10) on the same function, c1 = 0.1, c2 = 0.2, first
        // step 0.1: the doublings, then zoom trials from the quadratic and cubic interpolants and bisection.
        double[] expected =
        [
            0.1, 0.2, 0.4, 0.8, 1.6, 1.5879264536621693, 1.5959902101297554, 1.5979951050648777, 1.5969926575973166,
            1.596491433863536, 1.5962408219966457, 1.5961155160632006, 1.596052863096478, 1.5959999994130938,
        ];
        var (phi0, dphi0) = Function2(0);
        var phi = new Phi(Function2);
        var r = new StrongWolfeZoom(0.1, 0.2).Search(phi, phi0, dphi0, 0.1);
        AssertStrongWolfe(r, phi0, dphi0, 0.1, 0.2);
        Assert.Equal(expected.Length, phi.Trials.Count);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], phi.Trials[i], 1e-12);
        }
    }

    [Fact]
    public void StrongWolfeZoom_Function3_TakesScipysTrialSteps()
    {
        // As above for function (5.3), c1 = 0.01, c2 = 0.3, first step 0.1 (the zoom interval has α_hi < α_lo here).
        double[] expected =
        [
            0.1, 0.2, 0.4, 0.8, 1.6, 1.031085927091656, 0.9325001902735639, 0.9967963526150739, 1.0014890884401582,
            0.9999537948398232, 1.0007214416399908, 1.0003376182399069, 1.0000000004632736,
        ];
        var (phi0, dphi0) = Function3(0);
        var phi = new Phi(Function3);
        var r = new StrongWolfeZoom(0.01, 0.3).Search(phi, phi0, dphi0, 0.1);
        AssertStrongWolfe(r, phi0, dphi0, 0.01, 0.3);
        Assert.Equal(expected.Length, phi.Trials.Count);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], phi.Trials[i], 1e-12);
        }
    }

    [Fact]
    public void StrongWolfeZoom_ExtraCondition_IsRespected()
    {
        // φ(α) = (α - 2)² - 4: strong Wolfe (c2 = 0.9) holds on [0.2, 3.8]; the extra test also asks for α ≥ 1.5.
        var phi = new Phi(a => (((a - 2) * (a - 2)) - 4, 2 * (a - 2)));
        var asked = new List<double>();
        var r = new StrongWolfeZoom().Search(phi, 0, -4, 0.5, double.PositiveInfinity, (a, _, _) =>
        {
            asked.Add(a);
            return a >= 1.5;
        });
        AssertStrongWolfe(r, 0, -4, 1e-4, 0.9);
        Assert.True(r.Step >= 1.5, r.ToString());
        Assert.Contains(0.5, asked);
        Assert.Equal(r.Step, asked[^1]);
    }

    [Fact]
    public void StrongWolfeZoom_ExtraCondition_IsAskedOnlyAboutStrongWolfeSteps()
    {
        const double c1 = 1e-4, c2 = 0.1;
        var phi = new Phi(Function1);
        var (phi0, dphi0) = Function1(0);
        var r = new StrongWolfeZoom(c1, c2).Search(phi, phi0, dphi0, 0.1, double.PositiveInfinity, (a, v, d) =>
        {
            Assert.True(v <= phi0 + (c1 * a * dphi0) && Math.Abs(d) <= -c2 * dphi0);
            Assert.Equal(a, phi.Trials[^1]);
            return true;
        });
        AssertStrongWolfe(r, phi0, dphi0, c1, c2);
    }

    [Fact]
    public void StrongWolfeZoom_ExtraConditionNeverHolds_FailsHonestly()
    {
        var phi = new Phi(a => (((a - 2) * (a - 2)) - 4, 2 * (a - 2)));
        var ls = new StrongWolfeZoom();
        var r = ls.Search(phi, 0, -4, 1, double.PositiveInfinity, (_, _, _) => false);
        Assert.False(r.Succeeded);
        Assert.NotEqual(LineSearchStatus.Converged, r.Status);
        Assert.Equal(phi.Trials.Count, r.Evaluations);
        Assert.True(r.Evaluations <= ls.MaxExpansions + 1 + ls.MaxZoomTrials);
        // The step returned is the best one with sufficient decrease (or 0).
        Assert.True(r.Step == 0 || r.Value <= 1e-4 * r.Step * -4, r.ToString());
    }

    [Fact]
    public void StrongWolfeZoom_UnboundedBelow_StopsAtExpansionLimit()
    {
        var phi = new Phi(a => (-a, -1));
        var r = new StrongWolfeZoom().Search(phi, 0, -1, 1);
        Assert.Equal(LineSearchStatus.ExpansionLimit, r.Status);
        Assert.False(r.Succeeded);
        Assert.Equal(1024, r.Step);
        Assert.Equal(11, r.Evaluations);
    }

    [Fact]
    public void StrongWolfeZoom_MaxStep_IsHonoured()
    {
        var phi = new Phi(a => (-a, -1));
        var r = new StrongWolfeZoom().Search(phi, 0, -1, 1, maxStep: 3);
        Assert.Equal(LineSearchStatus.MaxStep, r.Status);
        Assert.Equal(3, r.Step);
        Assert.All(phi.Trials, a => Assert.True(a <= 3));
    }

    [Fact]
    public void StrongWolfeZoom_WrongDerivative_FailsHonestly()
    {
        // The reported slope at 0 claims descent but φ increases: no step has sufficient decrease.
        var phi = new Phi(a => (a * a, -1));
        var r = new StrongWolfeZoom().Search(phi, 0, -1, 1);
        Assert.False(r.Succeeded);
        Assert.Equal(0, r.Step);
        Assert.False(r.Usable(0));
    }

    [Fact]
    public void StrongWolfeZoom_NonFiniteRegion_BacksOff()
    {
        // Defined only for a < 1; minimum at a = 0.5.
        var phi = new Phi(a => a >= 1 ? (double.NaN, double.NaN) : ((a - 0.5) * (a - 0.5), 2 * (a - 0.5)));
        var r = new StrongWolfeZoom().Search(phi, 0.25, -1, 4);
        AssertStrongWolfe(r, 0.25, -1, 1e-4, 0.9);
        Assert.True(r.Step < 1);
    }

    [Fact]
    public void StrongWolfeZoom_AscentDirection_IsRejected()
    {
        var r = new StrongWolfeZoom().Search(new Phi(a => (a, 1)), 0, 1, 1);
        Assert.Equal(LineSearchStatus.NotDescent, r.Status);
        Assert.Equal(0, r.Evaluations);
    }

    [Fact]
    public void StrongWolfeZoom_InvalidSettings_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new StrongWolfeZoom(0.9, 0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StrongWolfeZoom(maxExpansions: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StrongWolfeZoom(maxZoomTrials: 0));
    }

    [Theory]
    [InlineData(0.0, 1.0, 2.0, 3.0, -1.0)]
    [InlineData(1.0, 0.5, 0.0, 2.0, 0.25)]
    public void CubicMinimizer_RecoversCubicMinimum(double a, double b, double r, double c3, double shift)
    {
        // c(α) = c3 (α - shift)³ - 3 c3 (α - shift) + 1 has its local minimum at α = shift + 1 (c3 > 0).
        double C(double x) => (c3 * Math.Pow(x - shift, 3)) - (3 * c3 * (x - shift)) + 1;
        double D(double x) => (3 * c3 * (x - shift) * (x - shift)) - (3 * c3);
        double m = StrongWolfeZoom.CubicMinimizer(a, C(a), D(a), b, C(b), r, C(r));
        Assert.Equal(shift + 1, m, 1e-12);
    }

    [Fact]
    public void Interpolants_Degenerate_ReturnNaN()
    {
        Assert.True(double.IsNaN(StrongWolfeZoom.CubicMinimizer(0, 0, -1, 1, 0, 1, 0)));
        Assert.True(double.IsNaN(StrongWolfeZoom.QuadraticMinimizer(0, 0, -1, 1, -1)));
        Assert.True(double.IsNaN(StrongWolfeZoom.QuadraticMinimizer(0, 0, -1, 0, 1)));
        Assert.Equal(0.5, StrongWolfeZoom.QuadraticMinimizer(0, 0, -1, 1, 0));
    }
}
