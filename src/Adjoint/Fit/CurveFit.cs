using System.Globalization;
using Adjoint.Autodiff;
using Adjoint.Optimize;
using Adjoint.Tensors;

namespace Adjoint.Fit;

/// <summary>
/// Fits a model y ~ f(x, p) by weighted least squares and reports the parameters with their covariance, standard
/// errors and goodness of fit (scipy's <c>curve_fit</c>, plus standard errors, correlations and rank diagnostics).
/// </summary>
/// <remarks>
/// <para>The model is written with tensor operations: x is xdata (shape [m], or [m, k] for k predictors, selected
/// with <c>x[.., 0]</c>), p the parameter vector (selected with <c>p[0]</c>, <c>p[1]</c>, ...) or named
/// <see cref="Variables"/>; it returns the m predictions. The Jacobian comes from autodiff (one reverse pass when the
/// model is pointwise in x; see <see cref="CurveFitOptions"/> for the methods).</para>
/// <para>Covariance: s^2 (J^T J)^+ from the weighted Jacobian at the solution by SVD (see <see cref="Fit.Covariance"/>),
/// with s^2 = chi-square / (m - n) unless <see cref="CurveFitOptions.AbsoluteSigma"/>, as scipy does.</para>
/// </remarks>
/// <example><code>
/// var x = Tensor.FromArray([1.0, 2, 3, 5, 7, 10]);
/// var y = Tensor.FromArray([109.0, 149, 149, 191, 213, 224]);
/// var fit = CurveFit.Fit((x, p) => p[0] * (1 - Tensor.Exp(-p[1] * x)), x, y, [100.0, 0.75]);
/// Console.WriteLine(fit.Report());   // parameters, standard errors, chi-square, R^2
/// </code></example>
public static class CurveFit
{
    /// <summary>Fits a model with positional parameters.</summary>
    /// <param name="model">(x, p) -> predictions, shape [m].</param>
    /// <param name="xdata">The predictor: shape [m] or [m, k].</param>
    /// <param name="ydata">The responses: shape [m].</param>
    /// <param name="p0">The starting parameters.</param>
    /// <param name="options">Sigma, bounds (the parameters form the variable "p" of shape [n]), method and tolerances; null for the defaults.</param>
    /// <param name="control">Cancellation, the per-iteration callback and progress; null for none.</param>
    /// <returns>The fit.</returns>
    /// <exception cref="ArgumentException">
    /// Empty data, data of different lengths, non-finite data, non-positive sigma, a p0 the model rejects, or a model
    /// returning the wrong shape (the message names what and where).
    /// </exception>
    public static FitResult Fit(Func<Tensor, Tensor, Tensor> model, Tensor xdata, Tensor ydata, double[] p0, CurveFitOptions? options = null, MinimizeControl? control = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(p0);
        var names = Enumerable.Range(0, p0.Length).Select(i => string.Create(CultureInfo.InvariantCulture, $"p[{i}]")).ToArray();
        var template = p0.Length == 0 ? new Variables() : new Variables { ["p"] = Tensor.FromArray(p0) };
        return FitCore(model, xdata, ydata, p0, names, options ?? new CurveFitOptions(), null, template, control);
    }

    /// <summary>Fits a model with positional parameters to arrays.</summary>
    /// <param name="model">(x, p) -> predictions, shape [m].</param>
    /// <param name="xdata">The predictor values.</param>
    /// <param name="ydata">The responses.</param>
    /// <param name="p0">The starting parameters.</param>
    /// <param name="options">Sigma, bounds (the parameters form the variable "p" of shape [n]), method and tolerances; null for the defaults.</param>
    /// <param name="control">Cancellation, the per-iteration callback and progress; null for none.</param>
    /// <returns>The fit.</returns>
    /// <exception cref="ArgumentException">As for the tensor overload.</exception>
    public static FitResult Fit(Func<Tensor, Tensor, Tensor> model, double[] xdata, double[] ydata, double[] p0, CurveFitOptions? options = null, MinimizeControl? control = null)
    {
        ArgumentNullException.ThrowIfNull(xdata);
        ArgumentNullException.ThrowIfNull(ydata);
        CheckNotEmpty(xdata.Length, ydata.Length);
        return Fit(model, Tensor.FromArray(xdata), Tensor.FromArray(ydata), p0, options, control);
    }

    /// <summary>Fits a model with named parameters.</summary>
    /// <param name="model">(x, parameters by name) -> predictions, shape [m].</param>
    /// <param name="xdata">The predictor: shape [m] or [m, k].</param>
    /// <param name="ydata">The responses: shape [m].</param>
    /// <param name="p0">The starting parameters by name (Float64 tensors; scalars are typical).</param>
    /// <param name="options">Sigma, bounds (by parameter name, <c>new Bounds { ["a"] = (0.0, null) }</c>), method and tolerances.</param>
    /// <param name="control">Cancellation, the per-iteration callback and progress; null for none.</param>
    /// <returns>The fit, with <see cref="FitResult.Variables"/> holding the parameters by name.</returns>
    /// <exception cref="ArgumentException">As for the positional overload.</exception>
    public static FitResult Fit(Func<Tensor, Variables, Tensor> model, Tensor xdata, Tensor ydata, Variables p0, CurveFitOptions? options = null, MinimizeControl? control = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(p0);
        var layout = new VariablesLayout(p0);
        var flat = p0.Flatten();
        return FitCore((x, p) => model(x, layout.Split(p)), xdata, ydata, flat, layout.ElementNames(), options ?? new CurveFitOptions(), layout, p0, control);
    }

    private static void CheckNotEmpty(int xCount, int yCount)
    {
        if (xCount == 0 || yCount == 0)
        {
            throw new ArgumentException($"xdata has {xCount} and ydata {yCount} entries: a fit needs at least one data point.", xCount == 0 ? "xdata" : "ydata");
        }
    }

    private static FitResult FitCore(Func<Tensor, Tensor, Tensor> model, Tensor xdata, Tensor ydata, double[] p0, string[] names,
        CurveFitOptions options, VariablesLayout? layout, Variables template, MinimizeControl? control)
    {
        ArgumentNullException.ThrowIfNull(xdata);
        ArgumentNullException.ThrowIfNull(ydata);
        CheckNotEmpty(xdata.Size, ydata.Size);
        var ls = options.ToLeastSquaresOptions();
        ls.Validate();
        if (ydata.Rank != 1)
        {
            throw new ArgumentException($"ydata must be a vector; it has shape {ydata.Shape}.", nameof(ydata));
        }

        if (xdata.Rank is < 1 or > 2)
        {
            throw new ArgumentException($"xdata must have shape [m] or [m, k]; it has shape {xdata.Shape}.", nameof(xdata));
        }

        int m = ydata.Size;
        int xRows = xdata.Shape.Dims[0];
        if (xRows != m)
        {
            throw new ArgumentException($"xdata has {xRows} rows (shape {xdata.Shape}) but ydata has {m} entries (shape {ydata.Shape}): they must have the same length.", nameof(xdata));
        }

        if (p0.Length == 0)
        {
            throw new ArgumentException("p0 is empty: the model needs at least one parameter.", nameof(p0));
        }

        for (int j = 0; j < p0.Length; j++)
        {
            if (!double.IsFinite(p0[j]))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"p0[{j}] ({names[j]}) = {p0[j]} is not finite."), nameof(p0));
            }
        }

        var x = xdata.DType == DType.Float64 ? xdata.ToArray() : xdata.To(DType.Float64).ToArray();
        var y = ydata.ToArray();
        double[] sigma;
        if (options.Sigma is { } s)
        {
            if (s.Count != m)
            {
                throw new ArgumentException($"Sigma has {s.Count} entries but ydata has {m}: give one uncertainty per point.", nameof(options));
            }

            sigma = [.. s];
        }
        else
        {
            sigma = new double[m];
            Array.Fill(sigma, 1.0);
        }

        int k = xdata.Rank == 2 ? xdata.Shape.Dims[1] : 1;
        var keep = new List<int>(m);
        for (int i = 0; i < m; i++)
        {
            string? bad = null;
            for (int c = 0; c < k && bad is null; c++)
            {
                if (!double.IsFinite(x[(i * k) + c]))
                {
                    bad = k == 1 ? string.Create(CultureInfo.InvariantCulture, $"xdata[{i}] = {x[i]}")
                        : string.Create(CultureInfo.InvariantCulture, $"xdata[{i}, {c}] = {x[(i * k) + c]}");
                }
            }

            if (bad is null && !double.IsFinite(y[i]))
            {
                bad = string.Create(CultureInfo.InvariantCulture, $"ydata[{i}] = {y[i]}");
            }

            if (bad is null && !double.IsFinite(sigma[i]))
            {
                bad = string.Create(CultureInfo.InvariantCulture, $"sigma[{i}] = {sigma[i]}");
            }

            if (bad is not null)
            {
                if (!options.DropNonFiniteRows)
                {
                    throw new ArgumentException($"{bad} is not finite (row {i}); clean the data or set DropNonFiniteRows to omit such rows.", nameof(xdata));
                }

                continue;
            }

            if (!(sigma[i] > 0))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"sigma[{i}] = {sigma[i]}: uncertainties must be positive."), nameof(options));
            }

            keep.Add(i);
        }

        Tensor xt = xdata.DType == DType.Float64 && keep.Count == m ? xdata : xdata.To(DType.Float64);
        if (keep.Count < m)
        {
            var idx = keep.ToArray();
            xt = Tensor.Gather(xt, idx);
            y = [.. idx.Select(i => y[i])];
            sigma = [.. idx.Select(i => sigma[i])];
            m = idx.Length;
            if (m == 0)
            {
                throw new ArgumentException("No finite data rows remain.", nameof(xdata));
            }
        }

        xt = xt.Detach();
        var w = sigma.Select(v => 1 / v).ToArray();
        using var cf = new CurveFitModel(model, xt, y, w, p0.Length, options.Replay, options.Precision);
        try
        {
            cf.Predict(p0);
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentOutOfRangeException or InvalidOperationException || (e is ArgumentException && !e.Message.StartsWith("The model returned", StringComparison.Ordinal)))
        {
            throw new ArgumentException($"The model failed at p0 ({p0.Length} parameters: {string.Join(", ", names)}): {e.Message} Check that p0 has one entry per model parameter.", nameof(p0), e);
        }

        cf.Prepare(p0);
        var sol = LeastSquares.Solve(cf, p0, ls, template, control);

        // Statistics at the solution.
        var pred = cf.Predict(sol.X);
        var resid = new double[m];
        double chi2 = 0, sw = 0, swy = 0;
        for (int i = 0; i < m; i++)
        {
            resid[i] = y[i] - pred[i];
            double wr = resid[i] * w[i];
            chi2 += wr * wr;
            double wi = w[i] * w[i];
            sw += wi;
            swy += wi * y[i];
        }

        double ybar = swy / sw, tss = 0;
        for (int i = 0; i < m; i++)
        {
            double d = (y[i] - ybar) * w[i];
            tss += d * d;
        }

        int n = p0.Length;
        var free = Enumerable.Range(0, n).Where(j => !sol.Fixed[j]).ToArray();
        int dof = m - free.Length;
        double s2 = options.AbsoluteSigma ? 1.0 : dof > 0 ? chi2 / dof : double.PositiveInfinity;

        // The covariance uses the plain weighted Jacobian (not the robust-loss-scaled one), over the fitted parameters.
        var jcm = new double[m * n];
        cf.Jacobian(sol.X, jcm);
        var cov = FreeCovariance(jcm, m, free, n, s2, names, dof);
        return new FitResult
        {
            Parameters = sol.X,
            ParameterNames = names,
            Variables = layout?.Unflatten(sol.X),
            CovarianceEstimate = cov,
            Residuals = resid,
            ChiSquare = chi2,
            RSquared = tss > 0 ? 1 - (chi2 / tss) : double.NaN,
            DegreesOfFreedom = dof,
            Observations = m,
            Solver = sol,
        };
    }

    /// <summary>
    /// The covariance of the fitted (free) parameters from the column-major weighted Jacobian, expanded to all
    /// parameters with zero rows and columns for those held fixed. Without degrees of freedom (and relative sigma) every
    /// entry is +infinity, as scipy fills pcov. Non-finite Jacobian columns are named instead of throwing.
    /// </summary>
    private static CovarianceEstimate FreeCovariance(double[] jcm, int m, int[] free, int n, double s2, string[] names, int dof)
    {
        int nf = free.Length;
        var freeNames = free.Select(j => names[j]).ToArray();
        var bad = free.Where(j => !LevenbergMarquardt.AllFinite(jcm.AsSpan(j * m, m))).Select(j => names[j]).ToArray();
        CovarianceEstimate estimate;
        if (nf == 0 || bad.Length > 0)
        {
            var nan = Fill(nf, double.NaN);
            estimate = new CovarianceEstimate
            {
                Matrix = nan,
                StandardErrors = Enumerable.Repeat(double.NaN, nf).ToArray(),
                Correlation = (double[,])nan.Clone(),
                Rank = 0,
                SingularValues = [],
                ConditionNumber = double.NaN,
                Unidentifiable = new bool[nf],
                Warning = bad.Length > 0 ? $"The model's derivative with respect to {string.Join(", ", bad)} is not finite at the solution: the covariance cannot be estimated." : null,
            };
        }
        else
        {
            var jac = new double[m, nf];
            for (int i = 0; i < m; i++)
            {
                for (int k = 0; k < nf; k++)
                {
                    jac[i, k] = jcm[i + (free[k] * m)];
                }
            }

            estimate = Covariance.FromJacobian(jac, s2, freeNames);
            if (dof <= 0 && double.IsPositiveInfinity(s2))
            {
                // scipy's curve_fit: with as many points as parameters the residual variance is undefined, pcov = inf.
                estimate = estimate with
                {
                    Matrix = Fill(nf, double.PositiveInfinity),
                    StandardErrors = Enumerable.Repeat(double.PositiveInfinity, nf).ToArray(),
                    Correlation = Fill(nf, double.NaN),
                };
            }
        }

        if (nf == n)
        {
            return estimate;
        }

        var matrix = new double[n, n];
        var correlation = new double[n, n];
        var errors = new double[n];
        var unidentifiable = new bool[n];
        for (int a = 0; a < nf; a++)
        {
            errors[free[a]] = estimate.StandardErrors[a];
            unidentifiable[free[a]] = estimate.Unidentifiable[a];
            for (int b = 0; b < nf; b++)
            {
                matrix[free[a], free[b]] = estimate.Matrix[a, b];
                correlation[free[a], free[b]] = estimate.Correlation[a, b];
            }
        }

        return estimate with { Matrix = matrix, StandardErrors = errors, Correlation = correlation, Unidentifiable = unidentifiable };
    }

    private static double[,] Fill(int n, double value)
    {
        var a = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                a[i, j] = value;
            }
        }

        return a;
    }
}
