using System.Globalization;
using Adjoint.Autodiff;
using Adjoint.Tensors;

namespace Adjoint.Calculus;

/// <summary>Argument checks, range selection and the final partition's nodes, shared by the quadrature facades.</summary>
internal static class QuadratureSetup
{
    /// <summary>Whether a gradient tape records now, so that a differentiable value is worth building.</summary>
    public static bool Recording => Tape.Recording is not null;

    /// <summary>Runs the adaptive integrator of ∫_a^b on <paramref name="f"/> (float64 panels).</summary>
    /// <returns>The outcome, the range in increasing orientation and the sign (-1 when b &lt; a).</returns>
    public static (AdaptiveOutcome Outcome, IntegrationRange Range, double Sign) Run(PanelFunction f, double a, double b, QuadOptions options)
    {
        if (double.IsNaN(a) || double.IsNaN(b))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The limits must be numbers (a = {a}, b = {b})."), nameof(a));
        }

        if (double.IsInfinity(a) && a == b)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Both limits are {a}; the range is empty at infinity."), nameof(a));
        }

        double sign = 1;
        if (a > b)
        {
            (a, b) = (b, a);
            sign = -1;
        }

        IntegrationRange range = (double.IsInfinity(a), double.IsInfinity(b)) switch
        {
            (false, false) => IntegrationRange.Finite(a, b),
            (false, true) => IntegrationRange.ToInfinity(a),
            (true, false) => IntegrationRange.FromMinusInfinity(b),
            _ => IntegrationRange.WholeLine(),
        };

        double[]? breakpoints = null;
        if (options.Points is { Length: > 0 } points)
        {
            if (range.IsInfinite)
            {
                throw new ArgumentException("QuadOptions.Points cannot be used with an infinite range (as in scipy); split the range at a finite point instead.", nameof(options));
            }

            foreach (var p in points)
            {
                if (p < a || p > b)
                {
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"QuadOptions.Points holds {p:R}, outside the range [{a:R}, {b:R}]."), nameof(options));
                }
            }

            breakpoints = [.. points.Where(p => p > a && p < b).Distinct().Order()];
        }

        double epsilon = Precision.MachineEpsilon(options.DType);
        double underflow = options.DType == DType.Float32 ? 1.1754943508222875e-38 : 2.2250738585072014e-308;
        var integrator = new AdaptiveQuadrature(f, range, epsilon, underflow);
        var outcome = integrator.Run(options.AbsoluteTolerance, options.RelativeTolerance, options.Limit, breakpoints);
        return (outcome, range, sign);
    }

    /// <summary>The points and weights whose weighted sum of integrand values is the outcome's partition sum.</summary>
    public static (double[] Points, double[] Weights) FinalNodes(AdaptiveOutcome outcome, IntegrationRange range)
    {
        var rule = range.IsInfinite ? GaussKronrodRule.K15 : GaussKronrodRule.K21;
        int per = range.PointsPerNode, intervals = outcome.Lower.Length, nodes = rule.Count;
        var points = new double[intervals * nodes * per];
        var weights = new double[points.Length];
        Span<double> mapped = stackalloc double[2];
        int j = 0;
        for (int i = 0; i < intervals; i++)
        {
            double center = 0.5 * (outcome.Lower[i] + outcome.Upper[i]), half = 0.5 * (outcome.Upper[i] - outcome.Lower[i]);
            for (int k = 0; k < nodes; k++)
            {
                double factor = range.Map(center + (half * rule.Nodes[k]), mapped);
                for (int p = 0; p < per; p++)
                {
                    points[j] = mapped[p];
                    weights[j] = rule.KronrodWeights[k] * half * factor;
                    j++;
                }
            }
        }

        return (points, weights);
    }

    /// <summary>Calls a tensor integrand on a panel and checks that it returned one value per point.</summary>
    public static Tensor Call(Func<Tensor, Tensor> f, Tensor x)
    {
        var y = f(x) ?? throw new InvalidOperationException("The integrand returned null.");
        CheckLength(y, x.Size);
        return y;
    }

    /// <summary>Throws when an integrand result does not hold one value per node.</summary>
    public static void CheckLength(Tensor y, int count)
    {
        if (y.Size != count || y.Rank > 1)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The integrand returned a tensor of shape {y.Shape} for {count} nodes; it must return a 1-D tensor with one value per node."), nameof(y));
        }
    }

    /// <summary>The float64 panel function of a tensor integrand, evaluated without recording.</summary>
    public static PanelFunction Panel(Func<Tensor, Tensor> f, DType dtype) => (points, values) =>
    {
        var x = Tensor.FromArray(points, new Shape(points.Length), dtype);
        Call(f, x).CopyTo(values);
    };

    /// <summary>The scalar value of a tensor limit.</summary>
    public static double LimitValue(Tensor limit, string name)
    {
        ArgumentNullException.ThrowIfNull(limit, name);
        if (limit.Size != 1)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"A limit must hold one value; {name} has shape {limit.Shape}."), name);
        }

        return limit.ToArray()[0];
    }

    public static QuadResult NotRecorded(AdaptiveOutcome outcome, double sign, DType dtype) =>
        new(Tensor.Scalar(sign * outcome.Value, dtype), outcome.Error, outcome.Evaluations, outcome.Lower.Length, outcome.Status, outcome.Message);
}
