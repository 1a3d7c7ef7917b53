using Adjoint.Optimize;
using Adjoint.Tensors;
using Adjoint.TestProblems;

namespace Adjoint.Tests.Optimize;

/// <summary>
/// An objective marked for replay (<see cref="Objective.WithReplay"/>) gives the run the tensor route gives, bit for bit:
/// the same iterates, counts, status and check, on every MGH problem with every gradient method, in float64 and
/// float32, while the tensor function itself is called only to record it and for the final check.
/// </summary>
public class ReplayedObjectiveTests
{
    public static TheoryData<string, string> ProblemsAndMethods()
    {
        var data = new TheoryData<string, string>();
        foreach (var p in MoreGarbowHillstrom.All)
        {
            foreach (var m in new[] { "BFGS", "L-BFGS-B", "CG" })
            {
                data.Add(p.ToString(), m);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ProblemsAndMethods))]
    public void A_replayed_run_is_the_tensor_route_run_bit_for_bit(string problem, string method)
    {
        var p = MoreGarbowHillstrom.All.First(q => q.ToString() == problem);
        foreach (var dtype in new[] { DType.Float64, DType.Float32 })
        {
            int plainCalls = 0, replayedCalls = 0;
            var plain = Run(p, method, dtype, replay: false, () => plainCalls++);
            var replayed = Run(p, method, dtype, replay: true, () => replayedCalls++);
            string what = $"{problem} {method} {dtype}";
            Assert.Equal(plain.Status, replayed.Status);
            Assert.Equal(plain.Success, replayed.Success);
            Assert.Equal(plain.Nit, replayed.Nit);
            Assert.Equal(plain.Nfev, replayed.Nfev);
            Assert.Equal(plain.Njev, replayed.Njev);
            Assert.True(BitConverter.DoubleToInt64Bits(plain.Fun) == BitConverter.DoubleToInt64Bits(replayed.Fun), $"{what}: f {replayed.Fun} vs {plain.Fun}");
            Assert.Equal(plain.X.ToArray(), replayed.X.ToArray());
            Assert.Equal(plain.Message, replayed.Message);
            Assert.True(replayedCalls < plainCalls || plainCalls <= 3, $"{what}: the function was called {replayedCalls} times replayed, {plainCalls} on the tensor route");
        }
    }

    private static MinimizeResult Run(TestProblem p, string method, DType dtype, bool replay, Action called)
    {
        var objective = Objective.Create(x =>
        {
            called();
            return p.Function(x);
        });
        if (replay)
        {
            objective = objective.WithReplay();
        }

        return Minimizer.Minimize(objective, Tensor.FromArray(p.X0, new Shape(p.X0.Length), dtype), method);
    }

    [Fact]
    public void Branches_on_the_values_are_followed_by_the_replay()
    {
        // |x0 - 1| + max(x1, 2 - x1)^2 - where(x0 > 0, ...): kinks and branches the iterates cross.
        static Tensor F(Tensor x) =>
            Tensor.Abs(x[0] - 1) + Tensor.Square(Tensor.Maximum(x[1], 2 - x[1]) - 1.5)
            + Tensor.Where(Tensor.Greater(x[0], 0.0), 0.1 * Tensor.Square(x[0]), Tensor.Square(x[0]));
        int plainCalls = 0, replayedCalls = 0;
        var x0 = Tensor.FromArray([-2.0, 3.0]);
        var plain = Minimizer.Minimize(Objective.Create(x => { plainCalls++; return F(x); }), x0, "BFGS");
        var replayed = Minimizer.Minimize(Objective.Create(x => { replayedCalls++; return F(x); }).WithReplay(), x0, "BFGS");
        Assert.Equal(plain.X.ToArray(), replayed.X.ToArray());
        Assert.Equal(plain.Nfev, replayed.Nfev);
        Assert.Equal(plain.Status, replayed.Status);
        Assert.True(replayedCalls < plainCalls, $"{replayedCalls} calls replayed, {plainCalls} on the tensor route");
    }

    [Fact]
    public void An_objective_that_reads_values_to_the_host_keeps_the_tensor_route()
    {
        int calls = 0, plainCalls = 0;
        Tensor F(Tensor x) => x.Square().Sum() + (x[0].Item() > 0 ? x[0] : -x[0]);
        var x0 = Tensor.FromArray([1.5, -0.5]);
        var plain = Minimizer.Minimize(Objective.Create(x => { plainCalls++; return F(x); }), x0, "BFGS");
        var r = Minimizer.Minimize(Objective.Create(x => { calls++; return F(x); }).WithReplay(), x0, "BFGS");
        Assert.Equal(plain.X.ToArray(), r.X.ToArray());

        // One extra call: the recording that was refused.
        Assert.Equal(plainCalls + 1, calls);
    }
}
