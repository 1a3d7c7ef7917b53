using System.Globalization;
using Adjoint.Autodiff;
using Adjoint.Fit;
using Adjoint.Optimize;
using Adjoint.Optimize.Constraints;
using Adjoint.Optimize.Methods.LBfgsB;
using Adjoint.Tensors;

var inv = CultureInfo.InvariantCulture;

// 1. Rosenbrock's function written once with tensor operations; Adjoint differentiates it exactly.
static Tensor Rosenbrock(Tensor x) =>
    (100 * (x[1..] - x[..^1].Square()).Square() + (1 - x[..^1]).Square()).Sum();

var x = Tensor.FromArray([-1.2, 1.0]);
var (value, gradient) = Grad.ValueAndGrad(Rosenbrock, x);
Console.WriteLine("== Derivatives");
Console.WriteLine($"f(x)      = {value.Item().ToString("R", inv)}");
Console.WriteLine($"grad f(x) = {gradient}");
Console.WriteLine($"Hessian   = {Grad.Hessian(Rosenbrock, x)}");
Console.WriteLine($"H v       = {Grad.Hvp(Rosenbrock, x, Tensor.FromArray([1.0, 0.0]))}");
Console.WriteLine($"float32 grad = {Grad.Gradient(Rosenbrock, x.To(DType.Float32))}");
Console.WriteLine(GradCheck.Check(Rosenbrock, Tensor.FromArray([0.3, -0.7, 1.1]), order: 2));

// 2. Minimize it: BFGS by default, L-BFGS-B when bounds are given.
Console.WriteLine();
Console.WriteLine("== Minimize");
var bfgs = Minimizer.Minimize(Rosenbrock, x);
Console.WriteLine(bfgs);
var bounded = Minimizer.Minimize(Rosenbrock, Tensor.FromArray([-1.2, 1.0]), bounds: Bounds.All(null, 0.8));
Console.WriteLine(bounded);
Console.WriteLine($"x* with x <= 0.8: {bounded.XTensor}");

// 3. Named variables: a rank-2 matrix factorization over U and V.
var target = Tensor.RandomNormal([6, 2], seed: 1).MatMul(Tensor.RandomNormal([2, 7], seed: 2));
var factors = new Variables { ["U"] = Tensor.RandomNormal([6, 2], seed: 3, std: 0.5), ["V"] = Tensor.RandomNormal([2, 7], seed: 4, std: 0.5) };
var mf = Minimizer.Minimize(v => 0.5 * (v["U"].MatMul(v["V"]) - target).Square().Sum(), factors, new LBfgsBOptions());
Console.WriteLine(mf);

// 4. Curve fitting with standard errors from the exact Jacobian.
Console.WriteLine();
Console.WriteLine("== Curve fit");
var t = Tensor.Linspace(0, 4, 40);
var noise = Tensor.RandomNormal([40], seed: 5, std: 0.02);
var y = 2.5 * Tensor.Exp(-1.3 * t) + 0.5 + noise;
var fit = CurveFit.Fit((xs, p) => p[0] * Tensor.Exp(-p[1] * xs) + p[2], t, y, p0: [1.0, 1.0, 0.0]);
Console.WriteLine(fit.Report());
