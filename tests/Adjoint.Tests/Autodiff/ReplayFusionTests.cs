using Adjoint.Autodiff;
using Adjoint.Autodiff.Replay;
using Adjoint.Tensors;

namespace Adjoint.Tests.Autodiff;

/// <summary>
/// Long elementwise programs replay fused, chunk by chunk (<see cref="ReplayFusion"/>): the fused run gives bit for bit
/// the values and gradients of the unfused replay and of the tensor operations, in float64 and float32, at lengths that
/// straddle chunk boundaries, with overlapping slices, broadcast scalars, sums and higher derivatives.
/// </summary>
public class ReplayFusionTests
{
    private const int N = ReplayFusion.MinLength;

    /// <summary>Lengths around the fusion threshold and the chunk (block) length: exact multiples, odd, and short tails.</summary>
    public static TheoryData<int, DType> Lengths() => new()
    {
        { N + 1, DType.Float32 },
        { N + 1, DType.Float64 },
        { N + 63, DType.Float32 },
        { N + 2047, DType.Float64 },
        { N + 2048 + 65, DType.Float32 },
        { (3 * N) + 5, DType.Float64 },
        { (2 * N) + 17, DType.Float32 },
    };

    /// <summary>
    /// What fusion relies on: every elementwise kernel of the rule table (and the binary kernels) gives an element the
    /// same bits wherever the span that holds it starts, so chunks, the eager split over cores and whole slots agree.
    /// </summary>
    [Fact]
    public void Elementwise_kernels_do_not_depend_on_where_a_span_starts()
    {
        const int n = 5000;
        var rng = new Random(11);
        var x = Enumerable.Range(0, n + 8).Select(_ => Math.Round((rng.NextDouble() * 8) - 4, 4)).ToArray();
        var xf = x.Select(v => (float)v).ToArray();
        var bad = new List<string>();
        var rules = typeof(Adjoint.Autodiff.Ops.Unary).GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(f => f.FieldType == typeof(Adjoint.Autodiff.Ops.UnaryRule)).Select(f => (Adjoint.Autodiff.Ops.UnaryRule)f.GetValue(null)!).ToList();
        Assert.True(rules.Count >= 15);
        foreach (var rule in rules)
        {
            Compare(rule.Name, (a, d) => rule.ForwardDouble(a, d), x);
            Compare(rule.Name + " (float)", (a, d) => rule.ForwardFloat(a, d), xf);
        }

        var pow = ReplayBinaryKernel<double>.Of<Adjoint.Tensors.Kernels.PowOp>();
        var powFloat = ReplayBinaryKernel<float>.Of<Adjoint.Tensors.Kernels.PowOp>();
        Compare("pow", (a, d) => pow.ScalarRight(a, 1.5, d), x);
        Compare("pow (float)", (a, d) => powFloat.ScalarRight(a, 1.5f, d), xf);
        Assert.True(bad.Count == 0, string.Join("; ", bad));

        void Compare<T>(string name, Action<ReadOnlySpan<T>, Span<T>> kernel, T[] values)
            where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
        {
            var basis = new T[n + 8];
            kernel(values, basis);
            for (int offset = 1; offset < 8; offset++)
            {
                var y = new T[n];
                kernel(values.AsSpan(offset, n), y);
                int count = 0;
                for (int i = 0; i < n; i++)
                {
                    count += y[i].Equals(basis[i + offset]) || (T.IsNaN(y[i]) && T.IsNaN(basis[i + offset])) ? 0 : 1;
                }

                if (count > 0)
                {
                    bad.Add($"{name} from offset {offset}: {count} elements differ");
                }
            }
        }
    }

    /// <summary>The extended Rosenbrock function written with slices, as PyTorch's rosen is.</summary>
    private static Tensor Rosen(Tensor x) => ((100.0 * (x[1..] - x[..^1].Square()).Square()) + (1.0 - x[..^1]).Square()).Sum();

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Sliced_rosenbrock_replays_fused_bit_for_bit(int n, DType dtype)
    {
        var p0 = Point(n, 0);
        var p1 = Point(n, 1);
        var fused = Check(Rosen, p0, p1, dtype, $"rosen n={n}");
        Assert.True(fused, $"rosen n={n} {dtype}: the program was not fused");
    }

    /// <summary>Shifted slices read across chunk boundaries (x[3:] beside x[:-3]), a broadcast scalar and a mean.</summary>
    [Theory]
    [InlineData(DType.Float64)]
    [InlineData(DType.Float32)]
    public void Overlapping_slices_and_scalars_replay_fused_bit_for_bit(DType dtype)
    {
        Func<Tensor, Tensor> f = x =>
        {
            var a = Tensor.Sin(x[3..]) * x[..^3];
            var b = Tensor.Tanh(x[1..^2] - (0.5 * x[2..^1]));
            var s = x[7] * a + (b / (1 + Tensor.Square(x[..^3])));
            return Tensor.Exp(-Tensor.Square(s)).Sum() + (0.25 * Tensor.Square(x).Mean());
        };
        int n = N + 1001;
        Assert.True(Check(f, Point(n, 2), Point(n, 3), dtype, "overlapping slices"));
    }

    /// <summary>Random compositions of elementwise functions, arithmetic, slices at small offsets and scalar operands.</summary>
    [Theory]
    [InlineData(DType.Float64)]
    [InlineData(DType.Float32)]
    public void Random_long_elementwise_trees_replay_fused_bit_for_bit(DType dtype)
    {
        int fusedCount = 0;
        for (int seed = 0; seed < 12; seed++)
        {
            var tree = new LongTree(seed);
            int n = N + 3 + (seed * 777);
            var rng = new Random(seed + 77);
            var p0 = Point(n, rng.Next(100));
            var p1 = Point(n, rng.Next(100) + 100);
            if (Check(tree.Evaluate, p0, p1, dtype, $"seed {seed}: {tree}"))
            {
                fusedCount++;
            }
        }

        Assert.True(fusedCount >= 10, $"only {fusedCount} of 12 trees were fused");
    }

    /// <summary>A Hessian-vector product (the gradient of a recorded gradient) replays fused as the tensor operations give it.</summary>
    [Theory]
    [InlineData(DType.Float64)]
    [InlineData(DType.Float32)]
    public void Second_derivatives_replay_fused_bit_for_bit(DType dtype)
    {
        int n = N + 321;
        var p0 = Point(n, 5);
        var p1 = Point(n, 6);
        var v = Point(n, 7);
        (double[] Value, double[] Gradient) Run(double[] p, bool replay)
        {
            using var scope = TensorScope.Begin();
            using var precision = EvaluationPrecision.Begin(dtype);
            var tape = Tape.Enter();
            try
            {
                var x = tape.Watch(Tensor.FromArray(replay ? p0 : p, new Shape(n), dtype));
                var g = tape.Gradient(Rosen(x), [x], null, createGraph: true)[0];
                var gv = (g * Tensor.FromArray(v, new Shape(n), dtype)).Sum();
                var hv = tape.Gradient(gv, [x], null, createGraph: true)[0];
                if (!replay)
                {
                    return (gv.ToArray(), hv.ToArray());
                }

                return dtype == DType.Float64 ? Replayed<double>(tape, x, gv, hv, p) : Replayed<float>(tape, x, gv, hv, p);
            }
            finally
            {
                tape.Exit();
            }
        }

        var (ev, eg) = Run(p1, replay: false);
        var (rv, rg) = Run(p1, replay: true);
        Assert.Equal(ev, rv);
        Assert.Equal(eg, rg);
    }

    private static (double[] Value, double[] Gradient) Replayed<T>(Tape tape, Tensor x, Tensor output, Tensor gradient, double[] p)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var program = ReplayProgram<T>.TryCreate(tape, [x], output, gradient, uniformRows: false, out var blocker);
        Assert.True(program is not null, blocker);
        try
        {
            Assert.True(program.IsFused, "the Hessian-vector product was not fused");
            Write(program, p);
            program.Run();
            return (ToDouble(program.Output), ToDouble(program.Gradient));
        }
        finally
        {
            program.Release();
        }
    }

    /// <summary>
    /// Records f (weighted sum) and its create-graph gradient at p0, replays at p1 fused (<see cref="ReplayProgram{T}.Run"/>
    /// and forward then backward) and unfused, and asserts all equal the tensor operations at p1 bit for bit; returns
    /// whether the program was fused.
    /// </summary>
    private static bool Check(Func<Tensor, Tensor> f, double[] p0, double[] p1, DType dtype, string what) =>
        dtype == DType.Float64 ? Check<double>(f, p0, p1, what) : Check<float>(f, p0, p1, what);

    private static bool Check<T>(Func<Tensor, Tensor> f, double[] p0, double[] p1, string what)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var dtype = typeof(T) == typeof(double) ? DType.Float64 : DType.Float32;
        var (eagerValue, eagerGradient) = Eager(f, p1, dtype);
        using var scope = TensorScope.Begin();
        using var precision = EvaluationPrecision.Begin(dtype);
        var tape = Tape.Enter();
        ReplayProgram<T>? program = null;
        try
        {
            var x = tape.Watch(Tensor.FromArray(p0, new Shape(p0.Length), dtype));
            var y = f(x);
            var g = tape.Gradient(y, [x], null, createGraph: true)[0];
            program = ReplayProgram<T>.TryCreate(tape, [x], y, g, uniformRows: false, out var blocker);
            Assert.True(program is not null, $"{what}: not replayed ({blocker})");

            // Unfused.
            Write(program, p1);
            program.RunUnfused();
            AssertBits(eagerValue, ToDouble(program.Output), $"{what} ({dtype}) unfused value");
            AssertBits(eagerGradient, ToDouble(program.Gradient), $"{what} ({dtype}) unfused gradient");
            // Fused, as one program.
            Write(program, p1);
            program.Run();
            AssertBits(eagerValue, ToDouble(program.Output), $"{what} ({dtype}) fused value");
            AssertBits(eagerGradient, ToDouble(program.Gradient), $"{what} ({dtype}) fused gradient");

            // Fused, forward then backward.
            Write(program, p0);
            program.RunForward();
            program.RunBackward();
            Write(program, p1);
            program.RunForward();
            program.RunBackward();
            AssertBits(eagerValue, ToDouble(program.Output), $"{what} ({dtype}) forward-then-backward value");
            AssertBits(eagerGradient, ToDouble(program.Gradient), $"{what} ({dtype}) forward-then-backward gradient");

            return program.IsFused;
        }
        finally
        {
            program?.Release();
            tape.Exit();
        }
    }

    private static (double[] Value, double[] Gradient) Eager(Func<Tensor, Tensor> f, double[] p, DType dtype)
    {
        using var scope = TensorScope.Begin();
        using var precision = EvaluationPrecision.Begin(dtype);
        var tape = Tape.Enter();
        try
        {
            var x = tape.Watch(Tensor.FromArray(p, new Shape(p.Length), dtype));
            var y = f(x);
            var g = tape.Gradient(y, [x], null, createGraph: true)[0];
            return (y.ToArray(), g.ToArray());
        }
        finally
        {
            tape.Exit();
        }
    }

    private static void Write<T>(ReplayProgram<T> program, double[] p)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var source = program.Source;
        for (int i = 0; i < p.Length; i++)
        {
            source[i] = T.CreateTruncating(p[i]);
        }
    }

    private static double[] ToDouble<T>(Span<T> values)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var r = new double[values.Length];
        for (int i = 0; i < r.Length; i++)
        {
            r[i] = double.CreateTruncating(values[i]);
        }

        return r;
    }

    private static void AssertBits(double[] expected, double[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (BitConverter.DoubleToInt64Bits(expected[i]) != BitConverter.DoubleToInt64Bits(actual[i]))
            {
                Assert.Fail($"{what}: element {i} of {expected.Length} is {actual[i]:R}, expected {expected[i]:R}");
            }
        }
    }

    /// <summary>A point of length n from a fixed seed, values in [-1.5, 1.5].</summary>
    private static double[] Point(int n, int seed)
    {
        var rng = new Random(seed);
        var p = new double[n];
        for (int i = 0; i < n; i++)
        {
            p[i] = Math.Round((rng.NextDouble() * 3) - 1.5, 4);
        }

        return p;
    }

    /// <summary>
    /// A random composition (depth up to 4) of elementwise functions and arithmetic on slices of x at offsets 0 to 3
    /// (so operands of one operation overlap and are shifted against each other), with scalar operands taken from x,
    /// summed at the end.
    /// </summary>
    private sealed class LongTree
    {
        private readonly Random _rng;
        private readonly List<string> _ops = [];
        private readonly Func<Tensor, int, Tensor> _build;

        public LongTree(int seed)
        {
            _rng = new Random(seed);
            _build = Node(4);
        }

        /// <summary>The tree on x, every node of length len(x) - 3, weighted and summed.</summary>
        public Tensor Evaluate(Tensor x)
        {
            var y = _build(x, x.Size - 3);
            var w = Tensor.FromArray(Enumerable.Range(0, y.Size).Select(i => 0.5 + (0.25 * (i % 5))).ToArray(), y.Shape, y.DType);
            return (y * w).Sum();
        }

        public override string ToString() => string.Join(" ", _ops);

        private Func<Tensor, int, Tensor> Node(int depth)
        {
            if (depth == 0 || _rng.Next(5) == 0)
            {
                int offset = _rng.Next(4);
                _ops.Add($"x[{offset}:]");
                return (x, len) => x[offset..(offset + len)];
            }

            int kind = _rng.Next(3);
            if (kind == 0)
            {
                var a = Node(depth - 1);
                int op = _rng.Next(Unaries.Length);
                _ops.Add(Unaries[op].Name);
                var u = Unaries[op].F;
                return (x, len) => u(a(x, len));
            }

            if (kind == 1)
            {
                var a = Node(depth - 1);
                var b = Node(depth - 1);
                int op = _rng.Next(Binaries.Length);
                _ops.Add(Binaries[op].Name);
                var bin = Binaries[op].F;
                return (x, len) => bin(a(x, len), b(x, len));
            }

            var c = Node(depth - 1);
            int at = _rng.Next(10);
            _ops.Add($"scalar x[{at}]");
            return (x, len) => (x[at] * c(x, len)) + (1.5 - x[at]);
        }

        private static readonly (string Name, Func<Tensor, Tensor> F)[] Unaries =
        [
            ("sin", Tensor.Sin), ("cos", Tensor.Cos), ("tanh", Tensor.Tanh), ("sigmoid", Tensor.Sigmoid),
            ("square", Tensor.Square), ("abs", Tensor.Abs), ("relu", Tensor.Relu), ("atan", Tensor.Atan),
            ("exp", t => Tensor.Exp(Tensor.Tanh(t))), ("log1p", t => Tensor.Log1p(Tensor.Square(t))),
            ("sqrt", t => Tensor.Sqrt(1 + Tensor.Square(t))), ("affine", t => (0.5 * t) - 0.25),
            ("softplus", Tensor.Softplus), ("pow", t => Tensor.Pow(Tensor.Sigmoid(t), 1.5)), ("neg", t => -t),
        ];

        private static readonly (string Name, Func<Tensor, Tensor, Tensor> F)[] Binaries =
        [
            ("add", (a, b) => a + b), ("sub", (a, b) => a - b), ("mul", (a, b) => a * b),
            ("div", (a, b) => a / (1 + Tensor.Square(b))), ("max", Tensor.Maximum), ("min", Tensor.Minimum),
        ];
    }
}
