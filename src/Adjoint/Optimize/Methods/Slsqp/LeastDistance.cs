using MathNet.Numerics.LinearAlgebra;

namespace Adjoint.Optimize.Methods.Slsqp;

/// <summary>
/// Least distance programming, min ‖x‖ subject to G x ≥ h, by reduction to NNLS (Lawson and Hanson, Solving Least
/// Squares Problems, 1974, Chapter 23, Section 4; Kraft's LDP).
/// </summary>
/// <remarks>
/// With A = [Gᵀ; hᵀ] ((n+1) × m) and b = e_{n+1}, NNLS gives u ≥ 0 and the residual r = A u - b, whose last component
/// is -‖r‖² (so 1 - hᵀu = ‖r‖² ≥ 0). The constraints are incompatible exactly when r = 0; otherwise
/// x = Gᵀu / (1 - hᵀu), and λ = u / (1 - hᵀu) are the multipliers of ½‖x‖²: x = Gᵀλ, λ ≥ 0, λᵢ (G x - h)ᵢ = 0.
/// The x found is checked against G x ≥ h; when it falls short by more than rounding (NNLS on rows of very different
/// norms), the problem is solved again with each row of G and h divided by its norm (the same feasible set, the
/// multipliers scaled back).
/// </remarks>
internal static class LeastDistance
{
    /// <summary>Solves the problem; returns the status, x and the multipliers λ (one per row of G).</summary>
    /// <param name="g">G.</param>
    /// <param name="h">h.</param>
    /// <param name="memory">The NNLS passive set of the previous solve (or null; see <see cref="ActiveSetMemory"/>).</param>
    public static (SubproblemStatus Status, Vector<double> X, Vector<double> Multipliers) Solve(Matrix<double> g, Vector<double> h,
        ActiveSetMemory? memory = null)
    {
        int m = g.RowCount, n = g.ColumnCount;
        if (m == 0)
        {
            return (SubproblemStatus.Solved, Vector<double>.Build.Dense(n), Vector<double>.Build.Dense(m));
        }

        var gc = g.AsColumnMajorArray() ?? g.ToColumnMajorArray();
        var norms = RowNorms(gc, m, n);
        var plain = Solve(g, h, gc, norms, equilibrate: false, memory);
        if (plain.Status != SubproblemStatus.Solved || Feasible(g, h, norms, plain.X))
        {
            return plain;
        }

        // NNLS on columns whose norms spread over orders of magnitude (rows from constraints in very different units)
        // can stop at a u whose x violates the small rows. Rows divided by their norms describe the same feasible set.
        var equilibrated = Solve(g, h, gc, norms, equilibrate: true, memory: null);
        return equilibrated.Status == SubproblemStatus.Solved && !Feasible(g, h, norms, equilibrated.X) && Violation(g, h, norms, equilibrated.X) > Violation(g, h, norms, plain.X)
            ? plain
            : equilibrated;
    }

    /// <summary>Whether G x ≥ h holds to rounding: each row's shortfall at most 1e-10 of ‖gᵢ‖ ‖x‖ + |hᵢ|.</summary>
    private static bool Feasible(Matrix<double> g, Vector<double> h, double[] norms, Vector<double> x) => Violation(g, h, norms, x) <= 1e-10;

    /// <summary>The largest shortfall of G x ≥ h relative to ‖gᵢ‖ ‖x‖ + |hᵢ|.</summary>
    private static double Violation(Matrix<double> g, Vector<double> h, double[] norms, Vector<double> x)
    {
        var gx = g * x;
        double xn = x.L2Norm(), worst = 0;
        for (int i = 0; i < h.Count; i++)
        {
            double scale = (norms[i] * xn) + Math.Abs(h[i]);
            double shortfall = h[i] - gx[i];
            if (shortfall > 0 && scale > 0)
            {
                worst = Math.Max(worst, shortfall / scale);
            }
        }

        return worst;
    }

    private static double[] RowNorms(double[] gc, int m, int n)
    {
        var norms = new double[m];
        for (int j = 0; j < n; j++)
        {
            for (int i = 0; i < m; i++)
            {
                double v = gc[(j * m) + i];
                norms[i] += v * v;
            }
        }

        for (int i = 0; i < m; i++)
        {
            norms[i] = Math.Sqrt(norms[i]);
        }

        return norms;
    }

    private static (SubproblemStatus Status, Vector<double> X, Vector<double> Multipliers) Solve(Matrix<double> g, Vector<double> h,
        double[] gc, double[] norms, bool equilibrate, ActiveSetMemory? memory)
    {
        int m = g.RowCount, n = g.ColumnCount;
        var x = Vector<double>.Build.Dense(n);
        var lambda = Vector<double>.Build.Dense(m);
        var scale = new double[m];
        for (int i = 0; i < m; i++)
        {
            scale[i] = equilibrate && norms[i] > 0 && double.IsFinite(norms[i]) ? 1 / norms[i] : 1;
        }

        // A = [Gᵀ; hᵀ] by columns: column i is row i of G followed by hᵢ (each times the row's scale).
        int rowsA = n + 1;
        var columns = new double[rowsA * m];
        for (int j = 0; j < n; j++)
        {
            for (int i = 0; i < m; i++)
            {
                columns[(i * rowsA) + j] = gc[(j * m) + i] * scale[i];
            }
        }

        double[] hs = new double[m];
        for (int i = 0; i < m; i++)
        {
            hs[i] = h[i] * scale[i];
            columns[(i * rowsA) + n] = hs[i];
        }

        var b = new double[rowsA];
        b[n] = 1;
        var u = new double[m];
        var (status, _) = Nnls.Solve(columns, rowsA, m, b, u, memory);
        if (status != SubproblemStatus.Solved)
        {
            return (status, x, lambda);
        }

        double hu = 0;
        for (int i = 0; i < m; i++)
        {
            hu += hs[i] * u[i];
        }

        double fac = 1 - hu;
        if (!(fac > 1e3 * Eps))
        {
            return (SubproblemStatus.Incompatible, x, lambda);
        }

        // The multipliers of the scaled rows, u / fac, are those of the original rows times their scales.
        for (int i = 0; i < m; i++)
        {
            lambda[i] = u[i] / fac * scale[i];
        }

        x = g.TransposeThisAndMultiply(lambda);
        return (SubproblemStatus.Solved, x, lambda);
    }

    private static readonly double Eps = Math.BitIncrement(1.0) - 1.0;
}
