using Adjoint.Tensors;

namespace Adjoint.Statistics;

/// <summary>Small tensor helpers of the distributions.</summary>
internal static class TensorHelpers
{
    /// <summary>A float64 scalar constant.</summary>
    public static Tensor Constant(double value) => Tensor.Scalar(value);

    /// <summary>t * log(y) with 0 where t = 0 and y = 0 (scipy's xlogy), differentiable in t and y elsewhere.</summary>
    public static Tensor XLogY(Tensor t, Tensor y)
    {
        var bothZero = Tensor.EqualTo(t, Constant(0)) * Tensor.EqualTo(y, Constant(0));
        return t * Tensor.Log(Tensor.Where(bothZero, Tensor.OnesLike(y), y));
    }

    /// <summary>t * log1p(y) with 0 where t = 0 and y = -1 (scipy's xlog1py).</summary>
    public static Tensor XLog1pY(Tensor t, Tensor y)
    {
        var bothZero = Tensor.EqualTo(t, Constant(0)) * Tensor.EqualTo(y, Constant(-1));
        return t * Tensor.Log1p(Tensor.Where(bothZero, Tensor.ZerosLike(y), y));
    }

    /// <summary>log B(a, b) = lgamma(a) + lgamma(b) - lgamma(a + b).</summary>
    public static Tensor LogBeta(Tensor a, Tensor b) => Tensor.Lgamma(a) + Tensor.Lgamma(b) - Tensor.Lgamma(a + b);

    /// <summary>The value of a single-element tensor under no recording.</summary>
    public static double At(Func<Tensor, Tensor> f, double x)
    {
        using (Autodiff.Grad.NoGrad())
        {
            return f(Tensor.Scalar(x)).ToArray()[0];
        }
    }
}
