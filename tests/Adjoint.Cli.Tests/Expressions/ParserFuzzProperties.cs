using Adjoint.Expressions;
using Adjoint.Tensors;
using FsCheck;
using FsCheck.Fluent;

namespace Adjoint.Cli.Tests.Expressions;

/// <summary>
/// Random and mutated inputs: the parsers either succeed or throw <see cref="ParseException"/> (never anything else),
/// whatever parses evaluates, and the canonical form parses back to itself.
/// </summary>
public class ParserFuzzProperties
{
    private static readonly string[] s_valid =
    [
        "a*exp(-b*t) + c", "100*(y - x^2)^2 + (1 - x)^2", "b1*(1-exp(-b2*x))", "exp(-b1*x)/(b2+b3*x)",
        "b1*(b2+x)^(-1/b3)", "b1-b2*x-arctan(b3/(x-b4))/pi", "(b1/b2)*exp(-0.5*((x-b3)/b2)^2)", "atan2(y, x) + max(x, y, 1e-3)",
        "-x^2 + .5*lgamma(x) - erf(x/sqrt(2))", "0 <= x - y <= 1", "x + y <= 1", "x^2 + y^2 = 1",
    ];

    private static readonly string[] s_pieces =
    [
        "x", "y", "t", "a1", "_b", "2", "0.5", ".5", "1e-3", "1E+2", "3.", "pi", "e", "exp", "log", "sqrt", "atan2", "min", "max", "lgamma", "exq",
        "+", "-", "*", "/", "^", "**", "(", ")", ",", "<=", ">=", "=", "==", "<", ">", "!", " ", "\t", "$", "[", "]", "1e", "é", "\0", "9e999",
    ];

    private static Gen<string> Tokens() =>
        from n in Gen.Choose(0, 24)
        from parts in Gen.ArrayOf(Gen.Elements(s_pieces), n)
        select string.Concat(parts);

    private static Gen<string> Mutations() =>
        from source in Gen.Elements(s_valid)
        from edits in Gen.Choose(1, 4)
        from positions in Gen.ArrayOf(Gen.Choose(0, 1000), edits)
        from kinds in Gen.ArrayOf(Gen.Choose(0, 2), edits)
        from chars in Gen.ArrayOf(Gen.Elements("()+-*/^,.e0123456789xyz<=>! \u00e9".ToCharArray()), edits)
        select Mutate(source, positions, kinds, chars);

    private static Gen<string> Characters() =>
        from n in Gen.Choose(0, 30)
        from chars in Gen.ArrayOf(Gen.Choose(0, 200).Select(i => (char)i), n)
        select new string(chars);

    private static string Mutate(string s, int[] positions, int[] kinds, char[] chars)
    {
        var b = new System.Text.StringBuilder(s);
        for (int k = 0; k < positions.Length; k++)
        {
            int p = b.Length == 0 ? 0 : positions[k] % (b.Length + 1);
            switch (kinds[k])
            {
                case 0:
                    b.Insert(p, chars[k]);
                    break;
                case 1 when p < b.Length:
                    b.Remove(p, 1);
                    break;
                default:
                    if (p < b.Length)
                    {
                        b[p] = chars[k];
                    }

                    break;
            }
        }

        return b.ToString();
    }

    /// <summary>Parses as an expression and as a constraint; returns false (with the exception in the label) for anything but ParseException.</summary>
    private static bool Survives(string text, out string detail)
    {
        detail = "";
        try
        {
            var e = Expression.Parse(text);
            var values = e.Names.Select((_, i) => Tensor.Scalar(0.25 + (0.5 * i))).ToArray();
            _ = e.Compile(e.Names).Evaluate(values);
            var canonical = e.ToCanonicalString();
            if (!canonical.Contains("NaN", StringComparison.Ordinal) && !canonical.Contains("Infinity", StringComparison.Ordinal))
            {
                var again = Expression.Parse(canonical).ToCanonicalString();
                if (again != canonical)
                {
                    detail = $"canonical form {canonical} reparses as {again}";
                    return false;
                }
            }
        }
        catch (ParseException)
        {
        }
#pragma warning disable CA1031 // The property is that nothing else is thrown: catch it to report it.
        catch (Exception ex)
        {
            detail = $"Expression.Parse threw {ex.GetType().Name}: {ex.Message}";
            return false;
        }

        try
        {
            var c = ConstraintExpression.Parse(text);
            _ = c.Body.Compile(c.Body.Names).Evaluate(c.Body.Names.Select(_ => Tensor.Scalar(1.5)).ToArray());
        }
        catch (ParseException)
        {
        }
        catch (Exception ex)
        {
            detail = $"ConstraintExpression.Parse threw {ex.GetType().Name}: {ex.Message}";
            return false;
        }
#pragma warning restore CA1031

        return true;
    }

    private static void Check(Gen<string> gen, int count, ulong seed)
    {
        Prop.ForAll(Arb.From(gen), text =>
        {
            bool ok = Survives(text, out var detail);
            return ok.Label($"input {System.Text.Json.JsonSerializer.Serialize(text)}: {detail}");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(count).WithReplay(
            Microsoft.FSharp.Core.FSharpOption<Replay>.Some(new Replay(new Rnd(seed, 1442695040888963407UL), Microsoft.FSharp.Core.FSharpOption<int>.None))));
    }

    [Fact]
    public void Random_token_strings_only_ever_throw_ParseException() => Check(Tokens(), 2000, 20261203UL);

    [Fact]
    public void Mutated_expressions_only_ever_throw_ParseException() => Check(Mutations(), 2000, 7UL);

    [Fact]
    public void Random_characters_only_ever_throw_ParseException() => Check(Characters(), 1000, 11UL);

    [Fact]
    [Trait("Category", "Slow")]
    public void Hundred_thousand_random_and_mutated_inputs_only_ever_throw_ParseException()
    {
        Check(Tokens(), 40_000, 101UL);
        Check(Mutations(), 40_000, 103UL);
        Check(Characters(), 20_000, 107UL);
    }

    [Fact]
    public void A_known_valid_expression_survives_so_the_property_can_fail_only_on_real_faults()
    {
        Assert.True(Survives("a*exp(-b*t) + c", out var detail), detail);
        Assert.True(Survives("x +", out detail), detail);
    }
}
