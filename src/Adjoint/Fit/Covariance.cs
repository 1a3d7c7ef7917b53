using System.Globalization;

namespace Adjoint.Fit;

/// <summary>
/// Covariance of least-squares estimates from the Jacobian at the solution: <c>s^2 (J^T J)^+</c>, by SVD, with
/// unidentifiable parameters reported instead of hidden.
/// </summary>
/// <remarks>
/// <para>The Jacobian's columns are first scaled to unit norm (the covariance is invariant to this, and it makes the
/// rank decision and the condition number independent of the parameters' units). A QR factorization and the SVD of its
/// n x n factor R (Math.NET) give J_s = U S V^T; singular values at or below <c>eps max(m, n) s_max</c> count as zero, as in scipy's
/// <c>curve_fit</c>. Then cov = s^2 D^-1 V S^-2 V^T D^-1 over the retained singular values. A parameter with a
/// component above 1e-6 in a discarded singular vector lies (partly) in the null space: the data do not determine
/// it, so its variance is +infinity rather than the finite pseudo-inverse value scipy reports.</para>
/// <para>A warning is set when the scaled condition number exceeds 1/sqrt(eps) (about 6.7e7): the covariance has then
/// lost about half of double precision to rounding, and the parameters are nearly collinear.</para>
/// </remarks>
public static class Covariance
{
    private const double Eps = 2.220446049250313e-16;

    /// <summary>The condition number above which <see cref="CovarianceEstimate.Warning"/> is set: 1/sqrt(eps).</summary>
    public static double ConditionWarningThreshold { get; } = 1 / Math.Sqrt(Eps);

    /// <summary>The covariance <c>residualVariance * (J^T J)^+</c> of parameters estimated by least squares.</summary>
    /// <param name="jacobian">The m x n Jacobian of the (weighted) residuals at the solution.</param>
    /// <param name="residualVariance">s^2: the reduced chi-square for relative weights, 1 for absolute sigma.</param>
    /// <param name="parameterNames">Names for messages (default p[0], p[1], ...).</param>
    /// <returns>The covariance with standard errors, correlation and diagnostics.</returns>
    /// <exception cref="ArgumentException">The Jacobian is empty or not finite.</exception>
    public static CovarianceEstimate FromJacobian(double[,] jacobian, double residualVariance = 1.0, IReadOnlyList<string>? parameterNames = null)
    {
        ArgumentNullException.ThrowIfNull(jacobian);
        int m = jacobian.GetLength(0), n = jacobian.GetLength(1);
        if (m == 0 || n == 0)
        {
            throw new ArgumentException("The Jacobian is empty.", nameof(jacobian));
        }

        var colNorm = new double[n];
        var a = new double[Math.Max(m, n) * n];
        int rows = Math.Max(m, n);
        for (int j = 0; j < n; j++)
        {
            double s = 0;
            for (int i = 0; i < m; i++)
            {
                double jij = jacobian[i, j];
                if (!double.IsFinite(jij))
                {
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Jacobian[{i}, {j}] = {jij} is not finite."), nameof(jacobian));
                }

                s += jij * jij;
            }

            colNorm[j] = Math.Sqrt(s);
            double inv = colNorm[j] > 0 ? 1 / colNorm[j] : 0;
            for (int i = 0; i < m; i++)
            {
                a[(j * rows) + i] = jacobian[i, j] * inv;
            }
        }

        var (sv, v, _) = ReducedSvd.Decompose(a, rows, n, null);
        double threshold = Eps * Math.Max(m, n) * sv[0];
        int rank = 0;
        while (rank < n && sv[rank] > threshold)
        {
            rank++;
        }

        // v is column-major (v[j + k n] = component j of direction k); directions k >= rank are discarded.
        var kept = new bool[n];
        var inverseWeight = new double[n];
        for (int k = 0; k < n; k++)
        {
            kept[k] = k < rank;
            inverseWeight[k] = k < rank ? 1 / (sv[k] * sv[k]) : 0;
        }

        var zeroColumn = colNorm.Select(c => c == 0).ToArray();
        var (cov, se, corr, unident) = Assemble(n, (j, k) => v[j + (k * n)], inverseWeight, kept, residualVariance, colNorm, zeroColumn);
        double cond = rank < n ? double.PositiveInfinity : sv[0] / sv[n - 1];
        string? warning = null;
        if (rank < n)
        {
            var names = Enumerable.Range(0, n).Where(j => unident[j])
                .Select(j => parameterNames is not null && j < parameterNames.Count ? parameterNames[j] : $"p[{j}]");
            warning = string.Create(CultureInfo.InvariantCulture,
                $"The Jacobian has rank {rank} < {n}: the data do not determine {string.Join(", ", names)} (infinite variance); fix or remove parameters, or reparameterize.");
            var ignored = Enumerable.Range(0, n).Where(j => zeroColumn[j])
                .Select(j => parameterNames is not null && j < parameterNames.Count ? parameterNames[j] : $"p[{j}]").ToArray();
            if (ignored.Length > 0 && ignored.Length < n)
            {
                warning += $" The model does not depend on {string.Join(", ", ignored)} at the solution (a zero Jacobian column).";
            }
        }
        else if (cond > ConditionWarningThreshold)
        {
            warning = string.Create(CultureInfo.InvariantCulture,
                $"The column-scaled Jacobian has condition number {cond:G3}: parameters are nearly collinear and the covariance may have lost about {Math.Log10(cond):F0} of its 16 digits.");
        }

        if (!double.IsFinite(residualVariance))
        {
            warning = (warning is null ? string.Empty : warning + " ") + "The residual variance is not finite (no degrees of freedom): the covariance cannot be estimated.";
        }

        return new CovarianceEstimate
        {
            Matrix = cov,
            StandardErrors = se,
            Correlation = corr,
            Rank = rank,
            SingularValues = sv,
            ConditionNumber = cond,
            Unidentifiable = unident,
            Warning = warning,
        };
    }

    /// <summary>
    /// Assembles <c>scale * D^-1 (sum over kept directions k of w_k q_k q_k^T) D^-1</c> with standard errors and
    /// correlations; a parameter with a component above 1e-6 in a discarded direction (or marked in
    /// <paramref name="forcedUnidentifiable"/>) gets infinite variance and NaN covariances.
    /// </summary>
    /// <param name="n">The number of parameters.</param>
    /// <param name="basis">Component j of direction k.</param>
    /// <param name="weights">w_k for each direction (ignored where not kept).</param>
    /// <param name="kept">Which directions are kept.</param>
    /// <param name="scale">The overall multiplier.</param>
    /// <param name="columnScale">D, or null for the identity.</param>
    /// <param name="forcedUnidentifiable">Parameters known to be undetermined, or null.</param>
    internal static (double[,] Cov, double[] StandardErrors, double[,] Correlation, bool[] Unidentifiable) Assemble(
        int n, Func<int, int, double> basis, double[] weights, bool[] kept, double scale, double[]? columnScale, bool[]? forcedUnidentifiable)
    {
        var unident = new bool[n];
        for (int j = 0; j < n; j++)
        {
            unident[j] = forcedUnidentifiable?[j] ?? false;
            for (int k = 0; k < n && !unident[j]; k++)
            {
                if (!kept[k] && Math.Abs(basis(j, k)) > 1e-6)
                {
                    unident[j] = true;
                }
            }
        }

        var cov = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = i; j < n; j++)
            {
                double c;
                if (unident[i] || unident[j])
                {
                    c = i == j ? double.PositiveInfinity : double.NaN;
                }
                else
                {
                    double sum = 0;
                    for (int k = 0; k < n; k++)
                    {
                        if (kept[k])
                        {
                            sum += basis(i, k) * basis(j, k) * weights[k];
                        }
                    }

                    c = columnScale is null ? scale * sum : scale * sum / (columnScale[i] * columnScale[j]);
                }

                cov[i, j] = c;
                cov[j, i] = c;
            }
        }

        var se = new double[n];
        for (int i = 0; i < n; i++)
        {
            se[i] = Math.Sqrt(cov[i, i]);
        }

        var corr = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                corr[i, j] = unident[i] || unident[j] ? double.NaN : i == j ? 1 : cov[i, j] / (se[i] * se[j]);
            }
        }

        return (cov, se, corr, unident);
    }
}
