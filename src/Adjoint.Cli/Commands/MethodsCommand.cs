using System.CommandLine;
using Adjoint.Cli.Output;
using Adjoint.Cli.Reports;
using Adjoint.Fit;
using Adjoint.Optimize;

namespace Adjoint.Cli.Commands;

/// <summary><c>adjoint methods</c>: every method with what it needs and honours, read from the registry.</summary>
public static class MethodsCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">Where it writes.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        var json = new Option<bool>("--json") { Description = "Write the list as JSON." };
        var command = new Command("methods", "List the methods of minimize (from the method registry) and fit, with what each needs and honours. " + ExitCodes.HelpText) { json };
        command.SetAction(r => Run(context, r.GetValue(json)));
        return command;
    }

    /// <summary>The methods, minimize's from <see cref="MethodRegistry.All"/> then fit's.</summary>
    /// <returns>The list.</returns>
    public static IReadOnlyList<MethodReport> List()
    {
        var list = new List<MethodReport>();
        foreach (var d in MethodRegistry.All)
        {
            var c = d.Capabilities;
            var uses = new List<string> { "f" };
            if (c.UsesGradient)
            {
                uses.Add("gradient");
            }

            if (c.UsesHessianProduct)
            {
                uses.Add("Hessian-vector products");
            }

            if (c.UsesHessian)
            {
                uses.Add("Hessian");
            }

            list.Add(new MethodReport(d.Name, "minimize", uses, c.SupportsBounds, c.SupportsEquality, c.SupportsInequality, false, d.Summary));
        }

        foreach (var m in Enum.GetValues<LeastSquaresMethod>())
        {
            // Fit's methods have no capability record in the library; these follow LeastSquaresMethod's documentation.
            var (bounds, loss, summary) = m switch
            {
                LeastSquaresMethod.Lm => (false, false, "Levenberg-Marquardt (MINPACK lmder): unbounded (equal bounds may fix parameters), linear loss only; the default without bounds."),
                LeastSquaresMethod.Trf => (true, true, "Trust Region Reflective: bounds and robust losses; the default with bounds or a robust loss."),
                _ => (true, true, "Dogleg in a rectangular trust region: bounds and robust losses."),
            };
            list.Add(new MethodReport(m.ToString().ToLowerInvariant(), "fit", ["residuals", "Jacobian"], bounds, false, false, loss, summary));
        }

        return list;
    }

    private static int Run(CliContext context, bool json)
    {
        var list = List();
        if (json)
        {
            JsonOutput.Write(context.Output, list);
            return ExitCodes.Success;
        }

        var w = context.Output;
        int width = list.Max(m => m.Name.Length);
        static string Yes(bool b) => b ? "yes" : "-";
        foreach (var group in list.GroupBy(m => m.Command))
        {
            w.WriteLine($"{group.Key} methods (--method):");
            w.WriteLine($"  {"name".PadRight(width)}  {"uses",-42}  {"bounds",-6}  {"eq",-3}  {"ineq",-4}  {"loss",-4}  summary");
            foreach (var m in group)
            {
                w.WriteLine($"  {m.Name.PadRight(width)}  {string.Join(", ", m.Uses),-42}  {Yes(m.Bounds),-6}  {Yes(m.Equality),-3}  {Yes(m.Inequality),-4}  {Yes(m.RobustLoss),-4}  {m.Summary}");
            }

            w.WriteLine();
        }

        return ExitCodes.Success;
    }
}
