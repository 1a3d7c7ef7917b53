using Adjoint.Tensors;

namespace Adjoint.Expressions;

/// <summary>
/// The functions and constants of the expression language, each mapped to differentiable tensor operations (so
/// gradients and Hessians of parsed expressions are exact).
/// </summary>
/// <remarks>
/// The library has no asin, acos, sinh, cosh or atan2 operation; they are composed from its operations:
/// asin x = atan(x / sqrt((1 - x)(1 + x))), acos x = 2 atan(sqrt((1 - x) / (1 + x))),
/// sinh x = (expm1(x) - expm1(-x)) / 2, cosh x = (exp(x) + exp(-x)) / 2, and
/// atan2(y, x) = atan(y / x) plus pi or -pi where x &lt; 0. Their values and derivatives are those of the functions
/// wherever the composition is finite; at the branch points (|x| = 1 for asin and acos, x = 0 for atan2) the
/// derivative is not finite.
/// </remarks>
public static class ExpressionFunctions
{
    private static readonly (FunctionInfo Info, Func<Tensor[], Tensor> Apply)[] s_table =
    [
        (new("exp", 1, 1, "e^x"), a => Tensor.Exp(a[0])),
        (new("log", 1, 1, "natural logarithm"), a => Tensor.Log(a[0])),
        (new("ln", 1, 1, "natural logarithm", "log"), a => Tensor.Log(a[0])),
        (new("log10", 1, 1, "base-10 logarithm, log(x) / ln 10"), a => Tensor.Log(a[0]) * (1 / Math.Log(10))),
        (new("log2", 1, 1, "base-2 logarithm, log(x) / ln 2"), a => Tensor.Log(a[0]) * (1 / Math.Log(2))),
        (new("log1p", 1, 1, "log(1 + x), accurate for small x"), a => Tensor.Log1p(a[0])),
        (new("expm1", 1, 1, "e^x - 1, accurate for small x"), a => Tensor.Expm1(a[0])),
        (new("sqrt", 1, 1, "square root"), a => Tensor.Sqrt(a[0])),
        (new("square", 1, 1, "x^2"), a => Tensor.Square(a[0])),
        (new("abs", 1, 1, "absolute value (derivative sign(x), 0 at 0)"), a => Tensor.Abs(a[0])),
        (new("sign", 1, 1, "-1, 0 or 1 (derivative 0)"), a => Tensor.Sign(a[0])),
        (new("sin", 1, 1, "sine (radians)"), a => Tensor.Sin(a[0])),
        (new("cos", 1, 1, "cosine (radians)"), a => Tensor.Cos(a[0])),
        (new("tan", 1, 1, "tangent (radians)"), a => Tensor.Tan(a[0])),
        (new("asin", 1, 1, "inverse sine, composed as atan(x / sqrt((1 - x)(1 + x)))"), a => Asin(a[0])),
        (new("arcsin", 1, 1, "inverse sine", "asin"), a => Asin(a[0])),
        (new("acos", 1, 1, "inverse cosine, composed as 2 atan(sqrt((1 - x) / (1 + x)))"), a => Acos(a[0])),
        (new("arccos", 1, 1, "inverse cosine", "acos"), a => Acos(a[0])),
        (new("atan", 1, 1, "inverse tangent"), a => Tensor.Atan(a[0])),
        (new("arctan", 1, 1, "inverse tangent", "atan"), a => Tensor.Atan(a[0])),
        (new("atan2", 2, 2, "atan2(y, x): the angle of (x, y), composed as atan(y / x) + pi or -pi where x < 0"), a => Atan2(a[0], a[1])),
        (new("sinh", 1, 1, "hyperbolic sine, (expm1(x) - expm1(-x)) / 2"), a => (Tensor.Expm1(a[0]) - Tensor.Expm1(-a[0])) * 0.5),
        (new("cosh", 1, 1, "hyperbolic cosine, (exp(x) + exp(-x)) / 2"), a => (Tensor.Exp(a[0]) + Tensor.Exp(-a[0])) * 0.5),
        (new("tanh", 1, 1, "hyperbolic tangent"), a => Tensor.Tanh(a[0])),
        (new("sigmoid", 1, 1, "logistic function 1 / (1 + e^-x)"), a => Tensor.Sigmoid(a[0])),
        (new("softplus", 1, 1, "log(1 + e^x)"), a => Tensor.Softplus(a[0])),
        (new("min", 2, int.MaxValue, "elementwise minimum of its arguments"), a => Fold(a, Tensor.Minimum)),
        (new("max", 2, int.MaxValue, "elementwise maximum of its arguments"), a => Fold(a, Tensor.Maximum)),
        (new("pow", 2, 2, "pow(x, y) = x^y"), a => Tensor.Pow(a[0], a[1])),
        (new("erf", 1, 1, "error function"), a => Tensor.Erf(a[0])),
        (new("erfc", 1, 1, "complementary error function 1 - erf(x), accurate for large x"), a => Tensor.Erfc(a[0])),
        (new("ndtr", 1, 1, "standard normal cumulative distribution function"), a => Tensor.Ndtr(a[0])),
        (new("lgamma", 1, 1, "log |Gamma(x)|"), a => Tensor.Lgamma(a[0])),
        (new("gammaln", 1, 1, "log |Gamma(x)|", "lgamma"), a => Tensor.Lgamma(a[0])),
        (new("digamma", 1, 1, "psi(x), the derivative of lgamma"), a => Tensor.Digamma(a[0])),
    ];

    private static readonly Dictionary<string, int> s_index = BuildIndex();

    /// <summary>Every function, primary names and aliases, in the order of the table.</summary>
    public static IReadOnlyList<FunctionInfo> All { get; } = s_table.Select(t => t.Info).ToArray();

    /// <summary>The named constants: pi and e.</summary>
    public static IReadOnlyDictionary<string, double> Constants { get; } = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["pi"] = Math.PI,
        ["e"] = Math.E,
    };

    /// <summary>Whether <paramref name="name"/> is a function or a constant, which a variable cannot be called.</summary>
    public static bool IsReserved(string name) => s_index.ContainsKey(name) || Constants.ContainsKey(name);

    /// <summary>The function called <paramref name="name"/>, or null.</summary>
    public static FunctionInfo? Find(string name) => s_index.TryGetValue(name, out var i) ? s_table[i].Info : null;

    internal static int IndexOf(string name) => s_index.TryGetValue(name, out var i) ? i : -1;

    internal static FunctionInfo InfoAt(int index) => s_table[index].Info;

    internal static Tensor Apply(int index, Tensor[] arguments) => s_table[index].Apply(arguments);

    private static Dictionary<string, int> BuildIndex()
    {
        var d = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < s_table.Length; i++)
        {
            d.Add(s_table[i].Info.Name, i);
        }

        return d;
    }

    private static Tensor Fold(Tensor[] a, Func<Tensor, Tensor, Tensor> op)
    {
        var acc = a[0];
        for (int i = 1; i < a.Length; i++)
        {
            acc = op(acc, a[i]);
        }

        return acc;
    }

    private static Tensor Asin(Tensor x) => Tensor.Atan(x / Tensor.Sqrt((1 - x) * (1 + x)));

    private static Tensor Acos(Tensor x) => 2 * Tensor.Atan(Tensor.Sqrt((1 - x) / (1 + x)));

    private static Tensor Atan2(Tensor y, Tensor x)
    {
        var principal = Tensor.Atan(y / x);
        var pi = Tensor.Scalar(Math.PI, principal.DType);
        var zero = Tensor.Scalar(0, principal.DType);
        var shift = Tensor.Where(Tensor.Less(x, 0), Tensor.Where(Tensor.Less(y, 0), -pi, pi), zero);
        return principal + shift;
    }
}
