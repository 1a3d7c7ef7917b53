using Adjoint.Autodiff;
using Adjoint.Autodiff.Ops;
using Adjoint.Autodiff.Replay;
using Adjoint.Tensors;

namespace Adjoint.Tests.Statistics;

/// <summary>
/// Every row of the special-function rule table (read from the table, so a new row is checked or fails): derivatives
/// against central differences at orders 1 and 2, and the recorded function with its create-graph gradient replays
/// bit for bit in float64 and float32.
/// </summary>
public class SpecialRuleCoverageTests
{
    /// <summary>Each row's public function and a domain away from poles (the highest polygamma order is checked at order 1 only).</summary>
    private static readonly Dictionary<string, (Func<Tensor, Tensor> F, double Low, double High)> Checks = new()
    {
        ["Erf"] = (Tensor.Erf, -2, 2),
        ["Erfc"] = (Tensor.Erfc, -2, 2),
        ["Erfinv"] = (Tensor.Erfinv, -0.9, 0.9),
        ["Ndtri"] = (Tensor.Ndtri, 0.05, 0.95),
        ["LogNdtr"] = (Tensor.LogNdtr, -30, 5),
        ["Lgamma"] = (Tensor.Lgamma, 0.3, 6),
        ["Digamma"] = (Tensor.Digamma, 0.3, 6),
        ["Polygamma1"] = (Tensor.Trigamma, 0.5, 6),
        ["Polygamma2"] = (x => Tensor.Polygamma(2, x), 0.5, 6),
        ["Polygamma3"] = (x => Tensor.Polygamma(3, x), 0.7, 6),
        ["Polygamma4"] = (x => Tensor.Polygamma(4, x), 0.9, 6),
        ["Polygamma5"] = (x => Tensor.Polygamma(5, x), 1.0, 6),
        ["BesselI0e"] = (Tensor.BesselI0e, 0.2, 9),
        ["BesselI1e"] = (Tensor.BesselI1e, 0.2, 9),
    };

    public static TheoryData<string> RuleNames()
    {
        var data = new TheoryData<string>();
        foreach (var rule in Special.Rows)
        {
            data.Add(rule.Name);
        }

        return data;
    }

    [Fact]
    public void Every_row_of_the_table_has_a_check_and_every_field_is_listed_in_the_rows()
    {
        var fields = typeof(Special).GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)
            .Where(f => f.FieldType == typeof(UnaryRule)).Select(f => ((UnaryRule)f.GetValue(null)!).Name).ToHashSet();
        var rows = Special.Rows.Select(r => r.Name).ToHashSet();
        Assert.Equal(fields.Order(), rows.Order());
        Assert.Equal(rows.Order(), Checks.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(RuleNames))]
    public void Row_derivatives_match_finite_differences(string name)
    {
        var (f, low, high) = Checks[name];
        var x = Tensor.Linspace(low, high, 7);
        if (name == "Polygamma" + Special.MaxPolygammaOrder)
        {
            // The end of the chain: its derivative is refused by name.
            Assert.Throws<NotSupportedException>(() => Grad.Gradient(z => f(z).Sum(), x));
            return;
        }

        int order = name == "Polygamma" + (Special.MaxPolygammaOrder - 1) ? 1 : 2;
        var plain = GradCheck.Check(z => f(z), x, order: order, rtol: 1e-5, atol: 1e-7);
        Assert.True(plain.Passed, $"{name}: {plain.Message}");
        if (order == 2)
        {
            var composed = GradCheck.Check(z => Tensor.Sin(f(z)), x, order: 2, rtol: 1e-5, atol: 1e-7);
            Assert.True(composed.Passed, $"sin o {name}: {composed.Message}");
        }
    }

    [Theory]
    [MemberData(nameof(RuleNames))]
    public void Row_replays_bit_for_bit_in_both_dtypes(string name)
    {
        var (f, low, high) = Checks[name];
        double[] p0 = [low + (0.2 * (high - low)), low + (0.5 * (high - low)), low + (0.7 * (high - low))];
        double[] p1 = [low + (0.3 * (high - low)), low + (0.45 * (high - low)), low + (0.9 * (high - low))];
        // The highest polygamma order has no derivative: it is replayed as the create-graph gradient of the order below.
        Func<Tensor, Tensor> g = name == "Polygamma" + Special.MaxPolygammaOrder ? Checks["Polygamma" + (Special.MaxPolygammaOrder - 1)].F : f;
        AssertReplay<double>(g, p0, p1, name);
        AssertReplay<float>(g, p0, p1, name);
    }

    private static void AssertReplay<T>(Func<Tensor, Tensor> f, double[] p0, double[] p1, string what)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var dtype = typeof(T) == typeof(double) ? DType.Float64 : DType.Float32;
        T[] value, gradient;
        using (TensorScope.Begin())
        using (EvaluationPrecision.Begin(dtype))
        {
            var tape = Tape.Enter();
            ReplayProgram<T>? program = null;
            try
            {
                var x = tape.Watch(Tensor.FromArray(p0, new Shape(p0.Length), dtype));
                var y = f(x).Sum();
                var grad = tape.Gradient(y, [x], null, createGraph: true)[0];
                program = ReplayProgram<T>.TryCreate(tape, [x], y, grad, uniformRows: false, out var blocker);
                Assert.True(program is not null, $"{what} in {dtype}: not replayed ({blocker}).");
                for (int i = 0; i < p1.Length; i++)
                {
                    program.Source[i] = T.CreateTruncating(p1[i]);
                }

                program.RunForward();
                program.RunBackward();
                value = program.Output.ToArray();
                gradient = program.Gradient.ToArray();
            }
            finally
            {
                program?.Release();
                tape.Exit();
            }
        }

        double[] eagerValue, eagerGradient;
        using (TensorScope.Begin())
        using (EvaluationPrecision.Begin(dtype))
        {
            var tape = Tape.Enter();
            try
            {
                var x = tape.Watch(Tensor.FromArray(p1, new Shape(p1.Length), dtype));
                var y = f(x).Sum();
                eagerValue = y.ToArray();
                eagerGradient = tape.Gradient(y, [x], null, createGraph: true)[0].ToArray();
            }
            finally
            {
                tape.Exit();
            }
        }

        Assert.Equal(eagerValue.Select(v => T.CreateTruncating(v)), value);
        Assert.Equal(eagerGradient.Select(v => T.CreateTruncating(v)), gradient);
    }
}
