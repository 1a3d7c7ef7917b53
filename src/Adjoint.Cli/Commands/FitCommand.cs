using System.CommandLine;
using Adjoint.Autodiff;
using Adjoint.Cli.Input;
using Adjoint.Cli.Output;
using Adjoint.Cli.Reports;
using Adjoint.Expressions;
using Adjoint.Expressions.Data;
using Adjoint.Fit;
using Adjoint.Optimize;
using Adjoint.Optimize.Constraints;
using Adjoint.Statistics;
using Adjoint.Tensors;

namespace Adjoint.Cli.Commands;

/// <summary><c>adjoint fit data.csv "a*exp(-b*t) + c" --x t --y y --p0 a=1,b=1,c=0</c>: curve fitting with a gnuplot-style report.</summary>
public static class FitCommand
{
    private static readonly string[] s_losses = ["linear", "soft_l1", "huber", "cauchy", "arctan"];

    /// <summary>Creates the command.</summary>
    /// <param name="context">Where it writes.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        var data = new Argument<string>("data") { Description = "The data file: a header row naming the columns; comma, semicolon, tab or whitespace delimited (detected); '#' comment lines." };
        var model = new Argument<string>("model") { Description = "The model, e.g. \"a*exp(-b*t) + c\": column names are data, the names in --p0 are parameters." };
        var x = new Option<string[]>("--x") { Description = "The predictor column(s), comma-separated; default: every column the model uses that is not a parameter." };
        var y = new Option<string>("--y") { Description = "The response column.", Required = true };
        var sigma = new Option<string>("--sigma") { Description = "A column of per-point uncertainties of y (weights 1/sigma^2)." };
        var absolute = new Option<bool>("--absolute-sigma") { Description = "Sigma is in the units of y: the covariance is not scaled by the reduced chi-square." };
        var p0 = new Option<string[]>("--p0") { Description = "The parameters and their starting values: a=1,b=1,c=0.", Required = true };
        var method = new Option<string>("--method") { Description = "lm (default without bounds), trf (default with bounds or a robust loss) or dogbox." };
        var loss = new Option<string>("--loss") { Description = "linear (default), soft_l1, huber, cauchy or arctan." };
        var fscale = new Option<double?>("--f-scale") { Description = "The residual scale of a robust loss (scipy f_scale). Default 1." };
        var bounds = new Option<string[]>("--bounds") { Description = "Parameter bounds: b=0:10,c=:5 (an empty side is open; lower = upper fixes a parameter)." };
        var maxNfev = new Option<int?>("--max-nfev") { Description = "The most residual evaluations (scipy max_nfev)." };
        var ftol = new Option<double?>("--ftol") { Description = "Relative tolerance on the cost. Default 1e-8." };
        var xtol = new Option<double?>("--xtol") { Description = "Relative tolerance on the step. Default 1e-8." };
        var gtol = new Option<double?>("--gtol") { Description = "Tolerance on the scaled gradient. Default 1e-8." };
        var skip = new Option<bool>("--skip-invalid") { Description = "Drop rows with a missing or non-numeric value in a used column (and say how many) instead of failing." };
        var delimiter = new Option<string>("--delimiter") { Description = "auto (default), comma, semicolon, tab or whitespace." };
        var json = new Option<bool>("--json") { Description = "Write the report as JSON (every number of the text report)." };
        var progress = new Option<bool>("--progress") { Description = "Write one line per iteration to stderr (a live line is drawn anyway when stderr is a terminal)." };
        var command = new Command("fit", "Fit a model to data by (weighted, robust) least squares; report parameters, standard errors, correlations and goodness of fit. " + ExitCodes.HelpText)
        {
            data, model, x, y, sigma, absolute, p0, method, loss, fscale, bounds, maxNfev, ftol, xtol, gtol, skip, delimiter, json, progress,
        };
        command.SetAction(r => Run(context, new FitArguments(
            r.GetRequiredValue(data), r.GetRequiredValue(model), r.GetValue(x), r.GetRequiredValue(y), r.GetValue(sigma), r.GetValue(absolute),
            r.GetValue(p0), r.GetValue(method), r.GetValue(loss), r.GetValue(fscale), r.GetValue(bounds), r.GetValue(maxNfev),
            r.GetValue(ftol), r.GetValue(xtol), r.GetValue(gtol), r.GetValue(skip), r.GetValue(delimiter), r.GetValue(json), r.GetValue(progress))));
        return command;
    }

    private sealed record FitArguments(string Data, string Model, string[]? X, string Y, string? Sigma, bool AbsoluteSigma, string[]? P0,
        string? Method, string? Loss, double? FScale, string[]? Bounds, int? MaxNfev, double? Ftol, double? Xtol, double? Gtol,
        bool SkipInvalid, string? Delimiter, bool Json, bool Progress);

    private static int Run(CliContext context, FitArguments a)
    {
        var expression = Inputs.Expression("model", a.Model);
        var p0 = Inputs.Assignments("--p0", a.P0);
        if (p0.Count == 0)
        {
            throw new UsageException("--p0: give the parameters and their starting values, e.g. --p0 a=1,b=0.5");
        }

        var parameterNames = p0.Select(p => p.Name).ToArray();
        var csvOptions = new CsvReadOptions { SkipInvalid = a.SkipInvalid, Delimiter = Inputs.Delimiter(a.Delimiter) };
        var headers = CsvTable.ReadHeaders(a.Data, csvOptions);
        var xColumns = ResolveColumns(expression, a, parameterNames, headers);
        foreach (var p in parameterNames)
        {
            if (!expression.Names.Contains(p))
            {
                throw new UsageException($"--p0: parameter '{p}' does not appear in the model '{a.Model}'");
            }

            if (headers.Contains(p))
            {
                throw new UsageException($"--p0: '{p}' is both a parameter and a column of {a.Data}; rename one of them");
            }
        }

        var wanted = xColumns.Append(a.Y).Concat(a.Sigma is null ? [] : [a.Sigma]).Distinct().ToArray();
        var table = CsvTable.ReadFile(a.Data, wanted, csvOptions);
        int m = table.RowCount;
        var options = Options(a, parameterNames, table);
        var slots = parameterNames.Concat(xColumns).ToArray();
        var compiled = expression.Compile(slots);
        var xdata = xColumns.Length switch
        {
            0 => Tensor.Arange(m),
            1 => Tensor.FromArray(table.Columns[xColumns[0]]),
            _ => Tensor.FromArray(Matrix(table, xColumns, m)),
        };
        var ydata = Tensor.FromArray(table.Columns[a.Y]);
        var start = new Variables();
        foreach (var p in p0)
        {
            start.Add(p.Name, Tensor.Scalar(p.Value));
        }

        Tensor Model(Tensor xs, Variables v)
        {
            var values = new Tensor[slots.Length];
            for (int i = 0; i < parameterNames.Length; i++)
            {
                values[i] = v[parameterNames[i]];
            }

            for (int j = 0; j < xColumns.Length; j++)
            {
                values[parameterNames.Length + j] = xColumns.Length == 1 ? xs : xs[.., j];
            }

            var result = compiled.Evaluate(values);
            return result.Rank == 0 ? result.BroadcastTo(new Shape(m)) : result;
        }

        var reporter = new ProgressReporter(context, a.Progress);
        var control = reporter.IsActive ? new MinimizeControl { Progress = reporter } : null;
        FitResult fit;
        try
        {
            fit = CurveFit.Fit(Model, xdata, ydata, start, options, control);
        }
        finally
        {
            reporter.Finish();
        }

        var report = BuildReport(a, options, xColumns, table, fit, p0);
        if (a.Json)
        {
            JsonOutput.Write(context.Output, report);
        }
        else
        {
            report.WriteText(context.Output);
            foreach (var reason in table.SkippedReasons)
            {
                context.Error.WriteLine($"skipped: {reason}");
            }
        }

        return fit.Success ? ExitCodes.Success : ExitCodes.NotConverged;
    }

    private static string[] ResolveColumns(Expression expression, FitArguments a, string[] parameters, IReadOnlyList<string> headers)
    {
        var listed = (a.X ?? []).SelectMany(s => s.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToArray();
        foreach (var c in listed.Append(a.Y).Concat(a.Sigma is null ? [] : [a.Sigma]))
        {
            if (!headers.Contains(c))
            {
                var suggestion = NameSuggestions.Closest(c, headers);
                throw new UsageException($"{a.Data} has no column '{c}' (columns: {string.Join(", ", headers)})" + (suggestion is null ? "" : $"; did you mean '{suggestion}'?"));
            }
        }

        var used = new List<string>();
        foreach (var name in expression.Names)
        {
            if (parameters.Contains(name))
            {
                continue;
            }

            if (!headers.Contains(name))
            {
                var what = $" (not a parameter in --p0: {string.Join(", ", parameters)}; not a column of {a.Data}: {string.Join(", ", headers)})";
                throw UsageException.From("model", expression.UnknownName(name, parameters.Concat(headers), what));
            }

            if (listed.Length > 0 && !listed.Contains(name))
            {
                throw new UsageException($"model: column '{name}' is used by the model but not listed in --x ({string.Join(", ", listed)})");
            }

            used.Add(name);
        }

        return listed.Length > 0 ? listed : [.. used];
    }

    private static double[,] Matrix(CsvTable table, string[] columns, int m)
    {
        var x = new double[m, columns.Length];
        for (int j = 0; j < columns.Length; j++)
        {
            var col = table.Columns[columns[j]];
            for (int i = 0; i < m; i++)
            {
                x[i, j] = col[i];
            }
        }

        return x;
    }

    private static CurveFitOptions Options(FitArguments a, string[] parameters, CsvTable table)
    {
        var lossName = (a.Loss ?? "linear").ToLowerInvariant();
        var loss = lossName switch
        {
            "linear" => LossFunction.Linear,
            "soft_l1" => LossFunction.SoftL1,
            "huber" => LossFunction.Huber,
            "cauchy" => LossFunction.Cauchy,
            "arctan" => LossFunction.Arctan,
            _ => throw new UsageException($"--loss: '{a.Loss}' is not one of {string.Join(", ", s_losses)}"
                + (NameSuggestions.Closest(a.Loss ?? "", s_losses) is { } s ? $"; did you mean '{s}'?" : "")),
        };
        LeastSquaresMethod? method = a.Method?.ToLowerInvariant() switch
        {
            null => null,
            "lm" => LeastSquaresMethod.Lm,
            "trf" => LeastSquaresMethod.Trf,
            "dogbox" => LeastSquaresMethod.Dogbox,
            _ => throw new UsageException($"--method: '{a.Method}' is not one of lm, trf, dogbox"
                + (NameSuggestions.Closest(a.Method!, ["lm", "trf", "dogbox"]) is { } s ? $"; did you mean '{s}'?" : "")),
        };
        var ranges = Inputs.Ranges("--bounds", a.Bounds, parameters);
        Bounds? bounds = null;
        if (ranges.Count > 0)
        {
            bounds = new Bounds();
            foreach (var r in ranges)
            {
                bounds[r.Name] = (r.Lower, r.Upper);
            }
        }

        if (method is null && (bounds is not null || loss != LossFunction.Linear))
        {
            method = LeastSquaresMethod.Trf;
        }

        method ??= LeastSquaresMethod.Lm;
        var defaults = new CurveFitOptions();
        return defaults with
        {
            Method = method,
            Loss = loss,
            FScale = a.FScale ?? defaults.FScale,
            Bounds = bounds,
            Sigma = a.Sigma is null ? null : table.Columns[a.Sigma],
            AbsoluteSigma = a.AbsoluteSigma,
            MaxFunctionEvaluations = a.MaxNfev,
            FunctionTolerance = a.Ftol ?? defaults.FunctionTolerance,
            StepTolerance = a.Xtol ?? defaults.StepTolerance,
            GradientTolerance = a.Gtol ?? defaults.GradientTolerance,
        };
    }

    private static FitReport BuildReport(FitArguments a, CurveFitOptions options, string[] xColumns, CsvTable table, FitResult fit, IReadOnlyList<NamedValue> p0)
    {
        int n = fit.Parameters.Length;
        int free = fit.Fixed.Count(f => !f);
        int dof = fit.DegreesOfFreedom;
        double chi2 = fit.ChiSquare;
        double s2 = dof > 0 ? chi2 / dof : double.NaN;
        var se = fit.StandardErrors;
        double[] scaled, absolute;
        if (options.AbsoluteSigma)
        {
            absolute = se;
            scaled = se.Select(v => v * Math.Sqrt(s2)).ToArray();
        }
        else
        {
            scaled = se;
            absolute = s2 > 0 && double.IsFinite(s2)
                ? se.Select(v => v / Math.Sqrt(s2)).ToArray()
                : Covariance.FromJacobian(fit.Solver.Jacobian, 1.0).StandardErrors;
        }

        var parameters = new List<FitParameterReport>();
        for (int i = 0; i < n; i++)
        {
            double value = fit.Parameters[i];
            parameters.Add(new FitParameterReport(fit.ParameterNames[i], value, scaled[i], absolute[i],
                value == 0 ? double.NaN : 100 * scaled[i] / Math.Abs(value), p0[i].Value, fit.Fixed[i]));
        }

        return new FitReport
        {
            Model = a.Model,
            Data = a.Data,
            X = xColumns,
            Y = a.Y,
            Sigma = a.Sigma,
            AbsoluteSigma = a.AbsoluteSigma,
            Method = options.Method!.Value.ToString().ToLowerInvariant(),
            Loss = s_losses[(int)options.Loss],
            Status = fit.Status.ToString(),
            Success = fit.Success,
            Message = fit.Message,
            Observations = fit.Observations,
            SkippedRows = table.SkippedRows,
            FreeParameters = free,
            DegreesOfFreedom = dof,
            SumOfSquares = chi2,
            RmsOfResiduals = Math.Sqrt(s2),
            ReducedChiSquare = s2,
            PValue = a.Sigma is not null && dof > 0 ? new ChiSquare(dof).Sf(chi2) : null,
            RSquared = fit.RSquared,
            Nfev = fit.Nfev,
            Njev = fit.Njev,
            ConditionNumber = fit.ConditionNumber,
            CovarianceWarning = fit.CovarianceWarning,
            Parameters = parameters,
            Correlation = Rows(fit.Correlation),
            Covariance = Rows(fit.Covariance),
        };
    }

    private static double[][] Rows(double[,] m)
    {
        var rows = new double[m.GetLength(0)][];
        for (int i = 0; i < rows.Length; i++)
        {
            rows[i] = new double[m.GetLength(1)];
            for (int j = 0; j < rows[i].Length; j++)
            {
                rows[i][j] = m[i, j];
            }
        }

        return rows;
    }
}
