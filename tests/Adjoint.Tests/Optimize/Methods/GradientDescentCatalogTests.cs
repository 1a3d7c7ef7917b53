using Adjoint.Optimize;
using Adjoint.Optimize.Methods;
using Adjoint.Tensors;

namespace Adjoint.Tests.Optimize.Methods;

public class GradientDescentCatalogTests
{
    private const string Diverges = "a fixed step of 1e-3 exceeds 2/L for this scaling: f overflows and the step cannot back off (NonFiniteValue)";
    private const string Slow = "ill-conditioned: exhausts maxiter = 20000 + 2000 n with momentum 0.9 before f*";

    /// <summary>Problems where this method does not reach f* from the standard start: where the run ends (status, f) and why.</summary>
    public static readonly IReadOnlyDictionary<string, ExpectedEnd> KnownExceptions = new Dictionary<string, ExpectedEnd>
    {
        ["FreudensteinRoth(2)"] = new(TerminationReason.GradientTolerance, 48.98425367930059, "converges to the documented local minimum f = 48.9842"),
        ["Trigonometric(10)"] = new(TerminationReason.GradientTolerance, 2.795216282383809e-05, "converges to the local minimum f = 2.79506e-5"),
        ["PowellBadlyScaled(2)"] = new(TerminationReason.NonFiniteValue, 1.9651569379861626e+264, Diverges),
        ["BrownBadlyScaled(2)"] = new(TerminationReason.NonFiniteValue, 4.110925289286349e+273, Diverges),
        ["Wood(4)"] = new(TerminationReason.NonFiniteValue, 4.578464229537857e+243, Diverges),
        ["BrownDennis(4)"] = new(TerminationReason.NonFiniteValue, 1.5261042641988225e+134, Diverges),
        ["VariablyDimensioned(10)"] = new(TerminationReason.NonFiniteValue, 9.533987037509232e+180, Diverges),
        ["LinearRank1(10)"] = new(TerminationReason.MaxIterations, 1.752716686244587e+308, "the step exceeds 2/L: f grows to the edge of overflow and stays there until maxiter"),
        ["LinearRank1ZeroColumnsRows(10)"] = new(TerminationReason.MaxIterations, 1.7884213847436355e+308, "the step exceeds 2/L: f grows to the edge of overflow and stays there until maxiter"),
        ["JennrichSampson(2)"] = new(TerminationReason.GradientTolerance, 259.5801901342532, "the first step (η‖∇f‖ large) lands at x2 = -87, where every exp(k x2) underflows; the check escapes the f = 2020 plateau to the valley floor f = 259.58, on which f does not depend on x2 in double precision"),
        ["Meyer(3)"] = new(TerminationReason.GradientTolerance, 1417865504.9375274, "the first steps land in the flat region where ∇f underflows (f = 1.4e9)"),
        ["BroydenBanded(10)"] = new(TerminationReason.GradientTolerance, 3.0572784330119016, "gtol is met at f = 3.06, a stationary point other than the minimum"),
        ["Bard(3)"] = new(TerminationReason.MaxIterations, 0.008426607514363579, Slow),
        ["GulfResearch(3)"] = new(TerminationReason.MaxIterations, 0.025646774979384817, Slow),
        ["Box3D(3)"] = new(TerminationReason.MaxIterations, 6.92721605596539e-05, Slow),
        ["KowalikOsborne(4)"] = new(TerminationReason.MaxIterations, 0.0003700301788021123, Slow),
        ["Osborne1(5)"] = new(TerminationReason.MaxIterations, 1.1083263833007813, Slow),
        ["BiggsExp6(6)"] = new(TerminationReason.MaxIterations, 0.032562472369202865, Slow),
        ["Osborne2(11)"] = new(TerminationReason.MaxIterations, 0.04019960591278974, Slow),
        ["Watson(6)"] = new(TerminationReason.MaxIterations, 0.0033522427596260466, Slow),
        ["Watson(9)"] = new(TerminationReason.MaxIterations, 4.341753153470631e-05, Slow),
        ["PenaltyI(4)"] = new(TerminationReason.MaxIterations, 2.4169293747191317e-05, Slow),
    };

    [Theory]
    [Trait("Category", "Slow")]
    [MemberData(nameof(TestProblemTests.Problems), MemberType = typeof(TestProblemTests))]
    public void GradientDescent_MghProblem_ReachesKnownMinimum(string problem) =>
        CatalogRunner.Run(new GradientDescentOptions(), problem, KnownExceptions);

    [Fact]
    public void GradientDescent_Quadratic_ConvergesWithAndWithoutMomentum()
    {
        var scale = Tensor.FromArray([1.0, 10.0]);
        Tensor F(Tensor x) => (scale * x.Square()).Sum();
        foreach (var o in new[] { new GradientDescentOptions { LearningRate = 0.04, Momentum = 0 }, new GradientDescentOptions { LearningRate = 0.01 }, new GradientDescentOptions { LearningRate = 0.01, Nesterov = true } })
        {
            var r = Minimizer.Minimize(F, Tensor.FromArray([1.0, 1.0]), o);
            Assert.True(r.Success, $"{o}: {r}");
            Assert.Equal(TerminationReason.GradientTolerance, r.Status);
            Assert.True(r.Fun < 1e-10);
            Assert.Equal(r.Nit + 1, r.Nfev - r.Check!.FunctionEvaluations);
        }
    }

    [Fact]
    public void GradientDescent_TooLargeStep_BacksOffFromOverflow()
    {
        // exp(x) grows without bound to the right: η = 10 overshoots into overflow, the step is halved.
        var r = Minimizer.Minimize(x => Tensor.Exp(x.Square() * 300).Sum(), Tensor.FromArray([1.0]), new GradientDescentOptions { LearningRate = 10, MaxIterations = 50 });
        Assert.True(double.IsFinite(r.Fun));
    }

    [Fact]
    public void GradientDescent_InvalidOptions_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new GradientDescentOptions { LearningRate = 0 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new GradientDescentOptions { Momentum = 1 }.Validate());
    }
}
