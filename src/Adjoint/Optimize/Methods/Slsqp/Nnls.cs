using MathNet.Numerics.LinearAlgebra;

namespace Adjoint.Optimize.Methods.Slsqp;

/// <summary>
/// Non-negative least squares, min ‖A x - b‖ subject to x ≥ 0, by the active-set method of Lawson and Hanson
/// (Solving Least Squares Problems, 1974, Chapter 23, Algorithm NNLS).
/// </summary>
/// <remarks>
/// The passive set P holds the indices allowed to be positive. Each outer iteration moves into P the index of the largest
/// component of the dual vector w = Aᵀ(b - A x) (when positive), rejecting a column numerically dependent on those in P or
/// whose unconstrained least-squares coefficient would not be positive (Lawson-Hanson's test against cycling); the inner
/// loop then interpolates back towards feasibility, moving to the zero set every index whose coefficient reaches zero.
/// Least-squares solves on the passive columns use MathNet's Householder QR. As in Kraft's SLSQP, the number of
/// least-squares solves is capped at 3 n; reaching the cap is reported, not hidden.
/// </remarks>
internal static class Nnls
{
    /// <summary>Solves the problem; returns the status, x and ‖A x - b‖.</summary>
    public static (SubproblemStatus Status, Vector<double> X, double ResidualNorm) Solve(Matrix<double> a, Vector<double> b)
    {
        int m = a.RowCount, n = a.ColumnCount;
        var x = Vector<double>.Build.Dense(n);
        if (n == 0)
        {
            return (SubproblemStatus.Solved, x, b.L2Norm());
        }

        var passive = new bool[n];
        var rejected = new bool[n];
        int maxSolves = 3 * n, solves = 0, passiveCount = 0;
        double scale = a.FrobeniusNorm() * Math.Max(b.L2Norm(), 1e-300);
        double dualTolerance = 10 * Eps * scale;
        var status = SubproblemStatus.Solved;
        while (status == SubproblemStatus.Solved && passiveCount < n)
        {
            var w = a.TransposeThisAndMultiply(b - (a * x));
            int t = -1;
            double best = dualTolerance;
            for (int j = 0; j < n; j++)
            {
                if (!passive[j] && !rejected[j] && w[j] > best)
                {
                    best = w[j];
                    t = j;
                }
            }

            if (t < 0)
            {
                break;
            }

            if (passiveCount >= m)
            {
                // The passive columns already span the row space: no further column is independent of them.
                rejected[t] = true;
                continue;
            }

            passive[t] = true;
            var z = PassiveSolution(a, b, passive, t, out bool independent);
            if (!independent || z[t] <= 0)
            {
                passive[t] = false;
                rejected[t] = true;
                continue;
            }

            passiveCount++;
            Array.Clear(rejected);
            while (true)
            {
                if (++solves > maxSolves)
                {
                    status = SubproblemStatus.IterationLimit;
                    break;
                }

                double alpha = double.PositiveInfinity;
                int leaving = -1;
                for (int j = 0; j < n; j++)
                {
                    if (passive[j] && z[j] <= 0)
                    {
                        double ratio = x[j] / (x[j] - z[j]);
                        if (ratio < alpha)
                        {
                            alpha = ratio;
                            leaving = j;
                        }
                    }
                }

                if (leaving < 0)
                {
                    z.CopyTo(x);
                    break;
                }

                for (int j = 0; j < n; j++)
                {
                    if (passive[j])
                    {
                        x[j] += alpha * (z[j] - x[j]);
                        if (j == leaving || x[j] <= 0)
                        {
                            x[j] = 0;
                            passive[j] = false;
                            passiveCount--;
                        }
                    }
                }

                z = PassiveSolution(a, b, passive, -1, out _);
            }
        }

        return (status, x, (a * x - b).L2Norm());
    }

    private static readonly double Eps = Math.BitIncrement(1.0) - 1.0;

    /// <summary>
    /// The least-squares solution on the passive columns (zero elsewhere); <paramref name="added"/>, when not negative, is
    /// the column just added, whose independence from the others is tested (Lawson-Hanson's test on the new diagonal of R).
    /// </summary>
    private static Vector<double> PassiveSolution(Matrix<double> a, Vector<double> b, bool[] passive, int added, out bool independent)
    {
        int n = a.ColumnCount;
        var cols = new List<int>(n);
        for (int j = 0; j < n; j++)
        {
            if (passive[j] && j != added)
            {
                cols.Add(j);
            }
        }

        if (added >= 0)
        {
            cols.Add(added);
        }

        var z = Vector<double>.Build.Dense(n);
        independent = true;
        if (cols.Count == 0)
        {
            return z;
        }

        var sub = Matrix<double>.Build.Dense(a.RowCount, cols.Count, (i, k) => a[i, cols[k]]);
        var qr = sub.QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin);
        var r = qr.R;
        int last = cols.Count - 1;
        if (added >= 0)
        {
            double colNorm = sub.Column(last).L2Norm();
            independent = Math.Abs(r[last, last]) > 100 * Eps * colNorm && colNorm > 0;
            if (!independent)
            {
                return z;
            }
        }

        var coef = qr.Solve(b);
        for (int k = 0; k < cols.Count; k++)
        {
            z[cols[k]] = coef[k];
        }

        return z;
    }
}
