using Adjoint.Autodiff;
using Adjoint.Optimize;
using Adjoint.Optimize.Constraints;
using Adjoint.Optimize.Methods.LBfgsB;
using Adjoint.Tensors;

namespace Adjoint.Tests.Optimize;

/// <summary>Calls written as scipy users write them compile and behave as scipy's.</summary>
public class ScipyHabitTests
{
    private static Tensor Rosen(Tensor x) => SeedExampleTests.Rosen(x);

    [Fact]
    public void MethodByName_WorksForEveryOverload()
    {
        var byLambda = Minimizer.Minimize(x => Rosen(x), Tensor.FromArray([-1.2, 1.0]), "BFGS");
        var byArray = Minimizer.Minimize(x => Rosen(x), [-1.2, 1.0], "L-BFGS-B");
        var byVariables = Minimizer.Minimize(v => Rosen(v["p"]), new Variables { ["p"] = Tensor.FromArray([-1.2, 1.0]) }, "CG");
        var byObjective = Minimizer.Minimize(Objective.Create(v => Rosen(v["p"])), new Variables { ["p"] = Tensor.FromArray([-1.2, 1.0]) }, "trust-exact");
        var byObjectiveArray = Minimizer.Minimize(Objective.Create(Rosen), [-1.2, 1.0], "Newton-CG");
        Assert.Equal("BFGS", byLambda.Method);
        Assert.Equal("L-BFGS-B", byArray.Method);
        Assert.Equal("CG", byVariables.Method);
        Assert.Equal("trust-exact", byObjective.Method);
        Assert.Equal("Newton-CG", byObjectiveArray.Method);
        Assert.All([byLambda, byVariables, byObjective], r => Assert.True(r.Success, r.ToString()));
        Assert.True(byObjectiveArray.Fun < 1e-8, byObjectiveArray.ToString());
        Assert.All(byArray.X, v => Assert.Equal(1, v, 3));
        Assert.Throws<ArgumentException>(() => Minimizer.Minimize(x => Rosen(x), [-1.2, 1.0], "no-such-method"));
        // A double[] start equals the same start as a tensor.
        var fromTensor = Minimizer.Minimize(Rosen, Tensor.FromArray([-1.2, 1.0]));
        var fromArray = Minimizer.Minimize(Rosen, [-1.2, 1.0]);
        Assert.Equal(fromTensor.X, fromArray.X);
        Assert.Equal(fromTensor.Nfev, fromArray.Nfev);
    }

    [Fact]
    public void BoundsAsPairs_MatchElementwiseBounds_AndCountsAreChecked()
    {
        var pairs = Minimizer.Minimize(Rosen, [-1.2, 1.0], bounds: Bounds.FromPairs((null, 0.5), (-1, null)));
        Bounds converted = new (double?, double?)[] { (null, 0.5), (-1, null) };
        var fromConversion = Minimizer.Minimize(Rosen, [-1.2, 1.0], bounds: converted);
        var elementwise = Minimizer.Minimize(Rosen, [-1.2, 1.0],
            bounds: Bounds.Elementwise([double.NegativeInfinity, -1], [0.5, double.PositiveInfinity]));
        Assert.Equal(elementwise.X, pairs.X);
        Assert.Equal(elementwise.X, fromConversion.X);
        Assert.True(pairs.X[0] <= 0.5);
        var ex = Assert.Throws<ArgumentException>(() => Minimizer.Minimize(Rosen, [-1.2, 1.0, 2.0], bounds: Bounds.FromPairs((0, 1), (0, 1))));
        Assert.Contains("2 (lower, upper) pairs for 3 elements", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => Bounds.FromPairs((1, 0)));
    }

    [Fact]
    public void FiniteDifferenceSteps_AreSettableAndValidated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Objective.Create(Rosen) with { FiniteDifferenceStep = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => Objective.Create(Rosen) with { FiniteDifferenceRelativeStep = double.NaN });
        Assert.Throws<ArgumentOutOfRangeException>(() => Objective.Create(Rosen) with { FiniteDifferenceStep = double.PositiveInfinity });
        var points = new List<double[]>();
        var recorded = Objective.Create(x =>
        {
            points.Add(x.ToArray());
            return Rosen(x);
        }).WithFiniteDifferences("2-point") with { FiniteDifferenceStep = 1e-3 };
        var r = Minimizer.Minimize(recorded, [0.5, 0.5], new Adjoint.Optimize.Methods.BfgsOptions { MaxIterations = 0 });
        Assert.Equal(3, r.Nfev);
        Assert.Equal(0.5 + 1e-3, points[1][0], 15);
        Assert.Equal(0.5 + 1e-3, points[2][1], 15);
        var relative = Objective.Create(Rosen).WithFiniteDifferences("3-point") with { FiniteDifferenceRelativeStep = 1e-4 };
        Assert.True(Minimizer.Minimize(relative, [-1.2, 1.0], "BFGS").Fun < 1e-8);
    }

    [Fact]
    public void FixedVariables_AreNeverMovedByFiniteDifferences()
    {
        // scipy gh12502: with lb = ub the '2-point' gradient must not perturb the fixed variables.
        double[] lb = [0, 2, -1, -1], ub = [3, 2, 2, -1];
        var points = new List<double[]>();
        var objective = Objective.Create(x =>
        {
            points.Add(x.ToArray());
            return (x - Tensor.FromArray([1.0, 1.0, 1.0, 1.0])).Square().Sum();
        }).WithFiniteDifferences("2-point");
        var r = Minimizer.Minimize(objective, [2.0, 2.0, 1.0, -1.0], new LBfgsBOptions(), Bounds.Elementwise(lb, ub));
        Assert.True(r.Success, r.ToString());
        Assert.NotEmpty(points);
        Assert.All(points, p =>
        {
            Assert.Equal(2, p[1]);
            Assert.Equal(-1, p[3]);
        });
        Assert.Equal(0, r.Gradient![1]);
        Assert.Equal(0, r.Gradient[3]);
        // Two free variables: each gradient costs the centre and two perturbed evaluations.
        Assert.Equal(3 * r.Njev, r.Nfev);
        Assert.Equal(1, r.X[0], 5);
        Assert.Equal(1, r.X[2], 5);
    }

    [Fact]
    public void Report_ShowsVariablesByNameAndShape()
    {
        var small = Minimizer.Minimize(v => (v["U"] - 1).Square().Sum() + v["b"].Square().Sum(),
            new Variables { ["U"] = Tensor.Zeros([2, 2]), ["b"] = Tensor.FromArray([3.0]) });
        string report = small.Report();
        Assert.Contains("x.U: ", report, StringComparison.Ordinal);
        Assert.Contains("x.b: ", report, StringComparison.Ordinal);
        Assert.Contains(Tensor.Zeros([2, 2]).Shape.ToString(), report, StringComparison.Ordinal);
        var large = Minimizer.Minimize(v => (v["W"] - 2).Square().Sum() + (v["c"] + 1).Square().Sum(),
            new Variables { ["W"] = Tensor.Zeros([10, 5]), ["c"] = Tensor.Zeros([3]) });
        string summary = large.Report();
        Assert.Contains("min 2, max 2, mean 2", summary, StringComparison.Ordinal);
        Assert.Contains("[-1, -1, -1]", summary, StringComparison.Ordinal);
        var single = Minimizer.Minimize(Rosen, [-1.2, 1.0]).Report();
        Assert.Contains("        x: ", single, StringComparison.Ordinal);
    }
}
