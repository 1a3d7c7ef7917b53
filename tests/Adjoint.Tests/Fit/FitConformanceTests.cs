using Adjoint.Autodiff;
using Adjoint.Fit;
using Adjoint.Optimize;
using Adjoint.Optimize.Constraints;
using Adjoint.Tensors;

namespace Adjoint.Tests.Fit;

/// <summary>
/// The invariants every least-squares method (lm, trf, dogbox) keeps: the success flag follows the status, counts match
/// the calls, cancellation, the callback, progress, the time limit and the trace behave as in Minimize, failures are
/// reported rather than hidden, and fixed problems end where they are pinned.
/// </summary>
public class FitConformanceTests
{
    public static TheoryData<LeastSquaresMethod> Methods() => new() { LeastSquaresMethod.Lm, LeastSquaresMethod.Trf, LeastSquaresMethod.Dogbox };

    private static readonly double[] T = [0.0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5];

    private static readonly double[] Y = [.. T.Select(t => (2 * Math.Exp(-0.7 * t)) + (0.01 * Math.Sin(7 * t)))];

    private static Tensor Rosenbrock(Tensor x) => Tensor.Stack([10 * (x[1] - x[0].Square()), 1 - x[0]]);

    private static Tensor Decay(Tensor p) => (p[0] * Tensor.Exp(-p[1] * Tensor.FromArray(T))) - Tensor.FromArray(Y);

    private static LeastSquaresOptions With(LeastSquaresMethod method) => new() { Method = method };

    [Theory]
    [MemberData(nameof(Methods))]
    public void Success_FollowsStatus_OnEveryOutcome(LeastSquaresMethod method)
    {
        var outcomes = new[]
        {
            LeastSquares.Solve(Rosenbrock, [-1.2, 1.0], With(method)),
            LeastSquares.Solve(Rosenbrock, [-1.2, 1.0], With(method) with { MaxFunctionEvaluations = 2 }),
            LeastSquares.Solve(Decay, [1.0, 1.0], With(method)),
            LeastSquares.Solve(x => Tensor.Log(x - 5) - 1, [1.0, 1.0], With(method)),
            LeastSquares.Solve(Decay, [1.0, 1.0], With(method), new MinimizeControl { Callback = _ => CallbackResult.Stop }),
        };
        foreach (var r in outcomes)
        {
            Assert.Equal(r.Status.IsSuccess(), r.Success);
            Assert.StartsWith(r.Status == TerminationReason.NonFiniteValue ? "The residuals" : r.Status.Describe()[..10], r.Message, StringComparison.Ordinal);
            Assert.Contains("Cost", r.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Counts_MatchCalls_WithoutReplay(LeastSquaresMethod method)
    {
        int calls = 0;
        Tensor Counted(Tensor p)
        {
            calls++;
            return Decay(p);
        }

        var r = LeastSquares.Solve(Counted, [1.0, 1.0], With(method) with { Replay = false });
        Assert.True(r.Success, r.Message);

        // One call counts the residuals; each evaluation calls the function once, and each Jacobian records it once.
        Assert.Equal(1 + r.Nfev + r.Njev, calls);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Cancelled_BeforeStart_ReturnsStart(LeastSquaresMethod method)
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var r = LeastSquares.Solve(Decay, [1.0, 1.0], With(method), new MinimizeControl { CancellationToken = cts.Token });
        Assert.Equal(TerminationReason.Cancelled, r.Status);
        Assert.False(r.Success);
        Assert.Equal([1.0, 1.0], r.X);
        Assert.True(double.IsFinite(r.Cost));
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Cancelled_MidRun_ReturnsLastIterate(LeastSquaresMethod method)
    {
        using var cts = new CancellationTokenSource();
        var seen = new List<IterationInfo>();
        var control = new MinimizeControl
        {
            CancellationToken = cts.Token,
            Callback = info =>
            {
                seen.Add(info);
                if (info.Iteration == 2)
                {
                    cts.Cancel();
                }

                return CallbackResult.Continue;
            },
        };
        var r = LeastSquares.Solve(Rosenbrock, [-1.2, 1.0], With(method), control);
        Assert.Equal(TerminationReason.Cancelled, r.Status);
        Assert.Equal(3, seen.Count);
        Assert.Equal(seen[2].X, r.X);
        Assert.Equal(seen[2].Fun, r.Cost, 1e-12 * Math.Max(1, r.Cost));
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void NaN_AtStart_NonFiniteValue(LeastSquaresMethod method)
    {
        var r = LeastSquares.Solve(x => Tensor.Log(x - 5), [1.0, 1.0], With(method));
        Assert.Equal(TerminationReason.NonFiniteValue, r.Status);
        Assert.False(r.Success);
        Assert.Equal([1.0, 1.0], r.X);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Callback_Stops_WithOrWithoutSuccess(LeastSquaresMethod method)
    {
        var infos = new List<IterationInfo>();
        var stopped = LeastSquares.Solve(Rosenbrock, [-1.2, 1.0], With(method), new MinimizeControl
        {
            Callback = info =>
            {
                infos.Add(info);
                return info.Iteration == 1 ? CallbackResult.Stop : CallbackResult.Continue;
            },
        });
        Assert.Equal(TerminationReason.CallbackStopped, stopped.Status);
        Assert.False(stopped.Success);
        Assert.Equal(2, infos.Count);
        Assert.Equal(0, infos[0].Iteration);
        Assert.Equal([-1.2, 1.0], infos[0].X);
        Assert.True(double.IsNaN(infos[0].StepNorm));
        Assert.True(infos[1].StepNorm > 0);
        Assert.Equal(infos[1].X, stopped.X);
        Assert.Equal(12.1, infos[0].Fun, 1e-12);
        Assert.True(infos[1].FunctionEvaluations >= 2 && infos[1].GradientEvaluations >= 1);

        var converged = LeastSquares.Solve(Rosenbrock, [-1.2, 1.0], With(method), new MinimizeControl
        {
            Callback = info => info.Fun < 1 ? CallbackResult.StopSuccessfully : CallbackResult.Continue,
        });
        Assert.Equal(TerminationReason.CallbackConverged, converged.Status);
        Assert.True(converged.Success);
        Assert.True(converged.Cost < 1);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Progress_EveryKIterations_AndTrace_EndsAtResult(LeastSquaresMethod method)
    {
        var reported = new List<int>();
        var progress = new SynchronousProgress(info => reported.Add(info.Iteration));
        var r = LeastSquares.Solve(Rosenbrock, [-1.2, 1.0], With(method) with { RecordTrace = true },
            new MinimizeControl { Progress = progress, ProgressEvery = 2 });
        Assert.True(r.Success, r.Message);
        Assert.NotEmpty(reported);
        Assert.All(reported, i => Assert.Equal(0, i % 2));
        Assert.NotNull(r.Trace);
        Assert.Equal(0, r.Trace![0].Iteration);
        Assert.Equal(r.X, r.Trace[^1].X);
        Assert.Equal(r.Cost, r.Trace[^1].Fun);
        Assert.True(r.Trace.Count >= reported.Count);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void TimeLimit_StopsSlowSolve(LeastSquaresMethod method)
    {
        Tensor Slow(Tensor p)
        {
            Thread.Sleep(15);
            return Rosenbrock(p);
        }

        var r = LeastSquares.Solve(Slow, [-1.2, 1.0], With(method) with { Replay = false, TimeLimit = TimeSpan.FromMilliseconds(40) });
        Assert.Equal(TerminationReason.TimeLimit, r.Status);
        Assert.False(r.Success);
        Assert.Contains("time limit", r.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void DisconnectedResiduals_ReportedNotSuccess(LeastSquaresMethod method)
    {
        var y = Tensor.FromArray(Y);

        // The model reads the parameters out of the tape: its Jacobian, as autodiff sees it, is zero.
        var r = LeastSquares.Solve(p =>
        {
            var v = p.ToArray();
            return Tensor.FromArray([.. T.Select(t => v[0] * Math.Exp(-v[1] * t))]) - y;
        }, [1.0, 1.0], With(method));
        Assert.Equal(TerminationReason.Disconnected, r.Status);
        Assert.False(r.Success);
        Assert.Contains("tensor operations", r.Message, StringComparison.Ordinal);
        Assert.Equal([1.0, 1.0], r.X);
    }

    [Theory]
    [InlineData(LeastSquaresMethod.Lm, TerminationReason.StepTolerance)]
    [InlineData(LeastSquaresMethod.Trf, TerminationReason.GradientTolerance)]
    [InlineData(LeastSquaresMethod.Dogbox, TerminationReason.GradientTolerance)]
    public void Pinned_Rosenbrock(LeastSquaresMethod method, TerminationReason expected)
    {
        var r = LeastSquares.Solve(Rosenbrock, [-1.2, 1.0], With(method));
        Assert.Equal(expected, r.Status);
        Assert.InRange(r.Cost, 0, 1e-20);
        Assert.InRange(r.Nfev, 2, 30);
    }

    [Theory]
    [InlineData(LeastSquaresMethod.Lm, TerminationReason.FunctionTolerance)]
    [InlineData(LeastSquaresMethod.Trf, TerminationReason.GradientTolerance)]
    [InlineData(LeastSquaresMethod.Dogbox, TerminationReason.GradientTolerance)]
    public void Pinned_NoisyDecay(LeastSquaresMethod method, TerminationReason expected)
    {
        var r = LeastSquares.Solve(Decay, [1.0, 1.0], With(method));
        Assert.Equal(expected, r.Status);
        Assert.InRange(r.Cost, 1.5e-4, 2.5e-4);
        Assert.Equal(2.0, r.X[0], 0.02);
        Assert.Equal(0.7, r.X[1], 0.02);
    }

    [Fact]
    public void Pinned_TightLm_VerifiedMinimum()
    {
        // Tolerances below what double precision resolves end in MINPACK's info 6-8; the first-order check verifies the point.
        var r = LeastSquares.Solve(Decay, [1.0, 1.0], With(LeastSquaresMethod.Lm) with { FunctionTolerance = 0, StepTolerance = 0, GradientTolerance = 1e-15 });
        Assert.Equal(TerminationReason.VerifiedMinimum, r.Status);
        Assert.True(r.Success);
        Assert.Contains("cosine", r.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidMethod_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LeastSquares.Solve(Rosenbrock, [0.0, 0.0], new LeastSquaresOptions { Method = (LeastSquaresMethod)7 }));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1e-17)]
    public void AllTolerancesBelowEpsilon_Throw(double tol)
    {
        var e = Assert.Throws<ArgumentException>(() => LeastSquares.Solve(Rosenbrock, [0.0, 0.0],
            new LeastSquaresOptions { FunctionTolerance = tol, StepTolerance = tol, GradientTolerance = tol }));
        Assert.Contains("machine epsilon", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void EqualBounds_FixVariable(LeastSquaresMethod method)
    {
        var x0 = new Variables { ["a"] = Tensor.Scalar(1.0, DType.Float64), ["b"] = Tensor.Scalar(0.7, DType.Float64) };
        var t = Tensor.FromArray(T);
        var y = Tensor.FromArray(Y);
        var r = LeastSquares.Solve(v => (v["a"] * Tensor.Exp(-v["b"] * t)) - y, x0,
            With(method) with { Bounds = new Bounds { ["b"] = (0.7, 0.7) } });
        Assert.True(r.Success, r.Message);
        Assert.Equal(0.7, r.X[1]);
        Assert.Equal([false, true], r.Fixed);
        Assert.Equal(0, r.Gradient[1]);
        Assert.Equal(2.0, r.X[0], 0.02);
        Assert.Contains("b", r.Message[r.Message.IndexOf("fixed", StringComparison.Ordinal)..], StringComparison.Ordinal);
    }

    [Fact]
    public void CurveFit_NamedBounds_FixedParameter_ZeroCovarianceRowAndColumn()
    {
        var p0 = new Variables { ["a"] = Tensor.Scalar(1.0, DType.Float64), ["b"] = Tensor.Scalar(0.7, DType.Float64), ["c"] = Tensor.Scalar(0.0, DType.Float64) };
        var fit = CurveFit.Fit((x, p) => (p["a"] * Tensor.Exp(-p["b"] * x)) + p["c"], Tensor.FromArray(T), Tensor.FromArray(Y), p0,
            new CurveFitOptions { Bounds = new Bounds { ["a"] = (0.0, null), ["c"] = (0.0, 0.0) } });
        Assert.True(fit.Success, fit.Message);
        Assert.Equal(0.0, fit.Parameters[2]);
        Assert.True(fit.Fixed[2]);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(0, fit.Covariance[2, i]);
            Assert.Equal(0, fit.Covariance[i, 2]);
        }

        Assert.True(fit.Covariance[0, 0] > 0 && double.IsFinite(fit.Covariance[0, 0]));
        Assert.Equal(T.Length - 2, fit.DegreesOfFreedom);
        var (popt, pcov) = fit;
        Assert.Same(fit.Parameters, popt);
        Assert.Equal(fit.Covariance[1, 0], pcov[1, 0]);
    }

    [Fact]
    public void CurveFit_IgnoredParameter_InfiniteVariance_Named()
    {
        var fit = CurveFit.Fit((x, p) => p[0] * Tensor.Exp(-0.7 * x) + (0 * p[1]), T, Y, [1.0, 3.0]);
        Assert.True(double.IsPositiveInfinity(fit.Covariance[1, 1]), $"{fit.Covariance[1, 1]}");
        Assert.True(double.IsFinite(fit.Covariance[0, 0]));
        Assert.Contains("does not depend on p[1]", fit.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("p[0]", fit.CovarianceWarning, StringComparison.Ordinal);
    }

    [Fact]
    public void CurveFit_AsManyPointsAsParameters_InfiniteCovariance()
    {
        var fit = CurveFit.Fit((x, p) => p[0] * Tensor.Exp(-p[1] * x), [0.0, 1.0], [2.0, 1.0], [1.0, 1.0]);
        Assert.Equal(0, fit.DegreesOfFreedom);
        foreach (var c in fit.Covariance)
        {
            Assert.True(double.IsPositiveInfinity(c), $"{c}");
        }
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void FlatStart_ConnectedButZeroJacobian_ReportedAsFlatStart(LeastSquaresMethod method)
    {
        // r = (p0^2 - 2, p1^2 - 3): on the tape, but every derivative vanishes at p = 0.
        var r = LeastSquares.Solve(p => Tensor.Square(p) - Tensor.FromArray([2.0, 3.0]), [0.0, 0.0], With(method));
        Assert.Equal(TerminationReason.FlatStart, r.Status);
        Assert.False(r.Success);
        Assert.Contains("Start elsewhere", r.Message, StringComparison.Ordinal);
        Assert.Equal([0.0, 0.0], r.X);
    }

    [Fact]
    public void CurveFit_FlatStart_ReportedAsFlatStart_NotDisconnected()
    {
        var fit = CurveFit.Fit((x, p) => x * Tensor.Square(p[0]), T, Y, [0.0]);
        Assert.Equal(TerminationReason.FlatStart, fit.Status);
        Assert.False(fit.Success);
    }

    [Fact]
    public void CurveFit_DisconnectedModel_NotSuccess()
    {
        var fit = CurveFit.Fit((x, p) => x * p.ToArray()[0], T, Y, [1.0]);
        Assert.Equal(TerminationReason.Disconnected, fit.Status);
        Assert.False(fit.Success);
        Assert.Contains("tensor operations", fit.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CurveFit_EmptyData_Throws()
    {
        Assert.Throws<ArgumentException>(() => CurveFit.Fit((x, p) => p[0] * x, Array.Empty<double>(), Array.Empty<double>(), [1.0]));
    }

    [Fact]
    public void CurveFit_NaNAtStart_NamesUserParameter()
    {
        var fit = CurveFit.Fit((x, p) => p[0] * Tensor.Log(p[1] * x), T, Y, [1.0, -1.0]);
        Assert.Equal(TerminationReason.NonFiniteValue, fit.Status);
        Assert.False(fit.Success);
        Assert.Contains("p[1] = -1", fit.Message, StringComparison.Ordinal);

        var named = CurveFit.Fit((x, p) => p["a"] * Tensor.Log(p["rate"] * x), Tensor.FromArray(T), Tensor.FromArray(Y),
            new Variables { ["a"] = Tensor.Scalar(1.0, DType.Float64), ["rate"] = Tensor.Scalar(-1.0, DType.Float64) });
        Assert.Equal(TerminationReason.NonFiniteValue, named.Status);
        Assert.Contains("rate = -1", named.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CurveFit_Control_CancelAndTrace()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var cancelled = CurveFit.Fit((x, p) => p[0] * Tensor.Exp(-p[1] * x), T, Y, [1.0, 1.0], null, new MinimizeControl { CancellationToken = cts.Token });
        Assert.Equal(TerminationReason.Cancelled, cancelled.Status);
        Assert.Equal([1.0, 1.0], cancelled.Parameters);

        var traced = CurveFit.Fit((x, p) => p[0] * Tensor.Exp(-p[1] * x), T, Y, [1.0, 1.0], new CurveFitOptions { RecordTrace = true });
        Assert.NotNull(traced.Trace);
        Assert.Equal(traced.Parameters, traced.Trace![^1].X);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Float32Evaluation_ConvergesNearFloat64Solution(LeastSquaresMethod method)
    {
        var t32 = Tensor.FromArray(T).To(DType.Float32);
        var y32 = Tensor.FromArray(Y).To(DType.Float32);
        int calls = 0;
        Tensor Decay32(Tensor p)
        {
            Assert.Equal(DType.Float32, p.DType);
            calls++;
            return (p[0] * Tensor.Exp(-p[1] * t32)) - y32;
        }

        var single = LeastSquares.Solve(Decay32, [1.0, 1.0], With(method) with { Precision = DType.Float32, Replay = false });
        var dbl = LeastSquares.Solve(Decay, [1.0, 1.0], With(method));
        Assert.True(single.Success, single.Message);
        Assert.Equal(dbl.X[0], single.X[0], 1e-4);
        Assert.Equal(dbl.X[1], single.X[1], 1e-4);
        Assert.Equal(dbl.Cost, single.Cost, 1e-6);
        Assert.Equal(1 + single.Nfev + single.Njev, calls);
        // Replayed in float32, the function is called only while the replay is set up, and the run ends at the same point.
        calls = 0;
        var replayed = LeastSquares.Solve(Decay32, [1.0, 1.0], With(method) with { Precision = DType.Float32 });
        Assert.True(replayed.Success, replayed.Message);
        Assert.True(calls <= 8, $"{calls} calls");
        Assert.Equal(single.X[0], replayed.X[0], 1e-6);
        Assert.Equal(single.X[1], replayed.X[1], 1e-6);
        // float64 data captured by the residual function are converted in a float32 evaluation, not rejected.
        var mixed = LeastSquares.Solve(Decay, [1.0, 1.0], With(method) with { Precision = DType.Float32 });
        Assert.True(mixed.Success, mixed.Message);
        Assert.Equal(dbl.X[0], mixed.X[0], 1e-4);
    }

    /// <summary>An <see cref="IProgress{T}"/> that reports on the calling thread (Progress{T} posts to the thread pool).</summary>
    private sealed class SynchronousProgress(Action<IterationInfo> report) : IProgress<IterationInfo>
    {
        public void Report(IterationInfo value) => report(value);
    }
}
