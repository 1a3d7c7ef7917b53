using MathNet.Numerics.LinearAlgebra;

namespace Adjoint.Optimize.TrustRegion;

// Symbols (Cline, Moler, Stewart, Wilkinson 1979; Golub & Van Loan, Section 3.5.4): U the upper triangular matrix,
// e ∈ {±1}ⁿ the right-hand side chosen one entry at a time, w the solution of Uᵀw = e, v the solution of Uv = w,
// s_i the partial sums Σ_{j<k} U_ji w_j still to be subtracted from the later equations.

/// <summary>
/// An O(n²) estimate of the smallest singular value of an upper triangular matrix and of its right singular vector,
/// by the LINPACK condition estimator.
/// </summary>
/// <remarks>
/// <para>The estimator picks e with entries ±1 so that the solution w of Uᵀw = e is large: it solves the lower triangular
/// system Uᵀw = e one equation at a time and, at each step, chooses the sign of e_k that maximizes |w_k| + ‖s_{k+1:n}‖₁,
/// the new entry plus its effect on the equations still to come (the look-ahead of Golub and Van Loan, Algorithm 3.5.1).
/// Solving Uv = w then amplifies w along the right singular vector of the smallest singular value, so σ_min ≈ ‖w‖/‖v‖
/// and the vector ≈ v/‖v‖. The estimate is never below the true σ_min (it is ‖U⁻¹w‖⁻¹‖w‖) and is sharpest when U is
/// nearly singular, which is when a trust-region solver needs it: with H + λI = UᵀU, σ_min² estimates the smallest
/// eigenvalue λ₁ + λ and the vector estimates its eigenvector without an eigendecomposition.</para>
/// <para>References: A. K. Cline, C. B. Moler, G. W. Stewart, J. H. Wilkinson (1979), "An estimate for the condition
/// number of a matrix", SIAM J. Numer. Anal. 16(2), 368-375; G. H. Golub, C. F. Van Loan (2013), "Matrix
/// Computations", 4th ed., Section 3.5.4; Conn, Gould, Toint (2000), "Trust-Region Methods", Section 7.3.</para>
/// </remarks>
internal static class SmallestSingularValueEstimate
{
    /// <summary>Estimates the smallest singular value of <paramref name="upper"/> and a unit right singular vector.</summary>
    /// <param name="upper">A square upper triangular matrix with a nonzero diagonal (entries below it are ignored).</param>
    /// <returns>σ ≈ σ_min(U) and z with ‖z‖ = 1 and ‖Uz‖ = σ.</returns>
    /// <exception cref="ArgumentException">The matrix is not square.</exception>
    public static (double Sigma, double[] Vector) Of(Matrix<double> upper)
    {
        ArgumentNullException.ThrowIfNull(upper);
        if (upper.RowCount != upper.ColumnCount)
        {
            throw new ArgumentException("The matrix must be square.", nameof(upper));
        }

        int n = upper.RowCount;
        // Column-major: U_ij at u[j * n + i], so row k of Uᵀ (column k of U) is contiguous.
        var u = upper.ToColumnMajorArray();
        var w = new double[n];
        var s = new double[n];
        for (int k = 0; k < n; k++)
        {
            double ukk = u[(k * n) + k];
            double wPlus = (1 - s[k]) / ukk;
            double wMinus = (-1 - s[k]) / ukk;
            // Look-ahead: the 1-norm of the partial sums of the remaining equations under either choice.
            double aheadPlus = 0, aheadMinus = 0;
            for (int i = k + 1; i < n; i++)
            {
                double uki = u[(i * n) + k];
                aheadPlus += Math.Abs(s[i] + (uki * wPlus));
                aheadMinus += Math.Abs(s[i] + (uki * wMinus));
            }

            double wk = Math.Abs(wPlus) + aheadPlus >= Math.Abs(wMinus) + aheadMinus ? wPlus : wMinus;
            w[k] = wk;
            for (int i = k + 1; i < n; i++)
            {
                s[i] += u[(i * n) + k] * wk;
            }
        }

        // Uv = w by back substitution.
        var v = new double[n];
        for (int i = n - 1; i >= 0; i--)
        {
            double sum = w[i];
            for (int j = i + 1; j < n; j++)
            {
                sum -= u[(j * n) + i] * v[j];
            }

            v[i] = sum / u[(i * n) + i];
        }

        double vNorm = Norm(v);
        for (int i = 0; i < n; i++)
        {
            v[i] /= vNorm;
        }

        return (Norm(w) / vNorm, v);
    }

    private static double Norm(double[] x) => System.Numerics.Tensors.TensorPrimitives.Norm<double>(x);
}
