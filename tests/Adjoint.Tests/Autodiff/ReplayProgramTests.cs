using Adjoint.Autodiff;
using Adjoint.Autodiff.Replay;
using Adjoint.Fit;
using Adjoint.Tensors;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;

namespace Adjoint.Tests.Autodiff;

/// <summary>
/// A recorded model replayed on fixed buffers (<see cref="ReplayProgram{T}"/>) gives the values and the gradient that the
/// tensor operations give, at points other than the one it was recorded at; models whose recorded operations cannot
/// stand for them (a value read to the host, a comparison, a piecewise-constant derivative) are not replayed.
/// </summary>
public class ReplayProgramTests
{
    /// <summary>100 cases from a fixed seed, so every run checks the same models and points.</summary>
    private static readonly Config Fixed = Config.QuickThrowOnFailure
        .WithMaxTest(100)
        .WithQuietOnSuccess(true)
        .WithReplay(FSharpOption<FsCheck.Replay>.Some(new FsCheck.Replay(new Rnd(0x2EB1_A7C3UL, 0x5DEE_CE67UL), FSharpOption<int>.None)));

    private const int M = 17;

    private static readonly Func<Tensor, Tensor, Tensor>[] Models =
    [
        (x, p) => (p[0] * Tensor.Exp(-p[1] * x)) + p[2],
        (x, p) => p[0] / (1 + Tensor.Exp(p[1] - (p[2] * x))),
        (x, p) => p[1] * Tensor.Pow(p[0] + x, -1.0 / p[2]),
        (x, p) => (Tensor.Sin(p[0] * x) * Tensor.Cos(p[1])) + Tensor.Atan(p[2] / (x + 20)),
        (x, p) => Tensor.Tanh((p[0] * x) + p[1]) * Tensor.Sqrt((p[2] * p[2]) + x),
        (x, p) => Tensor.Log(1 + Tensor.Square(p[0] * x)) - (p[1] * x * x) + Tensor.Pow(p[2], 2.0),
        (x, p) => (Tensor.Sigmoid((p[0] * x) - p[1]) * p[2]) + Tensor.Log1p(x * p[0] * p[0]),
        (x, p) => (p[0] + (p[1] * x) + (p[2] * x * x)) / (1 + (p[0] * x) + Tensor.Pow(p[1] * x, 3.0)),
        (x, p) => (p[0] * 2) - (x / p[1]) + (3 - p[2]),

        // Branches that depend on p: comparisons and piecewise-constant derivatives are recorded, so replay follows them.
        (x, p) => Tensor.Where(Tensor.Greater(p[0] * x, 2.0), p[1] * x, p[2] + x),
        (x, p) => Tensor.Abs((p[0] * x) - p[1]) + p[2],
        (x, p) => Tensor.Relu((p[0] * x) - p[1]) + p[2],
        (x, p) => Tensor.Clamp(p[0] * x, 1.0, 3.0) + Tensor.Maximum(p[1] * x, p[2]),
    ];

    private static double[] Xs()
    {
        var x = new double[M];
        for (int i = 0; i < M; i++)
        {
            x[i] = 0.25 + (0.5 * i);
        }

        return x;
    }

    private static double[] Weights()
    {
        var w = new double[M];
        for (int i = 0; i < M; i++)
        {
            w[i] = 0.5 + (0.1 * i);
        }

        return w;
    }

    /// <summary>The model's values and weighted Jacobian (column-major, m x n) at p by the tensor operations.</summary>
    private static (double[] Values, double[] Jacobian) Reference(Func<Tensor, Tensor, Tensor> model, double[] x, double[] w, double[] p)
    {
        int n = p.Length;
        var jacobian = new double[M * n];
        double[] values;
        using (var scope = TensorScope.Begin())
        {
            values = model(Tensor.FromArray(x), Tensor.FromArray(p)).ToArray();
            for (int i = 0; i < M; i++)
            {
                using var tape = GradientTape.Begin();
                var pw = tape.Watch(Tensor.FromArray(p));
                var f = model(Tensor.FromArray(x), pw);
                var seed = new double[M];
                seed[i] = w[i];
                var row = tape.Gradient(f, [pw], Tensor.FromArray(seed))[0].ToArray();
                for (int j = 0; j < n; j++)
                {
                    jacobian[(j * M) + i] = row[j];
                }
            }
        }

        return (values, jacobian);
    }

    /// <summary>
    /// The residuals of both models at x agree (<see cref="Close"/>), and each Jacobian entry to
    /// <paramref name="tolerance"/> (1 + |entry|), or is NaN in both when <paramref name="nanMatches"/>.
    /// </summary>
    private static void AssertSameResidualsAndJacobian(ResidualModel plain, ResidualModel replayed, double[] x, double tolerance, bool nanMatches, string what)
    {
        int m = plain.M, n = plain.N;
        var (r1, r2) = (new double[m], new double[m]);
        var (j1, j2) = (new double[m * n], new double[m * n]);
        plain.Evaluate(x, r1);
        plain.Jacobian(x, j1);
        replayed.Evaluate(x, r2);
        replayed.Jacobian(x, j2);
        for (int i = 0; i < m; i++)
        {
            Assert.True(Close(r2[i], r1[i]), $"{what}: residual {i} is {r2[i]}, expected {r1[i]}");
        }

        for (int e = 0; e < j1.Length; e++)
        {
            Assert.True(Math.Abs(j2[e] - j1[e]) <= tolerance * (1 + Math.Abs(j1[e])) || (nanMatches && double.IsNaN(j1[e]) && double.IsNaN(j2[e])),
                $"{what}: Jacobian entry {e} is {j2[e]}, expected {j1[e]}");
        }
    }

    private static bool Close(double a, double b) =>
        a == b || (double.IsNaN(a) && double.IsNaN(b)) || Math.Abs(a - b) <= 1e-12 * Math.Max(Math.Abs(a), Math.Abs(b)) + 1e-300;

    [Fact]
    public void Replayed_values_and_jacobians_match_the_tensor_operations_away_from_the_recorded_point()
    {
        var x = Xs();
        var w = Weights();
        var y = new double[M];
        var p0 = new[] { 0.7, 1.3, 2.1 };
        var gen =
            from k in Gen.Choose(0, Models.Length - 1)
            from scales in Gen.ArrayOf(Gen.Choose(50, 150), 3)
            select (k, scales);
        Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var (k, scales) = c;
            using var model = new CurveFitModel(Models[k], Tensor.FromArray(x), y, w, 3);
            model.Prepare(p0);
            Assert.True(model.Replayed, $"model {k} was not replayed");
            var p = p0.Select((v, j) => v * scales[j] / 100.0).ToArray();
            var (values, jacobian) = Reference(Models[k], x, w, p);
            var r = new double[M];
            var jac = new double[M * 3];
            model.Evaluate(p, r);
            model.Jacobian(p, jac);
            for (int i = 0; i < M; i++)
            {
                Assert.True(Close(r[i], values[i] * w[i]), $"model {k}: residual {i} is {r[i]}, expected {values[i] * w[i]}");
            }

            for (int e = 0; e < jac.Length; e++)
            {
                Assert.True(Close(jac[e], jacobian[e]), $"model {k}: Jacobian entry {e} is {jac[e]}, expected {jacobian[e]}");
            }

            // A Jacobian at a point that was not just evaluated replays the forward part first.
            var q = p.Select(v => v * 1.01).ToArray();
            var (_, jacobianAtQ) = Reference(Models[k], x, w, q);
            model.Jacobian(q, jac);
            for (int e = 0; e < jac.Length; e++)
            {
                Assert.True(Close(jac[e], jacobianAtQ[e]), $"model {k}: Jacobian entry {e} at q is {jac[e]}, expected {jacobianAtQ[e]}");
            }
        }).Check(Fixed);
    }

    public static TheoryData<string> UnreplayableModels => ["host read", "detach"];

    private static Tensor Unreplayable(string kind, Tensor x, Tensor p) => kind switch
    {
        // The branch taken depends on p: a recording would freeze one branch.
        "host read" => p[0].ToArray()[0] > 1 ? p[0] * x : (p[1] * x) + p[2],
        "detach" => (p[0] * x) + (p[1] * p[2].Detach()) + p[2],
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(UnreplayableModels))]
    public void Models_whose_recording_cannot_stand_for_them_take_the_tensor_route(string kind)
    {
        var x = Xs();
        var w = Weights();
        using var model = new CurveFitModel((xx, p) => Unreplayable(kind, xx, p), Tensor.FromArray(x), new double[M], w, 3);
        model.Prepare([0.7, 1.3, 2.1]);
        Assert.False(model.Replayed);
    }

    [Theory]
    [InlineData("exp", false)]
    [InlineData("abs", false)]
    [InlineData("item", true)]
    [InlineData("compare", false)]
    [InlineData("detach", true)]
    public void The_tape_notes_values_that_escape_it(string use, bool escapes)
    {
        using var scope = TensorScope.Begin();
        using var tape = GradientTape.Begin();
        var x = tape.Watch(Tensor.FromArray([0.5, -1.5]));
        var y = use switch
        {
            "exp" => Tensor.Exp(x),
            "abs" => Tensor.Abs(x),
            "item" => x * x[0].Item(),
            "compare" => x * Tensor.Greater(x, 0.0),
            _ => x * x.Detach(),
        };
        _ = tape.Gradient(y, [x], Tensor.FromArray([1.0, 1.0]), createGraph: true);
        Assert.Equal(escapes, tape.Tape.ValuesEscaped);
    }

    [Fact]
    public void A_fit_that_replays_its_model_reaches_the_same_solution_as_the_tensor_route()
    {
        // Misra1a-like data generated from known parameters; the same fit with a model that reads a value to the host
        // (so it is not replayed) must give the same parameters to rounding.
        var x = Xs();
        var y = x.Select(v => 240 * (1 - Math.Exp(-0.0005 * v * 100))).ToArray();
        Func<Tensor, Tensor, Tensor> replayable = (xx, p) => p[0] * (1 - Tensor.Exp(-p[1] * xx * 100));
        Func<Tensor, Tensor, Tensor> notReplayable = (xx, p) =>
        {
            _ = p[0].ToArray();
            return p[0] * (1 - Tensor.Exp(-p[1] * xx * 100));
        };
        var options = new CurveFitOptions { Method = LeastSquaresMethod.Lm };
        var a = CurveFit.Fit(replayable, Tensor.FromArray(x), Tensor.FromArray(y), [500, 0.0001], options);
        var b = CurveFit.Fit(notReplayable, Tensor.FromArray(x), Tensor.FromArray(y), [500, 0.0001], options);
        Assert.True(a.Success && b.Success);
        for (int j = 0; j < 2; j++)
        {
            Assert.Equal(b.Parameters[j], a.Parameters[j], 1e-10 * Math.Abs(b.Parameters[j]));
            Assert.Equal(b.StandardErrors[j], a.StandardErrors[j], 1e-8 * Math.Abs(b.StandardErrors[j]));
        }
    }

    [Fact]
    public void Fits_on_several_threads_at_once_replay_independently()
    {
        // Each thread records on its own tape and rents its own arena; the results match a fit run alone.
        var x = Xs();
        Func<Tensor, Tensor, Tensor> model = (xx, p) => (p[0] * Tensor.Exp(-p[1] * xx)) + p[2];
        var fits = Enumerable.Range(0, 8).Select(k =>
        {
            var y = x.Select(v => ((2 + k) * Math.Exp(-0.3 * v)) + 0.5).ToArray();
            return (X: Tensor.FromArray(x), Y: Tensor.FromArray(y));
        }).ToArray();
        var options = new CurveFitOptions { Method = LeastSquaresMethod.Lm };
        var alone = fits.Select(f => CurveFit.Fit(model, f.X, f.Y, [1.0, 0.1, 0.0], options).Parameters).ToArray();
        var together = new double[fits.Length][];
        Parallel.For(0, fits.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, k =>
            together[k] = CurveFit.Fit(model, fits[k].X, fits[k].Y, [1.0, 0.1, 0.0], options).Parameters);
        for (int k = 0; k < fits.Length; k++)
        {
            Assert.Equal(alone[k], together[k]);
            Assert.Equal(2 + k, together[k][0], 1e-8);
        }
    }

    private static readonly double[] Ts = [0.5, 1.0, 1.7, 2.2, 3.1, 4.0, 4.4];

    /// <summary>Residual functions of one vector: stacked scalars, broadcasts of scalars against data (summed back in the backward pass), axis sums and means.</summary>
    private static readonly Func<Tensor, Tensor>[] ResidualFunctions =
    [
        x => Tensor.Stack([10 * (x[1] - x[0].Square()), 1 - x[0]]),
        x => (x[0] * Tensor.Exp(-x[1] * Tensor.FromArray(Ts))) + x[2] - Tensor.FromArray(Ts).Sqrt(),
        x => Tensor.Stack([x.Sum() - 3, (x * x).Mean() - 2, x[0] * x[1] * x[2] - 1]),
        x => Tensor.Concat([Tensor.Sin(x * Tensor.FromArray([1.0, 2.0, 3.0])), (x.Reshape([1, 3]) * Tensor.FromArray(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } })).Sum(1)], 0),
    ];

    [Fact]
    public void Replayed_residual_functions_match_the_tensor_operations()
    {
        var gen =
            from k in Gen.Choose(0, ResidualFunctions.Length - 1)
            from scales in Gen.ArrayOf(Gen.Choose(50, 150), 3)
            select (k, scales);
        Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var (k, scales) = c;
            var f = ResidualFunctions[k];
            double[] x0 = k == 0 ? [-1.2, 1.0] : [0.7, 1.3, 2.1];
            int n = x0.Length;
            int m = TensorResidualModel.CountResiduals(f, x0);
            using var replayed = new TensorResidualModel(f, n, m);
            replayed.Prepare(x0);
            Assert.True(replayed.Replayed, $"function {k} was not replayed");
            var plain = new TensorResidualModel(f, n, m);
            var x = x0.Select((v, j) => v * scales[j % scales.Length] / 100.0).ToArray();
            AssertSameResidualsAndJacobian(plain, replayed, x, 1e-12, nanMatches: false, $"function {k}");
        }).Check(Fixed);
    }

    [Fact]
    public void A_residual_function_that_reads_its_input_is_not_replayed()
    {
        Func<Tensor, Tensor> f = x => x[0].Item() > 0 ? Tensor.Stack([x[0] - 1, x[1]]) : Tensor.Stack([x[0] + 1, x[1]]);
        using var model = new TensorResidualModel(f, 2, 2);
        model.Prepare([0.5, 0.5]);
        Assert.False(model.Replayed);
    }

    /// <summary>A random model: an expression of depth at most <paramref name="depth"/> over p[0..2], x and constants.</summary>
    private static Tensor RandomExpression(Random random, Tensor x, Tensor p, int depth)
    {
        if (depth == 0 || random.NextDouble() < 0.2)
        {
            return random.Next(5) switch
            {
                0 => p[0],
                1 => p[1],
                2 => p[2],
                3 => x,
                _ => (x * 0) + (random.NextDouble() * 2) - 1,
            };
        }

        var a = RandomExpression(random, x, p, depth - 1);
        switch (random.Next(14))
        {
            case 0: return Tensor.Sin(a);
            case 1: return Tensor.Tanh(a);
            case 2: return Tensor.Sigmoid(a);
            case 3: return Tensor.Atan(a);
            case 4: return Tensor.Square(a);
            case 5: return Tensor.Sqrt(Tensor.Square(a) + 1);
            case 6: return Tensor.Exp(Tensor.Tanh(a));
            case 7: return Tensor.Pow(Tensor.Square(a) + 0.5, 1.5);
            case 8: return (2.5 * a) - 0.75;
            default:
                var b = RandomExpression(random, x, p, depth - 1);
                return random.Next(5) switch
                {
                    0 => a + b,
                    1 => a - b,
                    2 => a * b,
                    3 => a / (Tensor.Square(b) + 1),
                    _ => Tensor.Pow(Tensor.Square(a) + 1, Tensor.Tanh(b)),
                };
        }
    }

    [Fact]
    public void Random_models_replay_as_the_tensor_operations_evaluate_them()
    {
        var x = Xs();
        var w = Weights();
        var p0 = new[] { 0.7, -1.3, 2.1 };
        var gen =
            from seed in Gen.Choose(0, 1_000_000)
            from scales in Gen.ArrayOf(Gen.Choose(-150, 150), 3)
            select (seed, scales);
        Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var (seed, scales) = c;
            Func<Tensor, Tensor, Tensor> model = (xx, p) => RandomExpression(new Random(seed), xx, p, 4) + (0 * p[0]) + (0 * p[1]) + (0 * p[2]) + (0 * xx);
            using var replayed = new CurveFitModel(model, Tensor.FromArray(x), new double[M], w, 3);
            replayed.Prepare(p0);
            Assert.True(replayed.Replayed, $"model {seed} was not replayed");
            var plain = new CurveFitModel(model, Tensor.FromArray(x), new double[M], w, 3, replay: false);
            plain.Prepare(p0);
            var p = p0.Select((v, j) => v * scales[j] / 100.0).ToArray();
            AssertSameResidualsAndJacobian(plain, replayed, p, 1e-11, nanMatches: true, $"model {seed}");
        }).Check(Fixed);
    }

    [Fact]
    public void Replay_can_be_turned_off_and_the_model_is_then_called_for_every_evaluation()
    {
        var x = Xs();
        var y = x.Select(v => (3 * Math.Exp(-0.4 * v)) + 1).ToArray();
        int calls = 0;
        Func<Tensor, Tensor, Tensor> model = (xx, p) =>
        {
            calls++;
            return (p[0] * Tensor.Exp(-p[1] * xx)) + p[2];
        };
        var replayed = CurveFit.Fit(model, Tensor.FromArray(x), Tensor.FromArray(y), [1.0, 1.0, 0.0]);
        int replayedCalls = calls;
        calls = 0;
        var called = CurveFit.Fit(model, Tensor.FromArray(x), Tensor.FromArray(y), [1.0, 1.0, 0.0], new CurveFitOptions { Replay = false });
        Assert.True(called.Nfev + called.Njev <= calls, $"{calls} calls for {called.Nfev} evaluations and {called.Njev} Jacobians");
        Assert.True(replayedCalls < 10 && replayedCalls < calls, $"{replayedCalls} calls with replay, {calls} without");
        for (int j = 0; j < 3; j++)
        {
            Assert.Equal(called.Parameters[j], replayed.Parameters[j], 1e-10 * Math.Abs(called.Parameters[j]));
        }

        // The same switch for LeastSquares.
        calls = 0;
        Func<Tensor, Tensor> residuals = p =>
        {
            calls++;
            return Tensor.Stack([10 * (p[1] - p[0].Square()), 1 - p[0]]);
        };
        var a = LeastSquares.Solve(residuals, [-1.2, 1.0], new LeastSquaresOptions { Method = LeastSquaresMethod.Lm });
        int lsReplayed = calls;
        calls = 0;
        var b = LeastSquares.Solve(residuals, [-1.2, 1.0], new LeastSquaresOptions { Method = LeastSquaresMethod.Lm, Replay = false });
        Assert.True(lsReplayed < 10 && lsReplayed < calls, $"{lsReplayed} calls with replay, {calls} without");
        Assert.Equal(b.X[0], a.X[0], 1e-12);
        Assert.Equal(b.X[1], a.X[1], 1e-12);
    }
}
