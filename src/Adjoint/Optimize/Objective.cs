using Adjoint.Autodiff;
using Adjoint.Tensors;

namespace Adjoint.Optimize;

/// <summary>
/// A scalar function to minimize, of one tensor or of named <see cref="Variables"/>, with the source of its derivatives.
/// </summary>
/// <remarks>
/// <para>By default derivatives come from automatic differentiation of the tensor function. A user gradient
/// (<see cref="Gradient"/>), Hessian (<see cref="Hessian"/>) or Hessian-vector product
/// (<see cref="HessianVectorProduct"/>), over flat float64 vectors in variable order, replaces the corresponding
/// automatic derivative; <see cref="Differentiation"/> selects finite differences instead (scipy's '2-point'/'3-point').</para>
/// <para>Counting: each evaluation of the value (alone, with its gradient, or inside a finite difference) counts one
/// function evaluation. Automatic Hessian-vector products and Hessians record the function once more and count as one
/// Hessian evaluation each (not as a function evaluation).</para>
/// </remarks>
/// <example><code>
/// var obj = Objective.Create(x => (100 * (x[1..] - x[..^1].Square()).Square() + (1 - x[..^1]).Square()).Sum());
/// var fd = obj with { Differentiation = Differentiation.ThreePoint };
/// </code></example>
public sealed record Objective
{
    private Objective(Func<Tensor, Tensor>? tensorFunction, Func<Variables, Tensor>? variablesFunction)
    {
        TensorFunction = tensorFunction;
        VariablesFunction = variablesFunction;
    }

    /// <summary>The function of one tensor, when created that way.</summary>
    public Func<Tensor, Tensor>? TensorFunction { get; }

    /// <summary>The function of named variables, when created that way.</summary>
    public Func<Variables, Tensor>? VariablesFunction { get; }

    /// <summary>How derivatives not given by delegates are computed; default <see cref="Optimize.Differentiation.Autodiff"/>.</summary>
    public Differentiation Differentiation { get; init; } = Differentiation.Autodiff;

    /// <summary>
    /// The relative finite-difference step (scipy <c>finite_diff_rel_step</c>): element i is perturbed by
    /// h = step·max(1, |x_i|), signed like x_i. Null takes √ε (2-point) or ∛ε (3-point) of the evaluation dtype.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The step is not positive and finite.</exception>
    public double? FiniteDifferenceRelativeStep
    {
        get;
        init => field = ValidStep(value, nameof(FiniteDifferenceRelativeStep));
    }

    /// <summary>
    /// The absolute finite-difference step (scipy <c>eps</c> of BFGS, CG and L-BFGS-B): element i is perturbed by
    /// h = step, signed like x_i; it takes precedence over <see cref="FiniteDifferenceRelativeStep"/>. Null: relative steps.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The step is not positive and finite.</exception>
    public double? FiniteDifferenceStep
    {
        get;
        init => field = ValidStep(value, nameof(FiniteDifferenceStep));
    }

    /// <summary>A user gradient over the flat float64 vector (scipy <c>jac</c> callable).</summary>
    public Func<double[], double[]>? Gradient { get; init; }

    /// <summary>A user dense Hessian over the flat float64 vector (scipy <c>hess</c> callable).</summary>
    public Func<double[], double[,]>? Hessian { get; init; }

    /// <summary>A user Hessian-vector product (x, v) -> H(x) v (scipy <c>hessp</c>).</summary>
    public Func<double[], double[], double[]>? HessianVectorProduct { get; init; }

    /// <summary>
    /// Whether the tensor objective may be recorded once and replayed (autodiff gradients only): every later value and
    /// gradient then runs the recorded kernels on fixed buffers, which removes the per-call cost of building tensors
    /// and the tape (for small objectives most of the time). Set it only for a pure function of its argument: one
    /// without side effects (counting calls, logging, cancelling, throwing at some calls), whose code takes no branch
    /// on anything but tensor operations. Comparisons, Where, maxima, clamps and piecewise-constant functions are
    /// recorded and follow the values. The recording is used only when it reproduces the first evaluation bit for bit,
    /// no value was read to the host (<c>Item</c>, <c>ToArray</c>) or detached while recording, and every tensor is
    /// small (below the size at which kernels split across cores); otherwise the objective is evaluated as usual.
    /// The final check of the result is always evaluated on the tensor operations.
    /// </summary>
    public bool Replay { get; init; }

    /// <summary>An objective of one tensor (any shape).</summary>
    public static Objective Create(Func<Tensor, Tensor> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return new Objective(function, null);
    }

    /// <summary>An objective of named tensors.</summary>
    public static Objective Create(Func<Variables, Tensor> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return new Objective(null, function);
    }

    /// <summary>This objective marked as a pure function that may be recorded once and replayed (<see cref="Replay"/>).</summary>
    public Objective WithReplay() => this with { Replay = true };

    /// <summary>This objective with finite differences given by scipy's name: "2-point", "3-point" (or "autodiff").</summary>
    /// <exception cref="ArgumentException">Unknown scheme.</exception>
    public Objective WithFiniteDifferences(string scheme) => this with
    {
        Differentiation = scheme switch
        {
            "2-point" => Differentiation.TwoPoint,
            "3-point" => Differentiation.ThreePoint,
            "autodiff" => Differentiation.Autodiff,
            _ => throw new ArgumentException($"Unknown finite-difference scheme '{scheme}'; use '2-point' or '3-point'.", nameof(scheme)),
        },
    };

    private static double? ValidStep(double? value, string name) =>
        value is { } v && !(v > 0 && double.IsFinite(v))
            ? throw new ArgumentOutOfRangeException(name, v, $"{name} must be positive and finite.")
            : value;
}
