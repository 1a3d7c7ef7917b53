using System.Globalization;
using Adjoint.Autodiff;
using Adjoint.Tensors;

namespace Adjoint.Calculus;

/// <summary>
/// Nested adaptive quadrature for <see cref="Quadrature.DblQuad"/> and <see cref="Quadrature.TplQuad"/>: the outer
/// integrand at each of its nodes is an inner adaptive integral over limits that depend on the outer variables.
/// </summary>
/// <remarks>
/// Levels are numbered from the outermost (0, variable x) inwards; the integrand takes its coordinates innermost
/// first, as scipy's do. Each level keeps the inner runs of every node it evaluated, so the differentiable pass can
/// walk the final partitions of all levels and evaluate the integrand once, on the tape, at every innermost node,
/// with the product of the weights of all levels. The reported error adds to the outer estimate the inner estimates
/// weighted by the outer weights.
/// </remarks>
internal sealed class IteratedIntegral
{
    private readonly Func<Tensor[], Tensor> _f;
    private readonly Func<double[], (double Lower, double Upper)>[] _limits;
    private readonly QuadOptions _outerOptions;
    private readonly QuadOptions _innerOptions;
    private int _evaluations;
    private string? _innerFailure;
    private QuadStatus _innerStatus = QuadStatus.Converged;

    public IteratedIntegral(Func<Tensor[], Tensor> f, Func<double[], (double Lower, double Upper)>[] limits, QuadOptions options)
    {
        options.Validate();
        _f = f;
        _limits = limits;
        _outerOptions = options;
        _innerOptions = options with { Points = null };
    }

    private int Dimensions => _limits.Length;

    public QuadResult Integrate()
    {
        Level top;
        using (Grad.NoGrad())
        {
            top = Solve(0, []);
        }

        var outcome = top.Outcome;
        var status = outcome.Status;
        string message = outcome.Message;
        if (status == QuadStatus.Converged && _innerFailure is not null)
        {
            status = _innerStatus;
            message = _innerFailure;
        }

        var dt = _outerOptions.DType;
        var coords = new List<double>[Dimensions];
        for (int k = 0; k < Dimensions; k++)
        {
            coords[k] = [];
        }

        var weights = new List<double>();
        double constant = 0, innerError = 0;
        if (outcome.Status != QuadStatus.NonFiniteValue)
        {
            Collect(top, [], 1.0, coords, weights, ref constant, ref innerError);
        }

        double error = outcome.Error + innerError;
        Tensor value;
        if (!QuadratureSetup.Recording || outcome.Status == QuadStatus.NonFiniteValue)
        {
            value = Tensor.Scalar(top.Sign * outcome.Value, dt);
        }
        else
        {
            int n = weights.Count;
            var args = new Tensor[Dimensions];
            for (int k = 0; k < Dimensions; k++)
            {
                args[Dimensions - 1 - k] = Const.Of([.. coords[k]], dt);
            }

            var y = _f(args) ?? throw new InvalidOperationException("The integrand returned null.");
            QuadratureSetup.CheckLength(y, n);
            value = (y * Const.Of([.. weights], y.DType)).Sum() + constant;
        }

        return new QuadResult(value, error, _evaluations, outcome.Lower.Length, status, message);
    }

    private Level Solve(int level, double[] outer)
    {
        var (lower, upper) = _limits[level](outer);
        bool innermost = level == Dimensions - 1;
        var children = innermost ? null : new Dictionary<double, Level>();
        var dt = _outerOptions.DType;
        PanelFunction panel = innermost
            ? (points, values) =>
            {
                int n = points.Length;
                var args = new Tensor[Dimensions];
                for (int k = 0; k < level; k++)
                {
                    args[Dimensions - 1 - k] = Tensor.Full(new Shape(n), outer[k], dt);
                }

                args[0] = Tensor.FromArray(points, new Shape(n), dt);
                var y = _f(args) ?? throw new InvalidOperationException("The integrand returned null.");
                QuadratureSetup.CheckLength(y, n);
                y.CopyTo(values);
                _evaluations += n;
            }
        : (points, values) =>
            {
                for (int i = 0; i < points.Length; i++)
                {
                    double[] next = [.. outer, points[i]];
                    var child = Solve(level + 1, next);
                    children![points[i]] = child;
                    values[i] = child.Sign * child.Outcome.Value;
                    if (child.Outcome.Status != QuadStatus.Converged && _innerFailure is null)
                    {
                        _innerStatus = child.Outcome.Status;
                        _innerFailure = string.Create(CultureInfo.InvariantCulture,
                            $"inner integral at ({string.Join(", ", next.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}): {child.Outcome.Message}");
                    }
                }
            };
        var (outcome, range, sign) = QuadratureSetup.Run(panel, lower, upper, level == 0 ? _outerOptions : _innerOptions);
        return new Level(outcome, range, sign, children);
    }

    private static void Collect(Level level, double[] outer, double scale, List<double>[] coords, List<double> weights, ref double constant, ref double innerError)
    {
        var (points, w) = QuadratureSetup.FinalNodes(level.Outcome, level.Range);
        double s = scale * level.Sign;
        constant += s * (level.Outcome.Value - level.Outcome.PartitionSum);
        for (int j = 0; j < points.Length; j++)
        {
            if (level.Children is null)
            {
                for (int k = 0; k < outer.Length; k++)
                {
                    coords[k].Add(outer[k]);
                }

                coords[outer.Length].Add(points[j]);
                weights.Add(s * w[j]);
            }
            else
            {
                var child = level.Children.TryGetValue(points[j], out var c) ? c
                    : throw new InvalidOperationException("An outer node of the final partition has no inner integral.");
                innerError += Math.Abs(s * w[j]) * child.Outcome.Error;
                Collect(child, [.. outer, points[j]], s * w[j], coords, weights, ref constant, ref innerError);
            }
        }
    }

    private sealed record Level(AdaptiveOutcome Outcome, IntegrationRange Range, double Sign, Dictionary<double, Level>? Children);
}
