using Adjoint.Tensors;

namespace Adjoint.TestProblems;

/// <summary>
/// The quadrature test integrals of tests/Adjoint.Tests/Calculus/Quadrature/quad_scipy.py written with tensor
/// operations, under the same names (QUADPACK's examples, Kahaner's battery and scipy's quad tests: smooth, peaked,
/// oscillatory, end-point and interior singular, kinks with and without breakpoints, infinite ranges). The limits,
/// breakpoints, exact values and scipy's figures are in that script's JSON.
/// </summary>
public static class QuadratureBattery
{
    /// <summary>The integrands by case name.</summary>
    public static readonly IReadOnlyDictionary<string, Func<Tensor, Tensor>> Integrands = new Dictionary<string, Func<Tensor, Tensor>>
    {
        ["poly4"] = x => Tensor.Pow(x, 4) - (3 * Tensor.Square(x)) + 1,
        ["exp"] = Tensor.Exp,
        ["inv_1px"] = x => 1 / (1 + x),
        ["runge"] = x => 1 / (1 + (25 * x * x)),
        ["x32"] = x => Tensor.Pow(x, 1.5),
        ["sqrt"] = Tensor.Sqrt,
        ["inv_sqrt"] = x => 1 / Tensor.Sqrt(x),
        ["log"] = Tensor.Log,
        ["log_over_sqrt"] = x => Tensor.Log(x) / Tensor.Sqrt(x),
        ["x_pow_m09"] = x => Tensor.Pow(x, -0.9),
        ["peak"] = x => 1 / ((x * x) + 1e-4),
        ["gauss_peak"] = x => Tensor.Exp(-100 * Tensor.Square(x - 0.3)),
        ["sin_over_x"] = x => Tensor.Sin(x) / x,
        ["x_sin20x"] = x => x * Tensor.Sin(20 * x),
        ["osc_2_over_2psin"] = x => 2 / (2 + Tensor.Sin(10 * Math.PI * x)),
        ["cos_exp_decay"] = x => Tensor.Cos(5 * x) * Tensor.Exp(-0.2 * x),
        ["abs_kink"] = x => Tensor.Abs(x - 0.3),
        ["abs_kink_points"] = x => Tensor.Abs(x - 0.3),
        ["log_interior_points"] = x => Tensor.Log(Tensor.Abs(x - 0.7)),
        ["qagp_example"] = x => Tensor.Pow(x, 3) * Tensor.Log(Tensor.Abs(((x * x) - 1) * ((x * x) - 2))),
        ["gaussian_line"] = x => Tensor.Exp(-(x * x)),
        ["cauchy_half"] = x => 1 / (1 + (x * x)),
        ["cauchy_line"] = x => 1 / (1 + (x * x)),
        ["qagi_example"] = x => Tensor.Log(x) / (1 + (100 * x * x)),
        ["exp_lower"] = Tensor.Exp,
        ["inv_x2_tail"] = x => 1 / (x * x),
        ["sqrt_gamma"] = x => Tensor.Exp(-x) / Tensor.Sqrt(x),
        ["reversed"] = Tensor.Exp,
    };
}
