using Adjoint.Autodiff;
using Adjoint.Tensors;
using MathNet.Numerics;

namespace Adjoint.Statistics;

/// <summary>
/// The regularized incomplete beta function I_x(a, b) as a differentiable operation: values from Math.NET (continued
/// fraction), derivative in x closed form, x^(a-1) (1-x)^(b-1) / B(a, b).
/// </summary>
internal sealed class IncompleteBetaFunction : DifferentiableFunction
{
    private static readonly IncompleteBetaFunction Instance = new();

    public static Tensor Evaluate(Tensor a, Tensor b, Tensor x)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(x);
        var shape = Broadcasting.Shape("BetaInc", Broadcasting.Shape("BetaInc", a.Shape, b.Shape), x.Shape);
        return Instance.Apply(a.BroadcastTo(shape), b.BroadcastTo(shape), x.BroadcastTo(shape));
    }

    /// <summary>I_x(a, b) for doubles; NaN for a &lt;= 0, b &lt;= 0, x outside [0, 1] or NaN arguments.</summary>
    public static double Value(double a, double b, double x)
    {
        if (!(a > 0) || !(b > 0) || !(x >= 0 && x <= 1))
        {
            return double.NaN;
        }

        if (x == 0)
        {
            return 0;
        }

        if (x == 1)
        {
            return 1;
        }

        return SpecialFunctions.BetaRegularized(a, b, x);
    }

    /// <inheritdoc/>
    protected override Tensor Forward(IReadOnlyList<Tensor> inputs)
    {
        var a = inputs[0].ToArray();
        var b = inputs[1].ToArray();
        var x = inputs[2].ToArray();
        var r = new double[x.Length];
        for (int i = 0; i < r.Length; i++)
        {
            r[i] = Value(a[i], b[i], x[i]);
        }

        var dtype = inputs.Any(t => t.DType == DType.Float64) ? DType.Float64 : DType.Float32;
        return Tensor.FromArray(r, inputs[2].Shape).To(dtype);
    }

    /// <inheritdoc/>
    protected override Tensor?[] Backward(IReadOnlyList<Tensor> inputs, Tensor output, Tensor grad)
    {
        var a = inputs[0];
        var b = inputs[1];
        var x = inputs[2];
        if (a.Node is not null || b.Node is not null)
        {
            throw new NotSupportedException(
                "The derivative of the regularized incomplete beta function with respect to its shapes a and b is not implemented (only with respect to x).");
        }

        // d/dx I_x(a, b) = exp((a - 1) log x + (b - 1) log(1 - x) - log B(a, b)).
        var logBeta = Tensor.Lgamma(a) + Tensor.Lgamma(b) - Tensor.Lgamma(a + b);
        var density = Tensor.Exp(((a - 1) * Tensor.Log(x)) + ((b - 1) * Tensor.Log1p(-x)) - logBeta);
        return [null, null, grad * density];
    }
}
