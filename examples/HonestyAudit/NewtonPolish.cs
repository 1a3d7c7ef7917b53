using MathNet.Numerics.LinearAlgebra;

namespace HonestyAudit;

/// <summary>
/// A few Levenberg-damped Newton steps in float64 from an end point: each step solves (H + (max(0, −λmin) + ν) I) d = −g
/// through the eigendecomposition of H, with ν raised tenfold until f decreases. It answers one question: can a
/// Newton method started at the point lower f at all?
/// </summary>
internal static class NewtonPolish
{
    /// <summary>At most this many accepted steps.</summary>
    public const int MaxSteps = 20;

    /// <summary>At most this many damping increases (×10 each) per step before the polish gives up.</summary>
    public const int MaxDampingIncreases = 40;

    /// <summary>The first damping of each step, relative to max(max|λ|, ‖g‖∞).</summary>
    public const double InitialDamping = 1e-10;

    /// <summary>The polished point, its value and the number of accepted steps.</summary>
    public readonly record struct Outcome(double[] X, double Value, int Steps);

    /// <summary>Polishes from <paramref name="x0"/> (with value <paramref name="f0"/>); only finite, strictly lower values are accepted.</summary>
    public static Outcome Run(Float64Objective objective, double[] x0, double f0)
    {
        var x = (double[])x0.Clone();
        double fx = f0;
        int steps = 0;
        for (int k = 0; k < MaxSteps; k++)
        {
            var g = objective.Gradient(x);
            double gNorm = g.Max(Math.Abs);
            if (gNorm == 0 || !double.IsFinite(gNorm))
            {
                break;
            }

            var h = objective.Hessian(x);
            if (!h.Enumerate().All(double.IsFinite))
            {
                break;
            }

            if (SymmetricEigen.TryCompute(h) is not { } eigen)
            {
                break;
            }

            var lambda = eigen.Values;
            var v = eigen.Vectors;
            var vg = v.TransposeThisAndMultiply(Vector<double>.Build.DenseOfArray(g));
            double shift = Math.Max(0, -lambda.Min());
            double nu = InitialDamping * Math.Max(lambda.Max(Math.Abs), gNorm);
            bool accepted = false;
            for (int t = 0; t < MaxDampingIncreases && !accepted; t++, nu *= 10)
            {
                var coefficients = Vector<double>.Build.Dense(x.Length, i =>
                {
                    double denominator = lambda[i] + shift + nu;
                    return denominator > 0 ? -vg[i] / denominator : 0;
                });
                var d = v * coefficients;
                var candidate = x.Select((xi, i) => xi + d[i]).ToArray();
                double fc = objective.Value(candidate);
                if (double.IsFinite(fc) && fc < fx)
                {
                    x = candidate;
                    fx = fc;
                    accepted = true;
                }
            }

            if (!accepted)
            {
                break;
            }

            steps++;
        }

        return new Outcome(x, fx, steps);
    }
}
