using System.Globalization;
using Adjoint.Autodiff;
using Adjoint.Optimize;
using Adjoint.Tensors;
using MathNet.Numerics.LinearAlgebra.Double;

namespace Adjoint.Fit;

/// <summary>
/// Covariance of the parameters of any minimization from the exact Hessian of its objective at the optimum:
/// <c>scale * H^-1</c>, the Laplace approximation (inverse observed information for a negative log-likelihood).
/// </summary>
/// <remarks>
/// <para>Quasi-Newton methods also carry an inverse-Hessian approximation, but it is built from the few curvature
/// pairs the path happened to sample and can be far from H^-1 in directions the iteration never explored; standard
/// errors read from it are unreliable. Here the Hessian comes from reverse-over-reverse automatic differentiation at
/// the solution, in float64.</para>
/// <para>Which scale: 1 when the objective is a negative log-likelihood (or -log posterior: for a penalized fit
/// this gives the posterior covariance of the Gaussian approximation); <c>2 f* / (m - n)</c> when the objective is
/// <c>0.5 * sum of squared residuals</c> with unknown noise (then it matches curve fitting's <c>s^2 (J^T J)^-1</c> up to
/// the second-derivative terms of the residuals, which vanish for small residuals).</para>
/// <para>The Hessian is inverted through its symmetric eigendecomposition (Math.NET). Eigenvalues at or below
/// <c>eps n |lambda_max|</c>, or negative, leave their directions undetermined: the parameters with a component in
/// them get infinite variance and <see cref="CovarianceEstimate.Warning"/> says so (a negative eigenvalue also means
/// the point is not a minimum).</para>
/// </remarks>
public static class HessianCovariance
{
    private const double Eps = 2.220446049250313e-16;

    /// <summary>The covariance <c>scale * H^-1</c> from a symmetric Hessian.</summary>
    /// <param name="hessian">The n x n Hessian at the optimum.</param>
    /// <param name="scale">The multiplier (see the remarks of <see cref="HessianCovariance"/>).</param>
    /// <param name="parameterNames">Names for messages (default x[0], x[1], ...).</param>
    /// <exception cref="ArgumentException">The Hessian is not square, empty, or not finite.</exception>
    public static CovarianceEstimate FromHessian(double[,] hessian, double scale = 1.0, IReadOnlyList<string>? parameterNames = null)
    {
        ArgumentNullException.ThrowIfNull(hessian);
        int n = hessian.GetLength(0);
        if (n == 0 || hessian.GetLength(1) != n)
        {
            throw new ArgumentException($"The Hessian must be square and non-empty; it is {n} x {hessian.GetLength(1)}.", nameof(hessian));
        }

        if (!(scale > 0) || !double.IsFinite(scale))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), "The scale must be positive and finite.");
        }

        var sym = new DenseMatrix(n, n);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double h = hessian[i, j];
                if (!double.IsFinite(h))
                {
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Hessian[{i}, {j}] = {h} is not finite."), nameof(hessian));
                }

                sym[i, j] = 0.5 * (h + hessian[j, i]);
            }
        }

        var evd = sym.Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric);
        var lambda = evd.EigenValues.Select(c => c.Real).ToArray();
        var q = evd.EigenVectors;
        double lambdaMax = lambda.Max(Math.Abs);
        double threshold = Eps * n * lambdaMax;
        var kept = new bool[n];
        int rank = 0;
        bool indefinite = false;
        for (int k = 0; k < n; k++)
        {
            kept[k] = lambda[k] > threshold;
            rank += kept[k] ? 1 : 0;
            indefinite |= lambda[k] < -threshold;
        }

        var weights = lambda.Select(l => 1 / l).ToArray();
        var (cov, se, corr, unident) = Covariance.Assemble(n, (j, k) => q[j, k], weights, kept, scale, columnScale: null, forcedUnidentifiable: null);

        var sorted = lambda.Select(Math.Abs).OrderByDescending(v => v).ToArray();
        double cond = rank < n ? double.PositiveInfinity : lambdaMax / lambda.Where((_, k) => kept[k]).Min();
        string? warning = null;
        if (rank < n || indefinite)
        {
            var names = Enumerable.Range(0, n).Where(j => unident[j])
                .Select(j => parameterNames is not null && j < parameterNames.Count ? parameterNames[j] : $"x[{j}]");
            warning = indefinite
                ? $"The Hessian has a negative eigenvalue: the point is not a minimum; {string.Join(", ", names)} get infinite variance."
                : $"The Hessian is singular (rank {rank} < {n}): the objective does not determine {string.Join(", ", names)} (infinite variance).";
        }
        else if (cond > 1 / Math.Sqrt(Eps))
        {
            warning = string.Create(CultureInfo.InvariantCulture,
                $"The Hessian's condition number is {cond:G3}: the covariance has lost about half of double precision.");
        }

        return new CovarianceEstimate
        {
            Matrix = cov,
            StandardErrors = se,
            Correlation = corr,
            Rank = rank,
            SingularValues = sorted,
            ConditionNumber = cond,
            Unidentifiable = unident,
            Warning = warning,
        };
    }

    /// <summary>The covariance <c>scale * H^-1</c> of a single-tensor objective at <paramref name="x"/> (flattened).</summary>
    public static CovarianceEstimate AtMinimum(Func<Tensor, Tensor> objective, Tensor x, double scale = 1.0)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(x);
        var x64 = x.To(DType.Float64);
        var h = Grad.Hessian(z => objective(z.Reshape(x.Shape)), x64.Flatten());
        return FromHessian(ToMatrix(h, x.Size), scale, Enumerable.Range(0, x.Size).Select(i => $"x[{i}]").ToArray());
    }

    /// <summary>The covariance <c>scale * H^-1</c> of a single-tensor objective at the solution of <paramref name="result"/>.</summary>
    public static CovarianceEstimate AtMinimum(Func<Tensor, Tensor> objective, MinimizeResult result, double scale = 1.0)
    {
        ArgumentNullException.ThrowIfNull(result);
        return AtMinimum(objective, result.XTensor, scale);
    }

    /// <summary>
    /// The covariance <c>scale * H^-1</c> of an objective over named variables at <paramref name="x"/>, over the
    /// flattened parameters in name order (names such as <c>U[3]</c> in messages).
    /// </summary>
    public static CovarianceEstimate AtMinimum(Func<Variables, Tensor> objective, Variables x, double scale = 1.0)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(x);
        var names = x.Names;
        var shapes = x.Values.Select(t => t.Shape).ToArray();
        var flat = Tensor.FromArray(x.Flatten());
        Tensor Unflattened(Tensor z)
        {
            var parts = new Variables();
            int offset = 0;
            for (int i = 0; i < names.Count; i++)
            {
                int size = shapes[i].Size;
                parts[names[i]] = z[offset..(offset + size)].Reshape(shapes[i]);
                offset += size;
            }

            return objective(parts);
        }

        var h = Grad.Hessian(Unflattened, flat);
        var labels = new List<string>();
        for (int i = 0; i < names.Count; i++)
        {
            for (int k = 0; k < shapes[i].Size; k++)
            {
                labels.Add(string.Create(CultureInfo.InvariantCulture, $"{names[i]}[{k}]"));
            }
        }

        return FromHessian(ToMatrix(h, flat.Size), scale, labels);
    }

    /// <summary>The covariance of an objective over named variables at the solution of <paramref name="result"/>.</summary>
    public static CovarianceEstimate AtMinimum(Func<Variables, Tensor> objective, MinimizeResult result, double scale = 1.0)
    {
        ArgumentNullException.ThrowIfNull(result);
        return AtMinimum(objective, result.Variables, scale);
    }

    private static double[,] ToMatrix(Tensor h, int n)
    {
        var values = h.ToArray();
        var m = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                m[i, j] = values[(i * n) + j];
            }
        }

        return m;
    }
}
