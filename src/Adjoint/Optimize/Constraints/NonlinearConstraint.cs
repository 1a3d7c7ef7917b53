using Adjoint.Autodiff;
using Adjoint.Tensors;

namespace Adjoint.Optimize.Constraints;

/// <summary>
/// lower &lt;= c(x) &lt;= upper for a function c written with tensor operations (scipy's
/// <c>NonlinearConstraint(fun, lb, ub)</c>); its Jacobian comes from autodiff, fused with its value, unless a
/// <see cref="Jacobian"/> delegate or finite differences are chosen.
/// </summary>
/// <remarks>
/// The function takes the same argument as the objective: the tensor shaped as x0, or the named variables. Its output
/// may have any shape; its elements are the constraint's rows, and the shape must not change between calls.
/// </remarks>
public sealed record NonlinearConstraint : Constraint
{
    /// <summary>lower &lt;= c(x) &lt;= upper, the same bounds for every row.</summary>
    /// <param name="function">c, of the tensor shaped as x0.</param>
    /// <param name="lower">The lower bound (-∞ for none).</param>
    /// <param name="upper">The upper bound (+∞ for none).</param>
    public NonlinearConstraint(Func<Tensor, Tensor> function, double lower, double upper)
        : this(function, [lower], [upper])
    {
    }

    /// <summary>lower &lt;= c(x) &lt;= upper with one bound per row (or one for all).</summary>
    /// <param name="function">c, of the tensor shaped as x0.</param>
    /// <param name="lower">Lower bounds (-∞ for none).</param>
    /// <param name="upper">Upper bounds (+∞ for none).</param>
    public NonlinearConstraint(Func<Tensor, Tensor> function, double[] lower, double[] upper)
        : base(lower, upper)
    {
        ArgumentNullException.ThrowIfNull(function);
        TensorFunction = function;
    }

    /// <summary>lower &lt;= c(x) &lt;= upper on named variables, the same bounds for every row.</summary>
    /// <param name="function">c, of the named variables of x0.</param>
    /// <param name="lower">The lower bound (-∞ for none).</param>
    /// <param name="upper">The upper bound (+∞ for none).</param>
    public NonlinearConstraint(Func<Variables, Tensor> function, double lower, double upper)
        : this(function, [lower], [upper])
    {
    }

    /// <summary>lower &lt;= c(x) &lt;= upper on named variables with one bound per row (or one for all).</summary>
    /// <param name="function">c, of the named variables of x0.</param>
    /// <param name="lower">Lower bounds (-∞ for none).</param>
    /// <param name="upper">Upper bounds (+∞ for none).</param>
    public NonlinearConstraint(Func<Variables, Tensor> function, double[] lower, double[] upper)
        : base(lower, upper)
    {
        ArgumentNullException.ThrowIfNull(function);
        VariablesFunction = function;
    }

    /// <summary>c as a function of one tensor (shaped as x0), or null when it takes named variables.</summary>
    public Func<Tensor, Tensor>? TensorFunction { get; }

    /// <summary>c as a function of named variables, or null when it takes one tensor.</summary>
    public Func<Variables, Tensor>? VariablesFunction { get; }

    /// <summary>
    /// A user Jacobian (scipy's <c>jac</c>): the flat float64 x in, one row per output element and one column per element
    /// of the flat x out. Replaces autodiff for this constraint; its values are evaluated by <see cref="TensorFunction"/>
    /// or <see cref="VariablesFunction"/>.
    /// </summary>
    public Func<double[], double[,]>? Jacobian { get; init; }

    /// <summary>How the Jacobian is computed when <see cref="Jacobian"/> is null: autodiff (default), or scipy's
    /// '2-point' / '3-point' finite differences.</summary>
    public Differentiation Differentiation { get; init; } = Differentiation.Autodiff;
}
