using System.Globalization;
using Adjoint.Autodiff;
using Adjoint.Optimize;
using Adjoint.Optimize.Constraints;
using Adjoint.Optimize.Methods;
using Adjoint.Optimize.Methods.LBfgsB;
using Adjoint.Tensors;

namespace Adjoint.Tests.Optimize;

public class FrameworkTests
{
    private static Tensor Rosen(Tensor x) => SeedExampleTests.Rosen(x);

    [Fact]
    public void NaNInX0_ThrowsNamingTheVariable()
    {
        var x0 = new Variables { ["U"] = Tensor.Zeros([2, 2]), ["V"] = Tensor.FromArray([1.0, double.NaN]) };
        var ex = Assert.Throws<ArgumentException>(() => Minimizer.Minimize(v => v["U"].Sum() + v["V"].Sum(), x0));
        Assert.Contains("'V'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LowerAboveUpper_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Bounds.All(1, 0));
        var bounds = new Bounds { ["x"] = Bound.Elementwise([0, 2], [1, 1]) };
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Minimizer.Minimize(Rosen, Tensor.FromArray([0.5, 0.5]), bounds: bounds));
        Assert.Contains("'x'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WrongBoundShape_ThrowsNamingTheVariable()
    {
        var x0 = new Variables { ["U"] = Tensor.Zeros([2, 2]) };
        var bounds = new Bounds { ["U"] = Bound.Elementwise([0, 0, 0], null) };
        var ex = Assert.Throws<ArgumentException>(() => Minimizer.Minimize(v => v["U"].Square().Sum(), x0, bounds: bounds));
        Assert.Contains("'U'", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Minimizer.Minimize(v => v["U"].Square().Sum(), x0, bounds: new Bounds { ["W"] = (0.0, 1.0) }));
    }

    [Fact]
    public void BoundsForUnboundedMethod_Throw()
    {
        Assert.Throws<ArgumentException>(() => Minimizer.Minimize(Rosen, Tensor.FromArray([0.5, 0.5]), new BfgsOptions(), Bounds.All(0, 1)));
        // Infinite bounds are no bounds.
        var r = Minimizer.Minimize(Rosen, Tensor.FromArray([0.5, 0.5]), new BfgsOptions(), Bounds.All(null, double.PositiveInfinity));
        Assert.True(r.Success);
    }

    [Fact]
    public void InvalidOptions_ThrowNamingTheProperty()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Minimizer.Minimize(Rosen, Tensor.FromArray([0.5, 0.5]), new BfgsOptions { GradientTolerance = -1 }));
        Assert.Equal("GradientTolerance", ex.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => Minimizer.Minimize(Rosen, Tensor.FromArray([0.5, 0.5]), new LBfgsBOptions { MaxCorrections = 0 }));
    }

    [Fact]
    public void ThrowingObjective_PropagatesWithIteration()
    {
        int calls = 0;
        Tensor F(Tensor x)
        {
            if (++calls == 10)
            {
                throw new InvalidOperationException("boom");
            }

            return Rosen(x);
        }

        var ex = Assert.Throws<ObjectiveException>(() => Minimizer.Minimize(F, Tensor.FromArray([-1.2, 1.0])));
        Assert.IsType<InvalidOperationException>(ex.InnerException);
        Assert.True(ex.Iteration > 0);
        Assert.Contains("iteration", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Float32FiniteDifferences_DoNotStallAtX0()
    {
        // scipy#17636: a float32 objective with a float64-sized difference step (1.5e-8) sees no change, so the
        // gradient is zero and the method "converges" at x0 with nit = 0.
        var x0 = Tensor.FromArray([-1.2f, 1.0f]);
        double naive = Math.Sqrt(Precision<double>.MachineEpsilon) * 1.2;
        double f0 = Rosen(x0).Item();
        double fh = Rosen(Tensor.FromArray([(float)((double)-1.2f + naive), 1.0f])).Item();
        Assert.Equal(f0, fh); // the naive step vanishes in float32

        var objective = Objective.Create(Rosen).WithFiniteDifferences("2-point");
        var r = Minimizer.Minimize(objective, x0, new BfgsOptions());
        // Forward differences in float32 are only accurate to about √ε₃₂·|f''|, so expect progress, not 1e-8.
        Assert.True(r.Nit > 5, r.ToString());
        Assert.True(r.Fun < 2e-2, r.ToString());
        var r3 = Minimizer.Minimize(Objective.Create(Rosen).WithFiniteDifferences("3-point"), x0, new LBfgsBOptions());
        Assert.True(r3.Nit > 5 && r3.Fun < 2e-2, r3.ToString());
        // Finite-difference evaluations are counted in nfev.
        Assert.True(r.Nfev >= 3 * r.Njev);
    }

    [Fact]
    public void DefaultGradientTolerance_IsScipysInBothDtypes()
    {
        // float32 runs aim as low as float64 ones; where rounding stops them first, the final check decides.
        Assert.Equal(1e-5, MinimizeOptions.DefaultGradientTolerance);
        Assert.Equal(Math.Pow(2, -52), Precision<double>.MachineEpsilon);
        Assert.Equal(Math.Pow(2, -23), Precision<float>.MachineEpsilon);
        Assert.NotEqual(double.Epsilon, Precision<double>.MachineEpsilon);
    }

    [Fact]
    public void UserGradientAndHessian_AreUsedAndCounted()
    {
        int grads = 0, hessians = 0;
        static double[] G(double[] x) => [(-400 * x[0] * (x[1] - (x[0] * x[0]))) - (2 * (1 - x[0])), 200 * (x[1] - (x[0] * x[0]))];
        var objective = Objective.Create(Rosen) with
        {
            Gradient = x =>
            {
                grads++;
                return G(x);
            },
            Hessian = x =>
            {
                hessians++;
                return new[,] { { 1200 * x[0] * x[0] - 400 * x[1] + 2, -400 * x[0] }, { -400 * x[0], 200 } };
            },
        };
        var r = Minimizer.Minimize(objective, Tensor.FromArray([-1.2, 1.0]), new NewtonCgOptions());
        Assert.Equal(grads, r.Njev);
        Assert.Equal(hessians, r.Nhev);
        Assert.All(r.X, v => Assert.Equal(1, v, 4));
    }

    [Fact]
    public void Callback_StopAndStopSuccessfully_AndProgressAndTrace()
    {
        var stop = Minimizer.Minimize(Objective.Create(Rosen), Tensor.FromArray([-1.2, 1.0]), new BfgsOptions { RecordTrace = true },
            control: new MinimizeControl { Callback = i => i.Iteration == 4 ? CallbackResult.Stop : CallbackResult.Continue });
        Assert.Equal(TerminationReason.CallbackStopped, stop.Status);
        Assert.False(stop.Success);
        Assert.Equal(4, stop.Nit);
        Assert.Equal(5, stop.Trace!.Count);
        Assert.Equal(stop.Trace[^1].X, stop.X);

        var reports = new List<IterationInfo>();
        var ok = Minimizer.Minimize(Objective.Create(Rosen), Tensor.FromArray([-1.2, 1.0]), new BfgsOptions(),
            control: new MinimizeControl { Progress = new SyncProgress(reports), Callback = i => i.Fun < 1e-2 ? CallbackResult.StopSuccessfully : CallbackResult.Continue });
        Assert.Equal(TerminationReason.CallbackConverged, ok.Status);
        Assert.True(ok.Success);
        Assert.NotEmpty(reports);
        Assert.Equal(0, reports[0].Iteration);
    }

    [Fact]
    public void CallbackView_KeepsNamesAndShapes()
    {
        var x0 = new Variables { ["a"] = Tensor.Zeros([2, 3]), ["b"] = Tensor.Zeros([4]) };
        Variables? seen = null;
        var r = Minimizer.Minimize(v => (v["a"] - 1).Square().Sum() + (v["b"] + 2).Square().Sum(), x0,
            control: new MinimizeControl { Callback = i => { seen = i.Variables; return CallbackResult.Continue; } });
        Assert.True(r.Success);
        Assert.NotNull(seen);
        Assert.Equal([2, 3], seen!["a"].Shape.Dims);
        Assert.Equal([2, 3], r.Variables["a"].Shape.Dims);
        Assert.All(r.Variables["b"].ToArray(), v => Assert.Equal(-2, v, 6));
    }

    [Fact]
    public void TimeLimit_Stops()
    {
        Tensor Slow(Tensor x)
        {
            Thread.Sleep(2);
            return Rosen(x);
        }

        var r = Minimizer.Minimize(Slow, Tensor.FromArray([-1.2, 1.0]), new NelderMeadOptions { TimeLimit = TimeSpan.FromMilliseconds(50) });
        Assert.Equal(TerminationReason.TimeLimit, r.Status);
        Assert.True(r.Elapsed < TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void Verbose_PrintsScipyLikeLines()
    {
        using var w = new StringWriter(CultureInfo.InvariantCulture);
        Minimizer.Minimize(Objective.Create(Rosen), Tensor.FromArray([-1.2, 1.0]), new LBfgsBOptions { Verbose = true }, control: new MinimizeControl { Output = w });
        var text = w.ToString();
        Assert.Contains("At iterate     0", text, StringComparison.Ordinal);
        Assert.Contains("Function evaluations:", text, StringComparison.Ordinal);
    }

    [Fact]
    public void MethodByName_AndRegistryListsEveryMethod()
    {
        var names = MethodRegistry.All.Select(m => m.Name).ToArray();
        Assert.Subset(names.ToHashSet(), new HashSet<string> { "Nelder-Mead", "CG", "BFGS", "Newton-CG", "L-BFGS-B", "dogleg", "trust-ncg", "trust-exact", "trust-krylov", "Powell", "GradientDescent", "RMSProp", "Adam", "TNC" });
        Assert.Equal(names.Length, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        var r = Minimizer.Minimize(Objective.Create(Rosen), Tensor.FromArray([-1.2, 1.0]), "newton-cg");
        Assert.Equal("Newton-CG", r.Method);
        Assert.Throws<ArgumentException>(() => MethodRegistry.Find("nope"));
    }

    [Fact]
    public void Bfgs_InverseHessianApproximatesTheTrueInverse()
    {
        var r = Minimizer.Minimize(Rosen, Tensor.FromArray([-1.2, 1.0]));
        var h = r.InverseHessian!.ToDense();
        // True inverse Hessian of Rosenbrock at (1, 1): [[802, -400], [-400, 200]]^-1 = [[0.5, 1], [1, 2.005]].
        Assert.Equal(0.5, h[0, 0], 1);
        Assert.Equal(2.005, h[1, 1], 0);
    }

    [Fact]
    public void Bfgs_LargeProblem_IsQuadraticPerIteration()
    {
        // 400-dimensional convex quadratic: a dense O(n^3) update would take seconds; O(n^2) takes milliseconds.
        int n = 400;
        var d = Tensor.FromArray(Enumerable.Range(1, n).Select(i => 1.0 + (i % 7)).ToArray());
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var r = Minimizer.Minimize(x => (d * (x - 1).Square()).Sum(), Tensor.Zeros([n]), new BfgsOptions());
        Assert.True(r.Success, r.ToString());
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(20));
    }

    private sealed class SyncProgress(List<IterationInfo> sink) : IProgress<IterationInfo>
    {
        public void Report(IterationInfo value) => sink.Add(value);
    }
}
