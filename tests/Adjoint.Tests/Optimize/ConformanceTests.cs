using Adjoint.Autodiff;
using Adjoint.Optimize;
using Adjoint.Optimize.Constraints;
using Adjoint.Tensors;

namespace Adjoint.Tests.Optimize;

/// <summary>Every registered method against the same invariants.</summary>
public class ConformanceTests
{
    public static TheoryData<string> Methods()
    {
        var d = new TheoryData<string>();
        foreach (var m in MethodRegistry.All)
        {
            d.Add(m.Name);
        }

        return d;
    }

    private static MinimizeOptions Options(string method) => MethodRegistry.Find(method).DefaultOptions();

    private static Tensor Rosen(Tensor x) => SeedExampleTests.Rosen(x);

    private static readonly double[] Start = [-1.2, 1.0, -0.5, 0.8];

    [Theory]
    [MemberData(nameof(Methods))]
    public void SuccessAgreesWithStatus_AndGradientMethodsVerifyGtol(string method)
    {
        var r = Minimizer.Minimize(Rosen, Tensor.FromArray(Start), Options(method));
        Assert.Equal(r.Status.IsSuccess(), r.Success);
        Assert.Equal(method, r.Method);
        if (r.Success && MethodRegistry.Find(method).Capabilities.UsesGradient)
        {
            Assert.True(r.GradientNorm <= 1e-5 || (r.Status == TerminationReason.VerifiedMinimum && r.Check is { Verified: true }), r.ToString());
        }

        Assert.False(string.IsNullOrWhiteSpace(r.Message));
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void EvaluationCounts_EqualCallsTheObjectiveSaw(string method)
    {
        int calls = 0;
        Tensor F(Tensor x)
        {
            calls++;
            return Rosen(x);
        }

        var r = Minimizer.Minimize(F, Tensor.FromArray(Start), Options(method));
        // Automatic Hessian-vector products record the function once more each (counted in Nhev, not Nfev).
        Assert.Equal(calls, r.Nfev + r.Nhev);
        Assert.True(r.Nfev > 0);
        if (MethodRegistry.Find(method).Capabilities.UsesGradient)
        {
            // The final check's value-only trial steps are function evaluations without a gradient.
            Assert.Equal(r.Nfev - r.Check!.FunctionEvaluations, r.Njev - r.Check.GradientEvaluations);
        }
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Float32AndFloat64_BothRun(string method)
    {
        var options = Options(method);
        if (options is Adjoint.Optimize.Methods.Cobyla.CobylaOptions cobyla)
        {
            // Linear models crawl along the valley: scipy's COBYLA ends at f = 0.275 after its default 1000 evaluations.
            options = cobyla with { MaxFunctionEvaluations = 20000, Tolerance = 1e-7 };
        }

        var r64 = Minimizer.Minimize(Rosen, Tensor.FromArray([-1.2, 1.0]), options);
        var r32 = Minimizer.Minimize(Rosen, Tensor.FromArray([-1.2, 1.0]).To(DType.Float32), options);
        Assert.True(r64.Fun < 1e-6, r64.ToString());
        Assert.True(r32.Fun < 1e-3, r32.ToString());
        Assert.Equal(DType.Float32, r32.XTensor.DType);
        Assert.Equal(DType.Float64, r64.XTensor.DType);
        var viaPrecision = Minimizer.Minimize(Rosen, Tensor.FromArray([-1.2, 1.0]), options with { Precision = DType.Float32 });
        Assert.True(viaPrecision.Fun < 1e-3, viaPrecision.ToString());
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Cancellation_TakesEffectWithinOneIteration(string method)
    {
        using var cts = new CancellationTokenSource();
        var control = new MinimizeControl
        {
            CancellationToken = cts.Token,
            Callback = info =>
            {
                if (info.Iteration == 3)
                {
                    cts.Cancel();
                }

                return CallbackResult.Continue;
            },
        };
        var r = Minimizer.Minimize(Objective.Create(Rosen), Tensor.FromArray(Start), Options(method), control: control);
        Assert.Equal(TerminationReason.Cancelled, r.Status);
        Assert.False(r.Success);
        Assert.Equal(3, r.Nit);
        Assert.True(double.IsFinite(r.Fun));
        Assert.True(r.Fun < Rosen(Tensor.FromArray(Start)).Item());
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void CancellationFromInsideTheObjective_ReturnsBestPoint(string method)
    {
        using var cts = new CancellationTokenSource();
        int calls = 0;
        Tensor F(Tensor x)
        {
            if (++calls == 12)
            {
                cts.Cancel();
            }

            return Rosen(x);
        }

        var r = Minimizer.Minimize(Objective.Create(F), Tensor.FromArray(Start), Options(method), control: new MinimizeControl { CancellationToken = cts.Token });
        Assert.Equal(TerminationReason.Cancelled, r.Status);
        Assert.True(calls <= 13 + r.Nhev, $"{calls} calls");
        Assert.True(double.IsFinite(r.Fun));
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void InjectedNaN_GivesNonFiniteStatus_AndBestFinitePoint(string method)
    {
        int calls = 0;
        Tensor F(Tensor x)
        {
            calls++;
            var f = Rosen(x);
            return calls > 6 ? f * double.NaN : f;
        }

        var r = Minimizer.Minimize(Objective.Create(F), Tensor.FromArray(Start), Options(method));
        Assert.Equal(TerminationReason.NonFiniteValue, r.Status);
        Assert.False(r.Success);
        Assert.True(double.IsFinite(r.Fun));
        Assert.All(r.X, v => Assert.True(double.IsFinite(v)));
        Assert.Equal(Rosen(Tensor.FromArray(r.X)).Item(), r.Fun, 10);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void MaxIterationsZero_ReturnsX0(string method)
    {
        var r = Minimizer.Minimize(Rosen, Tensor.FromArray(Start), Options(method) with { MaxIterations = 0 });
        Assert.Equal(0, r.Nit);
        Assert.Equal(Start, r.X);
        Assert.Equal(TerminationReason.MaxIterations, r.Status);
        Assert.Equal(Rosen(Tensor.FromArray(Start)).Item(), r.Fun, 12);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void MaxFunctionEvaluations_IsAHardBound(string method)
    {
        int calls = 0;
        Tensor F(Tensor x)
        {
            calls++;
            return Rosen(x);
        }

        var r = Minimizer.Minimize(F, Tensor.FromArray(Start), Options(method) with { MaxFunctionEvaluations = 15 });
        // The limit bounds the method's evaluations; the final check's few come on top (counted in nfev and in Check).
        Assert.True(r.Nfev - r.Check!.FunctionEvaluations <= 15, r.ToString());
        // Second-order methods (trust-exact) may converge within 15 evaluations; otherwise the limit must be the reason.
        if (!r.Success)
        {
            Assert.Equal(TerminationReason.MaxEvaluations, r.Status);
        }

        Assert.True(double.IsFinite(r.Fun));
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void BoundedMethods_StayInsideBoundsAtEveryIterate(string method)
    {
        var descriptor = MethodRegistry.Find(method);
        var lower = new[] { -1.0, 0.5, -0.7, 0.2 };
        var upper = new[] { 0.4, 2.0, 0.3, 0.6 };
        var bounds = new Bounds { ["x"] = Bound.Elementwise(lower, upper) };
        if (!descriptor.Capabilities.SupportsBounds)
        {
            Assert.Throws<ArgumentException>(() => Minimizer.Minimize(Rosen, Tensor.FromArray(Start), Options(method), bounds));
            return;
        }

        int iterates = 0;
        var control = new MinimizeControl
        {
            Callback = info =>
            {
                iterates++;
                for (int i = 0; i < 4; i++)
                {
                    Assert.InRange(info.X[i], lower[i], upper[i]);
                }

                return CallbackResult.Continue;
            },
        };
        var r = Minimizer.Minimize(Objective.Create(Rosen), Tensor.FromArray(Start), Options(method), bounds, control);
        Assert.True(iterates > 1);
        for (int i = 0; i < 4; i++)
        {
            Assert.InRange(r.X[i], lower[i], upper[i]);
        }
    }
}
