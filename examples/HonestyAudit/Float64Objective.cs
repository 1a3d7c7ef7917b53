using Adjoint.Autodiff;
using Adjoint.Tensors;
using MathNet.Numerics.LinearAlgebra;

namespace HonestyAudit;

/// <summary>Value, gradient and dense Hessian of a tensor objective, always evaluated in float64 by automatic differentiation.</summary>
/// <param name="function">The objective written with tensor operations.</param>
internal sealed class Float64Objective(Func<Tensor, Tensor> function)
{
    /// <summary>f(x) in float64.</summary>
    public double Value(double[] x)
    {
        using var scope = TensorScope.Begin();
        return function(Tensor.FromArray(x)).Item();
    }

    /// <summary>The gradient at x in float64.</summary>
    public double[] Gradient(double[] x)
    {
        var gradient = new double[x.Length];
        Grad.ValueAndGrad(function, Tensor.FromArray(x), gradient);
        return gradient;
    }

    /// <summary>The dense Hessian at x in float64, symmetrized (½(H + Hᵀ)) to remove rounding asymmetry.</summary>
    public Matrix<double> Hessian(double[] x)
    {
        int n = x.Length;
        double[] flat;
        using (TensorScope.Begin())
        {
            flat = Grad.Hessian(function, Tensor.FromArray(x)).ToArray();
        }

        var h = Matrix<double>.Build.Dense(n, n);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                h[i, j] = 0.5 * (flat[(i * n) + j] + flat[(j * n) + i]);
            }
        }

        return h;
    }
}
