using System.Globalization;
using System.Text;
using Adjoint.Autodiff;
using Adjoint.Optimize.QuasiNewton;
using Adjoint.Tensors;

namespace Adjoint.Optimize;

/// <summary>The outcome of a minimization (scipy's <c>OptimizeResult</c>), with the solution by name and flat.</summary>
/// <remarks><see cref="Success"/> is derived from <see cref="Status"/> only. Arrays inside compare by reference.</remarks>
public sealed record MinimizeResult
{
    /// <summary>The method's registry name.</summary>
    public required string Method { get; init; }

    /// <summary>The solution, flat, as float64 (scipy <c>x</c>).</summary>
    public required double[] X { get; init; }

    /// <summary>The solution with the names, shapes and dtypes of x0 (a single tensor is named "x").</summary>
    public required Variables Variables { get; init; }

    /// <summary>The solution as one tensor shaped like x0 (for single-tensor objectives; the first variable otherwise).</summary>
    public Tensor XTensor => Variables.Values.First();

    /// <summary>The objective at <see cref="X"/> (scipy <c>fun</c>).</summary>
    public required double Fun { get; init; }

    /// <summary>The gradient at <see cref="X"/> (scipy <c>jac</c>), null for derivative-free methods.</summary>
    public double[]? Gradient { get; init; }

    /// <summary>The Hessian at <see cref="X"/>, where the method has it (scipy <c>hess</c>).</summary>
    public double[,]? Hess { get; init; }

    /// <summary>The inverse-Hessian approximation, where the method has one (scipy <c>hess_inv</c>).</summary>
    public InverseHessianApproximation? InverseHessian { get; init; }

    /// <summary>Iterations (scipy <c>nit</c>).</summary>
    public int Nit { get; init; }

    /// <summary>Function evaluations (scipy <c>nfev</c>), finite differences included.</summary>
    public int Nfev { get; init; }

    /// <summary>Gradient evaluations (scipy <c>njev</c>).</summary>
    public int Njev { get; init; }

    /// <summary>Hessian and Hessian-vector product evaluations (scipy <c>nhev</c>).</summary>
    public int Nhev { get; init; }

    /// <summary>Why the run stopped.</summary>
    public required TerminationReason Status { get; init; }

    /// <summary>Whether the method's optimality test held; derived from <see cref="Status"/>.</summary>
    public bool Success => Status.IsSuccess();

    /// <summary>A human-readable account of <see cref="Status"/> with the numbers behind it.</summary>
    public required string Message { get; init; }

    /// <summary>Infinity norm of the (projected) gradient at <see cref="X"/>; NaN for derivative-free methods.</summary>
    public double GradientNorm { get; init; } = double.NaN;

    /// <summary>Wall-clock time of the run.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>What the final check found at <see cref="X"/>: curvature, trial steps, restarts, variables with a zero gradient.</summary>
    public SolutionCheck? Check { get; init; }

    /// <summary>Each constraint at the solution (values, violation, multipliers shaped like its output), or null without constraints.</summary>
    public IReadOnlyList<Constraints.ConstraintReport>? Constraints { get; init; }

    /// <summary>The largest constraint violation at <see cref="X"/>, recomputed by the final check, in the constraints' own
    /// units with box bounds included (scipy trust-constr's <c>constr_violation</c>); 0 without constraints.</summary>
    public double MaxConstraintViolation { get; init; }

    /// <summary>The first-order optimality measure of a constrained run, ‖∇f + Jᵀλ + μ‖∞ at <see cref="X"/> as the final
    /// check computed it (scipy trust-constr's <c>optimality</c>); NaN when not computed.</summary>
    public double Optimality { get; init; } = double.NaN;

    /// <summary>Multipliers of the box bounds (one per variable, ∇f + Jᵀλ + μ = 0), or null.</summary>
    public double[]? BoundMultipliers { get; init; }

    /// <summary>Constraint evaluations (scipy trust-constr's <c>constr_nfev</c>).</summary>
    public int ConstraintEvaluations { get; init; }

    /// <summary>Constraint Jacobian evaluations (<c>constr_njev</c>).</summary>
    public int ConstraintJacobianEvaluations { get; init; }

    /// <summary>Evaluations of constraint second derivatives (<c>constr_nhev</c>).</summary>
    public int ConstraintHessianEvaluations { get; init; }

    /// <summary>Every iteration, when <see cref="MinimizeOptions.RecordTrace"/> was set.</summary>
    public IReadOnlyList<IterationInfo>? Trace { get; init; }

    /// <summary>One line: method, status, f, |g|, counts.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Method}: {Status} (success={Success}) f={Fun:G10} |g|={GradientNorm:E3}{(Constraints is null ? "" : string.Create(CultureInfo.InvariantCulture, $" violation={MaxConstraintViolation:E2}"))} nit={Nit} nfev={Nfev} njev={Njev} nhev={Nhev} in {Elapsed.TotalMilliseconds:F1} ms");

    /// <summary>The full report, one field per line, in scipy's order.</summary>
    /// <remarks>The solution is shown by variable, with its name and shape: every value when x has at most
    /// <see cref="ReportAllValuesUpTo"/> elements, otherwise every value of the variables with at most 6 elements and
    /// min, max, mean and ‖·‖₂ of the larger ones.</remarks>
    public string Report()
    {
        var sb = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        sb.AppendLine(c, $"  message: {Message}");
        sb.AppendLine(c, $"  success: {Success}");
        sb.AppendLine(c, $"   status: {Status}");
        sb.AppendLine(c, $"      fun: {Fun:G17}");
        AppendSolution(sb, c);
        sb.AppendLine(c, $"      nit: {Nit}");
        sb.AppendLine(c, $"     nfev: {Nfev}");
        sb.AppendLine(c, $"     njev: {Njev}");
        sb.AppendLine(c, $"     nhev: {Nhev}");
        sb.AppendLine(c, $"   |grad|: {GradientNorm:E4}");
        if (Constraints is { } reports)
        {
            sb.AppendLine(c, $"violation: {MaxConstraintViolation:E4}");
            sb.AppendLine(c, $"optimality: {Optimality:E4}");
            sb.AppendLine(c, $"constr_nfev: {ConstraintEvaluations}");
            sb.AppendLine(c, $"constr_njev: {ConstraintJacobianEvaluations}");
            foreach (var r in reports)
            {
                string values = string.Join(", ", r.Values.Take(6).Select(v => v.ToString("G8", c))) + (r.Values.Length > 6 ? ", ..." : "");
                string multipliers = r.Multipliers is null ? "n/a" : string.Join(", ", r.Multipliers.Take(6).Select(v => v.ToString("G6", c))) + (r.Multipliers.Length > 6 ? ", ..." : "");
                sb.AppendLine(c, $"  {r.Name}: [{values}] violation {r.Violation:E3} multipliers [{multipliers}] ({r.JacobianSource})");
            }
        }

        sb.AppendLine(c, $"  elapsed: {Elapsed.TotalMilliseconds:F2} ms");
        return sb.ToString();
    }

    /// <summary>The largest number of elements for which <see cref="Report"/> shows every value of x.</summary>
    public const int ReportAllValuesUpTo = 24;

    private void AppendSolution(StringBuilder sb, CultureInfo c)
    {
        bool all = X.Length <= ReportAllValuesUpTo;
        bool single = Variables.Count == 1;
        foreach (var name in Variables.Names)
        {
            int offset = Variables.OffsetOf(name);
            var shape = Variables[name].Shape;
            var values = X.AsSpan(offset, Variables[name].Size);
            string label = single && name == "x" ? "        x" : $"{"x." + name,9}";
            if (all || values.Length <= 6)
            {
                var text = new StringBuilder();
                for (int i = 0; i < values.Length; i++)
                {
                    text.Append(i == 0 ? "" : ", ").Append(values[i].ToString("G8", c));
                }

                sb.AppendLine(c, $"{label}: {shape} [{text}]");
            }
            else
            {
                double min = double.PositiveInfinity, max = double.NegativeInfinity, sum = 0, squares = 0;
                foreach (double v in values)
                {
                    min = Math.Min(min, v);
                    max = Math.Max(max, v);
                    sum += v;
                    squares += v * v;
                }

                sb.AppendLine(c, $"{label}: {shape} min {min:G6}, max {max:G6}, mean {sum / values.Length:G6}, norm {Math.Sqrt(squares):G6}");
            }
        }
    }
}
