using System.CommandLine;
using Adjoint.Autodiff;
using Adjoint.Cli.Input;
using Adjoint.Cli.Output;
using Adjoint.Cli.Reports;
using Adjoint.Expressions;
using Adjoint.Optimize;
using Adjoint.Optimize.Constraints;
using Adjoint.Tensors;

namespace Adjoint.Cli.Commands;

/// <summary><c>adjoint minimize "100*(y - x^2)^2 + (1 - x)^2" --x0 x=-1.2,y=1</c>: minimization of an expression.</summary>
public static class MinimizeCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">Where it writes.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        var objective = new Argument<string>("objective") { Description = "The objective, e.g. \"100*(y - x^2)^2 + (1 - x)^2\"; its names are the variables of --x0." };
        var x0 = new Option<string[]>("--x0") { Description = "The variables and their starting values: x=-1.2,y=1.", Required = true };
        var method = new Option<string>("--method") { Description = "A method of 'adjoint methods' (BFGS, L-BFGS-B, SLSQP, trust-constr, Nelder-Mead, ...). Default BFGS, L-BFGS-B with bounds, SLSQP with constraints." };
        var bounds = new Option<string[]>("--bounds") { Description = "Bounds: x=-2:2,y=0: (an empty side is open)." };
        var constraint = new Option<string[]>("--constraint") { Description = "A constraint such as \"x + y <= 1\", \"x*y >= 2\", \"x^2 + y^2 = 1\" or \"0 <= x - y <= 1\"; repeat for several." };
        var dtype = new Option<string>("--dtype") { Description = "float64 (default) or float32: the precision the objective is evaluated in." };
        var tol = new Option<double?>("--tol") { Description = "The method's tolerance (scipy tol)." };
        var gtol = new Option<double?>("--gtol") { Description = "The gradient tolerance (scipy gtol)." };
        var maxIter = new Option<int?>("--max-iter") { Description = "The most iterations (scipy maxiter)." };
        var json = new Option<bool>("--json") { Description = "Write the report as JSON." };
        var progress = new Option<bool>("--progress") { Description = "Write one line per iteration to stderr (a live line is drawn anyway when stderr is a terminal)." };
        var command = new Command("minimize", "Minimize an expression over named variables with exact derivatives, optionally with bounds and constraints. " + ExitCodes.HelpText)
        {
            objective, x0, method, bounds, constraint, dtype, tol, gtol, maxIter, json, progress,
        };
        command.SetAction(r => Run(context, r.GetRequiredValue(objective), r.GetValue(x0), r.GetValue(method), r.GetValue(bounds),
            r.GetValue(constraint), r.GetValue(dtype), r.GetValue(tol), r.GetValue(gtol), r.GetValue(maxIter), r.GetValue(json), r.GetValue(progress)));
        return command;
    }

    private static int Run(CliContext context, string objectiveText, string[]? x0Texts, string? methodName, string[]? boundTexts,
        string[]? constraintTexts, string? dtypeText, double? tol, double? gtol, int? maxIter, bool json, bool progress)
    {
        var objective = Inputs.Expression("objective", objectiveText);
        var x0 = Inputs.Assignments("--x0", x0Texts);
        if (x0.Count == 0)
        {
            throw new UsageException("--x0: give the variables and their starting values, e.g. --x0 x=-1.2,y=1");
        }

        var names = x0.Select(v => v.Name).ToArray();
        var dtype = (dtypeText ?? "float64").ToLowerInvariant() switch
        {
            "float64" or "double" or "f64" => DType.Float64,
            "float32" or "single" or "f32" => DType.Float32,
            _ => throw new UsageException($"--dtype: '{dtypeText}' is not float64 or float32"),
        };
        var compiled = Compile("objective", objective, names);
        var constraints = new List<Constraint>();
        var constraintExpressions = new List<(ConstraintExpression Expression, CompiledExpression Compiled)>();
        foreach (var text in constraintTexts ?? [])
        {
            ConstraintExpression c;
            try
            {
                c = ConstraintExpression.Parse(text);
            }
            catch (ParseException e)
            {
                throw UsageException.From("--constraint", e);
            }

            var body = Compile("--constraint", c.Body, names);
            constraintExpressions.Add((c, body));
            constraints.Add(new NonlinearConstraint(v => Evaluate(body, v, names), c.Lower, c.Upper) { Name = text });
        }

        var usedNames = objective.Names.Concat(constraintExpressions.SelectMany(c => c.Expression.Body.Names)).ToHashSet();
        foreach (var name in names.Where(n => !usedNames.Contains(n)))
        {
            throw new UsageException($"--x0: variable '{name}' appears neither in the objective nor in a constraint");
        }

        var ranges = Inputs.Ranges("--bounds", boundTexts, names);
        Bounds? bounds = null;
        if (ranges.Count > 0)
        {
            bounds = new Bounds();
            foreach (var r in ranges)
            {
                bounds[r.Name] = (r.Lower, r.Upper);
            }
        }

        var descriptor = FindMethod(methodName ?? (constraints.Count > 0 ? "SLSQP" : bounds is not null ? "L-BFGS-B" : "BFGS"));
        var options = descriptor.DefaultOptions() with
        {
            Precision = dtype,
            MaxIterations = maxIter,
            Tolerance = tol,
            GradientTolerance = gtol,
        };
        var start = new Variables();
        foreach (var v in x0)
        {
            start.Add(v.Name, Tensor.Scalar(v.Value));
        }

        var reporter = new ProgressReporter(context, progress);
        var control = reporter.IsActive ? new MinimizeControl { Progress = reporter } : null;
        MinimizeResult result;
        try
        {
            result = Minimizer.Minimize(v => Evaluate(compiled, v, names), start, options, bounds, control, constraints.Count > 0 ? constraints : null);
        }
        finally
        {
            reporter.Finish();
        }

        var report = BuildReport(objectiveText, descriptor.Name, dtype, x0, ranges, result, constraintExpressions.Select(c => c.Expression).ToArray());
        if (json)
        {
            JsonOutput.Write(context.Output, report);
        }
        else
        {
            report.WriteText(context.Output);
        }

        return result.Success ? ExitCodes.Success : ExitCodes.NotConverged;
    }

    /// <summary>The registered method with this name (case-insensitive).</summary>
    /// <param name="name">The name.</param>
    /// <returns>The method.</returns>
    /// <exception cref="UsageException">No such method: the message lists them and suggests the closest.</exception>
    public static MethodDescriptor FindMethod(string name)
    {
        var found = MethodRegistry.All.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase));
        if (found is not null)
        {
            return found;
        }

        var known = MethodRegistry.All.Select(d => d.Name).ToArray();
        var suggestion = NameSuggestions.Closest(name, known);
        throw new UsageException($"--method: unknown method '{name}'" + (suggestion is null ? "" : $"; did you mean '{suggestion}'?")
            + $" (methods: {string.Join(", ", known)}; see 'adjoint methods')");
    }

    private static CompiledExpression Compile(string what, Expression expression, string[] names)
    {
        foreach (var name in expression.Names)
        {
            if (!names.Contains(name))
            {
                throw UsageException.From(what, expression.UnknownName(name, names, $" (not a variable of --x0: {string.Join(", ", names)})"));
            }
        }

        return expression.Compile(names);
    }

    private static Tensor Evaluate(CompiledExpression compiled, Variables v, string[] names)
    {
        var values = new Tensor[names.Length];
        for (int i = 0; i < names.Length; i++)
        {
            values[i] = v[names[i]];
        }

        return compiled.Evaluate(values);
    }

    private static MinimizeReport BuildReport(string objective, string method, DType dtype, IReadOnlyList<NamedValue> x0, IReadOnlyList<NamedRange> ranges,
        MinimizeResult result, ConstraintExpression[] constraints)
    {
        var variables = new List<VariableReport>();
        for (int i = 0; i < x0.Count; i++)
        {
            var range = ranges.FirstOrDefault(r => r.Name == x0[i].Name);
            variables.Add(new VariableReport(x0[i].Name, x0[i].Value, result.X[i], result.Gradient is { } g ? g[i] : double.NaN, range?.Lower, range?.Upper));
        }

        var constraintReports = new List<ConstraintResultReport>();
        for (int k = 0; k < constraints.Length; k++)
        {
            var c = constraints[k];
            var r = result.Constraints?.FirstOrDefault(x => x.Name == c.Text);
            double value = r is null ? double.NaN : r.Values[0];
            double violation = r?.Violation ?? Math.Max(0, Math.Max(c.Lower - value, value - c.Upper));
            constraintReports.Add(new ConstraintResultReport(c.Text, value, c.Lower, c.Upper, violation, r?.Multipliers is { Length: > 0 } mu ? mu[0] : null));
        }

        return new MinimizeReport
        {
            Objective = objective,
            Method = method,
            Dtype = dtype == DType.Float32 ? "float32" : "float64",
            Status = result.Status.ToString(),
            Success = result.Success,
            Message = result.Message,
            Fun = result.Fun,
            GradientNorm = result.GradientNorm,
            Variables = variables,
            Constraints = constraintReports,
            MaxConstraintViolation = result.MaxConstraintViolation,
            Nit = result.Nit,
            Nfev = result.Nfev,
            Njev = result.Njev,
            Nhev = result.Nhev,
            ElapsedSeconds = result.Elapsed.TotalSeconds,
        };
    }
}
