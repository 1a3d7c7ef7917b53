namespace Adjoint.Optimize.Methods;

/// <summary>Options of <c>GradientDescent</c>: fixed-step gradient descent with optional (Nesterov) momentum.</summary>
/// <remarks>
/// Not a scipy method; names follow PyTorch's <c>SGD</c> (<c>lr</c>, <c>momentum</c>, <c>nesterov</c>). Defaults:
/// <see cref="LearningRate"/> 1e-3, <see cref="Momentum"/> 0.9, <see cref="Nesterov"/> false,
/// <see cref="MinimizeOptions.MaxIterations"/> 20000 + 2000·n,
/// <see cref="MinimizeOptions.GradientTolerance"/> (<c>gtol</c>) 1e-5 (both dtypes): the only success test.
/// </remarks>
public sealed record GradientDescentOptions : MinimizeOptions
{
    /// <inheritdoc/>
    public override string MethodName => "GradientDescent";

    /// <summary>The step size η (PyTorch <c>lr</c>), default 1e-3.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>The momentum μ in [0, 1) (PyTorch <c>momentum</c>), default 0.9; 0 is plain gradient descent.</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>Use Nesterov's accelerated update s = -η(g + μv) instead of s = -ηv (PyTorch <c>nesterov</c>), default false.</summary>
    public bool Nesterov { get; init; }

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        FirstOrderDefaults.PositiveFinite(LearningRate, nameof(LearningRate));
        FirstOrderDefaults.UnitInterval(Momentum, nameof(Momentum), allowZero: true);
    }

    /// <inheritdoc/>

    public override ResolvedSettings Resolve(int n, Tensors.DType dtype) => FirstOrderDefaults.Resolve(base.Resolve(n, dtype), this, n);
}
