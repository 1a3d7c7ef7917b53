namespace Adjoint.Optimize.Methods;

/// <summary>Options of <c>Adam</c>: steps from bias-corrected running means of the gradient and its square.</summary>
/// <remarks>
/// Not a scipy method; names follow PyTorch's <c>Adam</c> (<c>lr</c>, <c>betas</c>, <c>eps</c>). Defaults:
/// <see cref="LearningRate"/> 1e-3, <see cref="Beta1"/> 0.9, <see cref="Beta2"/> 0.999, <see cref="Epsilon"/> 1e-8,
/// <see cref="MinimizeOptions.MaxIterations"/> 20000 + 2000·n, <see cref="MinimizeOptions.GradientTolerance"/>
/// (<c>gtol</c>) 1e-5 (both dtypes): the only success test.
/// </remarks>
public sealed record AdamOptions : MinimizeOptions
{
    /// <inheritdoc/>
    public override string MethodName => "Adam";

    /// <summary>The step size α (PyTorch <c>lr</c>), default 1e-3.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Decay β₁ of the first-moment estimate (PyTorch <c>betas[0]</c>), default 0.9.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Decay β₂ of the second-moment estimate (PyTorch <c>betas[1]</c>), default 0.999.</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>Added to √v̂ in the denominator (PyTorch <c>eps</c>), default 1e-8.</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        FirstOrderDefaults.PositiveFinite(LearningRate, nameof(LearningRate));
        FirstOrderDefaults.UnitInterval(Beta1, nameof(Beta1), allowZero: true);
        FirstOrderDefaults.UnitInterval(Beta2, nameof(Beta2), allowZero: false);
        FirstOrderDefaults.PositiveFinite(Epsilon, nameof(Epsilon));
    }

    /// <inheritdoc/>

    public override ResolvedSettings Resolve(int n, Tensors.DType dtype) => FirstOrderDefaults.Resolve(base.Resolve(n, dtype), this, n);
}
