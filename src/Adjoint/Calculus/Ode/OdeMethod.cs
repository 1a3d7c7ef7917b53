namespace Adjoint.Calculus;

/// <summary>The integration method of <see cref="Ode.SolveIvp(Func{double, Tensors.Tensor, Tensors.Tensor}, ValueTuple{double, double}, Tensors.Tensor, OdeOptions?)"/> (scipy <c>method</c>).</summary>
public enum OdeMethod
{
    /// <summary>Explicit Runge-Kutta 5(4) of Dormand and Prince with its fourth-order dense output (scipy <c>'RK45'</c>, the default).</summary>
    Rk45,

    /// <summary>Explicit Runge-Kutta 8(5,3) of Dormand and Prince with the seventh-order dense output (scipy <c>'DOP853'</c>).</summary>
    Dop853,

    /// <summary>Implicit Runge-Kutta Radau IIA of order 5 for stiff problems, with the Jacobian from autodiff (scipy <c>'Radau'</c>).</summary>
    Radau,

    /// <summary>Starts with <see cref="Rk45"/> and switches to <see cref="Radau"/> when the steps show stiffness (in the spirit of scipy <c>'LSODA'</c>).</summary>
    Auto,
}
