using MathNet.Numerics.LinearAlgebra;

namespace Adjoint.Optimize.Methods.Slsqp;

/// <summary>
/// Inequality-constrained least squares, min ‖E x - f‖ subject to G x ≥ h with E of full column rank, by reduction to
/// least distance programming (Lawson and Hanson, Solving Least Squares Problems, 1974, Chapter 23, Section 5; Kraft's LSI).
/// </summary>
/// <remarks>
/// With E = Q R (MathNet's Householder QR) and f₁ = Qᵀf, ‖E x - f‖² = ‖R x - f₁‖² + const; the substitution
/// z = R x - f₁ turns the problem into min ‖z‖ subject to (G R⁻¹) z ≥ h - G R⁻¹ f₁, solved by <see cref="LeastDistance"/>,
/// and x = R⁻¹(z + f₁). The multipliers of the least distance problem are those of ½‖E x - f‖² subject to G x ≥ h:
/// Eᵀ(E x - f) = Rᵀz = Gᵀλ.
/// </remarks>
internal static class InequalityLeastSquares
{
    /// <summary>Solves the problem; returns the status, x and the multipliers λ ≥ 0 (one per row of G).</summary>
    public static (SubproblemStatus Status, Vector<double> X, Vector<double> Multipliers) Solve(
        Matrix<double> e, Vector<double> f, Matrix<double> g, Vector<double> h)
    {
        int k = e.ColumnCount, mg = g.RowCount;
        var x = Vector<double>.Build.Dense(k);
        var lambda = Vector<double>.Build.Dense(mg);
        if (k == 0)
        {
            // No free variable: the constraints read 0 ≥ h.
            return (h.Count == 0 || h.Maximum() <= 0 ? SubproblemStatus.Solved : SubproblemStatus.Incompatible, x, lambda);
        }

        if (e.RowCount < k)
        {
            return (SubproblemStatus.SingularE, x, lambda);
        }

        var qr = e.QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin);
        var r = qr.R;
        double largest = 0;
        for (int i = 0; i < k; i++)
        {
            largest = Math.Max(largest, Math.Abs(r[i, i]));
        }

        for (int i = 0; i < k; i++)
        {
            if (!(Math.Abs(r[i, i]) > k * Eps * largest))
            {
                return (SubproblemStatus.SingularE, x, lambda);
            }
        }

        var f1 = qr.Q.TransposeThisAndMultiply(f);
        if (mg == 0)
        {
            return (SubproblemStatus.Solved, Triangular.SolveUpper(r, f1), lambda);
        }

        // G' = G R⁻¹, row by row: Rᵀ g'ᵢ = gᵢ (forward substitution: mg·k² flops). MathNet stores R by columns, so
        // column c of R (its entries above the diagonal) is contiguous.
        var ra = r.AsColumnMajorArray() ?? r.ToColumnMajorArray();
        var ga = g.AsColumnMajorArray() ?? g.ToColumnMajorArray();
        var gpa = new double[mg * k];
        for (int i = 0; i < mg; i++)
        {
            var row = gpa.AsSpan(i * k, k);
            for (int c = 0; c < k; c++)
            {
                var rc = ra.AsSpan(c * k, c);
                double sum = ga[(c * mg) + i];
                for (int j = 0; j < rc.Length; j++)
                {
                    sum -= rc[j] * row[j];
                }

                row[c] = sum / ra[(c * k) + c];
            }
        }

        var gp = Matrix<double>.Build.DenseOfRowMajor(mg, k, gpa);
        var hp = h - (gp * f1);
        var (status, z, mult) = LeastDistance.Solve(gp, hp);
        if (status != SubproblemStatus.Solved)
        {
            return (status, x, lambda);
        }

        return (SubproblemStatus.Solved, Triangular.SolveUpper(r, z + f1), mult);
    }

    private static readonly double Eps = Math.BitIncrement(1.0) - 1.0;
}
