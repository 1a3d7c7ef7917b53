using System.Globalization;
using Adjoint.Autodiff;
using Adjoint.Tensors;

// Rosenbrock's function written once with tensor operations; Adjoint differentiates it exactly.
static Tensor Rosenbrock(Tensor x) =>
    (100 * (x[1..] - x[..^1].Square()).Square() + (1 - x[..^1]).Square()).Sum();

var x = Tensor.FromArray([-1.2, 1.0]);
var (value, gradient) = Grad.ValueAndGrad(Rosenbrock, x);
Console.WriteLine($"f(x)      = {value.Item().ToString("R", CultureInfo.InvariantCulture)}");
Console.WriteLine($"grad f(x) = {gradient}");
Console.WriteLine($"Hessian   = {Grad.Hessian(Rosenbrock, x)}");
Console.WriteLine($"H v       = {Grad.Hvp(Rosenbrock, x, Tensor.FromArray([1.0, 0.0]))}");

// The same function in float32: exact derivatives, no finite-difference step to vanish in rounding.
var x32 = x.To(DType.Float32);
Console.WriteLine($"float32 grad = {Grad.Gradient(Rosenbrock, x32)}");

// Named variables: a rank-2 factorization loss over U and V.
var target = Tensor.RandomNormal([4, 5], seed: 1);
var p = new Variables { ["U"] = Tensor.RandomNormal([4, 2], seed: 2), ["V"] = Tensor.RandomNormal([2, 5], seed: 3) };
var (loss, grads) = Grad.ValueAndGrad(v => 0.5 * (v["U"].MatMul(v["V"]) - target).Square().Sum(), p);
Console.WriteLine($"factorization loss = {loss.Item().ToString("G6", CultureInfo.InvariantCulture)}, dL/dU shape {grads["U"].Shape}, dL/dV shape {grads["V"].Shape}");

// A built-in gradient check against central differences, first and second order.
var check = GradCheck.Check(Rosenbrock, Tensor.FromArray([0.3, -0.7, 1.1]), order: 2);
Console.WriteLine(check);
