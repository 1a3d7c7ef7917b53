using Adjoint.Optimize;
using Adjoint.Optimize.LineSearch;
using Adjoint.Optimize.Methods;
using Adjoint.Tensors;

namespace Adjoint.Tests.Optimize.LineSearch;

public class LineSearchOptionsTests
{
    private static Tensor Rosen(Tensor x) => SeedExampleTests.Rosen(x);

    private static readonly double[] Start = [-1.2, 1.0, -1.2, 1.0];

    public static TheoryData<string> Methods() => ["BFGS", "CG", "Newton-CG"];

    private static MinimizeOptions With(string method, LineSearchOptions lineSearch) => method switch
    {
        "BFGS" => new BfgsOptions { LineSearch = lineSearch },
        "CG" => new ConjugateGradientOptions { LineSearch = lineSearch },
        _ => new NewtonCgOptions { LineSearch = lineSearch },
    };

    [Theory]
    [MemberData(nameof(Methods))]
    public void ExplicitDefaults_ReproduceTheDefaultRunExactly(string method)
    {
        var reference = Minimizer.Minimize(Rosen, Start, method);
        var explicitDefault = method == "Newton-CG"
            ? new LineSearchOptions { C1 = 1e-4, C2 = 0.9, MaxEvaluations = 100, MinStep = 1e-8, MaxStep = 50, FallbackMaxStep = double.PositiveInfinity }
            : new LineSearchOptions { C1 = 1e-4, C2 = method == "CG" ? 0.4 : 0.9, MaxEvaluations = 100 };
        var r = Minimizer.Minimize(Rosen, Start, With(method, explicitDefault));
        Assert.Equal(reference.X, r.X);
        Assert.Equal(reference.Nit, r.Nit);
        Assert.Equal(reference.Nfev, r.Nfev);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void EachStrategy_Minimizes(string method)
    {
        foreach (var strategy in Enum.GetValues<LineSearchStrategy>())
        {
            var basis = method == "Newton-CG" ? LineSearchOptions.NewtonCgDefault : LineSearchOptions.Default;
            var r = Minimizer.Minimize(Rosen, Start, With(method, basis with { Strategy = strategy }));
            // Newton-CG stops on its step test near the minimum here (NoProgress), as its default search does.
            Assert.True(r.Fun < 1e-6, $"{strategy}: {r}");
        }
    }

    [Fact]
    public void LBfgsB_TakesItsSearchFromOptions()
    {
        var reference = Minimizer.Minimize(Rosen, Start, "L-BFGS-B");
        var explicitDefault = new LineSearchOptions
        {
            Strategy = LineSearchStrategy.MoreThuente, C1 = 1e-3, C2 = 0.9, IntervalTolerance = 0.1, MinStep = 0, MaxEvaluations = 20,
        };
        var r = Minimizer.Minimize(Rosen, Start, new Adjoint.Optimize.Methods.LBfgsB.LBfgsBOptions { LineSearch = explicitDefault });
        Assert.Equal(reference.X, r.X);
        Assert.Equal(reference.Nfev, r.Nfev);
        var tighter = Minimizer.Minimize(Rosen, Start,
            new Adjoint.Optimize.Methods.LBfgsB.LBfgsBOptions { LineSearch = LineSearchOptions.LBfgsBDefault with { C2 = 0.1 } });
        Assert.True(tighter.Fun < 1e-8, tighter.ToString());
        Assert.NotEqual(reference.Nfev, tighter.Nfev);
        Assert.Throws<ArgumentOutOfRangeException>(() => Minimizer.Minimize(Rosen, Start,
            new Adjoint.Optimize.Methods.LBfgsB.LBfgsBOptions { LineSearch = LineSearchOptions.Default }));
    }

    [Fact]
    public void Tnc_TakesItsSearchFromOptions()
    {
        var reference = Minimizer.Minimize(Rosen, Start, "TNC");
        var explicitDefault = new LineSearchOptions
        {
            Strategy = LineSearchStrategy.MoreThuente, C1 = 1e-4, C2 = 0.25, IntervalTolerance = 1e-14, MinStep = 0, MaxEvaluations = 64,
        };
        var r = Minimizer.Minimize(Rosen, Start, new Adjoint.Optimize.Methods.Tnc.TncOptions { LineSearch = explicitDefault });
        Assert.Equal(reference.X, r.X);
        Assert.Equal(reference.Nfev, r.Nfev);
        Assert.Throws<ArgumentOutOfRangeException>(() => Minimizer.Minimize(Rosen, Start,
            new Adjoint.Optimize.Methods.Tnc.TncOptions { LineSearch = LineSearchOptions.Default }));
    }

    [Fact]
    public void InvalidLineSearchOptions_Throw()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() =>
            Minimizer.Minimize(Rosen, Start, new BfgsOptions { LineSearch = new LineSearchOptions { C2 = 1e-5 } }));
        Assert.Equal("C1", ex.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            Minimizer.Minimize(Rosen, Start, new BfgsOptions { LineSearch = new LineSearchOptions { MaxEvaluations = 0 } }));
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            Minimizer.Minimize(Rosen, Start, new ConjugateGradientOptions { LineSearch = new LineSearchOptions { MinStep = 1e200 } }));
    }
}
