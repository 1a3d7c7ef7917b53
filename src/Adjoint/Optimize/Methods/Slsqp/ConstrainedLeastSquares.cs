using Adjoint.Tensors.Kernels;
using MathNet.Numerics.LinearAlgebra;

namespace Adjoint.Optimize.Methods.Slsqp;

/// <summary>
/// The least-squares form of SLSQP's quadratic subproblem: min ‖E x - f‖ subject to C x = d, G x ≥ h and
/// l ≤ x ≤ u (Kraft's LSQ and LSEI; Lawson and Hanson, Solving Least Squares Problems, 1974, Chapter 20 and 23).
/// </summary>
/// <remarks>
/// <para>Bounds become rows of G (xᵢ ≥ lᵢ, -xᵢ ≥ -uᵢ), as in Kraft's LSQ. The equality constraints are eliminated with
/// MathNet's SVD C = U S Vᵀ: the rank r counts singular values above 1e-10 s_max, the particular solution is
/// x_p = V₁ S₁⁻¹ U₁ᵀ d, and x = x_p + Z y with Z = V₂ spanning the null space of C. Dependent rows of C are therefore
/// no failure when they are consistent (Kraft's LSEI stops with mode 6 there); inconsistent ones (a residual
/// ‖C x_p - d‖ above 1e-8 of the scale plus 1e-13 ‖C‖∞) make the problem <see cref="SubproblemStatus.Incompatible"/>. The reduced
/// problem min ‖E Z y - (f - E x_p)‖ subject to G Z y ≥ h - G x_p is solved by <see cref="InequalityLeastSquares"/>;
/// when C determines x (r = n) the inequalities are checked at x_p rather than ignored (Kraft ignores them there).</para>
/// <para>Cost: the SVD is kept in an <see cref="EqualityBasis"/> and reused while C is unchanged (linear equality
/// constraints); in large problems E Z goes to the library's blocked matrix kernel and the bound rows of G Z are rows of
/// Z, copied rather than multiplied; small problems keep MathNet's products.</para>
/// <para>Multipliers: λ_g and μ from the inequality solve; λ_c = (Cᵀ)⁺ (Eᵀ(E x - f) - Gᵀλ_g - μ), the minimum-norm
/// solution of the stationarity equations. The solution is finally clipped to the bounds (rounding only).</para>
/// </remarks>
internal static class ConstrainedLeastSquares
{
    /// <summary>Relative singular value below which a direction of C counts as dependent.</summary>
    private const double RankTolerance = 1e-10;

    /// <summary>Relative residual above which dependent equality rows count as inconsistent.</summary>
    private const double ConsistencyTolerance = 1e-8;

    /// <summary>An absolute floor on those residuals, relative to the row scale: rounding near a solution, where d ≈ 0.</summary>
    private const double RoundingFloor = 1e-13;

    /// <summary>The flop count (n² times the null-space dimension) from which the reduction uses the blocked kernel.</summary>
    private const long LargeProduct = 1L << 21;

    /// <summary>Solves the problem; <paramref name="lower"/> and <paramref name="upper"/> may hold infinities (or be null).</summary>
    /// <param name="e">E.</param>
    /// <param name="f">f.</param>
    /// <param name="c">C, the equality rows.</param>
    /// <param name="d">d.</param>
    /// <param name="g">G, the inequality rows.</param>
    /// <param name="h">h.</param>
    /// <param name="lower">The lower bounds on x (or null).</param>
    /// <param name="upper">The upper bounds on x (or null).</param>
    /// <param name="basis">The elimination of C from the previous call, reused when C is unchanged (or null).</param>
    /// <param name="memory">The NNLS passive set of the previous call (or null; see <see cref="ActiveSetMemory"/>).</param>
    /// <param name="reduced">The factor of Zᵀ EᵀE Z kept through the updates of E (or null; see <see cref="ReducedHessian"/>):
    /// used, in large problems, while it belongs to <paramref name="basis"/>, and started here otherwise.</param>
    public static SubproblemSolution Solve(Matrix<double> e, Vector<double> f, Matrix<double> c, Vector<double> d,
        Matrix<double> g, Vector<double> h, double[]? lower, double[]? upper, EqualityBasis? basis = null,
        ActiveSetMemory? memory = null, ReducedHessian? reduced = null)
    {
        int n = e.ColumnCount, mc = c.RowCount, mgUser = g.RowCount;

        // Bounds as inequality rows.
        var rowOfLower = new int[n];
        var rowOfUpper = new int[n];
        int mb = 0;
        for (int i = 0; i < n; i++)
        {
            rowOfLower[i] = lower is not null && double.IsFinite(lower[i]) ? mgUser + mb++ : -1;
            rowOfUpper[i] = upper is not null && double.IsFinite(upper[i]) ? mgUser + mb++ : -1;
        }

        int mg = mgUser + mb;
        var hAll = Vector<double>.Build.Dense(mg);
        if (mgUser > 0)
        {
            hAll.SetSubVector(0, mgUser, h);
        }

        for (int i = 0; i < n; i++)
        {
            if (rowOfLower[i] >= 0)
            {
                hAll[rowOfLower[i]] = lower![i];
            }

            if (rowOfUpper[i] >= 0)
            {
                hAll[rowOfUpper[i]] = -upper![i];
            }
        }

        // The full G (user rows, then one row per finite bound), formed only where it is multiplied: large problems
        // take the bound rows from their structure.
        Matrix<double>? gFull = null;
        Matrix<double> GAll()
        {
            if (gFull is null)
            {
                gFull = Matrix<double>.Build.Dense(mg, n);
                if (mgUser > 0)
                {
                    gFull.SetSubMatrix(0, 0, g);
                }

                for (int i = 0; i < n; i++)
                {
                    if (rowOfLower[i] >= 0)
                    {
                        gFull[rowOfLower[i], i] = 1;
                    }

                    if (rowOfUpper[i] >= 0)
                    {
                        gFull[rowOfUpper[i], i] = -1;
                    }
                }
            }

            return gFull;
        }

        // Eliminate the equality constraints.
        var xp = Vector<double>.Build.Dense(n);
        Matrix<double>? z = null;
        Matrix<double>? u1 = null, v1 = null;
        Vector<double>? s1 = null;
        if (mc > 0)
        {
            basis ??= new EqualityBasis();
            basis.Update(c, RankTolerance);
            (u1, v1, s1) = (basis.U1, basis.V1, basis.S1);
            var y1 = u1.TransposeThisAndMultiply(d).PointwiseDivide(s1);
            xp = v1 * y1;
            double residual = (c * xp - d).InfinityNorm();
            double scale = d.InfinityNorm() + (c.InfinityNorm() * xp.InfinityNorm());
            if (residual > (ConsistencyTolerance * scale) + (RoundingFloor * c.InfinityNorm()))
            {
                return Failed(SubproblemStatus.Incompatible, n, mc, mgUser);
            }

            z = basis.Z;
        }

        Vector<double> x;
        Vector<double> lambdaG;
        if (z is not null && z.ColumnCount == 0)
        {
            x = xp;
            lambdaG = Vector<double>.Build.Dense(mg);
            if (mg > 0)
            {
                var gAll = GAll();
                var slack = (gAll * x) - hAll;
                double scale = hAll.InfinityNorm() + (gAll.InfinityNorm() * x.InfinityNorm());
                if (slack.Minimum() < -((ConsistencyTolerance * scale) + (RoundingFloor * gAll.InfinityNorm())))
                {
                    return Failed(SubproblemStatus.Incompatible, n, mc, mgUser);
                }
            }
        }
        else
        {
            // Without equality rows Z = I and x_p = 0: the reduced problem is the problem itself. Large products go to
            // the library's blocked kernel, with the bound rows of G Z copied from Z; small ones stay with MathNet.
            SubproblemStatus status;
            Vector<double> y, mult;
            if (z is null)
            {
                (status, y, mult) = InequalityLeastSquares.Solve(e, f, GAll(), hAll, memory);
            }
            else if ((long)n * n * z.ColumnCount >= LargeProduct)
            {
                var fz = f - (e * xp);
                var (gz, hz) = ReducedInequalities(g, h, z, xp, lower, upper, mg);
                (status, y, mult) = SolveLarge(e, fz, z, gz, hz, basis!, memory, reduced);
            }
            else
            {
                var gAll = GAll();
                (status, y, mult) = InequalityLeastSquares.Solve(e * z, f - (e * xp), gAll * z, hAll - (gAll * xp), memory);
            }

            if (status != SubproblemStatus.Solved)
            {
                return Failed(status, n, mc, mgUser);
            }

            x = z is null ? y : xp + (z * y);
            lambdaG = mult;
        }

        var lambdaC = Vector<double>.Build.Dense(mc);
        if (mc > 0 && s1!.Count > 0)
        {
            var w = e.TransposeThisAndMultiply((e * x) - f) - TransposedProduct(g, lambdaG, rowOfLower, rowOfUpper);
            lambdaC = u1! * v1!.TransposeThisAndMultiply(w).PointwiseDivide(s1);
        }

        var mu = new double[n];
        var xs = x.ToArray();
        for (int i = 0; i < n; i++)
        {
            if (rowOfLower[i] >= 0)
            {
                mu[i] += lambdaG[rowOfLower[i]];
                xs[i] = Math.Max(xs[i], lower![i]);
            }

            if (rowOfUpper[i] >= 0)
            {
                mu[i] -= lambdaG[rowOfUpper[i]];
                xs[i] = Math.Min(xs[i], upper![i]);
            }
        }

        return new SubproblemSolution(SubproblemStatus.Solved, xs, lambdaC.ToArray(),
            lambdaG.SubVector(0, mgUser).ToArray(), mu);
    }

    /// <summary>Gᵀλ for the full G (user rows, then the bound rows ±eᵢ), without forming the bound rows.</summary>
    private static Vector<double> TransposedProduct(Matrix<double> g, Vector<double> lambda, int[] rowOfLower, int[] rowOfUpper)
    {
        int n = rowOfLower.Length, mgUser = g.RowCount;
        var result = mgUser > 0 ? g.TransposeThisAndMultiply(lambda.SubVector(0, mgUser)) : Vector<double>.Build.Dense(n);
        for (int i = 0; i < n; i++)
        {
            if (rowOfLower[i] >= 0)
            {
                result[i] += lambda[rowOfLower[i]];
            }

            if (rowOfUpper[i] >= 0)
            {
                result[i] -= lambda[rowOfUpper[i]];
            }
        }

        return result;
    }

    /// <summary>
    /// The reduced problem min ‖E Z y - f_z‖ subject to G_z y ≥ h_z of a large subproblem: R from the kept factor of
    /// Zᵀ EᵀE Z when it belongs to this basis and is well conditioned, with f₁ = R⁻ᵀ Zᵀ Eᵀ f_z; otherwise from E Z
    /// (product and factorization), which then starts the kept factor.
    /// </summary>
    private static (SubproblemStatus Status, Vector<double> Y, Vector<double> Multipliers) SolveLarge(Matrix<double> e,
        Vector<double> fz, Matrix<double> z, Matrix<double> gz, Vector<double> hz, EqualityBasis basis,
        ActiveSetMemory? memory, ReducedHessian? reduced)
    {
        if (reduced is not null && reduced.IsValid(basis))
        {
            var r = reduced.Upper();
            if (InequalityLeastSquares.WellConditioned(r))
            {
                var f1 = InequalityLeastSquares.SolveTransposed(r, z.TransposeThisAndMultiply(e.TransposeThisAndMultiply(fz)));
                return InequalityLeastSquares.SolveFactored(r, f1, gz, hz, memory);
            }

            reduced.Invalidate();
        }

        var ez = Product(e, z);
        var (rFull, f1Full) = InequalityLeastSquares.Factor(ez, fz);
        reduced?.Initialize(basis, rFull);
        return InequalityLeastSquares.SolveFactored(rFull, f1Full, gz, hz, memory);
    }

    /// <summary>A B by the library's matrix kernel (MathNet stores by columns: the column-major C = A B is the
    /// row-major Cᵀ = Bᵀ Aᵀ, whose factors are B and A read by columns).</summary>
    internal static Matrix<double> Product(Matrix<double> a, Matrix<double> b)
    {
        int m = a.RowCount, k = a.ColumnCount, n = b.ColumnCount;
        var result = new double[m * n];
        if (m > 0 && n > 0 && k > 0)
        {
            var ac = a.AsColumnMajorArray() ?? a.ToColumnMajorArray();
            var bc = b.AsColumnMajorArray() ?? b.ToColumnMajorArray();
            MatMulKernels.Gemm(false, false, n, m, k, bc, ac, result, accumulate: false);
        }

        return Matrix<double>.Build.Dense(m, n, result);
    }

    /// <summary>
    /// The inequality rows in the null-space variables: G Z and h - G x_p for the user rows, then one row ±Z[i, :]
    /// with ±(bound - x_p,i) per finite bound, in the order of the rows of the full G (lower before upper).
    /// </summary>
    private static (Matrix<double> Gz, Vector<double> Hz) ReducedInequalities(Matrix<double> g, Vector<double> h,
        Matrix<double> z, Vector<double> xp, double[]? lower, double[]? upper, int mg)
    {
        int n = z.RowCount, k = z.ColumnCount, mgUser = g.RowCount;
        var user = Product(g, z);
        var gz = Matrix<double>.Build.Dense(mg, k);
        var hz = Vector<double>.Build.Dense(mg);
        var gzc = gz.AsColumnMajorArray();
        var uc = user.AsColumnMajorArray();
        var zc = z.AsColumnMajorArray() ?? z.ToColumnMajorArray();
        for (int c = 0; c < k; c++)
        {
            Array.Copy(uc, c * mgUser, gzc, c * mg, mgUser);
        }

        if (mgUser > 0)
        {
            var gxp = g * xp;
            for (int i = 0; i < mgUser; i++)
            {
                hz[i] = h[i] - gxp[i];
            }
        }

        int row = mgUser;
        for (int i = 0; i < n; i++)
        {
            if (lower is not null && double.IsFinite(lower[i]))
            {
                for (int c = 0; c < k; c++)
                {
                    gzc[(c * mg) + row] = zc[(c * n) + i];
                }

                hz[row++] = lower[i] - xp[i];
            }

            if (upper is not null && double.IsFinite(upper[i]))
            {
                for (int c = 0; c < k; c++)
                {
                    gzc[(c * mg) + row] = -zc[(c * n) + i];
                }

                hz[row++] = -upper[i] + xp[i];
            }
        }

        return (gz, hz);
    }

    private static SubproblemSolution Failed(SubproblemStatus status, int n, int mc, int mg) =>
        new(status, new double[n], new double[mc], new double[mg], new double[n]);
}
