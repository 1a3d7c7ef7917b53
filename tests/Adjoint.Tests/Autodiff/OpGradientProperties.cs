using System.Globalization;
using System.Reflection;
using Adjoint.Autodiff;
using Adjoint.Tensors;
using Adjoint.Tests.Tensors;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;

namespace Adjoint.Tests.Autodiff;

/// <summary>
/// Property tests of every differentiable primitive: over random shapes (broadcasting pairs included) and random
/// values, the automatic gradient and the Hessian-vector products (reverse-over-reverse) agree with central finite
/// differences in float64 (<see cref="GradCheck"/>, rtol 1e-6). Multi-input operations are checked with respect to
/// each input with the others held constant, and jointly (all inputs packed into one vector, so mixed second
/// derivatives are compared too), and <see cref="Grad.ValueAndGrad(Func{Tensor[], Tensor}, Tensor[])"/> is checked
/// against the packed gradient. Inputs avoid kinks (ties, zeros, clamp bounds) and poles.
/// </summary>
/// <remarks>
/// <para>The lists are read from the library, not kept by hand: the elementwise theory runs over every row of the
/// rule table, and every concrete <c>Node</c> type must have a probe (a function whose recording contains it,
/// checked at first and second order) or a written exclusion with its reason, so a new operation without a
/// gradient check fails.</para>
/// <para>The generators run from a fixed replay seed, so every run draws the same cases.</para>
/// </remarks>
public class OpGradientProperties
{
    private const int MaxTest = 30;

    private static readonly Config Quick = Config.QuickThrowOnFailure
        .WithMaxTest(MaxTest)
        .WithQuietOnSuccess(true)
        .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(0x5EED_2024UL, 0x9E37_79B9UL), FSharpOption<int>.None)));

    // ---- generators ----------------------------------------------------------------------------------------------

    private static readonly Gen<int> Seeds = Gen.Choose(0, 1_000_000);

    private static Gen<Shape> Shapes(int minRank, int maxRank, int maxDim = 4) =>
        from rank in Gen.Choose(minRank, maxRank)
        from dims in Gen.ArrayOf(Gen.Choose(1, maxDim), rank)
        select new Shape(dims);

    /// <summary>Two shapes that broadcast together: fixed classics plus random ones derived from a common shape.</summary>
    private static readonly Gen<(Shape A, Shape B)> BroadcastPairs = Gen.OneOf(
        Gen.Elements<(Shape A, Shape B)>(
            ([3, 1], [1, 4]),
            ([2, 3, 4], [4]),
            ([4], [2, 3, 4]),
            ([], [2, 3]),
            ([2, 3], []),
            ([], []),
            ([2, 1, 3], [4, 1]),
            ([3], [3])),
        from full in Shapes(1, 3)
        from dropB in Gen.Choose(0, full.Rank)
        from onesA in Gen.ArrayOf(Gen.Choose(0, 2), full.Rank)
        from onesB in Gen.ArrayOf(Gen.Choose(0, 2), full.Rank)
        from swap in Gen.Elements(false, true)
        let a = Derive(full, 0, onesA)
        let b = Derive(full, dropB, onesB)
        select swap ? (b, a) : (a, b));

    /// <summary>The shape with its first <paramref name="drop"/> axes removed and axes where <paramref name="ones"/> is 0 set to 1.</summary>
    private static Shape Derive(Shape full, int drop, int[] ones)
    {
        var d = new List<int>();
        for (int i = drop; i < full.Rank; i++)
        {
            d.Add(ones[i] == 0 ? 1 : full[i]);
        }

        return new Shape([.. d]);
    }

    private static readonly Gen<ShapeCase> UnaryCases =
        from s in Shapes(0, 3)
        from seed in Seeds
        select new ShapeCase(s, seed);

    private static readonly Gen<PairCase> PairCases =
        from p in BroadcastPairs
        from seed in Seeds
        select new PairCase(p.A, p.B, seed);

    private sealed record ShapeCase(Shape Shape, int Seed);

    private sealed record PairCase(Shape A, Shape B, int Seed);

    private sealed record AxesCase(Shape Shape, int[]? Axes, bool KeepDims, int Seed)
    {
        public override string ToString() => $"{Shape} axes={(Axes is null ? "all" : "[" + string.Join(", ", Axes) + "]")} keepDims={KeepDims} seed={Seed}";
    }

    private sealed record IntsCase(Shape Shape, int[] Ints, int Seed)
    {
        public override string ToString() => $"{Shape} [{string.Join(", ", Ints)}] seed={Seed}";
    }

    private sealed record ListCase(Shape[] Shapes, int Axis, int Seed)
    {
        public override string ToString() => $"[{string.Join(", ", Shapes)}] axis={Axis} seed={Seed}";
    }

    private sealed record SliceCase(Shape Shape, TensorIndex[] Index, string Text, int Seed)
    {
        public override string ToString() => $"x{Shape}[{Text}] seed={Seed}";
    }

    // ---- values --------------------------------------------------------------------------------------------------

    private static Tensor Uniform(Shape s, int seed, double lo = -2, double hi = 2) => Tensor.RandomUniform(s, seed, lo, hi);

    /// <summary>Magnitudes in [lo, hi] with random signs: keeps away from 0.</summary>
    private static Tensor AwayFromZero(Shape s, int seed, double lo = 0.2, double hi = 2)
    {
        var rng = new Random(seed);
        var v = new double[s.Size];
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = (lo + ((hi - lo) * rng.NextDouble())) * (rng.Next(2) == 0 ? -1 : 1);
        }

        return Tensor.FromArray(v, s);
    }

    /// <summary>Values k/10 + offset, k in [-20, 20]: two grids with different offsets never come closer than their offset gap.</summary>
    private static Tensor Grid(Shape s, int seed, double offset)
    {
        var rng = new Random(seed);
        var v = new double[s.Size];
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = (rng.Next(-20, 21) / 10.0) + offset;
        }

        return Tensor.FromArray(v, s);
    }

    /// <summary>Distinct values at least 0.2 apart (no ties for max/min), in random order.</summary>
    private static Tensor Distinct(Shape s, int seed)
    {
        var rng = new Random(seed);
        int n = s.Size;
        var perm = Enumerable.Range(0, n).ToArray();
        rng.Shuffle(perm);
        var v = new double[n];
        for (int i = 0; i < n; i++)
        {
            v[i] = ((perm[i] - (n / 2.0)) * 0.25) + (0.05 * rng.NextDouble());
        }

        return Tensor.FromArray(v, s);
    }

    // ---- checks --------------------------------------------------------------------------------------------------

    private static void ForAll<T>(Gen<T> gen, Action<T> property, int maxTest = MaxTest) =>
        Check.One(Quick.WithMaxTest(maxTest), Prop.ForAll(gen.ToArbitrary(), property));

    /// <summary>Order-1 and order-2 (Hessian-vector product) checks against finite differences.</summary>
    private static void AssertDerivatives(Func<Tensor, Tensor> f, Tensor x, string what)
    {
        var first = GradCheck.Check(f, x, order: 1);
        Assert.True(first.Passed, $"{what}: {first.Message}");
        Assert.Equal(x.Size, first.Compared);
        var second = GradCheck.Check(f, x, order: 2);
        Assert.True(second.Passed, $"{what}: {second.Message}");
    }

    /// <summary>Checks <paramref name="f"/> and, for linear operations, its square (so the second-order pass runs through the rule).</summary>
    private static void AssertLinearOpDerivatives(Func<Tensor, Tensor> f, Tensor x, string what)
    {
        AssertDerivatives(f, x, what);
        AssertDerivatives(z => Tensor.Square(f(z)), x, what + " squared");
    }

    private static void AssertBinaryDerivatives(Func<Tensor, Tensor, Tensor> op, Tensor a, Tensor b, string what)
    {
        AssertDerivatives(x => op(x, b), a, what + " wrt a");
        AssertDerivatives(y => op(a, y), b, what + " wrt b");
        AssertJointDerivatives(xs => op(xs[0], xs[1]), [a, b], what);
    }

    /// <summary>The inputs packed into one flat vector.</summary>
    private static Tensor Pack(Tensor[] inputs) => Tensor.Concat([.. inputs.Select(t => t.Flatten())]);

    /// <summary>Slices of a packed vector, reshaped like <paramref name="like"/> (differentiable).</summary>
    private static Tensor[] Unpack(Tensor z, Tensor[] like)
    {
        var parts = new Tensor[like.Length];
        int off = 0;
        for (int i = 0; i < like.Length; i++)
        {
            int n = like[i].Size;
            parts[i] = z[off..(off + n)].Reshape(like[i].Shape);
            off += n;
        }

        return parts;
    }

    /// <summary>
    /// Checks a function of several inputs as a function of all of them at once (mixed second derivatives included),
    /// and checks that ValueAndGrad over a Tensor[] agrees with the gradient of the packed function.
    /// </summary>
    private static void AssertJointDerivatives(Func<Tensor[], Tensor> f, Tensor[] inputs, string what)
    {
        var packed = Pack(inputs);
        AssertDerivatives(z => f(Unpack(z, inputs)), packed, what + " jointly");

        Tensor probe;
        using (Grad.NoGrad())
        {
            probe = f(inputs);
        }

        var w = Tensor.RandomNormal(probe.Shape, 99);
        Tensor Phi(Tensor[] xs) => (f(xs) * w).Sum();
        var (value, grads) = Grad.ValueAndGrad(Phi, inputs);
        var (packedValue, packedGrad) = Grad.ValueAndGrad(z => Phi(Unpack(z, inputs)), packed);
        Assert.Equal(inputs.Length, grads.Length);
        for (int i = 0; i < inputs.Length; i++)
        {
            Assert.Equal(inputs[i].Shape, grads[i].Shape);
        }

        TensorAssert.Close([packedValue.Item()], [value.Item()], 1e-12, 1e-12, what + " value");
        TensorAssert.Close(packedGrad.ToArray(), Pack(grads).ToArray(), 1e-12, 1e-12, what + " ValueAndGrad(Tensor[])");
    }

    // ---- elementwise ---------------------------------------------------------------------------------------------

    /// <summary>
    /// The gradient check of each row of the elementwise rule table, by rule name: the public function and a value
    /// domain away from its poles and kinks. A row missing here fails <see cref="UnaryRule_EveryRowOfTheTable_HasAGradientCheck"/>.
    /// </summary>
    private static readonly Dictionary<string, (Func<Tensor, Tensor> F, Func<Shape, int, Tensor> Values)> UnaryChecks = new()
    {
        ["Neg"] = (x => -x, (s, k) => Uniform(s, k)),
        ["Exp"] = (Tensor.Exp, (s, k) => Uniform(s, k)),
        ["Log"] = (Tensor.Log, (s, k) => Uniform(s, k, 0.3, 3)),
        ["Log1p"] = (Tensor.Log1p, (s, k) => Uniform(s, k, -0.6, 2)),
        ["Expm1"] = (Tensor.Expm1, (s, k) => Uniform(s, k, -1.5, 1.5)),
        ["Sqrt"] = (Tensor.Sqrt, (s, k) => Uniform(s, k, 0.3, 3)),
        ["Square"] = (Tensor.Square, (s, k) => Uniform(s, k)),
        ["Abs"] = (Tensor.Abs, (s, k) => AwayFromZero(s, k)),
        ["Sin"] = (Tensor.Sin, (s, k) => Uniform(s, k, -3, 3)),
        ["Cos"] = (Tensor.Cos, (s, k) => Uniform(s, k, -3, 3)),
        ["Tan"] = (Tensor.Tan, (s, k) => Uniform(s, k, -1.2, 1.2)),
        ["Atan"] = (Tensor.Atan, (s, k) => Uniform(s, k, -3, 3)),
        ["Tanh"] = (Tensor.Tanh, (s, k) => Uniform(s, k, -3, 3)),
        ["Sigmoid"] = (Tensor.Sigmoid, (s, k) => Uniform(s, k, -5, 5)),
        ["Softplus"] = (Tensor.Softplus, (s, k) => Uniform(s, k, -5, 5)),
        ["Relu"] = (Tensor.Relu, (s, k) => AwayFromZero(s, k)),
        // Piecewise constant (no recorded rule): away from the jumps the derivative is 0 and must be reported as 0.
        ["Sign"] = (Tensor.Sign, (s, k) => AwayFromZero(s, k)),
        ["Step"] = (Adjoint.Autodiff.Ops.Unary.Step, (s, k) => AwayFromZero(s, k)),
    };

    /// <summary>Every row of the elementwise rule table, read from the table itself (so a new row is checked or fails).</summary>
    public static TheoryData<string> UnaryRuleNames()
    {
        var data = new TheoryData<string>();
        foreach (var rule in UnaryTable())
        {
            data.Add(rule.Name);
        }

        return data;
    }

    private static IEnumerable<Adjoint.Autodiff.Ops.UnaryRule> UnaryTable() =>
        typeof(Adjoint.Autodiff.Ops.Unary).GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(Adjoint.Autodiff.Ops.UnaryRule))
            .Select(f => (Adjoint.Autodiff.Ops.UnaryRule)f.GetValue(null)!);

    [Fact]
    public void UnaryRule_EveryRowOfTheTable_HasAGradientCheck()
    {
        var rows = UnaryTable().Select(r => r.Name).ToHashSet();
        Assert.NotEmpty(rows);
        Assert.Empty(rows.Except(UnaryChecks.Keys));
        Assert.Empty(UnaryChecks.Keys.Except(rows));
    }

    [Theory]
    [MemberData(nameof(UnaryRuleNames))]
    public void UnaryOp_RandomShapesAndValues_DerivativesMatchFiniteDifferences(string op)
    {
        Assert.True(UnaryChecks.TryGetValue(op, out var check), $"The rule table row {op} has no gradient check: add it to UnaryChecks with a value domain.");
        var (f, values) = check;

        ForAll(UnaryCases, c =>
        {
            var x = values(c.Shape, c.Seed);
            AssertDerivatives(f, x, op);
            // Composed with a nonlinear outer function, the rule's own derivative is exercised with a non-constant seed.
            AssertDerivatives(z => Tensor.Sin(f(z)), x, "sin o " + op);
        });
    }

    [Theory]
    [InlineData("x + c")]
    [InlineData("c + x")]
    [InlineData("x - c")]
    [InlineData("c - x")]
    [InlineData("x * c")]
    [InlineData("c * x")]
    [InlineData("x / c")]
    [InlineData("c / x")]
    [InlineData("Pow(x, 3)")]
    [InlineData("Pow(x, -1.5)")]
    [InlineData("Pow(x, 0.5)")]
    [InlineData("Pow(x, 2)")]
    [InlineData("Pow(x, 2.5)")]
    [InlineData("Pow(x, 0)")]
    [InlineData("x.Pow(-1)")]
    [InlineData("Pow(c, x)")]
    [InlineData("Maximum(x, c)")]
    [InlineData("Minimum(x, c)")]
    public void ScalarOperandOp_RandomShapesAndValues_DerivativesMatchFiniteDifferences(string op)
    {
        const double c = 1.7;
        Func<Tensor, Tensor> f = op switch
        {
            "x + c" => x => x + c,
            "c + x" => x => c + x,
            "x - c" => x => x - c,
            "c - x" => x => c - x,
            "x * c" => x => x * c,
            "c * x" => x => c * x,
            "x / c" => x => x / c,
            "c / x" => x => c / x,
            "Pow(x, 3)" => x => Tensor.Pow(x, 3.0),
            "Pow(x, -1.5)" => x => Tensor.Pow(x, -1.5),
            "Pow(x, 0.5)" => x => Tensor.Pow(x, 0.5),
            "Pow(x, 2)" => x => Tensor.Pow(x, 2.0),
            "Pow(x, 2.5)" => x => Tensor.Pow(x, 2.5),
            "Pow(x, 0)" => x => Tensor.Pow(x, 0.0) * x,
            "x.Pow(-1)" => x => x.Pow(-1),
            "Pow(c, x)" => x => Tensor.Pow(c, x),
            "Maximum(x, c)" => x => Tensor.Maximum(x, 0.05),
            "Minimum(x, c)" => x => Tensor.Minimum(x, 0.05),
            _ => throw new ArgumentOutOfRangeException(nameof(op)),
        };
        bool positive = op.StartsWith("Pow(x", StringComparison.Ordinal) || op == "x.Pow(-1)" || op == "c / x";
        bool grid = op.StartsWith('M');

        ForAll(UnaryCases, k =>
        {
            var x = grid ? Grid(k.Shape, k.Seed, 0) : positive ? Uniform(k.Shape, k.Seed, 0.4, 2.5) : Uniform(k.Shape, k.Seed);
            AssertLinearOpDerivatives(f, x, op);
        });
    }

    [Theory]
    [InlineData("Add")]
    [InlineData("Subtract")]
    [InlineData("Multiply")]
    [InlineData("Divide")]
    [InlineData("Pow")]
    [InlineData("Maximum")]
    [InlineData("Minimum")]
    [InlineData("operator +")]
    [InlineData("operator -")]
    [InlineData("operator *")]
    [InlineData("operator /")]
    public void BinaryOp_BroadcastingShapes_DerivativesMatchFiniteDifferences(string op)
    {
        Func<Tensor, Tensor, Tensor> f = op switch
        {
            "Add" => Tensor.Add,
            "Subtract" => Tensor.Subtract,
            "Multiply" => Tensor.Multiply,
            "Divide" => Tensor.Divide,
            "Pow" => Tensor.Pow,
            "Maximum" => Tensor.Maximum,
            "Minimum" => Tensor.Minimum,
            "operator +" => (a, b) => a + b,
            "operator -" => (a, b) => a - b,
            "operator *" => (a, b) => a * b,
            "operator /" => (a, b) => a / b,
            _ => throw new ArgumentOutOfRangeException(nameof(op)),
        };

        ForAll(PairCases, c =>
        {
            Tensor a, b;
            switch (op)
            {
                case "Divide" or "operator /":
                    a = Uniform(c.A, c.Seed);
                    b = AwayFromZero(c.B, c.Seed + 1, 0.5, 2);
                    break;
                case "Pow":
                    a = Uniform(c.A, c.Seed, 0.5, 2);
                    b = Uniform(c.B, c.Seed + 1, -2, 2);
                    break;
                case "Maximum" or "Minimum":
                    // Grids offset by 0.05: no ties anywhere in the broadcast.
                    a = Grid(c.A, c.Seed, 0.05);
                    b = Grid(c.B, c.Seed + 1, 0);
                    break;
                default:
                    a = Uniform(c.A, c.Seed);
                    b = Uniform(c.B, c.Seed + 1);
                    break;
            }

            AssertBinaryDerivatives(f, a, b, op);
            AssertBinaryDerivatives((x, y) => Tensor.Square(f(x, y)), a, b, op + " squared");
        });
    }

    [Fact]
    public void Where_BroadcastingConditionAndBranches_DerivativesMatchFiniteDifferences()
    {
        var cases =
            from p in BroadcastPairs
            from condOnA in Gen.Elements(false, true)
            from seed in Seeds
            select (p.A, p.B, CondOnA: condOnA, Seed: seed);

        ForAll(cases, c =>
        {
            var a = Uniform(c.A, c.Seed);
            var b = Uniform(c.B, c.Seed + 1);
            // The condition takes the shape of one operand (so it broadcasts too) with random 0/1 entries.
            var cond = Tensor.Greater(Uniform(c.CondOnA ? c.A : c.B, c.Seed + 2, 0, 1), 0.5);
            AssertBinaryDerivatives((x, y) => Tensor.Where(cond, x, y), a, b, "Where");
            AssertBinaryDerivatives((x, y) => Tensor.Where(cond, x * y, Tensor.Exp(y)), a, b, "Where of nonlinear branches");
        });
    }

    [Fact]
    public void Clamp_ValuesAwayFromBounds_DerivativesMatchFiniteDifferences()
    {
        ForAll(UnaryCases, c =>
        {
            // Bounds at -0.55 and 0.75; values on the grid k/10 stay at least 0.05 from both.
            var x = Grid(c.Shape, c.Seed, 0);
            AssertLinearOpDerivatives(z => Tensor.Clamp(z, -0.55, 0.75), x, "Clamp");
            AssertDerivatives(z => Tensor.Clamp(z, -0.55, 0.75) * Tensor.Sin(z), x, "Clamp times sin");
        });
    }

    // ---- reductions ----------------------------------------------------------------------------------------------

    private static readonly Gen<AxesCase> ReductionCases =
        from s in Shapes(0, 3)
        from allAxes in Gen.Elements(true, false)
        from picks in Gen.ArrayOf(Gen.Elements(false, true), s.Rank)
        from negative in Gen.ArrayOf(Gen.Elements(false, true), s.Rank)
        from order in Gen.Shuffle(Enumerable.Range(0, s.Rank))
        from keep in Gen.Elements(false, true)
        from seed in Seeds
        select new AxesCase(s, allAxes || s.Rank == 0 ? null : PickAxes(s.Rank, order, picks, negative), keep, seed);

    /// <summary>A non-empty, unordered subset of the axes, some written as negative axes.</summary>
    private static int[] PickAxes(int rank, int[] order, bool[] picks, bool[] negative)
    {
        var axes = new List<int>();
        foreach (int a in order)
        {
            if (picks[a] || axes.Count == 0 && a == order[^1])
            {
                axes.Add(negative[a] ? a - rank : a);
            }
        }

        return [.. axes];
    }

    [Theory]
    [InlineData("Sum")]
    [InlineData("Mean")]
    [InlineData("Max")]
    [InlineData("Min")]
    [InlineData("Prod")]
    [InlineData("LogSumExp")]
    [InlineData("Norm")]
    public void Reduction_RandomAxesAndKeepDims_DerivativesMatchFiniteDifferences(string op)
    {
        Func<Tensor, int[]?, bool, Tensor> f = op switch
        {
            "Sum" => Tensor.Sum,
            "Mean" => Tensor.Mean,
            "Max" => Tensor.Max,
            "Min" => Tensor.Min,
            "Prod" => Tensor.Prod,
            "LogSumExp" => Tensor.LogSumExp,
            "Norm" => Tensor.Norm,
            _ => throw new ArgumentOutOfRangeException(nameof(op)),
        };

        ForAll(ReductionCases, c =>
        {
            var x = op switch
            {
                "Max" or "Min" => Distinct(c.Shape, c.Seed),
                "Prod" => AwayFromZero(c.Shape, c.Seed, 0.6, 1.4),
                _ => Uniform(c.Shape, c.Seed),
            };
            var expected = ExpectedReducedShape(c.Shape, c.Axes, c.KeepDims);
            Assert.Equal(expected, f(x, c.Axes, c.KeepDims).Shape);
            AssertLinearOpDerivatives(z => f(z, c.Axes, c.KeepDims), x, $"{op} {c}");
        });
    }

    private static Shape ExpectedReducedShape(Shape s, int[]? axes, bool keepDims)
    {
        var reduced = axes is null ? Enumerable.Range(0, s.Rank).ToHashSet() : axes.Select(a => a < 0 ? a + s.Rank : a).ToHashSet();
        var d = new List<int>();
        for (int i = 0; i < s.Rank; i++)
        {
            if (!reduced.Contains(i))
            {
                d.Add(s[i]);
            }
            else if (keepDims)
            {
                d.Add(1);
            }
        }

        return new Shape([.. d]);
    }

    [Theory]
    [InlineData("Softmax")]
    [InlineData("LogSoftmax")]
    public void SoftmaxFamily_RandomAxis_DerivativesMatchFiniteDifferences(string op)
    {
        var cases =
            from s in Shapes(1, 3)
            from axis in Gen.Choose(-s.Rank, s.Rank - 1)
            from seed in Seeds
            select new IntsCase(s, [axis], seed);

        ForAll(cases, c =>
        {
            var x = Uniform(c.Shape, c.Seed, -3, 3);
            int axis = c.Ints[0];
            Func<Tensor, Tensor> f = op == "Softmax" ? z => Tensor.Softmax(z, axis) : z => Tensor.LogSoftmax(z, axis);
            AssertDerivatives(f, x, $"{op} {c}");
        });
    }

    // ---- linear algebra ------------------------------------------------------------------------------------------

    private static readonly string[] MatMulKinds =
        ["matrix-matrix", "matrix-vector", "vector-matrix", "vector-vector", "batched", "broadcast batch", "batched-matrix", "matrix-batched", "batched-vector", "vector-batched"];

    [Fact]
    public void MatMul_AllOperandKinds_DerivativesMatchFiniteDifferences()
    {
        var cases =
            from kind in Gen.Elements(MatMulKinds)
            from dims in Gen.ArrayOf(Gen.Choose(1, 4), 5)
            from seed in Seeds
            select (Kind: kind, Shapes: MatMulShapes(kind, dims[0], dims[1], dims[2], dims[3], dims[4]), Seed: seed);

        ForAll(cases, c =>
        {
            var a = Uniform(c.Shapes.A, c.Seed);
            var b = Uniform(c.Shapes.B, c.Seed + 1);
            var what = $"MatMul {c.Kind} {c.Shapes.A} @ {c.Shapes.B}";
            Assert.Equal(c.Shapes.Result, Tensor.MatMul(a, b).Shape);
            AssertBinaryDerivatives(Tensor.MatMul, a, b, what);
            AssertBinaryDerivatives((x, y) => Tensor.Tanh(x.MatMul(y)), a, b, what + " through tanh");
        });
    }

    private static (Shape A, Shape B, Shape Result) MatMulShapes(string kind, int m, int k, int n, int b, int c) => kind switch
    {
        "matrix-matrix" => ([m, k], [k, n], [m, n]),
        "matrix-vector" => ([m, k], [k], [m]),
        "vector-matrix" => ([k], [k, n], [n]),
        "vector-vector" => ([k], [k], []),
        "batched" => ([b, m, k], [b, k, n], [b, m, n]),
        "broadcast batch" => ([b, 1, m, k], [c, k, n], [b, c, m, n]),
        "batched-matrix" => ([b, m, k], [k, n], [b, m, n]),
        "matrix-batched" => ([m, k], [b, k, n], [b, m, n]),
        "batched-vector" => ([b, m, k], [k], [b, m]),
        "vector-batched" => ([k], [b, k, n], [b, n]),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Fact]
    public void DotAndOuter_RandomVectors_DerivativesMatchFiniteDifferences()
    {
        var cases =
            from n in Gen.Choose(1, 6)
            from m in Gen.Choose(1, 6)
            from seed in Seeds
            select new IntsCase([n], [m], seed);

        ForAll(cases, c =>
        {
            var a = Uniform(c.Shape, c.Seed);
            var b = Uniform(c.Shape, c.Seed + 1);
            var d = Uniform([c.Ints[0]], c.Seed + 2);
            AssertBinaryDerivatives(Tensor.Dot, a, b, "Dot");
            AssertBinaryDerivatives((x, y) => Tensor.Exp(Tensor.Dot(x, y)), a, b, "exp o Dot");
            AssertBinaryDerivatives(Tensor.Outer, a, d, "Outer");
            AssertBinaryDerivatives((x, y) => Tensor.Square(Tensor.Outer(x, y)), a, d, "Outer squared");
        });
    }

    // ---- shape operations ----------------------------------------------------------------------------------------

    [Fact]
    public void TransposeAndPermute_RandomAxes_DerivativesMatchFiniteDifferences()
    {
        var cases =
            from s in Shapes(1, 4, 3)
            from perm in Gen.Shuffle(Enumerable.Range(0, s.Rank))
            from a0 in Gen.Choose(-s.Rank, s.Rank - 1)
            from a1 in Gen.Choose(-s.Rank, s.Rank - 1)
            from seed in Seeds
            select new IntsCase(s, [a0, a1, .. perm], seed);

        ForAll(cases, c =>
        {
            var x = Uniform(c.Shape, c.Seed);
            int a0 = c.Ints[0], a1 = c.Ints[1];
            int[] perm = c.Ints[2..];
            AssertLinearOpDerivatives(z => z.Transpose(a0, a1), x, $"Transpose({a0}, {a1}) of {c.Shape}");
            AssertLinearOpDerivatives(z => z.T, x, $"T of {c.Shape}");
            AssertLinearOpDerivatives(z => z.Permute(perm), x, $"Permute({string.Join(", ", perm)}) of {c.Shape}");
        });
    }

    [Fact]
    public void ReshapeFamily_RandomShapes_DerivativesMatchFiniteDifferences()
    {
        var cases =
            from s in Shapes(0, 3)
            from order in Gen.Shuffle(Enumerable.Range(0, s.Rank))
            from inferred in Gen.Choose(-1, s.Rank - 1)
            from axis in Gen.Choose(-s.Rank - 1, s.Rank)
            from seed in Seeds
            select new IntsCase(s, [inferred, axis, .. order], seed);

        ForAll(cases, c =>
        {
            var x = Uniform(c.Shape, c.Seed);
            // Target: the dimensions in shuffled order, one of them possibly written as -1.
            var target = c.Ints[2..].Select(i => c.Shape[i]).ToArray();
            if (c.Ints[0] >= 0)
            {
                target[c.Ints[0]] = -1;
            }

            int axis = c.Ints[1];
            AssertLinearOpDerivatives(z => z.Reshape(target), x, $"Reshape({string.Join(", ", target)}) of {c.Shape}");
            AssertLinearOpDerivatives(z => z.Flatten(), x, $"Flatten of {c.Shape}");
            AssertLinearOpDerivatives(z => z.Unsqueeze(axis), x, $"Unsqueeze({axis}) of {c.Shape}");
            AssertLinearOpDerivatives(z => z.Unsqueeze(axis).Squeeze(axis), x, $"Unsqueeze then Squeeze({axis}) of {c.Shape}");
            AssertLinearOpDerivatives(z => z.Unsqueeze(axis).Squeeze(), x, $"Unsqueeze({axis}) then Squeeze() of {c.Shape}");
        });
    }

    [Fact]
    public void BroadcastTo_RandomCompatibleShapes_DerivativesMatchFiniteDifferences()
    {
        ForAll(PairCases, c =>
        {
            var x = Uniform(c.A, c.Seed);
            var target = (Tensor.Zeros(c.A) + Tensor.Zeros(c.B)).Shape;
            AssertLinearOpDerivatives(z => z.BroadcastTo(target), x, $"BroadcastTo {c.A} -> {target}");
        });
    }

    private static readonly Gen<SliceCase> SliceCases =
        from s in Shapes(1, 3, 6)
        from count in Gen.Choose(1, s.Rank)
        from specs in Gen.ArrayOf(Gen.ArrayOf(Gen.Choose(-8, 8), 5), count)
        from seed in Seeds
        select MakeSlice(s, specs, seed);

    /// <summary>One index per leading axis from five random numbers: an integer, a Range, or a Step (null bounds, negative steps).</summary>
    private static SliceCase MakeSlice(Shape s, int[][] specs, int seed)
    {
        var index = new TensorIndex[specs.Length];
        var text = new List<string>();
        for (int a = 0; a < specs.Length; a++)
        {
            int n = s[a];
            var r = specs[a];
            int kind = Math.Abs(r[0]) % 4;
            if (kind == 0)
            {
                int i = Math.Abs(r[1]) % (2 * n) - n;
                index[a] = i;
                text.Add(i.ToString(CultureInfo.InvariantCulture));
            }
            else if (kind == 1)
            {
                var start = r[1] >= 0 ? new Index(Math.Abs(r[1]) % (n + 1)) : Index.FromEnd(Math.Abs(r[1]) % (n + 1));
                var end = r[2] >= 0 ? new Index(Math.Abs(r[2]) % (n + 1)) : Index.FromEnd(Math.Abs(r[2]) % (n + 1));
                index[a] = start..end;
                text.Add($"{start}..{end}");
            }
            else
            {
                int magnitude = 1 + (Math.Abs(r[3]) % 3);
                int step = r[4] >= 0 ? magnitude : -magnitude;
                int? start = r[1] % 3 == 0 ? null : r[1];
                int? stop = r[2] % 3 == 0 ? null : r[2];
                index[a] = TensorIndex.Step(start, stop, step);
                text.Add($"{start?.ToString(CultureInfo.InvariantCulture) ?? ""}:{stop?.ToString(CultureInfo.InvariantCulture) ?? ""}:{step}");
            }
        }

        return new SliceCase(s, index, string.Join(", ", text), seed);
    }

    [Fact]
    public void Slicing_RangesStepsAndIntegers_DerivativesMatchFiniteDifferences()
    {
        ForAll(SliceCases, c =>
        {
            var x = Uniform(c.Shape, c.Seed);
            AssertLinearOpDerivatives(z => z[c.Index], x, c.ToString());
            AssertDerivatives(z => z[c.Index] * Tensor.Sin(z[c.Index]), x, c + " times its sine");
        }, maxTest: 60);
    }

    [Fact]
    public void Slicing_FixedForms_DerivativesMatchFiniteDifferences()
    {
        var x = Uniform([5], 1);
        var m = Uniform([3, 4], 2);
        AssertLinearOpDerivatives(z => z[1..], x, "x[1..]");
        AssertLinearOpDerivatives(z => z[..^1], x, "x[..^1]");
        AssertLinearOpDerivatives(z => z[1..] - z[..^1], x, "x[1..] - x[..^1]");
        AssertLinearOpDerivatives(z => z[TensorIndex.Step(null, null, -1)], x, "x[::-1]");
        AssertLinearOpDerivatives(z => z[TensorIndex.Step(-1, 0, -2)], x, "x[-1:0:-2]");
        AssertLinearOpDerivatives(z => z[.., 0], m, "m[.., 0]");
        AssertLinearOpDerivatives(z => z[^1], m, "m[^1]");
        AssertLinearOpDerivatives(z => z[TensorIndex.Step(null, null, -1), TensorIndex.Step(1, null, 2)], m, "m[::-1, 1::2]");
    }

    [Fact]
    public void ConcatAndStack_RandomShapesAndAxes_DerivativesMatchFiniteDifferences()
    {
        var concatCases =
            from s in Shapes(1, 3)
            from axis in Gen.Choose(-s.Rank, s.Rank - 1)
            from lengths in Gen.ArrayOf(Gen.Choose(1, 3), 3)
            from count in Gen.Choose(1, 3)
            from seed in Seeds
            select new ListCase([.. lengths.Take(count).Select(len => WithDim(s, axis, len))], axis, seed);

        ForAll(concatCases, c =>
        {
            var xs = c.Shapes.Select((s, i) => Uniform(s, c.Seed + i)).ToArray();
            var what = "Concat " + c;
            AssertJointDerivatives(ts => Tensor.Concat(ts, c.Axis), xs, what);
            AssertJointDerivatives(ts => Tensor.Square(Tensor.Concat(ts, c.Axis)), xs, what + " squared");
            for (int i = 0; i < xs.Length; i++)
            {
                int at = i;
                AssertDerivatives(z => Tensor.Concat([.. xs.Select((t, j) => j == at ? z : t)], c.Axis), xs[i], $"{what} wrt input {i}");
            }
        });

        var stackCases =
            from s in Shapes(0, 3)
            from axis in Gen.Choose(-s.Rank - 1, s.Rank)
            from count in Gen.Choose(1, 3)
            from seed in Seeds
            select new ListCase([.. Enumerable.Repeat(s, count)], axis, seed);

        ForAll(stackCases, c =>
        {
            var xs = c.Shapes.Select((s, i) => Uniform(s, c.Seed + i)).ToArray();
            var what = "Stack " + c;
            AssertJointDerivatives(ts => Tensor.Stack(ts, c.Axis), xs, what);
            AssertJointDerivatives(ts => Tensor.Square(Tensor.Stack(ts, c.Axis)), xs, what + " squared");
        });
    }

    private static Shape WithDim(Shape s, int axis, int length)
    {
        var d = s.ToArray();
        d[axis < 0 ? axis + d.Length : axis] = length;
        return new Shape(d);
    }

    [Fact]
    public void GatherAndScatterAdd_RepeatedAndNegativeIndices_DerivativesMatchFiniteDifferences()
    {
        var cases =
            from s in Shapes(1, 3)
            from k in Gen.Choose(1, 6)
            from raw in Gen.ArrayOf(Gen.Choose(-s[0], s[0] - 1), k)
            from seed in Seeds
            select new IntsCase(s, [.. raw, raw[0]], seed); // the first index always repeats

        ForAll(cases, c =>
        {
            var source = Uniform(c.Shape, c.Seed);
            var idx = c.Ints;
            AssertLinearOpDerivatives(z => Tensor.Gather(z, idx), source, "Gather " + c);
            AssertLinearOpDerivatives(z => z[idx], source, "indexer " + c);

            var valuesShape = WithDim(c.Shape, 0, idx.Length);
            var values = Uniform(valuesShape, c.Seed + 1);
            AssertBinaryDerivatives((input, v) => Tensor.ScatterAdd(input, idx, v), source, values, "ScatterAdd " + c);
            AssertBinaryDerivatives((input, v) => Tensor.Square(Tensor.ScatterAdd(input, idx, v)), source, values, "ScatterAdd squared " + c);
        });
    }

    // ---- every recorded operation -------------------------------------------------------------------------------

    /// <summary>A user-defined operation, so that the node of <see cref="DifferentiableFunction"/> is checked too.</summary>
    private sealed class Cube : DifferentiableFunction
    {
        protected override Tensor Forward(IReadOnlyList<Tensor> inputs) => inputs[0] * inputs[0] * inputs[0];

        protected override Tensor?[] Backward(IReadOnlyList<Tensor> inputs, Tensor output, Tensor grad) => [3 * grad * inputs[0].Square()];
    }

    /// <summary>A probe: a function whose recording contains the node, checked at first and second order.</summary>
    internal sealed record NodeProbe(Func<Tensor, Tensor> F, double? Step = null, double Rtol = 1e-6);

    /// <summary>Distinct positive values (no ties, no kinks at 0, away from the clamp bounds 0.7 and 1.5).</summary>
    internal static readonly double[] ProbePoint = [0.6, 0.9, 1.2, 1.7];

    /// <summary>
    /// One probe per concrete <c>Node</c> type of the library, named DeclaringType.Type. The property tests above
    /// check each operation over random shapes; these pin that no node type is left out of them.
    /// </summary>
    internal static readonly Dictionary<string, NodeProbe> NodeProbes = new()
    {
        ["Binary.AddNode"] = new(z => z + z.Square()),
        ["Binary.SubtractNode"] = new(z => z - z.Square()),
        ["Binary.MultiplyNode"] = new(z => z * Tensor.Exp(z)),
        ["Binary.DivideNode"] = new(z => Tensor.Exp(z) / z),
        ["Binary.PowNode"] = new(z => Tensor.Pow(z, z)),
        ["Binary.ExtremumNode"] = new(z => Tensor.Maximum(z, 0.7 * z.Square()) + Tensor.Minimum(z, 0.7 * z.Square())),
        // A comparison is recorded with a zero derivative: the gradient flows through the other factor only.
        ["Binary.CompareNode`1"] = new(z => (z * Tensor.Greater(z, 1.0)) + z.Square()),
        ["Unary.UnaryNode"] = new(z => Tensor.Sin(z) * Tensor.Atan(z)),
        ["ScalarOps.AffineNode"] = new(z => (3 * z + 1).Square()),
        ["ScalarOps.PowNode"] = new(z => Tensor.Pow(z, 2.5)),
        ["Select.WhereNode"] = new(z => Tensor.Where(Tensor.Greater(z, 1.0), z.Square(), Tensor.Exp(z))),
        ["Select.ClampNode"] = new(z => Tensor.Clamp(z, 0.7, 1.5) * Tensor.Sin(z)),
        // Through float32 and back: a larger step keeps float32 rounding out of the finite differences.
        ["Cast.CastNode"] = new(z => (z.To(DType.Float32).Square() * 0.5).To(DType.Float64), Step: 1e-2, Rtol: 1e-3),
        ["Cast.CopyNode"] = new(z => z.Clone() * z),
        ["Reduce.SumNode"] = new(z => (z * z).Sum() + z.Square().Mean()),
        ["Reduce.ExtremumNode"] = new(z => z * (z.Max() + z.Min())),
        ["Reduce.ProdNode"] = new(z => Tensor.Prod(z)),
        ["Reduce.LogSumExpNode"] = new(z => Tensor.LogSumExp(z.Square())),
        ["Norms.NormNode"] = new(z => Tensor.Norm(z).Square() * Tensor.Norm(z)),
        ["ShapeOps.ReshapeNode"] = new(z => z.Reshape(2, 2).Square()),
        ["ShapeOps.BroadcastNode"] = new(z => z.BroadcastTo([3, 4]).Square() * Tensor.Arange(12).Reshape(3, 4)),
        ["ShapeOps.PermuteNode"] = new(z => z.Reshape(2, 2).T.Square() * Tensor.Arange(4).Reshape(2, 2)),
        ["MatMul.MatMulNode"] = new(z => z.Reshape(2, 2).MatMul(z.Reshape(2, 2))),
        ["Indexing.SliceNode"] = new(z => z[1..] * z[..^1]),
        // Recorded by the backward pass of a slice when it is itself recorded (a gradient inside the function).
        ["Indexing.SliceAdjointNode"] = new(z => Grad.Gradient(w => (w[1..].Square() * w[..^1]).Sum(), z)),
        ["Indexing.ConcatNode"] = new(z => Tensor.Concat([z, z.Square()])),
        ["Indexing.GatherNode"] = new(z => Tensor.Gather(z, [0, 2, 2]).Square()),
        ["Indexing.ScatterAddNode"] = new(z => Tensor.ScatterAdd(z, [1, 1], z[..2].Square())),
        // A watched alias of a tracked tensor: the link a gradient taken inside the function makes to the outside.
        ["Tape.IdentityNode"] = new(z => Grad.Gradient(w => (w * w * w).Sum(), z)),
        ["DifferentiableFunction.FunctionNode"] = new(z => new Cube().Apply(z) * z),
        ["FftOps.ComplexFftNode"] = new(z => Adjoint.Spectral.Fft.Forward(z.Reshape(2, 2)).Square() * z.Reshape(2, 2)),
        ["FftOps.RealToComplexNode"] = new(z => Adjoint.Spectral.Fft.RealForward(z * z).Reshape(6) * Tensor.Arange(6)),
        ["FftOps.ComplexToRealNode"] = new(z => Adjoint.Spectral.Fft.RealInverse(z.Reshape(2, 2), n: 3).Square() * z[..3]),
    };

    /// <summary>Node types without a derivative rule of their own, with the reason.</summary>
    private static readonly Dictionary<string, string> NodeExclusions = new()
    {
        ["LeafNode"] = "a source of differentiation (a watched tensor): it has no inputs and no rule",
    };

    internal static string NodeName(Type t) => t.DeclaringType is { } d ? $"{d.Name}.{t.Name}" : t.Name;

    public static TheoryData<string> NodeTypeNames()
    {
        var data = new TheoryData<string>();
        foreach (var t in NodeTypes())
        {
            data.Add(NodeName(t));
        }

        return data;
    }

    internal static IEnumerable<Type> NodeTypes() =>
        typeof(Node).Assembly.GetTypes().Where(t => !t.IsAbstract && t.IsSubclassOf(typeof(Node))).OrderBy(NodeName, StringComparer.Ordinal);

    [Fact]
    public void NodeProbes_NameExactlyTheNodeTypesOfTheLibrary()
    {
        var names = NodeTypes().Select(NodeName).ToHashSet();
        Assert.Empty(NodeProbes.Keys.Intersect(NodeExclusions.Keys));
        Assert.Empty(names.Except(NodeProbes.Keys).Except(NodeExclusions.Keys));
        Assert.Empty(NodeProbes.Keys.Concat(NodeExclusions.Keys).Except(names));
    }

    [Theory]
    [MemberData(nameof(NodeTypeNames))]
    public void NodeType_ProbeRecordsIt_DerivativesMatchFiniteDifferences(string node)
    {
        if (NodeExclusions.TryGetValue(node, out var reason))
        {
            Assert.False(string.IsNullOrWhiteSpace(reason));
            Assert.False(NodeProbes.ContainsKey(node));
            return;
        }

        Assert.True(NodeProbes.TryGetValue(node, out var probe), $"{node} has no gradient check: add a probe to NodeProbes (or an exclusion with its reason).");
        var x = Tensor.FromArray(ProbePoint);
        var recorded = new HashSet<string>();
        using (var tape = GradientTape.Begin())
        {
            probe.F(tape.Watch(x));
            for (int i = 0; i < tape.Tape.Count; i++)
            {
                recorded.Add(NodeName(tape.Tape.NodeAt(i).GetType()));
            }
        }

        Assert.True(recorded.Contains(node), $"The probe of {node} records only {string.Join(", ", recorded.Order())}.");
        foreach (int order in new[] { 1, 2 })
        {
            var result = GradCheck.Check(probe.F, x, order, probe.Step, probe.Rtol);
            Assert.True(result.Passed, $"{node}, order {order}: {result.Message}");
        }
    }

    // ---- dtype conversion ----------------------------------------------------------------------------------------

    [Fact]
    public void ToDType_RoundTripThroughFloat32_GradientAndHvpMatchAnalytic()
    {
        ForAll(UnaryCases, c =>
        {
            var rng = new Random(c.Seed);
            var x = Uniform(c.Shape, c.Seed);
            var wValues = Enumerable.Range(0, c.Shape.Size).Select(_ => rng.Next(-16, 17) / 8.0).ToArray();
            var w64 = Tensor.FromArray(wValues, c.Shape);
            var w32 = w64.To(DType.Float32);
            var v = Uniform(c.Shape, c.Seed + 1);

            // float64 in, float32 inside, float64 out: f = sum(w * float32(x)^2).
            Tensor F(Tensor z) => (w32 * Tensor.Square(z.To(DType.Float32))).Sum().To(DType.Float64);
            var (value, g) = Grad.ValueAndGrad(F, x);
            Assert.Equal(DType.Float64, value.DType);
            Assert.Equal(DType.Float64, g.DType);
            var x32 = x.ToSingleArray();
            var expected = wValues.Select((wi, i) => 2 * wi * x32[i]).ToArray();
            TensorAssert.Close(expected, g.ToArray(), 1e-6, 1e-6, "gradient through float32");
            var hv = Grad.Hvp(F, x, v).ToArray();
            var v32 = v.ToSingleArray();
            TensorAssert.Close(wValues.Select((wi, i) => 2 * wi * v32[i]).ToArray(), hv, 1e-6, 1e-6, "Hvp through float32");

            // float32 in, float64 inside: the gradient comes back as float32.
            var xf = x.To(DType.Float32);
            var g32 = Grad.Gradient(z => (w64 * Tensor.Square(z.To(DType.Float64))).Sum(), xf);
            Assert.Equal(DType.Float32, g32.DType);
            TensorAssert.Close(expected, g32.ToArray(), 1e-6, 1e-6, "float32 gradient through float64");

            // A float64 -> float64 conversion is the identity (and differentiable as such).
            AssertDerivatives(z => Tensor.Sin(z.To(DType.Float64)), x, "To(Float64) on float64");
        });
    }

    [Fact]
    public void Float32Gradients_CompositeFunction_MatchFloat64ToSinglePrecision()
    {
        ForAll(
            from n in Gen.Choose(2, 6)
            from m in Gen.Choose(1, 5)
            from seed in Seeds
            select new IntsCase([n], [m], seed),
            c =>
            {
                int n = c.Shape[0], m = c.Ints[0];
                var w = Uniform([m, n], c.Seed, -1, 1);
                var b = Uniform([m], c.Seed + 1, -1, 1);
                var x = Uniform([n], c.Seed + 2, -1, 1);
                var v = Uniform([n], c.Seed + 3, -1, 1);

                Func<Tensor, Tensor> Composite(DType dt)
                {
                    var wd = w.To(dt);
                    var bd = b.To(dt);
                    return z => Tensor.LogSumExp(Tensor.Tanh(wd.MatMul(z) + bd) * 2.0)
                        + (0.5 * Tensor.Square(Tensor.Norm(z)))
                        + Tensor.Sum(Tensor.Sigmoid(z) * Tensor.Exp(-z.Square()));
                }

                var (v64, g64) = Grad.ValueAndGrad(Composite(DType.Float64), x);
                var (v32, g32) = Grad.ValueAndGrad(Composite(DType.Float32), x.To(DType.Float32));
                Assert.Equal(DType.Float32, g32.DType);
                Assert.True(Math.Abs(v32.Item() - v64.Item()) <= 1e-5 * Math.Max(1, Math.Abs(v64.Item())), $"values {v32.Item()} vs {v64.Item()}");
                double gErr = TensorAssert.RelativeError(g32.ToArray(), g64.ToArray());
                Assert.True(gErr < 1e-4, $"float32 gradient relative error {gErr:G3}");
                var h64 = Grad.Hvp(Composite(DType.Float64), x, v).ToArray();
                var h32 = Grad.Hvp(Composite(DType.Float32), x.To(DType.Float32), v.To(DType.Float32)).ToArray();
                double hErr = TensorAssert.RelativeError(h32, h64);
                Assert.True(hErr < 1e-4, $"float32 Hvp relative error {hErr:G3}");
            });
    }
}
