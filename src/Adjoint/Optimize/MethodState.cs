using Adjoint.Optimize.QuasiNewton;
using Adjoint.Tensors.Kernels;

namespace Adjoint.Optimize;

/// <summary>
/// The mutable state of one run of an iterative method; the driver reads the current iterate from it after every step.
/// Buffers are allocated once, in the method's Initialize.
/// </summary>
/// <remarks>Methods must leave <see cref="X"/>, <see cref="F"/> and <see cref="G"/> consistent at the end of each step
/// (write trial points into their own buffers), since a step can be interrupted by a hard limit.</remarks>
internal abstract class MethodState
{
    protected MethodState(int n, bool hasGradient)
    {
        X = FreshMemory.Doubles(n);
        G = hasGradient ? FreshMemory.Doubles(n) : null;
    }

    /// <summary>The current iterate.</summary>
    public double[] X { get; }

    /// <summary>f at <see cref="X"/>.</summary>
    public double F { get; set; } = double.NaN;

    /// <summary>The gradient at <see cref="X"/>, or null for derivative-free methods.</summary>
    public double[]? G { get; }

    /// <summary>Infinity norm of the (projected) gradient at <see cref="X"/>; NaN without gradients.</summary>
    public double GradientNorm { get; set; } = double.NaN;

    /// <summary>Infinity norm of the last step.</summary>
    public double StepNorm { get; set; } = double.NaN;

    /// <summary>The Hessian at X, if the method keeps one.</summary>
    public virtual double[,]? Hessian => null;

    /// <summary>The inverse-Hessian approximation, if the method keeps one.</summary>
    public virtual InverseHessianApproximation? InverseHessian => null;
}
