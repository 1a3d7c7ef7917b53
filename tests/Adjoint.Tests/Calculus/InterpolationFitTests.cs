using Adjoint.Calculus;
using Adjoint.Fit;
using Adjoint.Optimize;
using Adjoint.Tensors;

namespace Adjoint.Tests.Calculus;

/// <summary>Interpolants inside fits and minimizations: the derivatives flow through the y values and the query points.</summary>
public class InterpolationFitTests
{
    private static readonly double[] Knots = [0.0, 1.5, 3.0, 4.5, 6.0, 7.5];

    private static (double[] X, double[] Y) NoisyData()
    {
        var rnd = new Random(7);
        var x = Enumerable.Range(0, 60).Select(i => i * 0.125).ToArray();
        var y = x.Select(v => Math.Exp(-0.3 * v) * Math.Cos(v) + (0.01 * ((2 * rnd.NextDouble()) - 1))).ToArray();
        return (x, y);
    }

    [Fact]
    public void CurveFit_SplineValues_EqualLinearLeastSquares()
    {
        // The model is a natural cubic spline whose knot values are the parameters. The spline is linear in its
        // values, so the fit must agree with the linear least-squares solution built from the spline's basis.
        var (x, y) = NoisyData();
        var options = CubicSplineOptions.WithBoundary(SplineBoundary.Natural);
        var fit = CurveFit.Fit((xt, p) => new CubicSpline(Knots, p, options).Evaluate(xt), x, y, new double[Knots.Length]);
        Assert.True(fit.Success, fit.Message);

        int n = Knots.Length;
        var basis = new double[x.Length, n];
        for (int j = 0; j < n; j++)
        {
            var unit = new double[n];
            unit[j] = 1;
            var column = new CubicSpline(Knots, unit, options).Evaluate(x).ToArray();
            for (int i = 0; i < x.Length; i++)
            {
                basis[i, j] = column[i];
            }
        }

        var a = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(basis);
        var expected = a.QR().Solve(MathNet.Numerics.LinearAlgebra.Vector<double>.Build.DenseOfArray(y)).ToArray();
        for (int j = 0; j < n; j++)
        {
            Assert.Equal(expected[j], fit.Parameters[j], 1e-7);
        }

        Assert.True(fit.RSquared > 0.99, $"R^2 {fit.RSquared}");
    }

    [Fact]
    public void Minimize_ParameterInsideCalibrationCurve_FindsTheInverse()
    {
        // A monotone calibration curve (PCHIP through measured points); find the input whose reading is 0.62 by
        // minimizing the squared miss with BFGS, differentiating through the query point.
        double[] inputs = [0.0, 0.5, 1.0, 2.0, 3.0, 5.0];
        double[] readings = [0.0, 0.21, 0.38, 0.61, 0.74, 0.9];
        var curve = new PchipInterpolator(inputs, readings);
        var result = Minimizer.Minimize(p => (curve.Evaluate(p) - 0.62).Square().Sum(), [1.0], "BFGS");
        Assert.True(result.Success, result.Message);
        double found = result.X[0];
        Assert.Equal(0.62, curve.Evaluate([found]).Item(), 1e-7);
        Assert.InRange(found, 2.0, 3.0);
    }

    [Fact]
    public void Minimize_SplineShape_MatchesTargetCurvature()
    {
        // Choose the interior values of a clamped spline so that its second derivative at the midpoint is 2 and
        // its values stay close to a straight line: a smooth objective in the y values through Derivative(2).
        var options = CubicSplineOptions.WithBoundary(SplineBoundary.Clamped);
        double[] mid = [3.75];
        Tensor Objective(Tensor inner)
        {
            var y = Tensor.Concat([Tensor.Zeros(new Shape(1)), inner, Tensor.Zeros(new Shape(1))]);
            var s = new CubicSpline(Knots, y, options);
            var curvature = s.Derivative(2).Evaluate(mid);
            return (curvature - 2.0).Square().Sum() + (0.01 * inner.Square().Sum());
        }

        var result = Minimizer.Minimize(Objective, new double[Knots.Length - 2], "BFGS");
        Assert.True(result.Success, result.Message);
        var best = Tensor.FromArray(result.X);
        var y = Tensor.Concat([Tensor.Zeros(new Shape(1)), best, Tensor.Zeros(new Shape(1))]);
        double curvature = new CubicSpline(Knots, y, options).Derivative(2).Evaluate(mid).Item();
        Assert.InRange(curvature, 1.9, 2.0);
    }
}
