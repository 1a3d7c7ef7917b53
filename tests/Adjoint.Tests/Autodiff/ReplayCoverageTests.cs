using Adjoint.Autodiff;
using Adjoint.Autodiff.Replay;
using Adjoint.Tensors;

namespace Adjoint.Tests.Autodiff;

/// <summary>
/// Every node kind of the library replays (or is listed below with the reason it cannot), in float64 and float32: a
/// function and its create-graph gradient recorded at one point and replayed at another give bit for bit the values the
/// tensor operations give there. Random expression trees (fixed seeds) check the same over compositions, including
/// points where comparisons, maxima and clamps take other branches than at the recording.
/// </summary>
public class ReplayCoverageTests
{
    /// <summary>Node kinds that never replay, with the reason.</summary>
    private static readonly Dictionary<string, string> NotReplayed = new()
    {
        ["LeafNode"] = "a source: its values are written by the caller, it has no step",
        ["Cast.CastNode"] = "changes the dtype, and a program holds one element type",
        ["DifferentiableFunction.FunctionNode"] = "a user-defined operation: its forward is arbitrary code on tensors, not a span step",
    };

    /// <summary>A second point: other branches than at <see cref="OpGradientProperties.ProbePoint"/> where the probe has them.</summary>
    private static readonly double[] SecondPoint = [0.95, 1.3, 0.65, 1.65];

    public static TheoryData<string> NodeKinds()
    {
        var data = new TheoryData<string>();
        foreach (var t in OpGradientProperties.NodeTypes())
        {
            data.Add(OpGradientProperties.NodeName(t));
        }

        return data;
    }

    [Fact]
    public void The_list_of_kinds_that_do_not_replay_names_only_node_kinds_of_the_library()
    {
        var names = OpGradientProperties.NodeTypes().Select(OpGradientProperties.NodeName).ToHashSet();
        Assert.Empty(NotReplayed.Keys.Except(names));
        Assert.All(NotReplayed.Values, reason => Assert.False(string.IsNullOrWhiteSpace(reason)));
    }

    [Theory]
    [MemberData(nameof(NodeKinds))]
    public void Every_node_kind_replays_bit_for_bit_in_both_dtypes(string node)
    {
        if (NotReplayed.ContainsKey(node))
        {
            return;
        }

        var probe = OpGradientProperties.NodeProbes[node].F;
        foreach (var dtype in new[] { DType.Float64, DType.Float32 })
        {
            var (recorded, blocker) = ReplayAgainstEager(probe, OpGradientProperties.ProbePoint, SecondPoint, dtype);
            Assert.True(blocker is null, $"{node} in {dtype}: not replayed ({blocker}).");
            Assert.Contains(node, recorded);
        }
    }

    [Fact]
    public void Kinds_that_do_not_replay_are_refused_with_their_name()
    {
        foreach (var node in NotReplayed.Keys.Where(OpGradientProperties.NodeProbes.ContainsKey))
        {
            var (_, blocker) = ReplayAgainstEager(OpGradientProperties.NodeProbes[node].F, OpGradientProperties.ProbePoint, SecondPoint, DType.Float64);
            Assert.NotNull(blocker);
        }
    }

    /// <summary>One input appearing in several overlapping pieces of a concatenation, and in a product with itself.</summary>
    [Theory]
    [InlineData(DType.Float64)]
    [InlineData(DType.Float32)]
    public void Overlapping_pieces_of_one_input_replay_bit_for_bit(DType dtype)
    {
        Func<Tensor, Tensor> f = x =>
        {
            var c = Tensor.Concat([x, x[..2], Tensor.Sin(x[1..])]);
            return c * c[..^1].Sum();
        };
        var (_, blocker) = ReplayAgainstEager(f, OpGradientProperties.ProbePoint, SecondPoint, dtype, "overlapping concat");
        Assert.Null(blocker);

        // Longer pieces (reductions and slice adjoints over more than one vector width).
        var p0 = Enumerable.Range(0, 20).Select(i => Math.Round(Math.Sin(i) + 0.1, 3)).ToArray();
        var p1 = p0.Select((v, i) => Math.Round(v + (0.37 * Math.Cos(3 * i)), 3)).ToArray();
        Func<Tensor, Tensor> g = x =>
        {
            var c = Tensor.Concat([x, x[..13]]);
            return Tensor.Square(c) * c[3..].Sum();
        };
        (_, blocker) = ReplayAgainstEager(g, p0, p1, dtype, "overlapping concat, length 33");
        Assert.Null(blocker);
    }

    [Theory]
    [InlineData(DType.Float64)]
    [InlineData(DType.Float32)]
    public void Random_expression_trees_replay_bit_for_bit(DType dtype)
    {
        int replayed = 0;
        for (int seed = 0; seed < 80; seed++)
        {
            var tree = new ExpressionTree(seed);
            var rng = new Random(seed + 1000);
            var p0 = Enumerable.Range(0, ExpressionTree.Length).Select(_ => Math.Round(rng.NextDouble() * 3 - 1.5, 3)).ToArray();
            var p1 = p0.Select(v => Math.Round(v + rng.NextDouble() - 0.5, 3)).ToArray();
            var (_, blocker) = ReplayAgainstEager(tree.Evaluate, p0, p1, dtype, tree.ToString());
            Assert.True(blocker is null, $"seed {seed}, {tree}: not replayed ({blocker}).");
            replayed++;
        }

        Assert.Equal(80, replayed);
    }

    /// <summary>
    /// Records <paramref name="f"/> (summed with fixed weights) and its create-graph gradient at <paramref name="p0"/>,
    /// replays at <paramref name="p1"/> and asserts the replayed value and gradient equal, bit for bit, those recorded
    /// afresh at <paramref name="p1"/>. Returns the node kinds recorded and why no program was made (null when replayed).
    /// </summary>
    private static (HashSet<string> Recorded, string? Blocker) ReplayAgainstEager(Func<Tensor, Tensor> f, double[] p0, double[] p1, DType dtype, string what = "")
    {
        var recorded = new HashSet<string>();
        if (dtype == DType.Float64)
        {
            var (blocker, value, gradient) = Replay<double>(f, p0, p1, recorded);
            if (blocker is null)
            {
                var (expectedValue, expectedGradient) = Eager(f, p1, dtype);
                Assert.Equal(expectedValue.Select(BitConverter.DoubleToInt64Bits), value.Select(BitConverter.DoubleToInt64Bits));
                Assert.True(expectedGradient.Select(BitConverter.DoubleToInt64Bits).SequenceEqual(gradient.Select(BitConverter.DoubleToInt64Bits)),
                    $"{what} float64 gradient: replayed [{string.Join(", ", gradient)}], eager [{string.Join(", ", expectedGradient)}]");
            }

            return (recorded, blocker);
        }
        else
        {
            var (blocker, value, gradient) = Replay<float>(f, p0, p1, recorded);
            if (blocker is null)
            {
                var (expectedValue, expectedGradient) = Eager(f, p1, dtype);
                Assert.Equal(expectedValue.Select(v => BitConverter.SingleToInt32Bits((float)v)), value.Select(BitConverter.SingleToInt32Bits));
                Assert.True(expectedGradient.Select(v => BitConverter.SingleToInt32Bits((float)v)).SequenceEqual(gradient.Select(BitConverter.SingleToInt32Bits)),
                    $"{what} float32 gradient: replayed [{string.Join(", ", gradient)}], eager [{string.Join(", ", expectedGradient)}]");
            }

            return (recorded, blocker);
        }
    }

    private static Tensor Weighted(Tensor y)
    {
        var w = Enumerable.Range(0, y.Size).Select(i => 0.5 + (0.25 * (i % 5))).ToArray();
        return (y * Tensor.FromArray(w, y.Shape, y.DType)).Sum();
    }

    private static (string? Blocker, T[] Value, T[] Gradient) Replay<T>(Func<Tensor, Tensor> f, double[] p0, double[] p1, HashSet<string> recorded)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var dtype = typeof(T) == typeof(double) ? DType.Float64 : DType.Float32;
        using var scope = TensorScope.Begin();
        using var precision = EvaluationPrecision.Begin(dtype);
        var tape = Tape.Enter();
        ReplayProgram<T>? program = null;
        try
        {
            var x = tape.Watch(Tensor.FromArray(p0, new Shape(p0.Length), dtype));
            var y = Weighted(f(x));
            var g = tape.Gradient(y, [x], null, createGraph: true)[0];
            for (int i = 0; i < tape.Count; i++)
            {
                recorded.Add(OpGradientProperties.NodeName(tape.NodeAt(i).GetType()));
            }

            program = ReplayProgram<T>.TryCreate(tape, [x], y, g, uniformRows: false, out var blocker);
            if (program is null)
            {
                return (blocker ?? "no reason given", [], []);
            }

            var source = program.Source;
            for (int i = 0; i < p1.Length; i++)
            {
                source[i] = T.CreateTruncating(p1[i]);
            }

            program.RunForward();
            program.RunBackward();
            return (null, program.Output.ToArray(), program.Gradient.ToArray());
        }
        finally
        {
            program?.Release();
            tape.Exit();
        }
    }

    /// <summary>The value and create-graph gradient recorded at <paramref name="p"/> by the tensor operations.</summary>
    private static (double[] Value, double[] Gradient) Eager(Func<Tensor, Tensor> f, double[] p, DType dtype)
    {
        using var scope = TensorScope.Begin();
        using var precision = EvaluationPrecision.Begin(dtype);
        var tape = Tape.Enter();
        try
        {
            var x = tape.Watch(Tensor.FromArray(p, new Shape(p.Length), dtype));
            var y = Weighted(f(x));
            var g = tape.Gradient(y, [x], null, createGraph: true)[0];
            return (y.ToArray(), g.ToArray());
        }
        finally
        {
            tape.Exit();
        }
    }

    /// <summary>
    /// A random composition (depth up to 4) of the library's operations on a vector of <see cref="Length"/> elements:
    /// elementwise functions with kinks and branches, broadcasting arithmetic with reductions, slices, concatenation,
    /// gathers, permutations and products.
    /// </summary>
    private sealed class ExpressionTree
    {
        public const int Length = 6;

        private readonly Random _rng;
        private readonly List<string> _ops = [];
        private readonly Func<Tensor, Tensor> _build;

        public ExpressionTree(int seed)
        {
            _rng = new Random(seed);
            _build = Node(4);
        }

        public Tensor Evaluate(Tensor x) => _build(x);

        public override string ToString() => string.Join(" ", _ops);

        private Func<Tensor, Tensor> Node(int depth)
        {
            if (depth == 0 || _rng.Next(5) == 0)
            {
                _ops.Add("x");
                return x => x;
            }

            int kind = _rng.Next(3);
            if (kind == 0)
            {
                var a = Node(depth - 1);
                int op = _rng.Next(Unaries.Length);
                _ops.Add(Unaries[op].Name);
                var u = Unaries[op].F;
                return x => u(a(x));
            }

            if (kind == 1)
            {
                var a = Node(depth - 1);
                var b = Node(depth - 1);
                int op = _rng.Next(Binaries.Length);
                _ops.Add(Binaries[op].Name);
                var bin = Binaries[op].F;
                return x => bin(a(x), b(x));
            }

            var c = Node(depth - 1);
            int s = _rng.Next(Structural.Length);
            _ops.Add(Structural[s].Name);
            var st = Structural[s].F;
            return x => st(c(x));
        }

        private static readonly (string Name, Func<Tensor, Tensor> F)[] Unaries =
        [
            ("sin", Tensor.Sin), ("cos", Tensor.Cos), ("tanh", Tensor.Tanh), ("sigmoid", Tensor.Sigmoid),
            ("square", t => Tensor.Square(Tensor.Tanh(t))), ("abs", Tensor.Abs), ("relu", Tensor.Relu), ("atan", Tensor.Atan),
            ("exp", t => Tensor.Exp(Tensor.Tanh(t))), ("log1p", t => Tensor.Log1p(Tensor.Square(t))),
            ("sqrt", t => Tensor.Sqrt(1 + Tensor.Square(t))), ("clamp", t => Tensor.Clamp(t, -0.5, 0.75)),
            ("affine", t => (0.5 * t) - 0.25), ("softplus", Tensor.Softplus), ("pow", t => Tensor.Pow(Tensor.Sigmoid(t), 1.5)),
        ];

        private static readonly (string Name, Func<Tensor, Tensor, Tensor> F)[] Binaries =
        [
            ("add", (a, b) => a + b), ("sub", (a, b) => a - b), ("mul", (a, b) => a * b),
            ("div", (a, b) => a / (1 + Tensor.Square(b))), ("max", Tensor.Maximum), ("min", Tensor.Minimum),
            ("where", (a, b) => Tensor.Where(Tensor.Greater(a, b), a, 0.5 * b)),
            ("concat", (a, b) => Tensor.Concat([a[..3], b[3..]])),
            ("outer", (a, b) => a.Reshape(Length, 1).MatMul(Tensor.Tanh(b).Reshape(1, Length)).Sum(1) / Length),
            ("scatter", (a, b) => Tensor.ScatterAdd(a, [0, 5, 0], b[..3])),
        ];

        private static readonly (string Name, Func<Tensor, Tensor> F)[] Structural =
        [
            ("rotate", t => Tensor.Concat([t[2..], t[..2]])), ("reverse", t => t[TensorIndex.Step(null, null, -1)]),
            ("gather", t => t[[5, 0, 1, 1, 2, 3]]), ("transpose", t => t.Reshape(2, 3).T.Reshape(Length)),
            ("centre", t => t - t.Mean()), ("scale-by-max", t => t * t.Max()), ("log-softmax", t => t - Tensor.LogSumExp(t)),
            ("norm", t => t + Tensor.Norm(t)), ("row-sums", t => Tensor.Concat([t.Reshape(2, 3).Sum(1, keepDims: true).Reshape(2), t[2..]])),
            ("prod", t => t * Tensor.Prod(Tensor.Sigmoid(t))), ("broadcast", t => t.Reshape(2, 3).Sum(0).BroadcastTo([2, 3]).Reshape(Length) * t),
            ("strided", t => Tensor.Concat([t[TensorIndex.Step(0, null, 2)], t[TensorIndex.Step(1, null, 2)]])),
        ];
    }
}
