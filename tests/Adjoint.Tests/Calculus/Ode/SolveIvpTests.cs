using Adjoint.Calculus;
using Adjoint.Tensors;

namespace Adjoint.Tests.Calculus.OdeSolving;

public class SolveIvpTests
{
    public static TheoryData<string, OdeMethod> ReferenceCases => new()
    {
        { "lotka_volterra", OdeMethod.Rk45 },
        { "lotka_volterra", OdeMethod.Dop853 },
        { "lotka_volterra", OdeMethod.Radau },
        { "lorenz", OdeMethod.Dop853 },
        { "lorenz", OdeMethod.Rk45 },
        { "lorenz", OdeMethod.Radau },
        { "kepler", OdeMethod.Dop853 },
        { "kepler", OdeMethod.Radau },
    };

    /// <summary>At rtol 1e-9 each method agrees with scipy's tight-tolerance solution to well within a thousand times rtol.</summary>
    [Theory]
    [MemberData(nameof(ReferenceCases))]
    public void SolveIvp_NonStiffReference_MatchesScipyAtTightTolerance(string problem, OdeMethod method)
    {
        var reference = OdeReference.Problem(problem);
        var t = OdeReference.Numbers(reference.GetProperty("t"));
        var expected = OdeReference.Rows(reference.GetProperty("y"));
        var span = OdeReference.Numbers(reference.GetProperty("span"));
        var sol = Ode.SolveIvp(OdeReference.Rhs(problem), (span[0], span[1]), OdeReference.Numbers(reference.GetProperty("y0")),
            new OdeOptions { Method = method, RelativeTolerance = 1e-9, AbsoluteTolerance = 1e-12, TEval = t });
        Assert.True(sol.Success, sol.Message);
        Assert.Equal(t, sol.T);
        var y = sol.Y.ToArray();
        int n = expected[0].Length;
        double worst = 0;
        for (int k = 0; k < t.Length; k++)
        {
            for (int i = 0; i < n; i++)
            {
                double scale = Math.Max(1, Math.Abs(expected[k][i]));
                worst = Math.Max(worst, Math.Abs(y[(k * n) + i] - expected[k][i]) / scale);
            }
        }

        Assert.True(worst < 1e-6, $"{problem} {method}: largest relative error {worst:E2}");
    }

    /// <summary>At scipy's defaults the error against the reference shrinks as rtol does.</summary>
    [Theory]
    [InlineData(OdeMethod.Rk45)]
    [InlineData(OdeMethod.Dop853)]
    [InlineData(OdeMethod.Radau)]
    public void SolveIvp_LotkaVolterra_ErrorFollowsTolerance(OdeMethod method)
    {
        var reference = OdeReference.Problem("lotka_volterra");
        var t = OdeReference.Numbers(reference.GetProperty("t"));
        var expected = OdeReference.Rows(reference.GetProperty("y"));
        double previous = double.PositiveInfinity;
        foreach (double rtol in new[] { 1e-3, 1e-6, 1e-9 })
        {
            var sol = Ode.SolveIvp(OdeReference.Rhs("lotka_volterra"), (0.0, 15.0), [10.0, 5.0],
                new OdeOptions { Method = method, RelativeTolerance = rtol, AbsoluteTolerance = rtol * 1e-3, TEval = t });
            Assert.True(sol.Success, sol.Message);
            var y = sol.Y.ToArray();
            double worst = 0;
            for (int k = 0; k < t.Length; k++)
            {
                for (int i = 0; i < 2; i++)
                {
                    worst = Math.Max(worst, Math.Abs(y[(2 * k) + i] - expected[k][i]) / Math.Abs(expected[k][i]));
                }
            }

            Assert.True(worst < previous, $"{method} rtol {rtol}: error {worst:E2} did not fall below {previous:E2}");
            Assert.True(worst < 2000 * rtol, $"{method} rtol {rtol}: error {worst:E2}");
            previous = worst;
        }
    }

    /// <summary>
    /// The explicit methods repeat scipy's algorithm (same tableau, first step, controller), so the number of
    /// evaluations is within 5% of scipy's (RK45 equal; DOP853 a few fewer: dense output is made only where needed); Radau
    /// iterates on Z rather than scipy's transformed W, so it is held within 15%.
    /// </summary>
    [Fact]
    public void SolveIvp_EvaluationCounts_CloseToScipys()
    {
        var report = new List<string>();
        bool allClose = true;
        foreach (var entry in OdeReference.Root.GetProperty("counts").EnumerateArray())
        {
            string problem = entry.GetProperty("problem").GetString()!;
            var method = entry.GetProperty("method").GetString() switch { "RK45" => OdeMethod.Rk45, "DOP853" => OdeMethod.Dop853, _ => OdeMethod.Radau };
            double rtol = entry.GetProperty("rtol").GetDouble();
            if (problem is "van_der_pol_1000" or "robertson" || (method == OdeMethod.Radau && rtol < 1e-8))
            {
                continue;   // the stiff and long Radau runs are checked in StiffProblemTests (Slow)
            }

            var atolElement = entry.GetProperty("atol");
            var reference = OdeReference.Problem(problem);
            var span = OdeReference.Numbers(reference.GetProperty("span"));
            var options = new OdeOptions
            {
                Method = method,
                RelativeTolerance = rtol,
                AbsoluteTolerance = atolElement.GetDouble(),
                TEval = OdeReference.Numbers(reference.GetProperty("t")),
            };
            var sol = Ode.SolveIvp(OdeReference.Rhs(problem), (span[0], span[1]), OdeReference.Numbers(reference.GetProperty("y0")), options);
            Assert.True(sol.Success, sol.Message);
            int scipyNfev = entry.GetProperty("nfev").GetInt32();
            double ratio = (double)sol.Nfev / scipyNfev;
            double allowed = method == OdeMethod.Radau ? 1.15 : 1.05;
            allClose &= ratio < allowed && ratio > 1 / allowed;
            report.Add($"{problem} {method} rtol {rtol}: nfev {sol.Nfev}, scipy {scipyNfev}");
        }

        Assert.True(allClose, string.Join("; ", report));
    }

    /// <summary>The Kepler orbit (eccentricity 0.5) keeps its energy and closes after one period.</summary>
    [Theory]
    [InlineData(OdeMethod.Dop853, 1e-10)]
    [InlineData(OdeMethod.Rk45, 1e-8)]
    [InlineData(OdeMethod.Radau, 1e-8)]
    public void SolveIvp_Kepler_ConservesEnergyAndCloses(OdeMethod method, double rtol)
    {
        double e = 0.5;
        double[] y0 = [1 - e, 0, 0, Math.Sqrt((1 + e) / (1 - e))];
        static double Energy(double[] y) => (0.5 * ((y[2] * y[2]) + (y[3] * y[3]))) - (1 / Math.Sqrt((y[0] * y[0]) + (y[1] * y[1])));
        var sol = Ode.SolveIvp(OdeReference.Rhs("kepler"), (0.0, 2 * Math.PI), y0,
            new OdeOptions { Method = method, RelativeTolerance = rtol, AbsoluteTolerance = rtol * 1e-2 });
        Assert.True(sol.Success, sol.Message);
        var y = sol.Y.ToArray();
        var last = y[^4..];
        Assert.Equal(-0.5, Energy(y0), 12);
        Assert.True(Math.Abs(Energy(last) - Energy(y0)) < 1000 * rtol, $"energy drift {Energy(last) - Energy(y0):E2}");
        for (int i = 0; i < 4; i++)
        {
            Assert.True(Math.Abs(last[i] - y0[i]) < 5000 * rtol, $"component {i}: {last[i]} vs {y0[i]}");
        }
    }

    /// <summary>The dense output between steps matches the reference as closely as the step ends do.</summary>
    [Theory]
    [InlineData(OdeMethod.Rk45, 1e-7)]
    [InlineData(OdeMethod.Dop853, 1e-7)]
    [InlineData(OdeMethod.Radau, 1e-6)]
    public void SolveIvp_DenseOutput_InterpolatesBetweenSteps(OdeMethod method, double bound)
    {
        var reference = OdeReference.Problem("lotka_volterra");
        var t = OdeReference.Numbers(reference.GetProperty("t"));
        var expected = OdeReference.Rows(reference.GetProperty("y"));
        var sol = Ode.SolveIvp(OdeReference.Rhs("lotka_volterra"), (0.0, 15.0), [10.0, 5.0],
            new OdeOptions { Method = method, RelativeTolerance = 1e-9, AbsoluteTolerance = 1e-12, DenseOutput = true });
        Assert.NotNull(sol.Sol);
        Assert.True(sol.T.Length > 10);
        Assert.Equal(sol.T, sol.Sol.Ts);
        for (int k = 0; k < t.Length; k++)
        {
            var y = sol.Sol.Evaluate(t[k]);
            for (int i = 0; i < 2; i++)
            {
                Assert.True(Math.Abs(y[i] - expected[k][i]) < bound * Math.Max(1, Math.Abs(expected[k][i])), $"t = {t[k]}: {y[i]} vs {expected[k][i]}");
            }
        }
    }

    /// <summary>Integration backwards in time retraces the forward solution.</summary>
    [Fact]
    public void SolveIvp_Backward_RetracesForwardSolution()
    {
        var forward = Ode.SolveIvp(OdeReference.Rhs("lotka_volterra"), (0.0, 3.0), [10.0, 5.0],
            new OdeOptions { Method = OdeMethod.Dop853, RelativeTolerance = 1e-11, AbsoluteTolerance = 1e-13 });
        var end = forward.Y.ToArray()[^2..];
        var backward = Ode.SolveIvp(OdeReference.Rhs("lotka_volterra"), (3.0, 0.0), end,
            new OdeOptions { Method = OdeMethod.Dop853, RelativeTolerance = 1e-11, AbsoluteTolerance = 1e-13, TEval = [3.0, 1.0, 0.0] });
        Assert.True(backward.Success, backward.Message);
        var y = backward.Y.ToArray();
        Assert.Equal(10.0, y[4], 6);
        Assert.Equal(5.0, y[5], 6);
    }

    /// <summary>Per-component atol is honoured, float32 states are accepted, and scalar states work.</summary>
    [Fact]
    public void SolveIvp_ScalarFloat32AndVectorTolerances_Work()
    {
        var scalar = Ode.SolveIvp((t, y) => -y, (0.0, 1.0), Tensor.Scalar(1.0), new OdeOptions { RelativeTolerance = 1e-8, AbsoluteTolerance = 1e-10 });
        Assert.Equal(Math.Exp(-1), scalar.Y.ToArray()[^1], 7);
        Assert.Equal(new Shape(scalar.T.Length, 1), scalar.Y.Shape);
        var single = Ode.SolveIvp((t, y) => -y, (0.0, 1.0), Tensor.FromArray([1f, 2f]), new OdeOptions { RelativeTolerance = 1e-5 });
        Assert.Equal(DType.Float32, single.Y.DType);
        Assert.Equal(2 * Math.Exp(-1), single.Y.ToArray()[^1], 4);
        var vector = Ode.SolveIvp((t, y) => -y, (0.0, 1.0), [1.0, 1.0],
            new OdeOptions { RelativeTolerance = 1e-12, AbsoluteTolerances = [1e-14, 1e-3] });
        Assert.True(vector.Success);
        Assert.Equal(Math.Exp(-1), vector.Y.ToArray()[^2], 10);
    }

    /// <summary>A time-dependent right-hand side (y' = cos t) gets the right t at every stage.</summary>
    [Theory]
    [InlineData(OdeMethod.Rk45)]
    [InlineData(OdeMethod.Dop853)]
    [InlineData(OdeMethod.Radau)]
    [InlineData(OdeMethod.Auto)]
    public void SolveIvp_NonAutonomous_UsesStageTimes(OdeMethod method)
    {
        var sol = Ode.SolveIvp((t, y) => Tensor.OnesLike(y) * Math.Cos(t), (0.0, 3.0), [0.0],
            new OdeOptions { Method = method, RelativeTolerance = 1e-10, AbsoluteTolerance = 1e-12, TEval = [1.0, 2.0, 3.0] });
        var y = sol.Y.ToArray();
        Assert.Equal(Math.Sin(1), y[0], 8);
        Assert.Equal(Math.Sin(2), y[1], 8);
        Assert.Equal(Math.Sin(3), y[2], 8);
    }
}
