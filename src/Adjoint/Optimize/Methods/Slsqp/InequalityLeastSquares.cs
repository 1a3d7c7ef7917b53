using Adjoint.Tensors.Kernels;
using MathNet.Numerics.LinearAlgebra;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Adjoint.Optimize.Methods.Slsqp;

/// <summary>
/// Inequality-constrained least squares, min ‖E x - f‖ subject to G x ≥ h with E of full column rank, by reduction to
/// least distance programming (Lawson and Hanson, Solving Least Squares Problems, 1974, Chapter 23, Section 5; Kraft's LSI).
/// </summary>
/// <remarks>
/// With E = Q R (MathNet's Householder QR; for many columns the Cholesky factor of EᵀE when it is well conditioned) and f₁ = Qᵀf, ‖E x - f‖² = ‖R x - f₁‖² + const; the substitution
/// z = R x - f₁ turns the problem into min ‖z‖ subject to (G R⁻¹) z ≥ h - G R⁻¹ f₁, solved by <see cref="LeastDistance"/>,
/// and x = R⁻¹(z + f₁). The multipliers of the least distance problem are those of ½‖E x - f‖² subject to G x ≥ h:
/// Eᵀ(E x - f) = Rᵀz = Gᵀλ.
/// </remarks>
internal static class InequalityLeastSquares
{
    /// <summary>Solves the problem; returns the status, x and the multipliers λ ≥ 0 (one per row of G).</summary>
    /// <param name="e">E.</param>
    /// <param name="f">f.</param>
    /// <param name="g">G.</param>
    /// <param name="h">h.</param>
    /// <param name="memory">The NNLS passive set of the previous solve (or null; see <see cref="ActiveSetMemory"/>).</param>
    public static (SubproblemStatus Status, Vector<double> X, Vector<double> Multipliers) Solve(
        Matrix<double> e, Vector<double> f, Matrix<double> g, Vector<double> h, ActiveSetMemory? memory = null)
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

        var (r, f1) = Factor(e, f);
        return SolveFactored(r, f1, g, h, memory);
    }

    /// <summary>
    /// R and f₁ with RᵀR = EᵀE and Rᵀf₁ = Eᵀf: from the Cholesky factor of EᵀE when E has many columns and that
    /// matrix is well conditioned, otherwise from MathNet's Householder QR.
    /// </summary>
    public static (Matrix<double> R, Vector<double> F1) Factor(Matrix<double> e, Vector<double> f) =>
        e.ColumnCount >= LargeColumns && NormalFactor(e, f) is { } normal ? normal : HouseholderFactor(e, f);

    /// <summary>Whether R's diagonal spreads little enough (min/max above <see cref="NormalConditionRatio"/>) for a
    /// factor of the normal matrix to stand for the QR's.</summary>
    public static bool WellConditioned(Matrix<double> r)
    {
        double largest = 0, smallest = double.PositiveInfinity;
        for (int i = 0; i < r.RowCount; i++)
        {
            double v = Math.Abs(r[i, i]);
            largest = Math.Max(largest, v);
            smallest = Math.Min(smallest, v);
        }

        return smallest > NormalConditionRatio * largest && double.IsFinite(largest);
    }

    /// <summary>f₁ = R⁻ᵀ b (forward substitution with Rᵀ; R upper triangular).</summary>
    public static Vector<double> SolveTransposed(Matrix<double> r, Vector<double> b)
    {
        int k = r.RowCount;
        var rc = r.AsColumnMajorArray() ?? r.ToColumnMajorArray();
        var x = b.ToArray();
        for (int i = 0; i < k; i++)
        {
            // Column i of R holds R[0..i, i], the coefficients of row i of Rᵀ.
            var column = rc.AsSpan(i * k, i);
            double sum = x[i];
            if (i >= LargeColumns)
            {
                sum -= TP.Dot<double>(column, x.AsSpan(0, i));
            }
            else
            {
                for (int j = 0; j < i; j++)
                {
                    sum -= column[j] * x[j];
                }
            }

            x[i] = sum / rc[(i * k) + i];
        }

        return Vector<double>.Build.DenseOfArray(x);
    }

    /// <summary>The problem with E already reduced to R and f₁ (RᵀR = EᵀE, Rᵀf₁ = Eᵀf).</summary>
    public static (SubproblemStatus Status, Vector<double> X, Vector<double> Multipliers) SolveFactored(
        Matrix<double> r, Vector<double> f1, Matrix<double> g, Vector<double> h, ActiveSetMemory? memory = null)
    {
        int k = r.ColumnCount, mg = g.RowCount;
        var x = Vector<double>.Build.Dense(k);
        var lambda = Vector<double>.Build.Dense(mg);
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

        if (mg == 0)
        {
            return (SubproblemStatus.Solved, Triangular.SolveUpper(r, f1), lambda);
        }

        // G' = G R⁻¹, row by row: Rᵀ g'ᵢ = gᵢ (forward substitution: mg·k² flops). MathNet stores R by columns, so
        // column c of R (its entries above the diagonal) is contiguous.
        var ra = r.AsColumnMajorArray() ?? r.ToColumnMajorArray();
        var ga = g.AsColumnMajorArray() ?? g.ToColumnMajorArray();
        if (k >= LargeColumns)
        {
            var gpLarge = Matrix<double>.Build.Dense(mg, k, BlockedRightSolve(ra, ga, k, mg));

            var (statusLarge, zLarge, multLarge) = LeastDistance.Solve(gpLarge, h - (gpLarge * f1), memory);
            return statusLarge != SubproblemStatus.Solved
                ? (statusLarge, x, lambda)
                : (SubproblemStatus.Solved, Triangular.SolveUpper(r, zLarge + f1), multLarge);
        }

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
        var (status, z, mult) = LeastDistance.Solve(gp, hp, memory);
        if (status != SubproblemStatus.Solved)
        {
            return (status, x, lambda);
        }

        return (SubproblemStatus.Solved, Triangular.SolveUpper(r, z + f1), mult);
    }

    /// <summary>
    /// The column count from which R comes from the Cholesky factor of EᵀE (a fifth of the work of a Householder QR,
    /// and on a fast matrix kernel) when that matrix is well conditioned, and sums use SIMD partial sums.
    /// </summary>
    private const int LargeColumns = 64;

    /// <summary>
    /// The smallest ratio of R's diagonal entries (min/max) for which the Cholesky factor of EᵀE is kept. Its
    /// rounding errors grow with cond(E)², those of the QR with cond(E); below this ratio the QR decides.
    /// </summary>
    private const double NormalConditionRatio = 1e-4;

    /// <summary>The column block of <see cref="BlockedRightSolve"/>.</summary>
    private const int SolveBlock = 64;

    /// <summary>
    /// G' = G R⁻¹ by columns (G' by columns is the row-major G'ᵀ, the solution of the lower triangular system
    /// Rᵀ G'ᵀ = Gᵀ): block rows of <see cref="SolveBlock"/>, each first reduced by the rows above it with the library's
    /// matrix kernel, then by forward substitution within the block. <paramref name="rByColumns"/> is R (k × k) and
    /// <paramref name="gByColumns"/> is G (mg × k), both by columns.
    /// </summary>
    private static double[] BlockedRightSolve(double[] rByColumns, double[] gByColumns, int k, int mg)
    {
        // Rᵀ by rows is R by columns; Gᵀ by rows is G by columns.
        var yt = (double[])gByColumns.Clone();
        var block = new double[SolveBlock * k];
        for (int c0 = 0; c0 < k; c0 += SolveBlock)
        {
            int nb = Math.Min(SolveBlock, k - c0);
            var rows = yt.AsSpan(c0 * mg, nb * mg);
            if (c0 > 0)
            {
                // Rows c0..c0+nb of G'ᵀ -= Rᵀ[c0.., ..c0] G'ᵀ[..c0, :] (the negated block of Rᵀ, accumulated).
                for (int b = 0; b < nb; b++)
                {
                    var source = rByColumns.AsSpan((c0 + b) * k, c0);
                    TP.Negate<double>(source, block.AsSpan(b * c0, c0));
                }

                MatMulKernels.Gemm(false, false, nb, mg, c0, block.AsSpan(0, nb * c0), yt.AsSpan(0, c0 * mg), rows, accumulate: true);
            }

            for (int b = 0; b < nb; b++)
            {
                int c = c0 + b;
                var row = yt.AsSpan(c * mg, mg);
                for (int j = c0; j < c; j++)
                {
                    double rjc = rByColumns[(c * k) + j];
                    if (rjc != 0)
                    {
                        TP.MultiplyAdd<double>(yt.AsSpan(j * mg, mg), -rjc, row, row);
                    }
                }

                TP.Divide<double>(row, rByColumns[(c * k) + c], row);
            }
        }

        return yt;
    }

    /// <summary>R and f₁ = Qᵀf from MathNet's Householder QR E = Q R.</summary>
    private static (Matrix<double> R, Vector<double> F1) HouseholderFactor(Matrix<double> e, Vector<double> f)
    {
        var qr = e.QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin);
        return (qr.R, qr.Q.TransposeThisAndMultiply(f));
    }

    /// <summary>
    /// R and f₁ from the Cholesky factorization EᵀE = RᵀR (MathNet, on EᵀE formed by the library's matrix kernel),
    /// f₁ = R⁻ᵀEᵀf (then RᵀR = EᵀE and Rᵀf₁ = Eᵀf, as with the QR, up to the signs of R's rows); null when EᵀE is not
    /// numerically positive definite or R's diagonal spreads more than <see cref="NormalConditionRatio"/>.
    /// </summary>
    private static (Matrix<double> R, Vector<double> F1)? NormalFactor(Matrix<double> e, Vector<double> f)
    {
        int rows = e.RowCount, k = e.ColumnCount;
        var ec = e.AsColumnMajorArray() ?? e.ToColumnMajorArray();

        // EᵀE: E by columns is Eᵀ by rows (k × rows); its product with (Eᵀ)ᵀ.
        var normal = new double[k * k];
        MatMulKernels.Gemm(false, true, k, k, rows, ec, ec, normal, accumulate: false);
        MathNet.Numerics.LinearAlgebra.Factorization.Cholesky<double> cholesky;
        try
        {
            cholesky = Matrix<double>.Build.Dense(k, k, normal).Cholesky();
        }
        catch (ArgumentException)
        {
            return null;
        }

        var lower = cholesky.Factor;
        double largest = 0, smallest = double.PositiveInfinity;
        for (int i = 0; i < k; i++)
        {
            double v = lower[i, i];
            largest = Math.Max(largest, v);
            smallest = Math.Min(smallest, v);
        }

        if (!(smallest > NormalConditionRatio * largest) || !double.IsFinite(largest))
        {
            return null;
        }

        // f₁ = L⁻¹(Eᵀf) by forward substitution (L = Rᵀ, by columns).
        var etf = e.TransposeThisAndMultiply(f);
        var lc = lower.AsColumnMajorArray() ?? lower.ToColumnMajorArray();
        var f1 = etf.ToArray();
        for (int j = 0; j < k; j++)
        {
            f1[j] /= lc[(j * k) + j];
            double fj = f1[j];
            for (int i = j + 1; i < k; i++)
            {
                f1[i] -= lc[(j * k) + i] * fj;
            }
        }

        return (lower.Transpose(), Vector<double>.Build.DenseOfArray(f1));
    }

    private static readonly double Eps = Math.BitIncrement(1.0) - 1.0;
}
