using System.Globalization;
using Adjoint.Fit;
using Adjoint.Optimize;
using Adjoint.Tensors;

// A sum of two decaying exponentials fitted to 25 noisy points: the two rates are nearly confounded, so the plain
// least-squares fit has huge standard errors. A ridge penalty toward prior guesses (a Gaussian prior) stabilizes it;
// the fit goes through Minimize, and the standard errors come from the exact Hessian of the penalized objective at
// the optimum (the Laplace approximation to the posterior). The BFGS inverse-Hessian estimate is printed beside them:
// it is built from the curvature the iteration happened to sample and is only reliable when, as in this small
// well-converged problem, the path explored every direction.
var inv = CultureInfo.InvariantCulture;
const double sigma = 0.02;
var t = Tensor.Linspace(0, 3, 25);
double[] truth = [1.0, 1.2, 0.5, 3.0];
var y = (truth[0] * Tensor.Exp(-truth[1] * t)) + (truth[2] * Tensor.Exp(-truth[3] * t)) + Tensor.RandomNormal([25], seed: 7, std: sigma);

Tensor Model(Tensor tt, Tensor p) => (p[0] * Tensor.Exp(-p[1] * tt)) + (p[2] * Tensor.Exp(-p[3] * tt));

// 1. Plain least squares: curve_fit's covariance from the Jacobian.
var plain = CurveFit.Fit(Model, t, y, p0: [1.0, 1.0, 1.0, 2.0]);
Console.WriteLine("Unpenalized least squares (CurveFit):");
Console.WriteLine(plain.Report());

// 2. Penalized negative log-posterior: data misfit / sigma^2 plus a Gaussian prior around p0 with width tau.
var prior = Tensor.FromArray([1.0, 1.0, 1.0, 2.0]);
const double tau = 0.5;
Tensor NegLogPosterior(Tensor p) =>
    (0.5 / (sigma * sigma) * (Model(t, p) - y).Square().Sum()) + (0.5 / (tau * tau) * (p - prior).Square().Sum());

var result = Minimizer.Minimize(NegLogPosterior, prior);
Console.WriteLine();
Console.WriteLine($"Penalized fit through Minimize: {result}");
var cov = HessianCovariance.AtMinimum(NegLogPosterior, result);   // scale 1: a negative log-posterior
Console.WriteLine("parameter   truth    estimate   std error (exact Hessian)   std error (BFGS estimate)");
var bfgsDiag = result.InverseHessian?.ToDense();
for (int i = 0; i < 4; i++)
{
    string bfgs = bfgsDiag is null ? "-" : Math.Sqrt(bfgsDiag[i, i]).ToString("G4", inv);
    Console.WriteLine(string.Create(inv, $"p[{i}]      {truth[i],6:G4}   {result.X[i],9:G6}   {cov.StandardErrors[i],12:G4}                {bfgs}"));
}

Console.WriteLine(cov.Warning ?? "Hessian positive definite; condition number " + cov.ConditionNumber.ToString("G3", inv));
