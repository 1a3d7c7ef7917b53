using MathNet.Numerics.LinearAlgebra;

namespace Adjoint.Tests.Optimize.Methods.Slsqp;

/// <summary>Random problems for the SLSQP subproblem tests and their independent KKT check.</summary>
internal static class QpTestData
{
    public static double Normal(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    public static Matrix<double> RandomMatrix(Random rng, int rows, int cols) =>
        Matrix<double>.Build.Dense(rows, cols, (_, _) => Normal(rng));

    public static Vector<double> RandomVector(Random rng, int n) => Vector<double>.Build.Dense(n, _ => Normal(rng));

    /// <summary>An upper triangular E with a diagonal bounded away from zero (as SLSQP's D^½Lᵀ).</summary>
    public static Matrix<double> RandomE(Random rng, int n)
    {
        var e = Matrix<double>.Build.Dense(n, n);
        for (int i = 0; i < n; i++)
        {
            e[i, i] = 0.5 + (2 * rng.NextDouble());
            for (int j = i + 1; j < n; j++)
            {
                e[i, j] = 0.5 * Normal(rng);
            }
        }

        return e;
    }

    /// <summary>
    /// Checks the KKT conditions of min ½‖E x - f‖² s.t. C x = d, G x ≥ h, l ≤ x ≤ u at the returned solution:
    /// stationarity, primal feasibility, dual feasibility (sign of the multipliers) and complementarity.
    /// Returns a description of the first failure, or null.
    /// </summary>
    public static string? KktViolation(Matrix<double> e, Vector<double> f, Matrix<double> c, Vector<double> d,
        Matrix<double> g, Vector<double> h, double[]? lower, double[]? upper,
        double[] xs, double[] lc, double[] lg, double[] mu, double tol = 1e-8)
    {
        int n = e.ColumnCount;
        var x = Vector<double>.Build.DenseOfArray(xs);
        var grad = e.TransposeThisAndMultiply((e * x) - f);
        double scale = 1 + grad.InfinityNorm();
        var stat = grad - c.TransposeThisAndMultiply(Vector<double>.Build.DenseOfArray(lc))
            - g.TransposeThisAndMultiply(Vector<double>.Build.DenseOfArray(lg)) - Vector<double>.Build.DenseOfArray(mu);
        if (stat.InfinityNorm() > tol * scale * 10)
        {
            return $"stationarity residual {stat.InfinityNorm():E3}";
        }

        if (c.RowCount > 0 && (c * x - d).InfinityNorm() > tol * (1 + d.InfinityNorm()))
        {
            return $"equality residual {(c * x - d).InfinityNorm():E3}";
        }

        var slack = g.RowCount > 0 ? (g * x) - h : Vector<double>.Build.Dense(0);
        for (int i = 0; i < slack.Count; i++)
        {
            if (slack[i] < -tol * (1 + Math.Abs(h[i])))
            {
                return $"inequality {i} violated by {-slack[i]:E3}";
            }

            if (lg[i] < -tol)
            {
                return $"inequality multiplier {i} negative: {lg[i]:E3}";
            }

            if (Math.Abs(lg[i] * slack[i]) > tol * scale * 10)
            {
                return $"complementarity {i}: λ {lg[i]:E3}, slack {slack[i]:E3}";
            }
        }

        for (int i = 0; i < n; i++)
        {
            double lo = lower?[i] ?? double.NegativeInfinity, hi = upper?[i] ?? double.PositiveInfinity;
            if (xs[i] < lo || xs[i] > hi)
            {
                return $"bound {i} violated: {xs[i]} not in [{lo}, {hi}]";
            }

            if (mu[i] > tol * scale && xs[i] - lo > tol * (1 + Math.Abs(lo)))
            {
                return $"bound multiplier {i} = {mu[i]:E3} > 0 away from the lower bound";
            }

            if (mu[i] < -tol * scale && hi - xs[i] > tol * (1 + Math.Abs(hi)))
            {
                return $"bound multiplier {i} = {mu[i]:E3} < 0 away from the upper bound";
            }
        }

        return null;
    }
}
