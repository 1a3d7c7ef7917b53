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
        var x = Vector<double>.Build.Dense(n);
        var lambda = Vector<double>.Build.Dense(m);
        if (m == 0)
        {
            return (SubproblemStatus.Solved, x, lambda);
        }

        // A = [Gᵀ; hᵀ] by columns: column i is row i of G followed by hᵢ.
        int rowsA = n + 1;
        var columns = new double[rowsA * m];
        var gc = g.AsColumnMajorArray() ?? g.ToColumnMajorArray();
        for (int j = 0; j < n; j++)
        {
            for (int i = 0; i < m; i++)
            {
                columns[(i * rowsA) + j] = gc[(j * m) + i];
            }
        }

        for (int i = 0; i < m; i++)
        {
            columns[(i * rowsA) + n] = h[i];
        }

        var b = new double[rowsA];
        b[n] = 1;
        var u = new double[m];
        var (status, _) = Nnls.Solve(columns, rowsA, m, b, u, memory);
        if (status != SubproblemStatus.Solved)
        {
            return (status, x, lambda);
        }

        var uv = Vector<double>.Build.DenseOfArray(u);
        double fac = 1 - h.DotProduct(uv);
        if (!(fac > 1e3 * Eps))
        {
            return (SubproblemStatus.Incompatible, x, lambda);
        }

        lambda = uv / fac;
        x = g.TransposeThisAndMultiply(lambda);
        return (SubproblemStatus.Solved, x, lambda);
    }

    private static readonly double Eps = Math.BitIncrement(1.0) - 1.0;
}
