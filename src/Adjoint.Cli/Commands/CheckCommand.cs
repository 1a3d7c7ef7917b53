using System.CommandLine;
using System.Globalization;
using Adjoint.Autodiff;
using Adjoint.Cli.Input;
using Adjoint.Cli.Output;
using Adjoint.Cli.Reports;
using Adjoint.Expressions;
using Adjoint.Tensors;

namespace Adjoint.Cli.Commands;

/// <summary><c>adjoint check "x^2*y" --at x=1,y=2</c>: value, gradient and Hessian by autodiff beside central finite differences.</summary>
public static class CheckCommand
{
    private static readonly double s_gradientStep = Math.Cbrt(2.220446049250313e-16);
    private static readonly double s_hessianStep = Math.Pow(2.220446049250313e-16, 0.25);

    /// <summary>Creates the command.</summary>
    /// <param name="context">Where it writes.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        var expression = new Argument<string>("expression") { Description = "The expression, e.g. \"100*(y - x^2)^2 + (1 - x)^2\"." };
        var at = new Option<string[]>("--at") { Description = "The point: x=1,y=2 (every name of the expression).", Required = true };
        var gtol = new Option<double?>("--gradient-tolerance") { Description = "The largest relative gradient error that agrees. Default 1e-6." };
        var htol = new Option<double?>("--hessian-tolerance") { Description = "The largest relative Hessian error that agrees. Default 1e-4." };
        var json = new Option<bool>("--json") { Description = "Write the report as JSON." };
        var command = new Command("check", "Evaluate an expression and compare its autodiff gradient and Hessian with central finite differences. " + ExitCodes.HelpText)
        {
            expression, at, gtol, htol, json,
        };
        command.SetAction(r => Run(context, r.GetRequiredValue(expression), r.GetValue(at), r.GetValue(gtol) ?? 1e-6, r.GetValue(htol) ?? 1e-4, r.GetValue(json)));
        return command;
    }

    private static int Run(CliContext context, string text, string[]? atTexts, double gradientTolerance, double hessianTolerance, bool json)
    {
        var expression = Inputs.Expression("expression", text);
        var at = Inputs.Assignments("--at", atTexts);
        var names = at.Select(v => v.Name).ToArray();
        foreach (var name in expression.Names)
        {
            if (!names.Contains(name))
            {
                throw UsageException.From("expression", expression.UnknownName(name, names, $" (not given in --at: {string.Join(", ", names)})"));
            }
        }

        foreach (var name in names.Where(n => !expression.Names.Contains(n)))
        {
            throw new UsageException($"--at: '{name}' does not appear in the expression");
        }

        if (names.Length == 0)
        {
            throw new UsageException("--at: give the point, e.g. --at x=1,y=2");
        }

        var compiled = expression.Compile(names);
        Tensor F(Tensor v)
        {
            var values = new Tensor[names.Length];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = v[i];
            }

            var result = compiled.Evaluate(values);
            return result.Rank == 0 ? result : throw new UsageException($"expression: the value has shape {result.Shape}, not a scalar");
        }

        double Value(double[] point)
        {
            using var _ = Grad.NoGrad();
            return F(Tensor.FromArray(point)).Item();
        }

        var x = at.Select(v => v.Value).ToArray();
        var (valueTensor, gradientTensor) = Grad.ValueAndGrad(F, Tensor.FromArray(x));
        double value = valueTensor.Item();
        var gradient = gradientTensor.ToArray();
        var hessian = Grad.Hessian(F, Tensor.FromArray(x)).ToArray();
        int n = x.Length;
        var gradEntries = new List<DerivativeEntry>();
        for (int i = 0; i < n; i++)
        {
            double h = s_gradientStep * Math.Max(1, Math.Abs(x[i]));
            double fd = (Value(Shift(x, i, h)) - Value(Shift(x, i, -h))) / (2 * h);
            gradEntries.Add(Entry($"d/d{names[i]}", gradient[i], fd));
        }

        var hessEntries = new List<DerivativeEntry>();
        for (int i = 0; i < n; i++)
        {
            for (int j = i; j < n; j++)
            {
                double hi = s_hessianStep * Math.Max(1, Math.Abs(x[i]));
                double hj = s_hessianStep * Math.Max(1, Math.Abs(x[j]));
                double fd = i == j
                    ? (Value(Shift(x, i, 2 * hi)) - (2 * value) + Value(Shift(x, i, -2 * hi))) / (4 * hi * hi)
                    : (Value(Shift(Shift(x, i, hi), j, hj)) - Value(Shift(Shift(x, i, hi), j, -hj))
                       - Value(Shift(Shift(x, i, -hi), j, hj)) + Value(Shift(Shift(x, i, -hi), j, -hj))) / (4 * hi * hj);
                var name = i == j ? $"d2/d{names[i]}2" : $"d2/d{names[i]} d{names[j]}";
                hessEntries.Add(Entry(name, hessian[(i * n) + j], fd));
            }
        }

        double maxG = gradEntries.Count == 0 ? 0 : gradEntries.Max(e => e.RelativeError);
        double maxH = hessEntries.Count == 0 ? 0 : hessEntries.Max(e => e.RelativeError);
        bool agree = maxG <= gradientTolerance && maxH <= hessianTolerance;
        var report = new CheckReport
        {
            Expression = text,
            At = at.ToDictionary(v => v.Name, v => v.Value),
            Value = value,
            Gradient = gradEntries,
            Hessian = hessEntries,
            MaxGradientError = maxG,
            MaxHessianError = maxH,
            GradientTolerance = gradientTolerance,
            HessianTolerance = hessianTolerance,
            Agree = agree,
            Steps = string.Create(CultureInfo.InvariantCulture, $"gradient h = {s_gradientStep:0.000E+00} max(1, |x|), Hessian h = {s_hessianStep:0.000E+00} max(1, |x|)"),
        };
        if (json)
        {
            JsonOutput.Write(context.Output, report);
        }
        else
        {
            report.WriteText(context.Output);
        }

        return agree ? Cli.ExitCodes.Success : Cli.ExitCodes.NotConverged;
    }

    private static DerivativeEntry Entry(string name, double ad, double fd)
    {
        double abs = Math.Abs(ad - fd);
        double rel = double.IsNaN(abs) ? (double.IsNaN(ad) && double.IsNaN(fd) ? 0 : double.PositiveInfinity) : abs / Math.Max(1, Math.Abs(ad));
        return new DerivativeEntry(name, ad, fd, abs, rel);
    }

    private static double[] Shift(double[] x, int i, double h)
    {
        var y = (double[])x.Clone();
        y[i] += h;
        return y;
    }
}
