namespace Adjoint.Optimize.Methods;

/// <summary>Options of <c>RMSProp</c>: gradient steps scaled by a running root-mean-square of past gradients.</summary>
/// <remarks>
/// Not a scipy method; names follow PyTorch's <c>RMSprop</c>. Defaults: <see cref="LearningRate"/> 1e-4,
/// <see cref="Alpha"/> 0.99, <see cref="Epsilon"/> 1e-8, <see cref="Momentum"/> 0.9 (PyTorch's lr = 1e-2 and momentum = 0
/// make full-batch RMSProp oscillate with steps of about lr per coordinate and never reach gtol; with momentum the
/// oscillations cancel, as in Adam),
/// <see cref="MinimizeOptions.MaxIterations"/> 20000 + 2000·n, <see cref="MinimizeOptions.GradientTolerance"/>
/// (<c>gtol</c>) 1e-5 (both dtypes): the only success test.
/// </remarks>
public sealed record RmsPropOptions : MinimizeOptions
{
    /// <inheritdoc/>
    public override string MethodName => "RMSProp";

    /// <summary>The step size η (PyTorch <c>lr</c>), default 1e-4.</summary>
    public double LearningRate { get; init; } = 1e-4;

    /// <summary>The decay ρ of the running mean of g² (PyTorch <c>alpha</c>, Keras <c>rho</c>), default 0.99.</summary>
    public double Alpha { get; init; } = 0.99;

    /// <summary>Added to the root mean square in the denominator (PyTorch <c>eps</c>), default 1e-8.</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>Momentum on the scaled step (PyTorch <c>momentum</c>), default 0.9.</summary>
    public double Momentum { get; init; } = 0.9;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        FirstOrderDefaults.PositiveFinite(LearningRate, nameof(LearningRate));
        FirstOrderDefaults.UnitInterval(Alpha, nameof(Alpha), allowZero: false);
        FirstOrderDefaults.PositiveFinite(Epsilon, nameof(Epsilon));
        FirstOrderDefaults.UnitInterval(Momentum, nameof(Momentum), allowZero: true);
    }

    /// <inheritdoc/>

    public override ResolvedSettings Resolve(int n, Tensors.DType dtype) => FirstOrderDefaults.Resolve(base.Resolve(n, dtype), this, n);
}
